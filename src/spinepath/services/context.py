"""What every use case needs: the database, the knowledge, the settings, and access rules."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from spinepath.config import Settings
from spinepath.contract.errors import Forbidden, NotFound
from spinepath.domain.model import Knowledge
from spinepath.domain.records import EpisodeRecord, PatientRecord, Role, UserRecord
from spinepath.knowledge.loader import default_knowledge
from spinepath.services.throttle import SignInThrottle
from spinepath.store import repositories as repo
from spinepath.store.audit_writer import AuditWriter
from spinepath.store.db import Database


def _today() -> dt.date:
    return dt.date.today()


def _now() -> dt.datetime:
    """The clinic's local time, to the minute, as check-ins record it."""
    return dt.datetime.now().replace(second=0, microsecond=0)


class SmallCache:
    """A bounded, thread-safe map from a version-stamped key to a value."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


@dataclass
class AppContext:
    settings: Settings
    db: Database
    knowledge: Knowledge = field(default_factory=default_knowledge)
    clinic_id: int = 0
    worklist_cache: SmallCache = field(default_factory=SmallCache)
    worklist_rebuild: threading.Lock = field(default_factory=threading.Lock)
    audit_writer: AuditWriter = field(init=False)
    sign_in_throttle: SignInThrottle = field(default_factory=SignInThrottle)

    def __post_init__(self) -> None:
        self.audit_writer = AuditWriter(self.db)

    def today(self) -> dt.date:
        return _today()

    def now(self) -> dt.datetime:
        return _now()


def require_staff(actor: UserRecord) -> None:
    if not actor.role.is_staff:
        raise Forbidden("this needs a member of staff")


def require_admin(actor: UserRecord) -> None:
    if actor.role is not Role.ADMIN:
        raise Forbidden("this needs an administrator")


def may_see(actor: UserRecord, patient: PatientRecord) -> bool:
    if actor.role is Role.PATIENT:
        return actor.patient_id == patient.id
    return actor.clinic_id == patient.clinic_id


def visible_patient(session: Session, actor: UserRecord, patient_id: int) -> PatientRecord:
    """The patient, if this user may see them; otherwise 404 (never reveal that it exists)."""
    patient = repo.patient_by_id(session, patient_id)
    if patient is None or not may_see(actor, patient):
        raise NotFound(f"patient {patient_id}")
    return patient


def visible_episode(
    session: Session, actor: UserRecord, episode_id: int
) -> tuple[EpisodeRecord, PatientRecord]:
    episode = repo.episode_by_id(session, episode_id)
    if episode is None:
        raise NotFound(f"episode {episode_id}")
    try:
        patient = visible_patient(session, actor, episode.patient_id)
    except NotFound:
        raise NotFound(f"episode {episode_id}") from None
    return episode, patient


def audit(
    session: Session,
    actor: UserRecord | None,
    action: str,
    entity: str,
    entity_id: int | None,
    patient_id: int | None,
    detail: str | None = None,
) -> None:
    """Audit a change (or a read) in the caller's transaction."""
    repo.add_audits(session, [_row(actor, action, entity, entity_id, patient_id, detail)])


async def audit_read(
    ctx: AppContext,
    actor: UserRecord,
    action: str,
    entity: str,
    entity_id: int | None,
    patient_id: int | None,
    detail: str | None = None,
) -> None:
    """Audit a read made on the event loop; resumes once the event is committed."""
    await ctx.audit_writer.write(_row(actor, action, entity, entity_id, patient_id, detail))


def _row(
    actor: UserRecord | None,
    action: str,
    entity: str,
    entity_id: int | None,
    patient_id: int | None,
    detail: str | None,
) -> dict[str, Any]:
    return repo.audit_row(
        user_id=None if actor is None else actor.id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        patient_id=patient_id,
        detail=detail,
    )
