"""The v1 input models of the engine contract (pydantic), with strict, field-named checks.

Unknown fields are refused: a misspelt ``active_infecton: true`` must never be ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
)

from spinepath.domain.model import Injury, SpinalLevel

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$")


# Dates outside these are typing errors, not plans (engine contract v1.1).
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a real calendar date") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"must be between {EARLIEST_DATE} and {LATEST_DATE}")
    return day


def _iso_timestamp(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        raise ValueError("must be a timestamp written YYYY-MM-DDTHH:MM")
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a real date and time") from None


def _clock(value: object) -> object:
    if value is None or isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not re.match(r"^\d{2}:\d{2}(?::\d{2})?$", value):
        raise ValueError("must be a time written HH:MM")
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a real time of day") from None


def _word(value: object) -> object:
    """Any letter case, spaces or hyphens for underscores."""
    if isinstance(value, str):
        return re.sub(r"[\s-]+", "_", value.strip().lower())
    return value


# Characters that change how text around them is shown without being seen: the
# bidirectional embeddings, overrides and isolates (a name can be made to read backwards,
# "Trojan Source"), zero-width marks, and control characters other than line breaks and tabs.
_HIDDEN = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def _visible(value: object) -> object:
    if isinstance(value, str):
        found = _HIDDEN.search(value)
        if found:
            code = f"U+{ord(found.group()):04X}"
            raise ValueError(f"holds a hidden control character ({code}); retype it")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IsoTimestamp = Annotated[dt.datetime, BeforeValidator(_iso_timestamp)]
ClockTime = Annotated[dt.time | None, BeforeValidator(_clock)]
Text = Annotated[str, Field(max_length=500)]
VisibleText = Annotated[str, AfterValidator(_visible)]
"""Text with no hidden control characters (names, identifiers, notes)."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    """NUL and other control characters (tab and line breaks are allowed)."""
    return bool(_CONTROL.search(text))


def _no_control_characters(value: object) -> object:
    if isinstance(value, str) and has_control_characters(value):
        raise ValueError("must not contain control characters")
    if isinstance(value, list):
        for item in value:
            _no_control_characters(item)
    return value


class ContractModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    @field_validator("*", mode="before")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        """No field may carry NUL or other control characters (a database cannot store NUL)."""
        return _no_control_characters(value)


class PlanInput(ContractModel):
    """The pre-procedure plan input of the engine contract."""

    procedure: str = Field(min_length=1, max_length=100)
    procedure_date: IsoDate
    today: IsoDate | None = None
    medications: list[Text] = Field(default_factory=list, max_length=200)
    conditions: list[Text] = Field(default_factory=list, max_length=200)
    allergies: list[Text] = Field(default_factory=list, max_length=200)
    pregnancy_possible: StrictBool | None = None
    active_infection: StrictBool | None = None
    travel_within_14_days_after: StrictBool | None = None
    escort_arranged: StrictBool | None = None
    creatinine_clearance_ml_min: float | None = Field(default=None, ge=0, le=300)
    months_since_last_spine_surgery: float | None = Field(default=None, ge=0, le=1200)
    injury: Annotated[Injury | None, BeforeValidator(_word)] = None
    other_treatments_tried: StrictBool | None = None
    spinal_level: Annotated[SpinalLevel | None, BeforeValidator(_word)] = None
    procedure_time: ClockTime = None
    region: Literal["uk", "us"] = "uk"

    @field_validator("procedure")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a procedure")
        return value


class SymptomInput(ContractModel):
    code: str = Field(min_length=1, max_length=60)
    duration_hours: float | None = Field(default=None, ge=0, le=24 * 365)


class TriageInput(ContractModel):
    """The symptom triage input of the engine contract."""

    procedure: str = Field(min_length=1, max_length=100)
    procedure_date: IsoDate
    reported_at: IsoTimestamp
    symptoms: list[SymptomInput] = Field(max_length=50)
    region: Literal["uk", "us"] = "uk"


class MedicationsInput(ContractModel):
    """The body of ``POST /api/v1/meds/parse``."""

    lines: list[Text] = Field(max_length=500)


class ConditionsInput(ContractModel):
    """Condition items to read on their own, as a plan's ``conditions`` would be read."""

    conditions: list[Text] = Field(max_length=200)
