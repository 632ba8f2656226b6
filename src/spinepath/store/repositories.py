"""Repositories: all SQL lives here, and only records come out.

They never commit; the service that owns the unit of work does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from spinepath.domain.episodes import ACTIVE
from spinepath.domain.records import (
    AuditRecord,
    CheckInRecord,
    ConsentRecord,
    EpisodeRecord,
    PatientRecord,
    RedFlagRecord,
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
    return UserRecord(row.id, row.email, Role(row.role), row.clinic_id, row.patient_id, row.active)


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
) -> UserRecord:
    row = t.User(
        email=email.lower(),
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


def user_by_id(session: Session, user_id: int) -> UserRecord | None:
    row = session.get(t.User, user_id)
    return None if row is None else _user(row)


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


def patient_by_id(session: Session, patient_id: int) -> PatientRecord | None:
    row = session.get(t.Patient, patient_id)
    return None if row is None else _patient(row)


def search_patients(
    session: Session, *, clinic_id: int, query: str, limit: int = 50
) -> list[PatientRecord]:
    statement = select(t.Patient).where(t.Patient.clinic_id == clinic_id)
    text = query.strip()
    if text:
        like = f"%{text.lower()}%"
        statement = statement.where(
            or_(
                func.lower(t.Patient.name).like(like),
                t.Patient.nhs_number == text.replace(" ", ""),
                t.Patient.mrn == text,
            )
        )
    statement = statement.order_by(t.Patient.name, t.Patient.id).limit(limit)
    return [_patient(r) for r in session.scalars(statement)]


def count_patients(session: Session) -> int:
    return session.scalar(select(func.count(t.Patient.id))) or 0


# --- episodes -------------------------------------------------------------------------


def _episode(row: t.Episode) -> EpisodeRecord:
    return EpisodeRecord(
        id=row.id,
        patient_id=row.patient_id,
        procedure_id=row.procedure_id,
        state=row.state,
        procedure_date=row.procedure_date,
        plan_input=row.plan_input,
        plan=row.plan,
        plan_status=row.plan_status,
        content_version=row.content_version,
        plan_number=row.plan_number,
        reviewed_plan_number=row.reviewed_plan_number,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _first_last_dose(plan: dict[str, Any]) -> dt.date | None:
    dates = [h["last_dose_date"] for h in plan["medication_holds"] if h.get("last_dose_date")]
    return dt.date.fromisoformat(min(dates)) if dates else None


def add_episode(
    session: Session,
    *,
    patient_id: int,
    state: str,
    plan_input: dict[str, Any],
    plan: dict[str, Any],
    user_id: int | None,
) -> EpisodeRecord:
    clinic_id = session.scalar(select(t.Patient.clinic_id).where(t.Patient.id == patient_id))
    row = t.Episode(
        patient_id=patient_id,
        clinic_id=clinic_id,
        awaiting_review=plan["status"] != "ready",
        procedure_id=plan["procedure"]["id"],
        state=state,
        procedure_date=dt.date.fromisoformat(plan_input["procedure_date"]),
        plan_input=plan_input,
        plan=plan,
        plan_status=plan["status"],
        content_version=plan["content_version"],
        plan_number=1,
        first_last_dose=_first_last_dose(plan),
    )
    session.add(row)
    session.flush()
    _touch_clinic(session, clinic_id)
    session.add(
        t.PlanVersion(
            episode_id=row.id,
            number=1,
            plan_input=plan_input,
            plan=plan,
            content_version=plan["content_version"],
            created_by=user_id,
        )
    )
    return _episode(row)


def episode_by_id(session: Session, episode_id: int) -> EpisodeRecord | None:
    row = session.get(t.Episode, episode_id)
    return None if row is None else _episode(row)


def episodes_of_patient(session: Session, patient_id: int) -> list[EpisodeRecord]:
    statement = (
        select(t.Episode)
        .where(t.Episode.patient_id == patient_id)
        .order_by(t.Episode.procedure_date)
    )
    return [_episode(r) for r in session.scalars(statement)]


def _bump(session: Session, episode_id: int, version: int, **values: Any) -> None:
    """Update an episode only if nobody changed it since ``version`` was read."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    result = session.execute(
        update(t.Episode)
        .where(t.Episode.id == episode_id, t.Episode.version == version)
        .values(version=version + 1, updated_at=now, **values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersionError(f"episode {episode_id} changed since version {version}")
    _touch_clinic_of_episode(session, episode_id)


def replace_plan(
    session: Session,
    episode: EpisodeRecord,
    *,
    plan_input: dict[str, Any],
    plan: dict[str, Any],
    user_id: int | None,
) -> None:
    number = episode.plan_number + 1
    _bump(
        session,
        episode.id,
        episode.version,
        plan_input=plan_input,
        plan=plan,
        plan_status=plan["status"],
        content_version=plan["content_version"],
        procedure_date=dt.date.fromisoformat(plan_input["procedure_date"]),
        plan_number=number,
        awaiting_review=plan["status"] != "ready" and episode.state in ACTIVE,
        first_last_dose=_first_last_dose(plan),
    )
    session.add(
        t.PlanVersion(
            episode_id=episode.id,
            number=number,
            plan_input=plan_input,
            plan=plan,
            content_version=plan["content_version"],
            created_by=user_id,
        )
    )


def plan_versions(session: Session, episode_id: int) -> list[dict[str, Any]]:
    statement = (
        select(t.PlanVersion)
        .where(t.PlanVersion.episode_id == episode_id)
        .order_by(t.PlanVersion.number)
    )
    return [
        {
            "number": r.number,
            "plan": r.plan,
            "plan_input": r.plan_input,
            "content_version": r.content_version,
            "created_at": r.created_at,
        }
        for r in session.scalars(statement)
    ]


def set_state(
    session: Session,
    episode: EpisodeRecord,
    to_state: str,
    *,
    reason: str | None,
    user_id: int | None,
) -> None:
    # Only an active episode can be waiting for its plan to be reviewed.
    awaiting = (
        to_state in ACTIVE
        and episode.plan_status != "ready"
        and episode.reviewed_plan_number != episode.plan_number
    )
    _bump(session, episode.id, episode.version, state=to_state, awaiting_review=awaiting)
    session.add(
        t.StateChange(
            episode_id=episode.id,
            from_state=episode.state,
            to_state=to_state,
            reason=reason,
            by_user=user_id,
        )
    )


def mark_reviewed(session: Session, episode: EpisodeRecord) -> None:
    _bump(
        session,
        episode.id,
        episode.version,
        reviewed_plan_number=episode.plan_number,
        awaiting_review=False,
    )


def state_history(session: Session, episode_id: int) -> list[dict[str, Any]]:
    statement = (
        select(t.StateChange)
        .where(t.StateChange.episode_id == episode_id)
        .order_by(t.StateChange.id)
    )
    return [
        {"from": r.from_state, "to": r.to_state, "reason": r.reason, "at": r.at}
        for r in session.scalars(statement)
    ]


# --- consent, check-ins and red flags -------------------------------------------------


def add_consent(
    session: Session,
    *,
    episode_id: int,
    recorded_by: int,
    consented_on: dt.date,
    risks: list[str],
    leaflet_version: str,
    note: str | None,
) -> ConsentRecord:
    row = t.Consent(
        episode_id=episode_id,
        recorded_by=recorded_by,
        consented_on=consented_on,
        risks_discussed=risks,
        leaflet_version=leaflet_version,
        note=note,
    )
    session.add(row)
    session.flush()
    return ConsentRecord(
        row.id, episode_id, recorded_by, consented_on, tuple(risks), leaflet_version, note
    )


def consents_of(session: Session, episode_id: int) -> list[ConsentRecord]:
    statement = select(t.Consent).where(t.Consent.episode_id == episode_id).order_by(t.Consent.id)
    return [
        ConsentRecord(
            r.id,
            r.episode_id,
            r.recorded_by,
            r.consented_on,
            tuple(r.risks_discussed),
            r.leaflet_version,
            r.note,
        )
        for r in session.scalars(statement)
    ]


def _checkin(row: t.CheckIn) -> CheckInRecord:
    return CheckInRecord(
        row.id,
        row.episode_id,
        row.reported_at,
        tuple(row.symptoms),
        row.pain_nrs,
        row.relief_percent,
        row.pgic,
        row.note,
        row.triage,
        row.disposition,
    )


def add_checkin(
    session: Session, *, episode_id: int, user_id: int | None, **fields: Any
) -> CheckInRecord:
    row = t.CheckIn(episode_id=episode_id, created_by=user_id, **fields)
    session.add(row)
    session.flush()
    return _checkin(row)


def checkins_of(session: Session, episode_id: int) -> list[CheckInRecord]:
    statement = (
        select(t.CheckIn).where(t.CheckIn.episode_id == episode_id).order_by(t.CheckIn.reported_at)
    )
    return [_checkin(r) for r in session.scalars(statement)]


def _red_flag(row: t.RedFlag) -> RedFlagRecord:
    return RedFlagRecord(
        row.id,
        row.episode_id,
        row.checkin_id,
        row.disposition,
        row.summary,
        row.raised_at,
        row.acknowledged_at,
    )


def add_red_flag(
    session: Session, *, episode_id: int, checkin_id: int, disposition: str, summary: str
) -> RedFlagRecord:
    row = t.RedFlag(
        episode_id=episode_id, checkin_id=checkin_id, disposition=disposition, summary=summary
    )
    session.add(row)
    session.flush()
    _touch_clinic_of_episode(session, episode_id)
    return _red_flag(row)


def red_flag_by_id(session: Session, flag_id: int) -> RedFlagRecord | None:
    row = session.get(t.RedFlag, flag_id)
    return None if row is None else _red_flag(row)


def acknowledge_red_flag(session: Session, flag_id: int, *, user_id: int, note: str) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    session.execute(
        update(t.RedFlag)
        .where(t.RedFlag.id == flag_id)
        .values(acknowledged_at=now, acknowledged_by=user_id, acknowledgement_note=note)
    )
    episode_id = session.scalar(select(t.RedFlag.episode_id).where(t.RedFlag.id == flag_id))
    if episode_id is not None:
        _touch_clinic_of_episode(session, episode_id)


# --- worklists ------------------------------------------------------------------------

WorkRow = tuple[EpisodeRecord, PatientRecord]
Page = tuple[list[WorkRow], int]


def _with_patient(clinic_id: int) -> Select[t.Episode, t.Patient]:
    return (
        select(t.Episode, t.Patient)
        .join(t.Patient, t.Patient.id == t.Episode.patient_id)
        .where(t.Episode.clinic_id == clinic_id)
    )


def _page(session: Session, statement: Select[t.Episode, t.Patient], limit: int) -> Page:
    """The first ``limit`` rows and how many there are in all.

    Worklist conditions name episode columns only, so the count needs no join.
    """
    counted = select(func.count(t.Episode.id)).where(statement.whereclause)  # type: ignore[arg-type]
    total = session.scalar(counted) or 0
    rows = [(_episode(e), _patient(p)) for e, p in session.execute(statement.limit(limit))]
    return rows, total


def needs_review(session: Session, clinic_id: int, active: set[str], limit: int) -> Page:
    statement = _with_patient(clinic_id).where(
        t.Episode.awaiting_review.is_(True), t.Episode.state.in_(active)
    )
    return _page(session, statement.order_by(t.Episode.procedure_date, t.Episode.id), limit)


def holds_between(
    session: Session, clinic_id: int, start: dt.date, end: dt.date, active: set[str], limit: int
) -> Page:
    statement = _with_patient(clinic_id).where(
        t.Episode.state.in_(active),
        t.Episode.first_last_dose >= start,
        t.Episode.first_last_dose <= end,
    )
    return _page(session, statement.order_by(t.Episode.first_last_dose, t.Episode.id), limit)


def not_ready_between(
    session: Session, clinic_id: int, start: dt.date, end: dt.date, active: set[str], limit: int
) -> Page:
    """Active episodes in the window that are not scheduled, or whose plan is unreviewed."""
    statement = _with_patient(clinic_id).where(
        t.Episode.state.in_(active),
        t.Episode.procedure_date >= start,
        t.Episode.procedure_date <= end,
        or_(t.Episode.state != "scheduled", t.Episode.awaiting_review.is_(True)),
    )
    return _page(session, statement.order_by(t.Episode.procedure_date, t.Episode.id), limit)


def follow_up_overdue(
    session: Session, clinic_id: int, cutoffs: dict[str, dt.date], limit: int
) -> Page:
    """Episodes done but not followed up, whose procedure was before their cutoff date."""
    conditions = [
        and_(t.Episode.procedure_id == procedure, t.Episode.procedure_date < cutoff)
        for procedure, cutoff in cutoffs.items()
    ]
    statement = _with_patient(clinic_id).where(t.Episode.state == "done", or_(*conditions))
    return _page(session, statement.order_by(t.Episode.procedure_date, t.Episode.id), limit)


def open_red_flags(
    session: Session, clinic_id: int, limit: int
) -> tuple[list[tuple[RedFlagRecord, EpisodeRecord, PatientRecord]], int]:
    statement = (
        select(t.RedFlag, t.Episode, t.Patient)
        .join(t.Episode, t.Episode.id == t.RedFlag.episode_id)
        .join(t.Patient, t.Patient.id == t.Episode.patient_id)
        .where(t.Patient.clinic_id == clinic_id, t.RedFlag.acknowledged_at.is_(None))
    )
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.execute(statement.order_by(t.RedFlag.raised_at).limit(limit))
    return [(_red_flag(f), _episode(e), _patient(p)) for f, e, p in rows], total


# --- registry and audit ---------------------------------------------------------------


def registry_rows(
    session: Session,
    clinic_id: int,
    procedure: str | None,
    start: dt.date | None,
    end: dt.date | None,
) -> list[tuple[EpisodeRecord, list[CheckInRecord]]]:
    statement = (
        select(t.Episode)
        .join(t.Patient, t.Patient.id == t.Episode.patient_id)
        .where(
            t.Patient.clinic_id == clinic_id, t.Episode.state.in_({"done", "followed_up", "closed"})
        )
    )
    if procedure:
        statement = statement.where(t.Episode.procedure_id == procedure)
    if start:
        statement = statement.where(t.Episode.procedure_date >= start)
    if end:
        statement = statement.where(t.Episode.procedure_date <= end)
    episodes = [_episode(r) for r in session.scalars(statement)]
    checkins: dict[int, list[CheckInRecord]] = {e.id: [] for e in episodes}
    ids = list(checkins)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for row in session.scalars(select(t.CheckIn).where(t.CheckIn.episode_id.in_(part))):
            checkins[row.episode_id].append(_checkin(row))
    return [(e, checkins[e.id]) for e in episodes]


def add_audit(
    session: Session,
    *,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    patient_id: int | None,
    detail: str | None = None,
) -> None:
    session.add(
        t.AuditEvent(
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            patient_id=patient_id,
            detail=detail,
        )
    )


def audit_for_patient(session: Session, patient_id: int) -> list[AuditRecord]:
    statement = (
        select(t.AuditEvent).where(t.AuditEvent.patient_id == patient_id).order_by(t.AuditEvent.id)
    )
    return [
        AuditRecord(r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.patient_id, r.detail)
        for r in session.scalars(statement)
    ]
