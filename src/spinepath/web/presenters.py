"""Presenters decide; templates print. Plans and records become labels, dates and classes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from spinepath.domain.consent import consent_risks, frequency
from spinepath.domain.dates import format_date, format_time
from spinepath.domain.episodes import ACTIVE, REOPEN, TRANSITIONS, EpisodeState
from spinepath.domain.model import Knowledge
from spinepath.domain.records import (
    CheckInRecord,
    ConsentRecord,
    EpisodeRecord,
    PatientRecord,
    RedFlagRecord,
)

STATUS_LABELS = {
    "ready": ("Ready", "status-ready"),
    "needs_review": ("Needs review", "status-review"),
    "not_eligible": ("Not eligible", "status-stop"),
    "postpone": ("Postpone", "status-stop"),
}
SEVERITY_CLASSES = {"info": "alert-info", "warning": "alert-warning", "stop": "alert-stop"}
DISPOSITION_LABELS = {
    "emergency": ("Emergency", "status-stop"),
    "urgent": ("Urgent, same day", "status-stop"),
    "contact_team": ("Contact the team", "status-review"),
    "self_care": ("Self-care", "status-ready"),
}
ACTION_LABELS = {"stop": "Stop", "discuss": "Discuss with prescriber", "continue": "Continue"}
WORKLIST_TITLES = {
    "needs-review": "Plans waiting for sign-off",
    "holds-this-week": "Medicine holds starting this week",
    "not-ready-14-days": "Procedures in the next 14 days not yet ready",
    "red-flags": "Check-ins that need a person",
    "follow-up-overdue": "Follow-up overdue",
}


def long_date(iso: str | dt.date) -> str:
    day = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return format_date(day)


def state_label(state: str) -> str:
    return state.replace("_", " ").capitalize()


@dataclass
class EpisodeView:
    id: int
    version: int
    procedure_name: str
    procedure_date: str
    procedure_date_iso: str
    state: str
    status_label: str
    status_class: str
    risk: str
    alerts: list[dict[str, str]] = field(default_factory=list)
    holds: list[dict[str, str]] = field(default_factory=list)
    timeline: list[dict[str, str]] = field(default_factory=list)
    transitions: list[dict[str, str]] = field(default_factory=list)
    risks: list[dict[str, str]] = field(default_factory=list)
    checkins: list[dict[str, str]] = field(default_factory=list)
    plan_reviewed: bool = False
    can_consent: bool = False
    can_book: bool = False
    content_version: str = ""
    signed_off: str = ""  # "Signed off by … on …", or "" when not yet checked
    can_sign_off: bool = False
    content_changed: bool = False
    # What a patient is shown: "pending" (not yet checked), "not_going_ahead" or "plan".
    patient_view: str = "pending"
    flags: list[dict[str, str]] = field(default_factory=list)


def _hold_row(hold: dict[str, Any]) -> dict[str, str]:
    when = ""
    if hold["action"] == "stop" and hold.get("last_dose_date"):
        when = f"Last dose {long_date(hold['last_dose_date'])}"
        if hold.get("last_dose_by"):
            when += f" by {hold['last_dose_by'][11:]}"
    restart = ""
    if hold["action"] == "stop":
        restart = (
            f"From {hold['restart_hours_after']} h after ({long_date(hold['restart_date'])})"
            if hold.get("restart_date")
            else "Ask the team"
        )
    return {
        "medicine": hold["medicine"],
        "action": ACTION_LABELS[hold["action"]],
        "action_class": f"hold-{hold['action']}",
        "when": when,
        "restart": restart,
        "source": hold["source"],
        "evidence": hold["evidence"],
    }


def _checkin_row(checkin: CheckInRecord) -> dict[str, str]:
    label, css = DISPOSITION_LABELS[checkin.disposition]
    symptoms = ", ".join(s["code"].replace("_", " ") for s in checkin.symptoms) or "no symptoms"
    return {
        "when": checkin.reported_at.strftime("%d %b %Y %H:%M"),
        "symptoms": symptoms,
        "label": label,
        "css": css,
        "pain": "" if checkin.pain_nrs is None else str(checkin.pain_nrs),
        "relief": "" if checkin.relief_percent is None else f"{checkin.relief_percent}%",
    }


def when(moment: dt.datetime) -> str:
    """A moment as people read it: "Thursday 10 December 2026 at 14:05"."""
    return f"{format_date(moment.date())} at {format_time(moment)}"


def signed_off_text(episode: EpisodeRecord) -> str:
    if not episode.plan_reviewed or episode.signed_off_at is None:
        return ""
    by = episode.signed_off_by_name or "a clinician"
    return f"Checked and signed off by {by} on {when(episode.signed_off_at)}"


def _patient_view(episode: EpisodeRecord) -> str:
    if not episode.plan_reviewed:
        return "pending"
    if episode.plan_status in {"postpone", "not_eligible"}:
        return "not_going_ahead"
    return "plan"


def _timeline(plan: dict[str, Any], today: dt.date) -> list[dict[str, str]]:
    """The dated steps, each marked past, next (the first still to come) or later."""
    steps = []
    next_marked = False
    for step in plan["timeline"]:
        day = dt.date.fromisoformat(step["date"])
        if day < today:
            when_class = "past"
        elif not next_marked:
            when_class, next_marked = "next", True
        else:
            when_class = "later"
        steps.append(
            {"date": long_date(day), "text": step["text"], "code": step["code"], "when": when_class}
        )
    return steps


def flag_rows(flags: list[tuple[RedFlagRecord, str | None]]) -> list[dict[str, str]]:
    """An episode's alerts from check-ins, with who acknowledged each, when and their note."""
    rows = []
    for flag, by in flags:
        label, css = DISPOSITION_LABELS[flag.disposition]
        rows.append(
            {
                "id": str(flag.id),
                "label": label,
                "css": css,
                "summary": flag.summary,
                "reported": when(flag.reported_at or flag.raised_at),
                "acknowledged": ""
                if flag.acknowledged_at is None
                else f"Acknowledged by {by or 'staff'} on {when(flag.acknowledged_at)}",
                "note": flag.acknowledgement_note or "",
            }
        )
    return rows


def _moves(state: EpisodeState) -> list[EpisodeState]:
    """The stages an episode may move to, forward steps first and stopping it last, so no
    form starts on "Cancelled"."""
    order = list(EpisodeState)
    targets = set(TRANSITIONS[state]) | ({REOPEN[state]} if state in REOPEN else set())
    stopping = {EpisodeState.CANCELLED, EpisodeState.POSTPONED}
    return sorted(targets, key=lambda target: (target in stopping, order.index(target)))


def episode_view(
    episode: EpisodeRecord,
    knowledge: Knowledge,
    *,
    checkins: list[CheckInRecord] | None = None,
    staff: bool = True,
    may_sign_off: bool = False,
    today: dt.date | None = None,
    flags: list[tuple[RedFlagRecord, str | None]] | None = None,
) -> EpisodeView:
    plan = episode.plan
    label, css = STATUS_LABELS[plan["status"]]
    procedure = knowledge.procedures[episode.procedure_id]
    state = EpisodeState(episode.state)
    content_changed = episode.content_version != knowledge.version
    level = episode.plan_input.get("spinal_level")
    return EpisodeView(
        id=episode.id,
        version=episode.version,
        procedure_name=procedure.name,
        procedure_date=long_date(episode.procedure_date),
        procedure_date_iso=episode.procedure_date.isoformat(),
        state=state_label(episode.state),
        status_label=label,
        status_class=css,
        risk=plan["procedure"]["bleeding_risk"],
        alerts=[
            {
                "code": a["code"],
                "message": a["message"],
                "source": a["source"],
                "css": SEVERITY_CLASSES[a["severity"]],
                "severity": a["severity"],
            }
            for a in plan["alerts"]
        ]
        if staff
        else [],
        holds=[_hold_row(h) for h in plan["medication_holds"]],
        timeline=_timeline(plan, today or dt.date.today()),
        transitions=[
            {"to": target.value, "label": state_label(target.value)}
            for target in _moves(state)
            if staff and target is not EpisodeState.CONSENTED
        ],
        risks=[
            {
                "id": s.id,
                "text": s.text,
                "band": frequency(s, knowledge.pathway.frequency_bands),
            }
            for s in consent_risks(procedure, level)
        ],
        checkins=[_checkin_row(c) for c in checkins or []],
        plan_reviewed=episode.plan_reviewed,
        can_consent=staff and state in {EpisodeState.ASSESSED, EpisodeState.CONSENTED},
        can_book=staff
        and state in {EpisodeState.CONSENTED, EpisodeState.SCHEDULED, EpisodeState.ASSESSED},
        content_version=episode.content_version,
        signed_off=signed_off_text(episode),
        can_sign_off=staff
        and may_sign_off
        and not episode.plan_reviewed
        and not content_changed
        and state in ACTIVE,
        content_changed=content_changed,
        patient_view=_patient_view(episode),
        flags=flag_rows(flags or []),
    )


def patient_row(patient: PatientRecord) -> dict[str, str]:
    return {
        "id": str(patient.id),
        "name": patient.name,
        "dob": long_date(patient.date_of_birth),
        "nhs": patient.nhs_number or "",
        "mrn": patient.mrn or "",
    }


def waiting(reported: dt.datetime, now: dt.datetime) -> tuple[str, str]:
    """How long an alert has waited, in words, and its CSS class: it escalates with age
    (over an hour: waiting; over four hours: overdue)."""
    minutes = max(0, int((now - reported).total_seconds() // 60))
    if minutes < 60:
        text = "under an hour ago" if minutes else "just now"
    elif minutes < 48 * 60:
        hours = minutes // 60
        text = f"{hours} hour{'s' if hours != 1 else ''} ago"
    else:
        text = f"{minutes // (24 * 60)} days ago"
    css = "age-new" if minutes < 60 else "age-waiting" if minutes < 240 else "age-overdue"
    return text, css


def worklist_rows(
    items: list[dict[str, Any]], knowledge: Knowledge, now: dt.datetime | None = None
) -> list[dict[str, str]]:
    now = now or dt.datetime.now()
    rows = []
    for item in items:
        age, age_css = "", ""
        detail = ""
        if "alerts" in item:
            detail = "; ".join(a["code"] for a in item["alerts"])
        elif "holds" in item:
            detail = "; ".join(
                f"{h['medicine']} last dose {long_date(h['last_dose_date'])}" for h in item["holds"]
            )
        elif "reasons" in item:
            detail = "; ".join(item["reasons"])
        elif "summary" in item:
            reported = dt.datetime.fromisoformat(item["reported_at"])
            age, age_css = waiting(reported, now)
            detail = (
                f"{DISPOSITION_LABELS[item['disposition']][0]}: {item['summary']}. "
                f"Reported {when(reported)} ({age})"
            )
        elif "follow_up_due" in item:
            detail = f"due {long_date(item['follow_up_due'])} ({item['days_overdue']} days overdue)"
        label, css = STATUS_LABELS.get(item["plan_status"], ("", ""))
        rows.append(
            {
                "episode_id": str(item["episode_id"]),
                "alert_id": str(item.get("alert_id", "")),
                "patient": item["patient_name"],
                "procedure": knowledge.procedures[item["procedure"]].name,
                "date": long_date(item["procedure_date"]),
                "status": label,
                "css": css,
                "detail": detail,
                "age_css": age_css,
            }
        )
    return rows


@dataclass
class TriageResult:
    """What a patient is told after a check-in, most urgent first."""

    disposition: str
    label: str
    emergency: bool
    emergency_number: str
    clinic_phone: str
    advice: list[str]
    clinic_told: bool


def triage_result(
    triage: dict[str, Any], region: str, phone: str, knowledge: Knowledge
) -> TriageResult:
    disposition = triage["disposition"]
    advice: list[str] = []
    for reason in triage["reasons"]:
        if reason["advice"] not in advice:
            advice.append(reason["advice"])
    return TriageResult(
        disposition=disposition,
        label=DISPOSITION_LABELS[disposition][0],
        emergency=disposition == "emergency",
        emergency_number=knowledge.pathway.regions[region].emergency_number,
        clinic_phone=phone,
        advice=advice,
        clinic_told=disposition != "self_care",
    )


def consent_rows(
    consents: list[ConsentRecord], knowledge: Knowledge, episode: EpisodeRecord
) -> list[dict[str, Any]]:
    """A patient's own consent records: when, and the risks talked through, in words."""
    procedure = knowledge.procedures[episode.procedure_id]
    texts = {risk.id: risk.text for risk in procedure.side_effects}
    return [
        {
            "on": long_date(consent.consented_on),
            "risks": [texts.get(risk, risk) for risk in consent.risks_discussed],
        }
        for consent in consents
    ]
