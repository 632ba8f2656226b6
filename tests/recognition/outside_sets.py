"""The two outside evaluation splits of medication and condition lines, and how they are scored.

`tests/data/medication_lines_frozen.yaml` and `conditions_frozen.yaml` are the frozen test
split: the recogniser is never tuned on them. `*_tuning.yaml` is the split that may be
looked at while tuning. An item belongs to a split by the SHA-256 of its input (even:
frozen, odd: tuning), so neither split was chosen by hand. The lines were written in the
formats of US EHR exports, NHS GP exports, hospital drug charts, clinicians' shorthand and
other markets' brands, each with the public source it follows named in the item.

The same scoring serves the tests (which hold the figures to the issue's thresholds) and
`benchmarks/bench_recognition.py` (which reports them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

import spinepath

DATA = Path(__file__).parents[1] / "data"
SPLITS = ("frozen", "tuning")


def available_splits() -> tuple[str, ...]:
    """The hash splits, then any later frozen split written on its own (``frozen_2``)."""
    later = sorted(
        p.stem.removeprefix("medication_lines_")
        for p in DATA.glob("medication_lines_frozen_*.yaml")
    )
    return (*SPLITS, *later)


BLOOD_THINNING = frozenset({"anticoagulant", "antiplatelet"})
# The evaluation names a few ingredients by their everyday name; the lexicon's names.
SAME_INGREDIENT = {"fish oil": "omega-3 fatty acids"}


def as_evaluated(ingredient: str) -> str:
    """The evaluation writes every insulin as "insulin"; the lexicon names its kind."""
    return "insulin" if "insulin" in ingredient else ingredient


@dataclass(frozen=True)
class MedicationCase:
    input: str
    ingredients: frozenset[str]
    classes: frozenset[str]
    current: bool
    style: str
    source: str
    class_only: str | None
    none_taken: bool
    misspelt: bool


@dataclass(frozen=True)
class ConditionCase:
    input: str
    recognized: bool
    meaning: str
    icd10cm: tuple[str, ...]
    severe_kidney: bool | None
    negated_or_past: bool


@cache
def medication_cases(split: str) -> tuple[MedicationCase, ...]:
    items: list[dict[str, Any]] = yaml.safe_load(
        (DATA / f"medication_lines_{split}.yaml").read_text()
    )
    return tuple(
        MedicationCase(
            input=i["input"],
            ingredients=frozenset(SAME_INGREDIENT.get(n, n) for n in i["ingredients"]),
            classes=frozenset(i.get("classes") or ()),
            current=bool(i["current"]),
            style=i["style"],
            source=i["source"],
            class_only=i.get("class_only"),
            none_taken=bool(i.get("none_taken", False)),
            misspelt=bool(i.get("misspelt", False)),
        )
        for i in items
    )


@cache
def condition_cases(split: str) -> tuple[ConditionCase, ...]:
    items: list[dict[str, Any]] = yaml.safe_load((DATA / f"conditions_{split}.yaml").read_text())
    return tuple(
        ConditionCase(
            input=i["input"],
            recognized=bool(i["recognized"]),
            meaning=i.get("meaning", ""),
            icd10cm=tuple(i.get("icd10cm") or ()),
            severe_kidney=i.get("severe_kidney"),
            negated_or_past=bool(i.get("negated_or_past", False)),
        )
        for i in items
    )


def thinners(case: MedicationCase, thinning: frozenset[str]) -> frozenset[str]:
    """The case's blood-thinning ingredients."""
    return case.ingredients & thinning


@dataclass(frozen=True)
class MedicationScore:
    lines: int
    thinners_expected: int
    thinners_found: int  # read, with the right class
    missed: tuple[str, ...]  # lines with a blood thinner (or class word) not read
    invented: tuple[str, ...]  # lines given an ingredient they do not name
    wrong_sets: tuple[str, ...]
    wrong_current: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.thinners_found / self.thinners_expected if self.thinners_expected else 1.0

    @property
    def set_accuracy(self) -> float:
        return 1 - len(self.wrong_sets) / self.lines

    @property
    def current_accuracy(self) -> float:
        return 1 - len(self.wrong_current) / self.lines

    def summary(self) -> str:
        return (
            f"{self.lines} lines: blood thinners read with their class "
            f"{self.thinners_found}/{self.thinners_expected} ({self.recall:.1%}), "
            f"ingredient sets {self.set_accuracy:.1%}, current {self.current_accuracy:.1%}, "
            f"lines with an ingredient they do not name {len(self.invented)}"
        )


def blood_thinning_ingredients() -> frozenset[str]:
    knowledge = spinepath.knowledge()
    return frozenset(
        m.ingredient for m in knowledge.medicines.values() if BLOOD_THINNING & set(m.classes)
    )


def score_medications(split: str) -> MedicationScore:
    cases = medication_cases(split)
    readings = spinepath.parse_medications([c.input for c in cases])
    knowledge = spinepath.knowledge()
    thinning = blood_thinning_ingredients()
    expected = found = 0
    missed: list[str] = []
    invented: list[str] = []
    wrong_sets: list[str] = []
    wrong_current: list[str] = []
    for case, read in zip(cases, readings, strict=True):
        got = {as_evaluated(i) for i in read["ingredients"]}
        want = thinners(case, thinning)
        line_missed = False
        for ingredient in want:
            expected += 1
            own = set(knowledge.medicines[ingredient].classes) & BLOOD_THINNING
            if ingredient in got and own <= set(read["classes"]):
                found += 1
            else:
                line_missed = True
        if case.class_only:
            expected += 1
            if case.class_only in read["class_only"] and not got:
                found += 1
            else:
                line_missed = True
        if line_missed:
            missed.append(case.input)
        if got - case.ingredients:
            invented.append(case.input)
        if got != case.ingredients:
            wrong_sets.append(case.input)
        if case.ingredients and read["current"] is not case.current:
            wrong_current.append(case.input)
    return MedicationScore(
        lines=len(cases),
        thinners_expected=expected,
        thinners_found=found,
        missed=tuple(missed),
        invented=tuple(invented),
        wrong_sets=tuple(wrong_sets),
        wrong_current=tuple(wrong_current),
    )


@dataclass(frozen=True)
class ConditionScore:
    lines: int
    right: int
    wrong: tuple[str, ...]

    @property
    def accuracy(self) -> float:
        return self.right / self.lines

    def summary(self) -> str:
        return (
            f"{self.lines} condition lines: recognised and coded right "
            f"{self.right} ({self.accuracy:.1%})"
        )


def condition_is_right(case: ConditionCase, read: dict[str, Any]) -> bool:
    """Recognised as expected, and when recognised, one code starts with an expected prefix."""
    if bool(read["recognized"]) is not case.recognized:
        return False
    if not case.recognized:
        return True
    codes = [c["code"] for c in read["codes"]]
    return any(code.startswith(prefix) for code in codes for prefix in case.icd10cm)


def score_conditions(split: str) -> ConditionScore:
    cases = condition_cases(split)
    readings = spinepath.read_conditions([c.input for c in cases])
    wrong = tuple(
        c.input for c, r in zip(cases, readings, strict=True) if not condition_is_right(c, r)
    )
    return ConditionScore(lines=len(cases), right=len(cases) - len(wrong), wrong=wrong)
