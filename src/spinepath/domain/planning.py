"""Turning a patient's facts into a dated, cited pre-procedure plan.

``make_plan`` is pure and total: postponing or refusing is a result, not an exception.
Anything the engine cannot read becomes an alert for a human.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spinepath.domain.eligibility import assess_eligibility
from spinepath.domain.facts import ConditionReading, read_allergies, read_condition
from spinepath.domain.holds import HoldContext, HoldDecision, decide_line_holds
from spinepath.domain.medications import MedicationLine, parse_medication_line
from spinepath.domain.model import HoldAction, Knowledge, RiskClass, Status
from spinepath.domain.plan import Alert, MedicationHold, Plan, PlanRequest
from spinepath.domain.timeline import build_timeline

BLOOD_THINNERS = frozenset({"anticoagulant", "antiplatelet"})


class _Alerts:
    """Collects alerts, each built from its definition in the knowledge."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.items: list[Alert] = []

    def add(
        self, code: str, *, source: str | None = None, subject: str | None = None, **fields: object
    ) -> None:
        definition = self.knowledge.alerts[code]
        message = definition.message.format_map({k: str(v) for k, v in fields.items()})
        self.items.append(
            Alert(
                code,
                definition.severity,
                definition.effect,
                message,
                source or definition.source,
                subject,
            )
        )


def _has_diabetes(conditions: Iterable[str | None], lines: Iterable[MedicationLine]) -> bool:
    return "diabetes" in conditions or any(
        line.current and "antidiabetic" in line.classes for line in lines
    )


def _effective_risk(
    request: PlanRequest, effects: list[tuple[str, str, bool]], alerts: _Alerts
) -> RiskClass:
    """The procedure's class at its level, raised one step for patient bleeding factors."""
    base = request.procedure.risk_at(request.spinal_level)
    raisers = [text for text, _, raises in effects if raises]
    if not raisers or base is RiskClass.HIGH:
        return base
    raised = base.raised()
    alerts.add("risk-raised", from_class=base, to_class=raised, condition=", ".join(raisers))
    return raised


def read_conditions(request: PlanRequest, knowledge: Knowledge) -> tuple[ConditionReading, ...]:
    """Each non-blank condition item as read, in order."""
    return tuple(
        read_condition(text, knowledge.conditions, knowledge.condition_wording)
        for text in request.conditions
        if text.strip()
    )


def _condition_alerts(
    reading: ConditionReading,
    request: PlanRequest,
    alerts: _Alerts,
    effects: list[tuple[str, str, bool]],
) -> None:
    knowledge = alerts.knowledge
    text = reading.text
    if not reading.recognized:
        alerts.add("unrecognized-condition", condition=text, subject=text)
        return
    for finding in reading.findings:
        concept, effect = finding.concept, finding.effect
        raises = finding.counts and concept.raises_risk
        if finding.counts and concept.stage_unknown:
            crcl = request.creatinine_clearance_ml_min
            if crcl is None:
                alerts.add("kidney-stage-unknown", condition=text, subject=text)
            else:
                raises = crcl < knowledge.condition_wording.severe_kidney_below_crcl
        effects.append((text, effect, raises))
        if effect == "bleeding_disorder":
            alerts.add("bleeding-disorder", condition=text, subject=text)
        elif effect == "infection":
            alerts.add("infection-listed", condition=text, subject=text)
        elif effect == "pregnancy" and not request.pregnancy_possible:
            alerts.add("pregnancy-possible")


def _fact_alerts(
    request: PlanRequest,
    knowledge: Knowledge,
    alerts: _Alerts,
    readings: tuple[ConditionReading, ...],
) -> list[tuple[str, str, bool]]:
    """Alerts from the yes/no facts, conditions and allergies; returns condition effects."""
    procedure = request.procedure
    if request.active_infection:
        alerts.add("active-infection")
    if request.pregnancy_possible:
        alerts.add("pregnancy-possible")
    if request.travel_within_14_days_after:
        alerts.add("travel-after")
    if procedure.day_case and request.escort_arranged is False:
        alerts.add("no-escort")
    elif procedure.day_case and request.escort_arranged is None:
        alerts.add("escort-not-recorded")
    if request.procedure_date < request.today:
        alerts.add("procedure-date-passed", date=request.procedure_date, today=request.today)
    effects: list[tuple[str, str, bool]] = []
    for reading in readings:
        _condition_alerts(reading, request, alerts, effects)
    for allergy in read_allergies(
        request.allergies, knowledge.no_allergy_patterns, knowledge.allergy_notes
    ):
        detail = "".join(note.note for note in allergy.notes)
        source = allergy.notes[0].source if allergy.notes else None
        alerts.add(
            "allergy", allergy=allergy.text, detail=detail, source=source, subject=allergy.text
        )
    return effects


def _eligibility_alerts(request: PlanRequest, alerts: _Alerts) -> None:
    for finding in assess_eligibility(request):
        criterion = finding.criterion
        if finding.met is False:
            alerts.add("eligibility", detail=criterion.reason, source=criterion.source)
        elif finding.met is None:
            alerts.add(
                "eligibility-unconfirmed",
                detail=criterion.reason,
                field=finding.field,
                source=criterion.source,
            )


def _line_alerts(line: MedicationLine, alerts: _Alerts) -> None:
    if line.no_medicine:
        return
    if not line.current and BLOOD_THINNERS & set(line.classes):
        medicine = ", ".join(line.ingredients) or " or ".join(line.class_only)
        alerts.add(
            "blood-thinner-stopped", line=line.input.strip(), medicine=medicine, subject=line.input
        )
    if not line.recognized and not line.candidates:
        alerts.add("unrecognized-medication", line=line.input.strip(), subject=line.input)
        return
    if line.class_only and line.current:
        kind = " or ".join(c.replace("_", " ") for c in line.class_only)
        code = "blood-thinner-unnamed" if BLOOD_THINNERS & set(line.class_only) else None
        alerts.add(
            code or "medicine-kind-unnamed", line=line.input.strip(), kind=kind, subject=line.input
        )
    unreviewed = sorted({e.label for e in line.entries if e.ingredients and not e.classes})
    if unreviewed and line.current:
        alerts.add(
            "unreviewed-medication",
            line=line.input.strip(),
            medicine=", ".join(unreviewed),
            subject=line.input,
        )
    if line.corrected or line.candidates:
        parts = [f"read '{w}' as {name}" for w, name in line.corrected]
        parts += [f"could be {c}" for c in line.candidates]
        alerts.add(
            "uncertain-medication",
            line=line.input.strip(),
            detail="; ".join(parts),
            subject=line.input,
        )


def _action_words(hold: MedicationHold) -> str:
    if hold.action is HoldAction.STOP and hold.stop_days_before is not None:
        return (
            f"stop {hold.stop_days_before} days before (last dose {hold.last_dose_date}); "
            f"{hold.note}"
        )
    if hold.action is HoldAction.STOP:
        by = hold.last_dose_by
        return f"stop {hold.stop_hours_before} hours before (last dose by {by}); {hold.note}"
    return f"discuss with the prescriber; {hold.note}"


def _hold_alerts(decision: HoldDecision, request: PlanRequest, alerts: _Alerts) -> None:
    hold = decision.hold
    subject = hold.input
    if hold.action is not HoldAction.CONTINUE:
        code = "anticoagulant" if BLOOD_THINNERS & set(hold.classes) else "bleeding-risk-medicine"
        alerts.add(
            code,
            medicine=hold.medicine,
            detail=_action_words(hold),
            source=hold.source,
            subject=subject,
        )
    if decision.renal is not None:
        crcl = request.creatinine_clearance_ml_min
        detail = (
            "not recorded: the longer interval is used until it is known."
            if decision.renal == "unknown"
            else f"reduced (creatinine clearance {crcl:g} mL/min): the longer interval is used."
        )
        alerts.add("renal-function", medicine=hold.medicine, detail=detail, subject=subject)
    if decision.rule.inr_check and hold.action is HoldAction.STOP:
        alerts.add("inr-check", medicine=hold.medicine, source=hold.source, subject=subject)
    if hold.action is not HoldAction.CONTINUE and hold.evidence == "corroborated":
        alerts.add("corroborated-rule", medicine=hold.medicine, detail=hold.rule, subject=subject)
    if hold.last_dose_date is not None and hold.last_dose_date < request.today:
        alerts.add(
            "hold-date-passed", medicine=hold.medicine, date=hold.last_dose_date, subject=subject
        )


def _medication_holds(
    request: PlanRequest,
    lines: tuple[MedicationLine, ...],
    knowledge: Knowledge,
    risk: RiskClass,
    alerts: _Alerts,
) -> Iterator[HoldDecision]:
    context = HoldContext(
        risk=risk,
        procedure_date=request.procedure_date,
        procedure_time=request.procedure_time,
        default_time=knowledge.pathway.default_procedure_time,
        crcl=request.creatinine_clearance_ml_min,
    )
    classes = {name: med.classes for name, med in knowledge.medicines.items()}
    for line in lines:
        _line_alerts(line, alerts)
        if not line.current or not line.recognized:
            continue
        for decision in decide_line_holds(line, knowledge.hold_rules, classes, context):
            _hold_alerts(decision, request, alerts)
            yield decision


def _pathway_alerts(
    request: PlanRequest,
    lines: tuple[MedicationLine, ...],
    diabetic: bool,
    alerts: _Alerts,
    knowledge: Knowledge,
) -> None:
    procedure = request.procedure
    on_thinner = any(line.current and BLOOD_THINNERS & set(line.classes) for line in lines)
    days_left = (request.procedure_date - request.today).days
    if (on_thinner or diabetic) and days_left < knowledge.pathway.late_notice_days:
        reason = " and ".join(
            part
            for part, present in (("on a blood thinner", on_thinner), ("with diabetes", diabetic))
            if present
        )
        alerts.add(
            "late-notice", days=days_left, reason=reason, needed=knowledge.pathway.late_notice_days
        )
    if diabetic and procedure.gives_steroid:
        alerts.add("diabetes-steroid", source=procedure.steroid_source)
    if diabetic and procedure.needs_fasting:
        words = "a general anaesthetic" if procedure.anaesthesia == "general" else "sedation"
        alerts.add("diabetes-fasting", anaesthesia=words)


def make_plan(request: PlanRequest, knowledge: Knowledge) -> Plan:
    """The pre-procedure plan for one patient and one procedure."""
    alerts = _Alerts(knowledge)
    conditions = read_conditions(request, knowledge)
    effects = _fact_alerts(request, knowledge, alerts, conditions)
    _eligibility_alerts(request, alerts)
    risk = _effective_risk(request, effects, alerts)
    lines = tuple(parse_medication_line(text, knowledge.lexicon) for text in request.medications)
    decisions = tuple(_medication_holds(request, lines, knowledge, risk, alerts))
    diabetic = _has_diabetes((effect for _, effect, _ in effects), lines)
    _pathway_alerts(request, lines, diabetic, alerts, knowledge)
    holds = tuple(d.hold for d in decisions)
    status = max((alert.effect for alert in alerts.items), default=Status.READY)
    timeline = build_timeline(
        request,
        knowledge,
        holds=holds,
        diabetic=diabetic,
        on_insulin=any(
            line.current and any("insulin" in i for i in line.ingredients) for line in lines
        ),
        contact_clinic=diabetic or any(BLOOD_THINNERS & set(h.classes) for h in holds),
    )
    return Plan(
        procedure=request.procedure,
        bleeding_risk=risk,
        status=status,
        alerts=tuple(alerts.items),
        medication_holds=holds,
        timeline=timeline,
        medications=lines,
        knowledge_version=knowledge.version,
        conditions=conditions,
    )
