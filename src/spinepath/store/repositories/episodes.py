"""Episodes, their plans and states, consent, check-ins and red flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from spinepath.domain.episodes import ACTIVE
from spinepath.domain.records import (
    CheckInRecord,
    ConsentRecord,
    EpisodeRecord,
    RedFlagRecord,
)
from spinepath.store import tables as t
from spinepath.store.repositories.people import (
    StaleVersionError,
    _touch_clinic,
    _touch_clinic_of_episode,
)

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


def _last_dose_span(plan: dict[str, Any]) -> dict[str, dt.date | None]:
    """The earliest and the latest last-dose date of a plan's holds."""
    dates = sorted(h["last_dose_date"] for h in plan["medication_holds"] if h.get("last_dose_date"))
    if not dates:
        return {"first_last_dose": None, "final_last_dose": None}
    return {
        "first_last_dose": dt.date.fromisoformat(dates[0]),
        "final_last_dose": dt.date.fromisoformat(dates[-1]),
    }


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
        **_last_dose_span(plan),
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
        **_last_dose_span(plan),
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
