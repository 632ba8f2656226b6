"""HTML form values ⇄ contract inputs, keeping what was typed when it is refused."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from spinepath.domain.model import Knowledge

TEXT_FIELDS = (
    "procedure",
    "procedure_date",
    "spinal_level",
    "injury",
    "creatinine_clearance_ml_min",
    "months_since_last_spine_surgery",
)
LIST_FIELDS = ("medications", "conditions", "allergies")
CHOICE_FIELDS = (
    "pregnancy_possible",
    "active_infection",
    "travel_within_14_days_after",
    "escort_arranged",
    "other_treatments_tried",
)
EMPTY_EPISODE: dict[str, str] = dict.fromkeys((*TEXT_FIELDS, *LIST_FIELDS, *CHOICE_FIELDS), "")
SYMPTOMS = (
    "chest_pain",
    "breathlessness",
    "headache",
    "injection_site_redness",
    "injection_site_warmth",
    "injection_site_tenderness",
    "bruising",
    "fever",
    "leg_weakness",
    "arm_weakness",
    "numbness",
    "incontinence",
    "visual_disturbance",
    "increased_pain",
    "wound_discharge",
)


def episode_values(data: FormData) -> dict[str, str]:
    return {name: str(data.get(name, "")) for name in EMPTY_EPISODE}


def _number(text: str) -> float | str | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        return text  # refused by the contract with the field named


def plan_input_from(values: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "procedure": values["procedure"],
        "procedure_date": values["procedure_date"],
    }
    for name in LIST_FIELDS:
        body[name] = [line.strip() for line in values[name].splitlines() if line.strip()]
    for name in CHOICE_FIELDS:
        body[name] = {"yes": True, "no": False}.get(values[name])
    for name in ("spinal_level", "injury"):
        body[name] = values[name] or None
    for name in ("creatinine_clearance_ml_min", "months_since_last_spine_surgery"):
        body[name] = _number(values[name])
    return body


def form_field(field: str) -> str:
    """The form field an input error belongs to (``medications[2]`` → ``medications``)."""
    return field.split("[")[0].split(".")[0]


def options(knowledge: Knowledge) -> dict[str, list[tuple[str, str]]]:
    return {
        "procedure": [(p.id, p.name) for p in knowledge.procedures.values()],
        "spinal_level": [
            ("", "Not given"),
            *((x, x.capitalize()) for x in ("cervical", "thoracic", "lumbar", "sacral")),
        ],
        "injury": [
            ("", "None recorded"),
            ("brachial_plexus_avulsion", "Brachial plexus avulsion"),
            ("brachial_plexus_injury", "Brachial plexus injury"),
            ("spinal_cord_injury", "Spinal cord injury"),
            ("other", "Other"),
        ],
        "choice": [("", "Not known"), ("yes", "Yes"), ("no", "No")],
        "symptoms": [(code, code.replace("_", " ").capitalize()) for code in SYMPTOMS],
    }


def checkin_from(data: FormData) -> dict[str, Any]:
    symptoms = []
    for code in data.getlist("symptoms"):
        hours = str(data.get(f"hours_{code}", "")).strip()
        entry: dict[str, Any] = {"code": str(code)}
        if hours:
            entry["duration_hours"] = _number(hours)
        symptoms.append(entry)
    body: dict[str, Any] = {"reported_at": str(data.get("reported_at", "")), "symptoms": symptoms}
    for name in ("pain_nrs", "relief_percent"):
        text = str(data.get(name, "")).strip()
        if text:
            body[name] = int(text) if text.isdigit() else text
    return body
