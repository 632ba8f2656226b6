"""Medicine recognition measured on the evaluation set (tests/data/medication_lines.yaml).

Each of the 500 lines was written the way people write medication lists, with the answer a
pharmacist would give: its ingredients (British Approved Names), whether it is still taken,
and whether it is safety-critical (it names a blood thinner).

The SAFETY-CRITICAL tests fail on a single miss: a safety-critical line whose blood thinner
is not read, or a safety-critical line still taken that is read as stopped. The accuracy
test prints the figures and holds them to 97%.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import spinepath
from spinepath.domain.model import Knowledge

EVALUATION_FILE = Path(__file__).parents[1] / "data" / "medication_lines.yaml"
BLOOD_THINNING = frozenset({"anticoagulant", "antiplatelet"})
MINIMUM_ACCURACY = 0.97


@dataclass(frozen=True)
class Case:
    input: str
    ingredients: frozenset[str]
    current: bool
    safety_critical: bool


def _cases() -> list[Case]:
    data: dict[str, Any] = yaml.safe_load(EVALUATION_FILE.read_text())
    return [
        Case(i["input"], frozenset(i["ingredients"]), i["current"], i["safety_critical"])
        for i in data["lines"]
    ]


CASES = _cases()
CRITICAL = [case for case in CASES if case.safety_critical]


@pytest.fixture(scope="module")
def readings() -> dict[str, dict[str, Any]]:
    """Every evaluation line read once through the public contract."""
    lines = [case.input for case in CASES]
    return dict(zip(lines, spinepath.parse_medications(lines), strict=True))


def _thinners(knowledge: Knowledge) -> frozenset[str]:
    return frozenset(
        m.ingredient for m in knowledge.medicines.values() if BLOOD_THINNING & set(m.classes)
    )


def test_evaluation_set_is_the_agreed_size_and_mix() -> None:
    assert len(CASES) == 500
    assert len({case.input for case in CASES}) == len(CASES), "no line appears twice"
    assert len(CRITICAL) >= 100
    assert any(not case.current for case in CRITICAL)


def test_every_expected_ingredient_is_a_lexicon_ingredient(knowledge: Knowledge) -> None:
    unknown = {i for case in CASES for i in case.ingredients} - set(knowledge.medicines)
    assert not unknown, f"the evaluation set and medicines.yaml disagree on {sorted(unknown)}"


def test_safety_critical_lines_name_a_blood_thinner(knowledge: Knowledge) -> None:
    thinners = _thinners(knowledge)
    assert [case.input for case in CRITICAL if not case.ingredients & thinners] == []


@pytest.mark.parametrize("case", CRITICAL, ids=[case.input.strip() for case in CRITICAL])
def test_safety_critical_blood_thinner_is_never_missed(
    case: Case, readings: dict[str, dict[str, Any]], knowledge: Knowledge
) -> None:
    """SAFETY-CRITICAL: every blood thinner on the line is read, and a line that is still
    taken is never read as stopped."""
    read = readings[case.input]
    missed = (case.ingredients & _thinners(knowledge)) - set(read["ingredients"])
    assert not missed, f"SAFETY-CRITICAL: missed {sorted(missed)} in {case.input!r}"
    if case.current:
        assert read["current"] is True, f"SAFETY-CRITICAL: {case.input!r} read as stopped"


def test_exact_ingredient_sets_and_current_reach_97_percent(
    readings: dict[str, dict[str, Any]],
    knowledge: Knowledge,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong_sets = [c.input for c in CASES if set(readings[c.input]["ingredients"]) != c.ingredients]
    wrong_current = [c.input for c in CASES if readings[c.input]["current"] is not c.current]
    thinners = _thinners(knowledge)
    critical_read = sum(
        c.ingredients & thinners <= set(readings[c.input]["ingredients"]) for c in CRITICAL
    )
    set_accuracy = 1 - len(wrong_sets) / len(CASES)
    current_accuracy = 1 - len(wrong_current) / len(CASES)
    with capsys.disabled():
        print(
            f"\nmedicine recognition on {len(CASES)} lines: exact ingredient sets "
            f"{set_accuracy:.1%}, current {current_accuracy:.1%}, safety-critical lines "
            f"with every blood thinner read {critical_read}/{len(CRITICAL)}"
        )
    assert set_accuracy >= MINIMUM_ACCURACY, wrong_sets
    assert current_accuracy >= MINIMUM_ACCURACY, wrong_current


def test_every_reading_keeps_to_the_contract(
    readings: dict[str, dict[str, Any]], knowledge: Knowledge
) -> None:
    vocabulary = {
        "anticoagulant",
        "antiplatelet",
        "nsaid",
        "antidiabetic",
        "corticosteroid",
        "serotonergic_antidepressant",
        "bleeding_risk_supplement",
        "opioid",
        "other",
    }
    for line, read in readings.items():
        assert read["input"] == line
        assert read["ingredients"] == sorted(read["ingredients"])
        assert set(read["ingredients"]) <= set(knowledge.medicines)
        assert set(read["classes"]) <= vocabulary
        assert read["recognized"] is bool(read["ingredients"] or read["class_only"])
