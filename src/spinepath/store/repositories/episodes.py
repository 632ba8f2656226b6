"""Episodes, their plans and states, consent, check-ins and red flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
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


def _episode(row: t.Episode, signer_name: str | None = None) -> EpisodeRecord:
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
        signed_off_by=row.signed_off_by,
        signed_off_at=row.signed_off_at,
        signed_off_by_name=signer_name,
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
        awaiting_review=state in ACTIVE,  # every new plan waits for a clinician's sign-off
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
    if row is None:
        return None
    signer = None
    if row.signed_off_by is not None:
        user = session.get(t.User, row.signed_off_by)
        signer = None if user is None else (user.name or user.email)
    return _episode(row, signer)


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
        awaiting_review=episode.state in ACTIVE,  # a new version clears the sign-off
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
    # Only an active episode can be waiting for its plan to be signed off.
    awaiting = to_state in ACTIVE and not episode.plan_reviewed
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


def sign_off(
    session: Session,
    episode: EpisodeRecord,
    *,
    user_id: int,
    documents: dict[str, tuple[bytes, str]],
) -> None:
    """Record who signed off the current plan version and when, with its documents as
    they were signed (kind → content and media type)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    _bump(
        session,
        episode.id,
        episode.version,
        reviewed_plan_number=episode.plan_number,
        signed_off_by=user_id,
        signed_off_at=now,
        awaiting_review=False,
    )
    session.execute(
        update(t.PlanVersion)
        .where(
            t.PlanVersion.episode_id == episode.id,
            t.PlanVersion.number == episode.plan_number,
        )
        .values(signed_off_by=user_id, signed_off_at=now)
    )
    session.execute(
        delete(t.SignedDocument).where(
            t.SignedDocument.episode_id == episode.id,
            t.SignedDocument.plan_number == episode.plan_number,
        )
    )
    for kind, (content, media_type) in documents.items():
        session.add(
            t.SignedDocument(
                episode_id=episode.id,
                plan_number=episode.plan_number,
                kind=kind,
                content=content,
                media_type=media_type,
                content_version=episode.content_version,
            )
        )


def signed_document(
    session: Session, episode_id: int, plan_number: int, kind: str
) -> tuple[bytes, str] | None:
    """A document as it was signed off with plan version ``plan_number``, if stored."""
    row = session.scalar(
        select(t.SignedDocument).where(
            t.SignedDocument.episode_id == episode_id,
            t.SignedDocument.plan_number == plan_number,
            t.SignedDocument.kind == kind,
        )
    )
    return None if row is None else (row.content, row.media_type)


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


def _red_flag(row: t.RedFlag, reported_at: dt.datetime | None = None) -> RedFlagRecord:
    return RedFlagRecord(
        row.id,
        row.episode_id,
        row.checkin_id,
        row.disposition,
        row.summary,
        row.raised_at,
        row.acknowledged_at,
        row.acknowledged_by,
        row.acknowledgement_note,
        reported_at,
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


def acknowledge_red_flag(session: Session, flag_id: int, *, user_id: int, note: str) -> bool:
    """Acknowledge an open alert; False (and nothing changed) when it was acknowledged
    already, so the first acknowledgement's who, when and note are kept."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    result = session.execute(
        update(t.RedFlag)
        .where(t.RedFlag.id == flag_id, t.RedFlag.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by=user_id, acknowledgement_note=note)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    episode_id = session.scalar(select(t.RedFlag.episode_id).where(t.RedFlag.id == flag_id))
    if episode_id is not None:
        _touch_clinic_of_episode(session, episode_id)
    return True


def red_flags_of(session: Session, episode_id: int) -> list[tuple[RedFlagRecord, str | None]]:
    """An episode's alerts from check-ins, oldest first, each with who acknowledged it."""
    statement = (
        select(t.RedFlag, t.CheckIn.reported_at, t.User.name, t.User.email)
        .join(t.CheckIn, t.CheckIn.id == t.RedFlag.checkin_id)
        .outerjoin(t.User, t.User.id == t.RedFlag.acknowledged_by)
        .where(t.RedFlag.episode_id == episode_id)
        .order_by(t.RedFlag.id)
    )
    return [
        (_red_flag(flag, reported), name or email)
        for flag, reported, name, email in session.execute(statement)
    ]


def checkin_by_idempotency_key(session: Session, episode_id: int, key: str) -> CheckInRecord | None:
    row = session.scalar(
        select(t.CheckIn).where(
            t.CheckIn.episode_id == episode_id, t.CheckIn.idempotency_key == key
        )
    )
    return None if row is None else _checkin(row)


def checkin_by_id(session: Session, checkin_id: int) -> CheckInRecord | None:
    row = session.get(t.CheckIn, checkin_id)
    return None if row is None else _checkin(row)
