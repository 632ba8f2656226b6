"""Which medicines to stop before a procedure, the last-dose date and when to restart."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spinepath.domain.medications import MedicationLine
from spinepath.domain.model import HoldAction, HoldRule, HoldStep, HoldVariant, RiskClass
from spinepath.domain.plan import MedicationHold


def compute_last_dose_date(procedure_date: dt.date, stop_days_before: int) -> dt.date:
    """``stop_days_before`` whole days free of the drug: the last dose is one day earlier."""
    return procedure_date - dt.timedelta(days=stop_days_before + 1)


def compute_last_dose_time(procedure_at: dt.datetime, stop_hours_before: int) -> dt.datetime:
    return procedure_at - dt.timedelta(hours=stop_hours_before)


def compute_restart_date(
    procedure_date: dt.date, procedure_time: dt.time | None, hours: int
) -> dt.date:
    """The day a medicine may restart. Without a procedure time, whole days are rounded up."""
    if procedure_time is None:
        return procedure_date + dt.timedelta(days=math.ceil(hours / 24))
    start = dt.datetime.combine(procedure_date, procedure_time)
    return (start + dt.timedelta(hours=hours)).date()


def find_rule(
    ingredient: str, classes: Iterable[str], rules: Iterable[HoldRule]
) -> HoldRule | None:
    """The ingredient's own rule, else the first rule for one of its classes."""
    rules = tuple(rules)
    for rule in rules:
        if ingredient in rule.ingredients:
            return rule
    class_set = set(classes)
    for rule in rules:
        if class_set.intersection(rule.classes):
            return rule
    return None


def choose_variant(rule: HoldRule, line: MedicationLine) -> HoldVariant:
    """The first variant whose conditions the line meets; the last one is the default."""
    for variant in rule.variants:
        if variant.is_default:
            return variant
        if variant.max_dose_mg is not None and (
            line.dose_mg is None or line.dose_mg > variant.max_dose_mg
        ):
            continue
        if variant.frequencies and line.frequency not in variant.frequencies:
            continue
        if variant.text_pattern is not None and not re.search(
            variant.text_pattern, line.input.lower()
        ):
            continue
        return variant
    return rule.variants[-1]


@dataclass(frozen=True, slots=True)
class HoldDecision:
    hold: MedicationHold
    rule: HoldRule
    renal: str | None
    """``None`` when kidney function does not bear on the hold; else "unknown" or "reduced"."""


def _renal_step(
    rule: HoldRule, risk: RiskClass, crcl: float | None, step: HoldStep
) -> tuple[HoldStep, str | None]:
    if rule.renal is None:
        return step, None
    if crcl is None:
        return rule.renal.by_risk[risk], "unknown"
    if crcl < rule.renal.below_crcl_ml_min:
        return rule.renal.by_risk[risk], "reduced"
    return step, None


@dataclass(frozen=True, slots=True)
class HoldContext:
    """What a hold depends on besides the medicine line."""

    risk: RiskClass
    procedure_date: dt.date
    procedure_time: dt.time | None
    default_time: dt.time
    crcl: float | None


def _named_as(line: MedicationLine, ingredient: str) -> str:
    """How the hold names the medicine: "Xarelto (rivaroxaban)", or the ingredient alone."""
    labels = [entry.label for entry in line.entries if ingredient in entry.ingredients]
    if not labels or any(label.lower() == ingredient for label in labels):
        return ingredient
    return f"{labels[0]} ({ingredient})"


def decide_hold(
    line: MedicationLine,
    ingredient: str,
    rule: HoldRule,
    context: HoldContext,
    *,
    classes: tuple[str, ...] = (),
) -> HoldDecision:
    risk, procedure_date = context.risk, context.procedure_date
    procedure_time, crcl = context.procedure_time, context.crcl
    variant = choose_variant(rule, line)
    step, renal = _renal_step(rule, risk, crcl, variant.by_risk[risk])
    last_dose_date: dt.date | None = None
    last_dose_by: dt.datetime | None = None
    if step.action is HoldAction.STOP and step.days is not None:
        last_dose_date = compute_last_dose_date(procedure_date, step.days)
    elif step.action is HoldAction.STOP and step.hours is not None:
        procedure_at = dt.datetime.combine(procedure_date, procedure_time or context.default_time)
        last_dose_by = compute_last_dose_time(procedure_at, step.hours)
        last_dose_date = last_dose_by.date()
    restart = None if variant.restart_hours is None else variant.restart_hours.get(risk)
    if step.action is HoldAction.CONTINUE:
        restart = None
    note = rule.note if variant.note is None else f"{variant.note} {rule.note}"
    if renal is not None and rule.renal is not None:
        note = f"{note} {rule.renal.note}"
    hold = MedicationHold(
        input=line.input,
        ingredient=ingredient,
        medicine=_named_as(line, ingredient),
        action=step.action,
        stop_days_before=step.days if step.action is HoldAction.STOP else None,
        stop_hours_before=step.hours if step.action is HoldAction.STOP else None,
        last_dose_date=last_dose_date,
        last_dose_by=last_dose_by,
        restart_hours_after=restart,
        restart_date=(
            None
            if restart is None or step.action is not HoldAction.STOP
            else compute_restart_date(procedure_date, procedure_time, restart)
        ),
        source=rule.source,
        evidence=rule.evidence.value,
        rule=rule.id
        if variant.is_default and len(rule.variants) == 1
        else f"{rule.id}/{variant.id}",
        note=" ".join(note.split()),
        classes=classes or line.classes,
    )
    return HoldDecision(hold, rule, renal)


def decide_line_holds(
    line: MedicationLine,
    rules: tuple[HoldRule, ...],
    ingredient_classes: dict[str, tuple[str, ...]],
    context: HoldContext,
) -> tuple[HoldDecision, ...]:
    """One hold per ingredient of the line that a rule covers, each with its own dates and
    source: "warfarin + aspirin + clopidogrel" gives three."""
    decisions = []
    for ingredient in line.ingredients:
        classes = ingredient_classes.get(ingredient, ())
        rule = find_rule(ingredient, classes, rules)
        if rule is not None:
            decisions.append(decide_hold(line, ingredient, rule, context, classes=classes))
    return tuple(decisions)
