"""The typed values of the clinical core: frozen dataclasses and string enums.

Nothing here reads files, the clock or the environment. Knowledge arrives already
validated (see :mod:`spinepath.knowledge`), requests arrive already parsed (see
:mod:`spinepath.contract`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spinepath.domain.lexicon import Lexicon


class RiskClass(StrEnum):
    LOW = "low"
    INTERMEDIATE = "intermediate"
    HIGH = "high"

    def raised(self) -> RiskClass:
        """One class up, as the guideline allows for patient factors."""
        order = [RiskClass.LOW, RiskClass.INTERMEDIATE, RiskClass.HIGH]
        return order[min(order.index(self) + 1, len(order) - 1)]


class SpinalLevel(StrEnum):
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"
    SACRAL = "sacral"


class Injury(StrEnum):
    BRACHIAL_PLEXUS_AVULSION = "brachial_plexus_avulsion"
    BRACHIAL_PLEXUS_INJURY = "brachial_plexus_injury"
    SPINAL_CORD_INJURY = "spinal_cord_injury"
    OTHER = "other"


class Status(IntEnum):
    """Plan status; a larger value is worse. ``str()`` gives the contract word."""

    READY = 0
    NEEDS_REVIEW = 1
    NOT_ELIGIBLE = 2
    POSTPONE = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def from_word(cls, word: str) -> Status:
        return cls[word.upper()]


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    STOP = "stop"


class HoldAction(StrEnum):
    CONTINUE = "continue"
    STOP = "stop"
    DISCUSS = "discuss"


class Disposition(IntEnum):
    """Triage outcome; a larger value is more urgent."""

    SELF_CARE = 0
    CONTACT_TEAM = 1
    URGENT = 2
    EMERGENCY = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def from_word(cls, word: str) -> Disposition:
        return cls[word.upper()]


class Evidence(StrEnum):
    VERIFIED = "verified"
    CORROBORATED = "corroborated"
    UNVERIFIED = "unverified"
    DERIVED = "derived"


# --- Knowledge ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    short: str
    title: str
    publisher: str
    year: int
    url: str | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class Cited:
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Duration:
    hours: int = 0
    days: int = 0
    weeks: int = 0
    months: int = 0


@dataclass(frozen=True, slots=True)
class Restriction:
    id: str
    text: str
    duration: Duration
    source: str


@dataclass(frozen=True, slots=True)
class SideEffect:
    id: str
    text: str
    band: str
    rate: str | None
    source: str
    # The spinal levels this risk belongs to; empty means every level.
    levels: tuple[SpinalLevel, ...] = ()


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    text: str
    action: Disposition
    source: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    code: str
    kind: str
    days_after: int
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class EligibilityCriterion:
    id: str
    kind: str
    values: tuple[str, ...]
    months: int | None
    reason: str
    source: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Procedure:
    id: str
    name: str
    plain_name: str
    aliases: tuple[str, ...]
    summary: tuple[Cited, ...]
    bleeding_risk: RiskClass
    bleeding_risk_by_level: dict[SpinalLevel, RiskClass]
    bleeding_risk_source: str
    day_case: bool
    typical_stay: Cited
    stay_nights: int
    anaesthesia: str
    typical_duration: Cited
    steroid: str
    off_label_steroid: bool
    steroid_source: str
    eligibility: tuple[EligibilityCriterion, ...]
    preparation: tuple[Cited, ...]
    what_to_bring: tuple[Cited, ...]
    on_the_day: tuple[Cited, ...]
    after_care: tuple[Cited, ...]
    restrictions: tuple[Restriction, ...]
    side_effects: tuple[SideEffect, ...]
    red_flags: tuple[RedFlag, ...]
    follow_up: tuple[FollowUp, ...]
    benefit: Cited
    alternatives: tuple[Cited, ...]
    version: str
    reviewed: dt.date
    review_due: dt.date

    @property
    def gives_steroid(self) -> bool:
        return self.steroid != "never"

    @property
    def needs_fasting(self) -> bool:
        return self.anaesthesia != "local"

    def risk_at(self, level: SpinalLevel | None) -> RiskClass:
        """The bleeding-risk class at a spinal level; the catalogue class when unknown."""
        if level is None:
            return self.bleeding_risk
        return self.bleeding_risk_by_level.get(level, self.bleeding_risk)


@dataclass(frozen=True, slots=True)
class Medicine:
    ingredient: str
    classes: tuple[str, ...]
    names: tuple[str, ...]
    brands: tuple[str, ...]
    abbreviations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClassWord:
    """Words that name a kind of medicine ("DOAC", "blood thinner") but no medicine."""

    words: tuple[str, ...]
    classes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Combination:
    name: str
    ingredients: tuple[str, ...]
    brands: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HoldStep:
    action: HoldAction
    days: int | None = None
    hours: int | None = None


@dataclass(frozen=True, slots=True)
class HoldVariant:
    id: str
    by_risk: dict[RiskClass, HoldStep]
    restart_hours: dict[RiskClass, int] | None
    max_dose_mg: float | None = None
    frequencies: tuple[str, ...] = ()
    text_pattern: str | None = None
    note: str | None = None

    @property
    def is_default(self) -> bool:
        return self.max_dose_mg is None and not self.frequencies and self.text_pattern is None


@dataclass(frozen=True, slots=True)
class RenalAdjustment:
    below_crcl_ml_min: float
    by_risk: dict[RiskClass, HoldStep]
    evidence: Evidence
    note: str


@dataclass(frozen=True, slots=True)
class HoldRule:
    id: str
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]
    evidence: Evidence
    source: str
    variants: tuple[HoldVariant, ...]
    renal: RenalAdjustment | None
    inr_check: bool
    note: str


@dataclass(frozen=True, slots=True)
class AlertDefinition:
    code: str
    severity: Severity
    effect: Status
    message: str
    source: str


@dataclass(frozen=True, slots=True)
class ConditionConcept:
    """A condition as clinics write it, with its ICD-10-CM codes.

    ``matcher`` is the concept's patterns as one case-insensitive expression; ``codes`` the
    default codes, ``by_region`` and ``by_side`` the code for a spinal region or a side;
    ``meanings`` the code set's description of each code.
    """

    id: str
    matcher: re.Pattern[str]
    effect: str
    raises_risk: bool
    codes: tuple[str, ...] = ()
    by_region: dict[str, str] = field(default_factory=dict)
    by_side: dict[str, str] = field(default_factory=dict)
    group: str = ""
    meaning: str = ""
    meanings: dict[str, str] = field(default_factory=dict)
    current_only: bool = False
    stage_unknown: bool = False


@dataclass(frozen=True, slots=True)
class ConditionWording:
    """Words that make a current-only condition (infection, pregnancy) past or absent, and
    the creatinine clearance below which kidney disease of unstated stage is severe."""

    past: re.Pattern[str]
    negation: re.Pattern[str]
    severe_kidney_below_crcl: float
    # Condition names of the code set (descriptions and inclusion terms), as
    # ``clinical_wording`` writes them → (code, description). Only for conditions no rule
    # uses: a name that bears on a rule must come through a concept, or stay unrecognised.
    terms: Mapping[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AllergyNote:
    id: str
    patterns: tuple[str, ...]
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class TriageRule:
    disposition: Disposition
    advice: str
    source: str
    max_duration_hours: float | None = None
    min_duration_hours: float | None = None
    max_hours_since_procedure: float | None = None
    procedures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Symptom:
    code: str
    label: str
    rules: tuple[TriageRule, ...]


@dataclass(frozen=True, slots=True)
class CombinationRule:
    id: str
    all_of: tuple[str, ...]
    any_of: tuple[str, ...]
    disposition: Disposition
    advice: str
    source: str


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    emergency_number: str
    primary_care: str
    urgent_line: str
    paracetamol: str


@dataclass(frozen=True, slots=True)
class PathwaySettings:
    contact_clinic_days_before: int
    late_notice_days: int
    fasting: Cited
    glucose_monitoring_days: int
    glucose_monitoring_days_insulin: int
    glucose_monitoring: Cited
    default_procedure_time: dt.time
    frequency_bands: dict[str, str]
    frequency_source: str
    regions: dict[str, Region]
    timeline_text: dict[str, Cited]


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything the engine knows, loaded once and passed in."""

    version: str
    sources: dict[str, Source]
    procedures: dict[str, Procedure]
    aliases: dict[str, str]
    medicines: dict[str, Medicine]
    combinations: tuple[Combination, ...]
    hold_rules: tuple[HoldRule, ...]
    alerts: dict[str, AlertDefinition]
    conditions: tuple[ConditionConcept, ...]
    condition_wording: ConditionWording
    no_allergy_patterns: tuple[str, ...]
    allergy_notes: tuple[AllergyNote, ...]
    symptoms: dict[str, Symptom]
    symptom_combinations: tuple[CombinationRule, ...]
    pathway: PathwaySettings
    lexicon: Lexicon = field(compare=False, repr=False)
    unreviewed: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """Medicines known by name from a vocabulary, with no class and no reviewed rule."""

    def find_procedure(self, name: str) -> Procedure | None:
        key = name.strip().lower().replace("_", "-").replace(" ", "-")
        proc_id = self.aliases.get(key)
        return self.procedures.get(proc_id) if proc_id else None
