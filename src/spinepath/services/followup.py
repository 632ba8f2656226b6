"""After the procedure: check-ins with triage, red flags, worklists and the registry."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from sqlalchemy.orm import Session

from spinepath.contract import api
from spinepath.contract.app_models import AcknowledgeInput, CheckInInput
from spinepath.contract.errors import Conflict, InputError, NotFound
from spinepath.domain.episodes import ACTIVE, EpisodeState
from spinepath.domain.records import CheckInRecord, EpisodeRecord, PatientRecord, UserRecord
from spinepath.services.context import (
    AppContext,
    audit,
    audit_read,
    require_staff,
    visible_episode,
)
from spinepath.services.validation import validate
from spinepath.store import repositories as repo

RED_FLAG_DISPOSITIONS = frozenset({"emergency", "urgent"})
# Every check-in answered with anything but self-care reaches a person on the staff list.
ALERT_DISPOSITIONS = frozenset({"emergency", "urgent", "contact_team"})
DISPOSITION_WORDS = {
    "emergency": "emergency",
    "urgent": "urgent, same day",
    "contact_team": "contact the team",
    "self_care": "self-care",
}
WORKLISTS = (
    "needs-review",
    "holds-this-week",
    "not-ready-14-days",
    "red-flags",
    "follow-up-overdue",
)
# A responder has at least 50% pain relief: the IMMPACT consensus calls a 50% or greater
# reduction in pain "substantial" improvement (Dworkin RH et al., J Pain 2008;9(2):105-121).
RESPONDER_RELIEF_PERCENT = 50


def add_checkin(
    ctx: AppContext,
    actor: UserRecord,
    episode_id: int,
    data: object,
    *,
    idempotency_key: str | None = None,
) -> CheckInRecord:
    """A patient (or staff for them) reports how they are; triage runs; every answer other
    than self-care raises an alert for the clinic's staff. The same ``idempotency_key``
    again gives the first check-in back and stores nothing new."""
    checked = validate(CheckInInput, data)
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        raise InputError("Idempotency-Key", "must be 1 to 200 characters")
    reported_at = checked.reported_at or ctx.now()
    with ctx.db.unit_of_work() as session:
        episode, patient = visible_episode(session, actor, episode_id)
        if idempotency_key is not None:
            earlier = repo.checkin_by_idempotency_key(session, episode.id, idempotency_key)
            if earlier is not None:
                return earlier
        triage_input = {
            "procedure": episode.procedure_id,
            "procedure_date": episode.procedure_date.isoformat(),
            "reported_at": reported_at.strftime("%Y-%m-%dT%H:%M"),
            "symptoms": [s.model_dump(exclude_none=True) for s in checked.symptoms],
            "region": episode.plan_input.get("region", ctx.settings.region),
        }
        result = api.triage(triage_input, ctx.knowledge)
        checkin = repo.add_checkin(
            session,
            episode_id=episode.id,
            user_id=actor.id,
            reported_at=reported_at,
            symptoms=triage_input["symptoms"],
            pain_nrs=checked.pain_nrs,
            relief_percent=checked.relief_percent,
            pgic=checked.pgic,
            note=checked.note,
            triage=result,
            disposition=result["disposition"],
            idempotency_key=idempotency_key,
        )
        if result["disposition"] in ALERT_DISPOSITIONS:
            repo.add_red_flag(
                session,
                episode_id=episode.id,
                checkin_id=checkin.id,
                disposition=result["disposition"],
                summary=alert_summary(result, ctx),
            )
        audit(session, actor, "checkin", "episode", episode.id, patient.id, result["disposition"])
        return checkin


def get_checkin(
    ctx: AppContext, actor: UserRecord, episode_id: int, checkin_id: int
) -> tuple[CheckInRecord, str]:
    """One check-in of an episode the user may see, with the episode's region (UK or US
    wording); 404 otherwise."""
    with ctx.db.unit_of_work() as session:
        episode, patient = visible_episode(session, actor, episode_id)
        checkin = repo.checkin_by_id(session, checkin_id)
        if checkin is None or checkin.episode_id != episode.id:
            raise NotFound(f"check-in {checkin_id}")
        audit(session, actor, "read", "checkin", checkin.id, patient.id)
        return checkin, str(episode.plan_input.get("region") or ctx.settings.region)


def alert_summary(triage: dict[str, Any], ctx: AppContext) -> str:
    """What the patient reported that raised the alert, in words."""
    names = {code: symptom.label for code, symptom in ctx.knowledge.symptoms.items()}
    parts = []
    for reason in triage["reasons"]:
        label = names.get(reason["symptom"], reason["symptom"].replace("_", " "))
        outcome = DISPOSITION_WORDS.get(reason["disposition"], reason["disposition"])
        parts.append(f"{label[:1].upper()}{label[1:]}: {outcome}")
    return "; ".join(parts) or DISPOSITION_WORDS.get(triage["disposition"], "")


def acknowledge(ctx: AppContext, actor: UserRecord, flag_id: int, data: object) -> None:
    """A member of staff records that they have acted on an alert. The first
    acknowledgement is kept: a second answers 409."""
    require_staff(actor)
    checked = validate(AcknowledgeInput, data)
    with ctx.db.unit_of_work() as session:
        flag = repo.red_flag_by_id(session, flag_id)
        if flag is None:
            raise NotFound(f"alert {flag_id}")
        _, patient = visible_episode(session, actor, flag.episode_id)
        if not repo.acknowledge_red_flag(session, flag.id, user_id=actor.id, note=checked.note):
            raise Conflict("this alert was acknowledged already; the first acknowledgement is kept")
        audit(session, actor, "acknowledge", "red_flag", flag.id, patient.id, checked.note[:200])


def _item(episode: EpisodeRecord, patient: PatientRecord, **extra: Any) -> dict[str, Any]:
    return {
        "episode_id": episode.id,
        "patient_id": patient.id,
        "patient_name": patient.name,
        "procedure": episode.procedure_id,
        "procedure_date": episode.procedure_date.isoformat(),
        "state": episode.state,
        "plan_status": episode.plan_status,
        **extra,
    }


def _holds_in(episode: EpisodeRecord, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    return [
        {"medicine": h["medicine"], "last_dose_date": h["last_dose_date"]}
        for h in episode.plan["medication_holds"]
        if h.get("last_dose_date") and start.isoformat() <= h["last_dose_date"] <= end.isoformat()
    ]


def worklist(
    ctx: AppContext, actor: UserRecord, name: str, *, limit: int = 200
) -> tuple[list[dict[str, Any]], int]:
    """One worklist: its first ``limit`` items and how many there are in all."""
    require_staff(actor)
    if name not in WORKLISTS:
        raise NotFound(f"worklist {name}")
    with ctx.db.unit_of_work() as session:
        found = _worklist_in(session, ctx, actor, name, ctx.today(), limit)
        audit(session, actor, "worklist", "worklist", None, None, name)
        return found


@dataclass(frozen=True)
class WorklistDay:
    """Every worklist for a clinic's day, and a key that changes whenever any of them may."""

    key: Hashable
    lists: dict[str, tuple[list[dict[str, Any]], int]]


async def all_worklists(ctx: AppContext, actor: UserRecord, *, limit: int = 25) -> WorklistDay:
    """Every worklist for the clinic's day, for a request served on the event loop.

    The database work runs in a worker thread; the audit event is committed together with
    those of other requests arriving at the same time.
    """
    day = await anyio.to_thread.run_sync(_worklist_day, ctx, actor, limit)
    await audit_read(ctx, actor, "worklist", "worklist", None, None, "all")
    return day


def _worklist_day(ctx: AppContext, actor: UserRecord, limit: int) -> WorklistDay:
    """The day's lists, reused while the clinic's generation stays the same.

    Every write that can change a worklist bumps the clinic's generation in the write's
    transaction, so lists computed after reading generation G are at least as new as G, and
    reusing them while the generation is still G never shows a list older than the last
    write. Nothing here must commit together, so it runs in autocommit.
    """
    require_staff(actor)
    today = ctx.today()
    with ctx.db.autocommit() as session:
        key = (actor.clinic_id, repo.clinic_generation(session, actor.clinic_id), today, limit)
        day: WorklistDay | None = ctx.worklist_cache.get(key)
        if day is None:
            with ctx.worklist_rebuild:  # one rebuild at a time; the others then find it
                day = ctx.worklist_cache.get(key)
                if day is None:
                    lists = {
                        n: _worklist_in(session, ctx, actor, n, today, limit) for n in WORKLISTS
                    }
                    day = WorklistDay(key, lists)
                    ctx.worklist_cache.put(key, day)
    return day


def _worklist_in(
    session: Session, ctx: AppContext, actor: UserRecord, name: str, today: dt.date, limit: int
) -> tuple[list[dict[str, Any]], int]:
    active = {s.value for s in ACTIVE}
    clinic = actor.clinic_id
    if name == "red-flags":
        flags, total = repo.open_red_flags(session, clinic, limit)
        return [
            _item(
                e,
                p,
                alert_id=f.id,
                disposition=f.disposition,
                summary=f.summary,
                raised_at=f.raised_at.isoformat(timespec="minutes"),
                reported_at=(f.reported_at or f.raised_at).isoformat(timespec="minutes"),
            )
            for f, e, p in flags
        ], total
    if name == "needs-review":
        rows, total = repo.needs_review(session, clinic, active, limit)
        return [
            _item(e, p, alerts=[a for a in e.plan["alerts"] if a["effect"] != "ready"])
            for e, p in rows
        ], total
    if name == "holds-this-week":
        end = today + dt.timedelta(days=7)
        rows, total = repo.holds_between(session, clinic, today, end, active, limit)
        return [_item(e, p, holds=_holds_in(e, today, end)) for e, p in rows], total
    if name == "not-ready-14-days":
        end = today + dt.timedelta(days=14)
        rows, total = repo.not_ready_between(session, clinic, today, end, active, limit)
        return [_item(e, p, reasons=_not_ready_reasons(e)) for e, p in rows], total
    cutoffs = {pid: today - dt.timedelta(days=days) for pid, days in _follow_up_days(ctx).items()}
    rows, total = repo.follow_up_overdue(session, clinic, cutoffs, limit)
    return [_overdue_item(e, p, today, _follow_up_days(ctx)) for e, p in rows], total


def _not_ready_reasons(episode: EpisodeRecord) -> list[str]:
    reasons = []
    if episode.state != EpisodeState.SCHEDULED:
        reasons.append(f"episode is {episode.state.replace('_', ' ')}, not scheduled")
    if episode.plan_status != "ready" and not episode.plan_reviewed:
        reasons.append(f"plan {episode.plan_status.replace('_', ' ')} and not reviewed")
    return reasons


def _follow_up_days(ctx: AppContext) -> dict[str, int]:
    """Days after the procedure by which the follow-up appointment is due, per procedure."""
    # The first follow-up appointment in the content; a procedure without one is due at
    # its last follow-up step (the content always has at least one).
    return {
        p.id: min(
            (f.days_after for f in p.follow_up if f.kind == "appointment"),
            default=p.follow_up[-1].days_after,
        )
        for p in ctx.knowledge.procedures.values()
    }


def _overdue_item(
    episode: EpisodeRecord, patient: PatientRecord, today: dt.date, days: dict[str, int]
) -> dict[str, Any]:
    due = episode.procedure_date + dt.timedelta(days=days[episode.procedure_id])
    return _item(episode, patient, follow_up_due=due.isoformat(), days_overdue=(today - due).days)


def wilson_interval(successes: int, total: int, z: float = 1.959964) -> tuple[float, float] | None:
    """The Wilson score 95% confidence interval of a proportion."""
    if total == 0:
        return None
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)


def _rate(successes: int, total: int) -> dict[str, Any]:
    interval = wilson_interval(successes, total)
    return {
        "numerator": successes,
        "denominator": total,
        "rate": None if total == 0 else round(successes / total, 4),
        "ci95": None if interval is None else list(interval),
    }


def registry(
    ctx: AppContext, actor: UserRecord, procedure: str | None, start: str | None, end: str | None
) -> dict[str, Any]:
    """Counts, responder rates with 95% CIs, complication and red-flag rates, completeness."""
    require_staff(actor)
    if procedure and ctx.knowledge.find_procedure(procedure) is None:
        raise InputError("procedure", f"unknown procedure {procedure!r}")
    dates = []
    for field, value in (("from", start), ("to", end)):
        try:
            dates.append(dt.date.fromisoformat(value) if value else None)
        except ValueError:
            raise InputError(field, "must be a date written YYYY-MM-DD") from None
    resolved = ctx.knowledge.find_procedure(procedure) if procedure else None
    with ctx.db.unit_of_work() as session:
        rows = repo.registry_rows(
            session, actor.clinic_id, resolved.id if resolved else None, dates[0], dates[1]
        )
        audit(session, actor, "registry", "registry", None, None, procedure or "all")
    by_procedure: dict[str, list[tuple[EpisodeRecord, list[CheckInRecord]]]] = {}
    for episode, checkins in rows:
        by_procedure.setdefault(episode.procedure_id, []).append((episode, checkins))
    return {
        "procedure": resolved.id if resolved else None,
        "from": start,
        "to": end,
        "responder_definition": (
            f"relief of {RESPONDER_RELIEF_PERCENT}% or more at the last check-in reporting relief"
        ),
        "procedures": {pid: _summarise(items) for pid, items in sorted(by_procedure.items())},
        "total": _summarise(rows),
    }


def _summarise(items: list[tuple[EpisodeRecord, list[CheckInRecord]]]) -> dict[str, Any]:
    with_relief = [[c for c in cs if c.relief_percent is not None] for _, cs in items]
    reported = [cs[-1] for cs in with_relief if cs]
    responders = sum(1 for c in reported if (c.relief_percent or 0) >= RESPONDER_RELIEF_PERCENT)
    flagged = sum(1 for _, cs in items if any(c.disposition in RED_FLAG_DISPOSITIONS for c in cs))
    complications = sum(1 for _, cs in items if any(c.disposition != "self_care" for c in cs))
    followed = sum(1 for e, cs in items if cs or e.state in {"followed_up", "closed"})
    return {
        "episodes": len(items),
        "responders": _rate(responders, len(reported)),
        "complications": _rate(complications, len(items)),
        "red_flags": _rate(flagged, len(items)),
        "follow_up_completeness": _rate(followed, len(items)),
    }
