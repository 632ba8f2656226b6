"""The engine contract (v1) as Python functions over JSON-shaped values.

The CLI and the HTTP API are thin doors over these four functions, so all three answer
the same JSON. The system date is read here, and only here, when ``today`` is not given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from spinepath.contract import serialise
from spinepath.contract.errors import InputError, input_error_from
from spinepath.contract.models import ConditionsInput, MedicationsInput, PlanInput, TriageInput
from spinepath.domain.facts import read_condition
from spinepath.domain.medications import parse_medication_line
from spinepath.domain.model import Knowledge, Procedure
from spinepath.domain.plan import PlanRequest
from spinepath.domain.planning import make_plan as plan_for
from spinepath.domain.triage import ReportedSymptom, TriageRequest
from spinepath.domain.triage import triage as triage_for
from spinepath.knowledge.loader import default_knowledge

JSON = dict[str, Any]
M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: object) -> M:
    """Check a JSON-shaped value against a contract model; errors name the field."""
    if isinstance(data, model):
        return data
    if not isinstance(data, dict):
        raise InputError("(input)", "must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise input_error_from(exc) from None


def resolve_procedure(name: str, knowledge: Knowledge) -> Procedure:
    procedure = knowledge.find_procedure(name)
    if procedure is None:
        known = ", ".join(sorted(knowledge.procedures))
        raise InputError("procedure", f"unknown procedure {name!r}; known ids: {known}")
    return procedure


def plan_request_from(data: object, knowledge: Knowledge) -> PlanRequest:
    """Check a plan input and turn it into the engine's request."""
    return request_from_checked(validate(PlanInput, data), knowledge)


def request_from_checked(checked: PlanInput, knowledge: Knowledge) -> PlanRequest:
    """The engine's request from an input already checked against the contract model."""
    today = checked.today or dt.date.today()
    if checked.procedure_date < today:
        raise InputError("procedure_date", f"{checked.procedure_date} is before today ({today})")
    return PlanRequest(
        procedure=resolve_procedure(checked.procedure, knowledge),
        procedure_date=checked.procedure_date,
        today=today,
        medications=tuple(checked.medications),
        conditions=tuple(checked.conditions),
        allergies=tuple(checked.allergies),
        pregnancy_possible=checked.pregnancy_possible,
        active_infection=checked.active_infection,
        travel_within_14_days_after=checked.travel_within_14_days_after,
        escort_arranged=checked.escort_arranged,
        creatinine_clearance_ml_min=checked.creatinine_clearance_ml_min,
        months_since_last_spine_surgery=checked.months_since_last_spine_surgery,
        injury=checked.injury,
        other_treatments_tried=checked.other_treatments_tried,
        spinal_level=checked.spinal_level,
        procedure_time=checked.procedure_time,
        region=checked.region,
    )


def triage_request_from(data: object, knowledge: Knowledge) -> TriageRequest:
    checked = validate(TriageInput, data)
    for index, symptom in enumerate(checked.symptoms):
        if symptom.code not in knowledge.symptoms:
            known = ", ".join(sorted(knowledge.symptoms))
            raise InputError(
                f"symptoms[{index}].code", f"unknown symptom {symptom.code!r}; known codes: {known}"
            )
    if checked.reported_at.date() < checked.procedure_date:
        raise InputError("reported_at", "is before the procedure date")
    return TriageRequest(
        procedure=resolve_procedure(checked.procedure, knowledge),
        procedure_date=checked.procedure_date,
        reported_at=checked.reported_at,
        symptoms=tuple(ReportedSymptom(s.code, s.duration_hours) for s in checked.symptoms),
        region=checked.region,
    )


def catalogue(knowledge: Knowledge | None = None) -> list[JSON]:
    knowledge = knowledge or default_knowledge()
    return [serialise.procedure_entry(p, knowledge) for p in knowledge.procedures.values()]


def parse_medications(lines: list[str], knowledge: Knowledge | None = None) -> list[JSON]:
    knowledge = knowledge or default_knowledge()
    checked = validate(MedicationsInput, {"lines": lines})
    return [
        serialise.medication_line(parse_medication_line(line, knowledge.lexicon))
        for line in checked.lines
    ]


def read_conditions(conditions: list[str], knowledge: Knowledge | None = None) -> list[JSON]:
    """Each condition as a plan would read it: recognised or not, its meaning and codes."""
    knowledge = knowledge or default_knowledge()
    checked = validate(ConditionsInput, {"conditions": conditions})
    return [
        serialise.condition(read_condition(text, knowledge.conditions, knowledge.condition_wording))
        for text in checked.conditions
    ]


def make_plan(plan_input: dict[str, Any], knowledge: Knowledge | None = None) -> JSON:
    knowledge = knowledge or default_knowledge()
    return serialise.plan(plan_for(plan_request_from(plan_input, knowledge), knowledge), knowledge)


def make_plan_checked(checked: PlanInput, knowledge: Knowledge | None = None) -> JSON:
    """``make_plan`` for an input the HTTP layer has already checked (no second check)."""
    knowledge = knowledge or default_knowledge()
    return serialise.plan(plan_for(request_from_checked(checked, knowledge), knowledge), knowledge)


def triage(triage_input: dict[str, Any], knowledge: Knowledge | None = None) -> JSON:
    knowledge = knowledge or default_knowledge()
    request = triage_request_from(triage_input, knowledge)
    return serialise.triage_result(triage_for(request, knowledge), request, knowledge)
