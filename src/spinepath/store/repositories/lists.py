"""Worklists, the registry and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, and_, case, func, insert, or_, select
from sqlalchemy.orm import Session

from spinepath.domain.records import (
    AuditRecord,
    CheckInRecord,
    EpisodeRecord,
    PatientRecord,
    RedFlagRecord,
)
from spinepath.store import tables as t
from spinepath.store.repositories.episodes import _checkin, _episode, _red_flag
from spinepath.store.repositories.people import _patient

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
    """Active episodes with at least one last-dose date in the window, soonest first."""
    statement = _with_patient(clinic_id).where(
        t.Episode.state.in_(active),
        t.Episode.first_last_dose <= end,
        t.Episode.final_last_dose >= start,
    )
    low, high = start.isoformat(), end.isoformat()
    found = []
    for episode, patient in session.execute(statement):
        dates = [
            h["last_dose_date"]
            for h in episode.plan["medication_holds"]
            if h.get("last_dose_date") and low <= h["last_dose_date"] <= high
        ]
        if dates:
            found.append((min(dates), episode.id, _episode(episode), _patient(patient)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [(e, p) for _, _, e, p in found[:limit]], len(found)


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
    """Alerts nobody has acknowledged: emergencies first, then urgent, then the rest, and
    within each the oldest first."""
    statement = (
        select(t.RedFlag, t.Episode, t.Patient, t.CheckIn.reported_at)
        .join(t.Episode, t.Episode.id == t.RedFlag.episode_id)
        .join(t.Patient, t.Patient.id == t.Episode.patient_id)
        .join(t.CheckIn, t.CheckIn.id == t.RedFlag.checkin_id)
        .where(t.Patient.clinic_id == clinic_id, t.RedFlag.acknowledged_at.is_(None))
    )
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    severity = case(
        (t.RedFlag.disposition == "emergency", 0), (t.RedFlag.disposition == "urgent", 1), else_=2
    )
    rows = session.execute(statement.order_by(severity, t.RedFlag.raised_at).limit(limit))
    return [(_red_flag(f, r), _episode(e), _patient(p)) for f, e, p, r in rows], total


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


def audit_row(
    *,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    patient_id: int | None,
    detail: str | None = None,
) -> dict[str, Any]:
    """One audit event as a row: who did what, to which patient, and when (now)."""
    return {
        "at": t.now(),
        "user_id": user_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "patient_id": patient_id,
        "detail": detail,
    }


def add_audits(session: Session, rows: list[dict[str, Any]]) -> None:
    """Audit events made by ``audit_row``, in one INSERT statement (atomic on its own)."""
    session.execute(insert(t.AuditEvent).values(rows))


def audit_for_patient(session: Session, patient_id: int) -> list[AuditRecord]:
    statement = (
        select(t.AuditEvent).where(t.AuditEvent.patient_id == patient_id).order_by(t.AuditEvent.id)
    )
    return [
        AuditRecord(r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.patient_id, r.detail)
        for r in session.scalars(statement)
    ]
