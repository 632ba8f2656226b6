"""Clinics, users and patients; the clinic's worklist generation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from spinepath.domain.records import (
    PatientRecord,
    Role,
    UserRecord,
)
from spinepath.store import tables as t


class StaleVersionError(Exception):
    """The row changed since the caller read it."""


# --- clinic generation ----------------------------------------------------------------


def _touch_clinic(session: Session, clinic_id: int | None) -> None:
    """Mark the clinic's worklists as changed, in the caller's transaction."""
    if clinic_id is not None:
        session.execute(
            update(t.Clinic)
            .where(t.Clinic.id == clinic_id)
            .values(generation=t.Clinic.generation + 1)
        )


def _touch_clinic_of_episode(session: Session, episode_id: int) -> None:
    clinic_id = session.scalar(select(t.Episode.clinic_id).where(t.Episode.id == episode_id))
    _touch_clinic(session, clinic_id)


def clinic_generation(session: Session, clinic_id: int) -> int:
    return session.scalar(select(t.Clinic.generation).where(t.Clinic.id == clinic_id)) or 0


# --- users and clinics ----------------------------------------------------------------


def _user(row: t.User) -> UserRecord:
    return UserRecord(
        row.id, row.email, Role(row.role), row.clinic_id, row.patient_id, row.active, row.name
    )


def ensure_clinic(session: Session, name: str) -> int:
    found = session.scalar(select(t.Clinic.id).where(t.Clinic.name == name))
    if found is not None:
        return found
    clinic = t.Clinic(name=name)
    session.add(clinic)
    session.flush()
    return clinic.id


def add_user(
    session: Session,
    *,
    email: str,
    password_hash: str,
    role: Role,
    clinic_id: int,
    patient_id: int | None,
    name: str | None = None,
) -> UserRecord:
    row = t.User(
        email=email.lower(),
        name=name,
        password_hash=password_hash,
        role=role.value,
        clinic_id=clinic_id,
        patient_id=patient_id,
    )
    session.add(row)
    session.flush()
    return _user(row)


def user_by_email(session: Session, email: str) -> tuple[UserRecord, str] | None:
    row = session.scalar(select(t.User).where(t.User.email == email.lower()))
    return None if row is None else (_user(row), row.password_hash)


_USER_COLUMNS = (
    t.User.id,
    t.User.email,
    t.User.role,
    t.User.clinic_id,
    t.User.patient_id,
    t.User.active,
    t.User.name,
)


def user_by_id(session: Session, user_id: int) -> UserRecord | None:
    """One user, read as plain columns (this runs on every signed-in request)."""
    row = session.execute(select(*_USER_COLUMNS).where(t.User.id == user_id)).one_or_none()
    if row is None:
        return None
    return UserRecord(
        row.id, row.email, Role(row.role), row.clinic_id, row.patient_id, row.active, row.name
    )


def list_users(session: Session) -> list[UserRecord]:
    return [_user(r) for r in session.scalars(select(t.User).order_by(t.User.email))]


def set_password_hash(session: Session, user_id: int, password_hash: str) -> None:
    session.execute(update(t.User).where(t.User.id == user_id).values(password_hash=password_hash))


def set_user_active(session: Session, user_id: int, active: bool) -> None:
    session.execute(update(t.User).where(t.User.id == user_id).values(active=active))


# --- patients -------------------------------------------------------------------------


def _patient(row: t.Patient) -> PatientRecord:
    return PatientRecord(
        row.id,
        row.clinic_id,
        row.name,
        row.date_of_birth,
        row.nhs_number,
        row.mrn,
        row.email,
        row.version,
    )


def add_patient(session: Session, *, clinic_id: int, **fields: Any) -> PatientRecord:
    row = t.Patient(clinic_id=clinic_id, **fields)
    session.add(row)
    session.flush()
    _touch_clinic(session, clinic_id)
    return _patient(row)


def update_patient(
    session: Session, patient: PatientRecord, fields: dict[str, Any]
) -> PatientRecord:
    """Change a patient's details only if nobody changed them since ``patient`` was read."""
    done = session.execute(
        update(t.Patient)
        .where(t.Patient.id == patient.id, t.Patient.version == patient.version)
        .values(version=patient.version + 1, **fields)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersionError(f"patient {patient.id} changed since version {patient.version}")
    _touch_clinic(session, patient.clinic_id)  # names and numbers show in the worklists
    changed = patient_by_id(session, patient.id)
    assert changed is not None, "a patient changed in this transaction exists"
    return changed


def patient_by_id(session: Session, patient_id: int) -> PatientRecord | None:
    row = session.get(t.Patient, patient_id)
    return None if row is None else _patient(row)


def patient_with_identifier(
    session: Session,
    *,
    clinic_id: int,
    nhs_number: str | None,
    mrn: str | None,
    other_than: int | None = None,
) -> int | None:
    """The id of a patient of the clinic with this NHS number or MRN, if there is one."""
    matches = []
    if nhs_number:
        matches.append(t.Patient.nhs_number == nhs_number)
    if mrn:
        matches.append(t.Patient.mrn == mrn)
    if not matches:
        return None
    statement = (
        select(t.Patient.id)
        .where(t.Patient.clinic_id == clinic_id, t.Patient.id != (other_than or 0), or_(*matches))
        .order_by(t.Patient.id)
        .limit(1)
    )
    return session.scalar(statement)


def search_patients(
    session: Session, *, clinic_id: int, query: str, limit: int = 50
) -> list[PatientRecord]:
    statement = select(t.Patient).where(t.Patient.clinic_id == clinic_id)
    text = query.strip()
    if text:
        # "%" and "_" typed in a search are letters, not wildcards that match everyone.
        escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        statement = statement.where(
            or_(
                func.lower(t.Patient.name).like(like, escape="\\"),
                t.Patient.nhs_number == text.replace(" ", ""),
                t.Patient.mrn == text,
            )
        )
    statement = statement.order_by(t.Patient.name, t.Patient.id).limit(limit)
    return [_patient(r) for r in session.scalars(statement)]


def count_patients(session: Session) -> int:
    return session.scalar(select(func.count(t.Patient.id))) or 0
