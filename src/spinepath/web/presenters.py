"""Presenters decide; templates print. Plans and records become labels, dates and classes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from spinepath.domain.dates import format_date
from spinepath.domain.episodes import TRANSITIONS, EpisodeState
from spinepath.domain.model import Knowledge
from spinepath.domain.records import CheckInRecord, EpisodeRecord, PatientRecord

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
    "needs-review": "Plans that need review",
    "holds-this-week": "Medicine holds starting this week",
    "not-ready-14-days": "Procedures in the next 14 days not yet ready",
    "red-flags": "Red flags from check-ins",
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


def episode_view(
    episode: EpisodeRecord,
    knowledge: Knowledge,
    *,
    checkins: list[CheckInRecord] | None = None,
    staff: bool = True,
) -> EpisodeView:
    plan = episode.plan
    label, css = STATUS_LABELS[plan["status"]]
    procedure = knowledge.procedures[episode.procedure_id]
    state = EpisodeState(episode.state)
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
        timeline=[
            {"date": long_date(t["date"]), "text": t["text"], "code": t["code"]}
            for t in plan["timeline"]
        ],
        transitions=[
            {"to": target.value, "label": state_label(target.value)}
            for target in sorted(TRANSITIONS[state])
            if staff and target is not EpisodeState.CONSENTED
        ],
        risks=[
            {
                "id": s.id,
                "text": s.text,
                "band": knowledge.pathway.frequency_bands[s.band]
                + (f" ({s.rate})" if s.rate else ""),
            }
            for s in procedure.side_effects
        ],
        checkins=[_checkin_row(c) for c in checkins or []],
        plan_reviewed=episode.plan_reviewed,
        can_consent=staff and state in {EpisodeState.ASSESSED, EpisodeState.CONSENTED},
        can_book=staff
        and state in {EpisodeState.CONSENTED, EpisodeState.SCHEDULED, EpisodeState.ASSESSED},
        content_version=episode.content_version,
    )


def patient_row(patient: PatientRecord) -> dict[str, str]:
    return {
        "id": str(patient.id),
        "name": patient.name,
        "dob": long_date(patient.date_of_birth),
        "nhs": patient.nhs_number or "",
        "mrn": patient.mrn or "",
    }


def worklist_rows(items: list[dict[str, Any]], knowledge: Knowledge) -> list[dict[str, str]]:
    rows = []
    for item in items:
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
            detail = item["summary"]
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
            }
        )
    return rows
