"""Whether a patient meets a procedure's eligibility criteria, with the reasons."""

from __future__ import annotations

from dataclasses import dataclass

from spinepath.domain.model import EligibilityCriterion
from spinepath.domain.plan import PlanRequest


@dataclass(frozen=True, slots=True)
class EligibilityFinding:
    criterion: EligibilityCriterion
    met: bool | None
    """True, False, or None when the fact it needs is not recorded."""
    field: str


def _check(criterion: EligibilityCriterion, request: PlanRequest) -> EligibilityFinding:
    if criterion.kind == "injury_in":
        # A missing injury is not "unknown": the criterion asks for a recorded injury of a
        # named kind, and without one the procedure is not indicated.
        met = request.injury is not None and request.injury.value in criterion.values
        return EligibilityFinding(criterion, met, "injury")
    if criterion.kind == "other_treatments_tried":
        return EligibilityFinding(
            criterion, request.other_treatments_tried, "other_treatments_tried"
        )
    if criterion.kind == "min_months_since_last_spine_surgery":
        months = request.months_since_last_spine_surgery
        needed = criterion.months or 0
        return EligibilityFinding(
            criterion,
            None if months is None else months >= needed,
            "months_since_last_spine_surgery",
        )
    # A criterion kind the engine does not know is never passed silently.
    return EligibilityFinding(criterion, None, criterion.kind)


def assess_eligibility(request: PlanRequest) -> tuple[EligibilityFinding, ...]:
    return tuple(_check(c, request) for c in request.procedure.eligibility)
