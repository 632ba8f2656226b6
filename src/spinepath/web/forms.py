"""HTML form values ⇄ contract inputs, keeping what was typed when it is refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from spinepath.contract.app_models import CLOCK_SKEW
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


def symptom_options(knowledge: Knowledge) -> list[tuple[str, str]]:
    """The symptoms a check-in asks about, from the triage content (one vocabulary)."""
    return [
        (code, symptom.label[:1].upper() + symptom.label[1:])
        for code, symptom in knowledge.symptoms.items()
    ]


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
        "symptoms": symptom_options(knowledge),
    }


# The Patient Global Impression of Change, 7 points, as IMMPACT uses it (Dworkin RH et al.,
# J Pain 2008;9(2):105-121; Farrar JT et al., Pain 2001;94(2):149-158): 1 is best.
PGIC_OPTIONS = (
    ("1", "Very much better"),
    ("2", "Much better"),
    ("3", "A little better"),
    ("4", "No change"),
    ("5", "A little worse"),
    ("6", "Much worse"),
    ("7", "Very much worse"),
)


@dataclass
class CheckInForm:
    """A check-in form as typed: the values (kept when refused), the contract input made
    from them, and an error beside each field that cannot be read."""

    values: dict[str, Any]
    body: dict[str, Any]
    errors: dict[str, str]


def _whole_number(text: str, low: int, high: int, what: str) -> tuple[int | None, str | None]:
    if not text:
        return None, None
    if not text.isdigit() or not low <= int(text) <= high:
        return None, f"Enter {what}: a whole number from {low} to {high}, like {high // 2}."
    return int(text), None


def checkin_form(data: FormData, symptom_codes: list[str], now: dt.datetime) -> CheckInForm:
    """Read the check-in page's form; "when" is now unless the patient changed it."""
    chosen = [str(code) for code in data.getlist("symptoms") if str(code) in symptom_codes]
    values: dict[str, Any] = {
        "reported_at": str(data.get("reported_at", "")).strip(),
        "symptoms": chosen,
        "pain_nrs": str(data.get("pain_nrs", "")).strip(),
        "relief_percent": str(data.get("relief_percent", "")).strip(),
        "pgic": str(data.get("pgic", "")).strip(),
        "note": str(data.get("note", "")).strip(),
        "hours": {code: str(data.get(f"hours_{code}", "")).strip() for code in symptom_codes},
    }
    errors: dict[str, str] = {}
    reported = now
    if values["reported_at"]:
        try:
            reported = dt.datetime.fromisoformat(values["reported_at"])
        except ValueError:
            errors["reported_at"] = "Enter the date and time, or leave it as it is for now."
        else:
            if reported > now + CLOCK_SKEW:
                errors["reported_at"] = "This time is in the future. Enter when you felt this."
    symptoms: list[dict[str, Any]] = []
    for code in chosen:
        entry: dict[str, Any] = {"code": code}
        hours = values["hours"][code]
        if hours:
            try:
                entry["duration_hours"] = float(hours)
                if not 0 <= entry["duration_hours"] <= 24 * 365:
                    raise ValueError
            except ValueError:
                errors[f"hours_{code}"] = "Enter the number of hours, like 3 or 30."
        symptoms.append(entry)
    body: dict[str, Any] = {
        "reported_at": reported.strftime("%Y-%m-%dT%H:%M"),
        "symptoms": symptoms,
    }
    for name, low, high, what in (
        ("pain_nrs", 0, 10, "your pain"),
        ("relief_percent", 0, 100, "how much better, in percent"),
        ("pgic", 1, 7, "how you feel"),
    ):
        number, problem = _whole_number(values[name], low, high, what)
        if problem:
            errors[name] = problem
        elif number is not None:
            body[name] = number
    if len(values["note"]) > 2000:
        errors["note"] = "Please keep this under 2,000 characters."
    elif values["note"]:
        body["note"] = values["note"]
    return CheckInForm(values, body, errors)
