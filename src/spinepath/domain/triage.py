"""Symptom triage after a procedure: how urgent, what to do, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spinepath.domain.model import Disposition, Knowledge, Procedure, TriageRule


@dataclass(frozen=True, slots=True)
class ReportedSymptom:
    code: str
    duration_hours: float | None = None


@dataclass(frozen=True, slots=True)
class TriageRequest:
    procedure: Procedure
    procedure_date: dt.date
    reported_at: dt.datetime
    symptoms: tuple[ReportedSymptom, ...]
    region: str = "uk"


@dataclass(frozen=True, slots=True)
class TriageReason:
    symptom: str
    disposition: Disposition
    advice: str
    source: str


@dataclass(frozen=True, slots=True)
class TriageResult:
    disposition: Disposition
    reasons: tuple[TriageReason, ...]


def hours_since_procedure(request: TriageRequest) -> float:
    """Hours from the start of the procedure day to the report."""
    start = dt.datetime.combine(request.procedure_date, dt.time())
    return (request.reported_at - start).total_seconds() / 3600


def _applies(rule: TriageRule, symptom: ReportedSymptom, since: float, procedure_id: str) -> bool:
    # An unknown duration is treated as long-lasting: a "wears off within hours" rule
    # never applies without a duration.
    duration = symptom.duration_hours
    if rule.max_duration_hours is not None and (
        duration is None or duration > rule.max_duration_hours
    ):
        return False
    if rule.min_duration_hours is not None and (
        duration is None or duration < rule.min_duration_hours
    ):
        return False
    if rule.max_hours_since_procedure is not None and since > rule.max_hours_since_procedure:
        return False
    return not rule.procedures or procedure_id in rule.procedures


def triage(request: TriageRequest, knowledge: Knowledge) -> TriageResult:
    """Each symptom's disposition, any combination that is more urgent, and the worst."""
    region = knowledge.pathway.regions.get(request.region, knowledge.pathway.regions["uk"])
    words = {
        "emergency_number": region.emergency_number,
        "primary_care": region.primary_care,
        "paracetamol": region.paracetamol,
    }
    since = hours_since_procedure(request)
    reasons: list[TriageReason] = []
    for symptom in request.symptoms:
        definition = knowledge.symptoms[symptom.code]
        rule = next(
            r for r in definition.rules if _applies(r, symptom, since, request.procedure.id)
        )
        reasons.append(
            TriageReason(symptom.code, rule.disposition, rule.advice.format_map(words), rule.source)
        )
    reported = {s.code for s in request.symptoms}
    for combo in knowledge.symptom_combinations:
        if set(combo.all_of) <= reported and (not combo.any_of or reported & set(combo.any_of)):
            present = [*combo.all_of, *sorted(reported & set(combo.any_of))]
            reasons.append(
                TriageReason(
                    " + ".join(present),
                    combo.disposition,
                    combo.advice.format_map(words),
                    combo.source,
                )
            )
    reasons.sort(key=lambda r: -r.disposition)
    worst = max((r.disposition for r in reasons), default=Disposition.SELF_CARE)
    return TriageResult(worst, tuple(reasons))
