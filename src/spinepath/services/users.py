"""Users, passwords (argon2) and bearer tokens."""

from __future__ import annotations

import hashlib
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from spinepath.contract.errors import Conflict, InputError, NotFound
from spinepath.contract.models import has_control_characters
from spinepath.domain.records import AuditRecord, Role, UserRecord
from spinepath.services.context import AppContext, audit, require_admin
from spinepath.store import repositories as repo

_HASHER = PasswordHasher()
# A hash of a random password, checked when the email is unknown so that a wrong email
# takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a real password, only for timing")


def typed_name_digest(email: str) -> str:
    """What the audit trail keeps of a username typed at a failed sign-in."""
    digest = hashlib.sha256(b"spinepath-login:" + email.strip().lower().encode()).hexdigest()
    return f"typed name {digest[:12]}"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def authenticate(
    ctx: AppContext, email: str, password: str, *, address: str = "local"
) -> UserRecord | None:
    """The user whose email and password these are, or None. Raises TooManyRequests, before
    any hashing, when the account or the client ``address`` has failed too often."""
    throttle = ctx.sign_in_throttle
    throttle.check(email, address)
    if has_control_characters(email) or has_control_characters(password):
        throttle.failed(email, address)
        return None
    with ctx.db.unit_of_work() as session:
        found = repo.user_by_email(session, email.strip())
        stored = _DUMMY_HASH if found is None else found[1]
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            throttle.failed(email, address)
            # The typed name is not stored (it may be a password typed in the wrong box, or
            # a patient's name): a short digest lets repeated tries be seen as one.
            audit(session, None, "login-failed", "user", None, None, typed_name_digest(email))
            return None
        if found is None or not found[0].active:
            return None
        throttle.succeeded(email)
        user = found[0]
        if _HASHER.check_needs_rehash(stored):
            repo.set_password_hash(session, user.id, hash_password(password))
        audit(session, user, "login", "user", user.id, user.patient_id)
        return user


def create_user(
    ctx: AppContext,
    *,
    email: str,
    role: Role,
    password: str,
    patient_id: int | None,
    actor: UserRecord | None = None,
    name: str | None = None,
) -> UserRecord:
    """Make a user; ``actor`` is None only for the command line and demo data."""
    if actor is not None:
        require_admin(actor)
    if role is Role.PATIENT and patient_id is None:
        raise InputError("patient_id", "a patient user must be linked to a patient record")
    if role is not Role.PATIENT and patient_id is not None:
        raise InputError("patient_id", "only a patient user is linked to a patient record")
    if len(password) < 8:
        raise InputError("password", "must be at least 8 characters")
    for field, value in (("email", email), ("password", password), ("name", name or "")):
        if has_control_characters(value):
            raise InputError(field, "must not contain control characters")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise InputError("email", "is not an email address")
    with ctx.db.unit_of_work() as session:
        if repo.user_by_email(session, email) is not None:
            raise Conflict(f"a user with email {email} already exists")
        if patient_id is not None and repo.patient_by_id(session, patient_id) is None:
            raise NotFound(f"patient {patient_id}")
        user = repo.add_user(
            session,
            email=email,
            password_hash=hash_password(password),
            role=role,
            clinic_id=ctx.clinic_id,
            patient_id=patient_id,
            name=" ".join(name.split())[:200] if name and name.strip() else None,
        )
        audit(session, actor, "create", "user", user.id, patient_id, f"role {role}")
        return user


def list_users(ctx: AppContext, actor: UserRecord) -> list[UserRecord]:
    require_admin(actor)
    with ctx.db.unit_of_work() as session:
        return repo.list_users(session)


def set_active(ctx: AppContext, actor: UserRecord, user_id: int, active: bool) -> None:
    """Let a user sign in again, or stop them: their next request is refused."""
    require_admin(actor)
    if user_id == actor.id and not active:
        # The last administrator could otherwise lock everyone out of user management.
        raise InputError("active", "you cannot deactivate your own account")
    with ctx.db.unit_of_work() as session:
        if repo.user_by_id(session, user_id) is None:
            raise NotFound(f"user {user_id}")
        repo.set_user_active(session, user_id, active)
        audit(session, actor, "activate" if active else "deactivate", "user", user_id, None)


class Tokens:
    """Signed, expiring bearer tokens for the JSON API."""

    def __init__(self, secret: str, minutes: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="spinepath-api-token")
        self._seconds = minutes * 60

    def issue(self, user: UserRecord) -> str:
        return self._serializer.dumps({"uid": user.id})

    def read(self, token: str) -> int | None:
        try:
            data = self._serializer.loads(token, max_age=self._seconds)
        except (BadSignature, SignatureExpired):
            return None
        uid = data.get("uid") if isinstance(data, dict) else None
        return uid if isinstance(uid, int) else None


def user_by_id(ctx: AppContext, user_id: int) -> UserRecord | None:
    """The active user with this id, or None."""
    with ctx.db.autocommit() as session:
        user = repo.user_by_id(session, user_id)
        return user if user is not None and user.active else None


def audit_trail(ctx: AppContext, actor: UserRecord, patient_id: int) -> list[AuditRecord]:
    """Every audit event about a patient, oldest first; for administrators."""
    require_admin(actor)
    with ctx.db.autocommit() as session:
        return repo.audit_for_patient(session, patient_id)
