"""Pydantic schemas for the clinical content files.

Every file is checked strictly when it is loaded (``extra="forbid"``): a typo in a key
is an error, not a silently ignored line. The loader turns these models into the frozen
domain objects of :mod:`spinepath.domain.model`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

RiskClass = Literal["low", "intermediate", "high"]
SpinalLevel = Literal["cervical", "thoracic", "lumbar", "sacral"]
Evidence = Literal["verified", "corroborated", "unverified", "derived"]
Disposition = Literal["emergency", "urgent", "contact_team", "self_care"]
Band = Literal["very_common", "common", "uncommon", "rare", "very_rare"]
MedicineClass = Literal[
    "anticoagulant",
    "antiplatelet",
    "nsaid",
    "antidiabetic",
    "corticosteroid",
    "serotonergic_antidepressant",
    "bleeding_risk_supplement",
    "opioid",
    "other",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileHeader(Strict):
    """What every content file starts with: its version, review dates and sources."""

    version: str
    reviewed: dt.date
    review_due: dt.date
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _review_due_after_reviewed(self) -> FileHeader:
        if self.review_due <= self.reviewed:
            raise ValueError("review_due must be after reviewed")
        return self


# --- sources.yaml -------------------------------------------------------------------


class SourceSchema(Strict):
    short: str
    title: str
    publisher: str
    year: int
    url: str | None = None
    version: str | None = None
    note: str | None = None


class SourcesFile(Strict):
    version: str
    reviewed: dt.date
    review_due: dt.date
    sources: dict[str, SourceSchema]


# --- procedures/*.yaml ----------------------------------------------------------------


class Cited(Strict):
    """One sentence for patients (plain words) and the source it comes from."""

    text: str
    source: str


class BleedingRiskSchema(Strict):
    default: RiskClass
    by_level: dict[SpinalLevel, RiskClass] = Field(default_factory=dict)
    source: str
    evidence: Evidence


class DurationSchema(Strict):
    hours: int | None = None
    days: int | None = None
    weeks: int | None = None
    months: int | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> DurationSchema:
        given = [v for v in (self.hours, self.days, self.weeks, self.months) if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of hours, days, weeks, months")
        if given[0] <= 0:
            raise ValueError("a duration must be positive")
        return self


class RestrictionSchema(Strict):
    id: str
    text: str
    duration: DurationSchema
    source: str


class SideEffectSchema(Strict):
    id: str
    text: str
    band: Band
    rate: str | None = None
    source: str
    # Only for these spinal levels (a neck risk is not on a lower-back form); none: every level.
    levels: list[SpinalLevel] = Field(default_factory=list)


class RedFlagSchema(Strict):
    id: str
    text: str
    action: Disposition
    source: str


class FollowUpSchema(Strict):
    code: str
    kind: Literal["check_in", "appointment", "chase", "outcome"]
    days_after: int = Field(ge=0)
    text: str
    source: str


class EligibilitySchema(Strict):
    id: str
    kind: Literal["injury_in", "other_treatments_tried", "min_months_since_last_spine_surgery"]
    values: list[str] = Field(default_factory=list)
    months: int | None = None
    reason: str
    source: str
    evidence: Evidence


class SteroidSchema(Strict):
    given: Literal["always", "sometimes", "never"]
    off_label: bool
    source: str


class ProcedureFile(FileHeader):
    id: str
    name: str
    plain_name: str
    aliases: list[str] = Field(default_factory=list)
    summary: list[Cited] = Field(min_length=1)
    bleeding_risk: BleedingRiskSchema
    setting: Literal["day_case", "inpatient"]
    typical_stay: Cited
    stay_nights: int = Field(ge=0)
    anaesthesia: Literal["local", "local_sedation", "general"]
    typical_duration: Cited
    steroid: SteroidSchema
    eligibility: list[EligibilitySchema] = Field(default_factory=list)
    preparation: list[Cited] = Field(min_length=1)
    what_to_bring: list[Cited] = Field(min_length=1)
    on_the_day: list[Cited] = Field(min_length=1)
    after_care: list[Cited] = Field(min_length=1)
    restrictions: list[RestrictionSchema] = Field(min_length=1)
    side_effects: list[SideEffectSchema] = Field(min_length=1)
    red_flags: list[RedFlagSchema] = Field(min_length=1)
    follow_up: list[FollowUpSchema] = Field(min_length=1)
    benefit: Cited
    alternatives: list[Cited] = Field(min_length=1)


# --- medicines.yaml ---------------------------------------------------------------------


class MedicineSchema(Strict):
    ingredient: str
    classes: list[MedicineClass] = Field(min_length=1)
    names: list[str] = Field(default_factory=list)
    brands: list[str] = Field(default_factory=list)
    abbreviations: list[str] = Field(default_factory=list)


class ClassWordSchema(Strict):
    words: list[str] = Field(min_length=1)
    classes: list[MedicineClass] = Field(min_length=1)


class CombinationSchema(Strict):
    name: str
    ingredients: list[str] = Field(min_length=2)
    brands: list[str] = Field(default_factory=list)


class MedicinesFile(FileHeader):
    medicines: list[MedicineSchema]
    combinations: list[CombinationSchema] = Field(default_factory=list)
    class_words: list[ClassWordSchema] = Field(default_factory=list)


class WordsFile(FileHeader):
    """Words of clinical writing, and of other languages' labels, never read as a medicine."""

    ordinary_words: list[str] = Field(min_length=1)
    # Salt and form words as other languages write them glued to the ingredient
    # ("Clopidogrelhydrogensulfat"): a word made of a name and one of these is that name.
    glued_salts: list[str] = Field(default_factory=list)


# --- holds.yaml ---------------------------------------------------------------------------


class ActionSchema(Strict):
    action: Literal["continue", "stop", "discuss"]
    days: int | None = Field(default=None, ge=0)
    hours: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _stop_needs_interval(self) -> ActionSchema:
        if self.action == "stop" and (self.days is None) == (self.hours is None):
            raise ValueError("a stop needs exactly one of days or hours")
        if self.action != "stop" and (self.days is not None or self.hours is not None):
            raise ValueError("only a stop carries an interval")
        return self


class VariantWhenSchema(Strict):
    max_dose_mg: float | None = None
    frequencies: list[str] = Field(default_factory=list)
    text_matches: str | None = None


class VariantSchema(Strict):
    id: str
    when: VariantWhenSchema | None = None
    by_risk: dict[RiskClass, ActionSchema]
    restart_hours: dict[RiskClass, int] | None = None
    note: str | None = None


class RenalSchema(Strict):
    below_crcl_ml_min: float
    by_risk: dict[RiskClass, ActionSchema]
    evidence: Evidence
    note: str


class HoldRuleSchema(Strict):
    id: str
    ingredients: list[str] = Field(default_factory=list)
    classes: list[MedicineClass] = Field(default_factory=list)
    evidence: Evidence
    source: str
    by_risk: dict[RiskClass, ActionSchema] | None = None
    restart_hours: dict[RiskClass, int] | None = None
    variants: list[VariantSchema] = Field(default_factory=list)
    renal: RenalSchema | None = None
    inr_check: bool = False
    note: str

    @model_validator(mode="after")
    def _shape(self) -> HoldRuleSchema:
        if bool(self.ingredients) == bool(self.classes):
            raise ValueError("a rule applies to ingredients or to classes, not both or neither")
        if (self.by_risk is None) == (not self.variants):
            raise ValueError("give by_risk or variants, not both")
        for table in [self.by_risk, *(v.by_risk for v in self.variants)]:
            if table is not None and set(table) != {"low", "intermediate", "high"}:
                raise ValueError("by_risk must give low, intermediate and high")
        if self.variants and self.variants[-1].when is not None:
            raise ValueError("the last variant is the default and has no 'when'")
        return self


class HoldsFile(FileHeader):
    rules: list[HoldRuleSchema]


# --- alerts.yaml ------------------------------------------------------------------------------


class AlertSchema(Strict):
    severity: Literal["info", "warning", "stop"]
    effect: Literal["ready", "needs_review", "not_eligible", "postpone"]
    message: str
    source: str


class AlertsFile(FileHeader):
    alerts: dict[str, AlertSchema]


# --- conditions.yaml --------------------------------------------------------------------------


class ConditionSchema(Strict):
    id: str
    patterns: list[str] = Field(min_length=1)
    effect: Literal[
        "indication",
        "diabetes",
        "bleeding_disorder",
        "kidney_disease",
        "liver_disease",
        "pregnancy",
        "infection",
        "none",
    ]
    raises_risk: bool = False
    codes: list[str] = Field(min_length=1)
    by_region: dict[
        Literal[
            "cervical",
            "cervicothoracic",
            "thoracic",
            "thoracolumbar",
            "lumbar",
            "lumbosacral",
            "sacral",
        ],
        str,
    ] = Field(default_factory=dict)
    by_side: dict[Literal["left", "right"], str] = Field(default_factory=dict)
    group: str | None = None
    meaning: str | None = None
    current_only: bool = False
    stage_unknown: bool = False


class AllergyNoteSchema(Strict):
    id: str
    patterns: list[str] = Field(min_length=1)
    note: str
    source: str


class ConditionsFile(FileHeader):
    severe_kidney_below_crcl_ml_min: float = Field(gt=0)
    past_patterns: list[str] = Field(min_length=1)
    negation_patterns: list[str] = Field(min_length=1)
    conditions: list[ConditionSchema]
    no_allergy_patterns: list[str]
    allergy_notes: list[AllergyNoteSchema] = Field(default_factory=list)


# --- triage.yaml --------------------------------------------------------------------------------


class TriageRuleSchema(Strict):
    disposition: Disposition
    advice: str
    source: str
    max_duration_hours: float | None = None
    min_duration_hours: float | None = None
    max_hours_since_procedure: float | None = None
    procedures: list[str] = Field(default_factory=list)


class SymptomSchema(Strict):
    code: str
    label: str
    rules: list[TriageRuleSchema] = Field(min_length=1)

    @model_validator(mode="after")
    def _last_rule_is_default(self) -> SymptomSchema:
        last = self.rules[-1]
        if (
            last.max_duration_hours is not None
            or last.min_duration_hours is not None
            or last.max_hours_since_procedure is not None
            or last.procedures
        ):
            raise ValueError("the last rule of a symptom must have no conditions")
        return self


class CombinationRuleSchema(Strict):
    id: str
    all_of: list[str] = Field(min_length=1)
    any_of: list[str] = Field(default_factory=list)
    disposition: Disposition
    advice: str
    source: str


class TriageFile(FileHeader):
    symptoms: list[SymptomSchema]
    combinations: list[CombinationRuleSchema] = Field(default_factory=list)


# --- pathway.yaml (settings shared by every procedure) -------------------------------


class RegionSchema(Strict):
    emergency_number: str
    primary_care: str
    urgent_line: str
    paracetamol: str


class PathwayFile(FileHeader):
    contact_clinic_days_before: int
    late_notice_days: int
    fasting: Cited
    glucose_monitoring_days: int
    glucose_monitoring_days_insulin: int
    glucose_monitoring: Cited
    default_procedure_time: str
    frequency_bands: dict[Band, str]
    frequency_source: str
    regions: dict[str, RegionSchema]
    timeline_text: dict[str, Cited]
