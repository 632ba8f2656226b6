"""The values a plan is made from and made of: the request, alerts, holds, timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spinepath.domain.facts import ConditionReading
from spinepath.domain.medications import MedicationLine
from spinepath.domain.model import (
    HoldAction,
    Injury,
    Procedure,
    RiskClass,
    Severity,
    SpinalLevel,
    Status,
)


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """A patient's facts for one procedure; ``today`` is always given by the caller."""

    procedure: Procedure
    procedure_date: dt.date
    today: dt.date
    medications: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    pregnancy_possible: bool | None = None
    active_infection: bool | None = None
    travel_within_14_days_after: bool | None = None
    escort_arranged: bool | None = None
    creatinine_clearance_ml_min: float | None = None
    months_since_last_spine_surgery: float | None = None
    injury: Injury | None = None
    other_treatments_tried: bool | None = None
    spinal_level: SpinalLevel | None = None
    procedure_time: dt.time | None = None
    region: str = "uk"


@dataclass(frozen=True, slots=True)
class Alert:
    code: str
    severity: Severity
    effect: Status
    message: str
    source: str
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class MedicationHold:
    input: str
    ingredient: str
    medicine: str
    action: HoldAction
    stop_days_before: int | None
    stop_hours_before: int | None
    last_dose_date: dt.date | None
    last_dose_by: dt.datetime | None
    restart_hours_after: int | None
    restart_date: dt.date | None
    source: str
    evidence: str
    rule: str
    note: str
    classes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: dt.date
    code: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Plan:
    procedure: Procedure
    bleeding_risk: RiskClass
    status: Status
    alerts: tuple[Alert, ...]
    medication_holds: tuple[MedicationHold, ...]
    timeline: tuple[TimelineEntry, ...]
    medications: tuple[MedicationLine, ...]
    knowledge_version: str
    conditions: tuple[ConditionReading, ...] = ()
