"""Plans from lines written the way clinics write them (issue: medicines and conditions read
right): one hold per ingredient, nothing invented, and standard indications in clinical
shorthand that leave a clean plan ready."""

from __future__ import annotations

import json
from typing import Any

import pytest

import spinepath
from tests.contract.conftest import run_cli

TODAY = "2026-12-04"
DATE = "2026-12-20"


def _plan(procedure: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "procedure": procedure,
        "procedure_date": DATE,
        "today": TODAY,
        "escort_arranged": True,
    }
    return spinepath.make_plan(base | fields)


def _holds(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {h["ingredient"]: h for h in plan["medication_holds"]}


def test_triple_therapy_gives_a_hold_for_each_of_the_three_from_the_cli() -> None:
    data = {
        "procedure": "vertebral-augmentation",
        "procedure_date": DATE,
        "today": TODAY,
        "medications": ["TAT: warfarin + aspirin + clopidogrel"],
    }
    done = run_cli("plan", "--json", "-", stdin=json.dumps(data))
    assert done.returncode == 0, done.stderr
    holds = _holds(json.loads(done.stdout))
    assert set(holds) == {"warfarin", "aspirin", "clopidogrel"}
    assert holds["warfarin"]["last_dose_date"] == "2026-12-14"
    assert holds["clopidogrel"]["last_dose_date"] == "2026-12-12"
    assert all(h["source_id"] for h in holds.values())
    assert {h["input"] for h in holds.values()} == {"TAT: warfarin + aspirin + clopidogrel"}


def test_a_loading_dose_of_aspirin_gives_an_aspirin_hold_and_nothing_else() -> None:
    plan = _plan("vertebral-augmentation", medications=["aspirin 300mg loading dose then 75mg od"])
    assert list(_holds(plan)) == ["aspirin"]
    assert plan["medications"][0]["ingredients"] == ["aspirin"]


def test_a_brand_and_an_abbreviation_on_one_line_each_get_their_hold() -> None:
    plan = _plan("vertebral-augmentation", medications=["Xarelto 2.5mg BD + ASA 100"])
    holds = _holds(plan)
    assert set(holds) == {"rivaroxaban", "aspirin"}
    assert holds["rivaroxaban"]["action"] == "stop"
    matches = {m["ingredient"]: (m["text"], m["how"]) for m in plan["medications"][0]["matches"]}
    assert matches == {"rivaroxaban": ("Xarelto", "brand"), "aspirin": ("ASA", "abbreviation")}


def test_a_medicine_that_does_not_bear_on_the_procedure_is_continued() -> None:
    plan = _plan("facet-rfa", medications=["metformin 500mg bd", "atorva 40 on"])
    holds = _holds(plan)
    assert {i: h["action"] for i, h in holds.items()} == {
        "metformin": "continue",
        "atorvastatin": "continue",
    }
    assert all(h["source_id"] for h in holds.values())


@pytest.mark.parametrize(
    ("procedure", "condition", "code"),
    [
        ("sacroiliac-joint-injection", "SIJ dysfunction", "M53.3"),
        ("sacroiliac-joint-injection", "sacroiliac joint pain R", "M53.3"),
        ("facet-rfa", "facet arthropathy L4-S1", "M47.81"),
        ("medial-branch-block", "lumbar facet joint pain", "M47.81"),
        ("interlaminar-epidural", "L5 radiculopathy", "M54.1"),
        ("drg-block", "PHN T6 left", "B02.2"),
        ("vertebral-augmentation", "OVCF L1", "M48.5"),
    ],
)
def test_a_clean_plan_with_its_indication_in_shorthand_is_ready(
    procedure: str, condition: str, code: str
) -> None:
    plan = _plan(procedure, conditions=[condition])
    assert plan["status"] == "ready", plan["alerts"]
    (read,) = plan["conditions"]
    assert read["recognized"] is True
    assert read["codes"][0]["system"] == "http://hl7.org/fhir/sid/icd-10-cm"
    assert read["codes"][0]["code"].startswith(code)


@pytest.mark.parametrize(
    ("condition", "code"),
    [("FBSS", "M96.1"), ("C5-T1 root avulsion", "S14.2"), ("CKD stage 3b", "N18.32")],
)
def test_shorthand_conditions_are_coded(condition: str, code: str) -> None:
    (read,) = spinepath.read_conditions([condition])
    assert read["recognized"] is True
    assert read["codes"][0]["code"] == code


def test_a_condition_nobody_knows_still_needs_review() -> None:
    plan = _plan("facet-rfa", conditions=["see letter from Dr X"])
    assert plan["status"] == "needs_review"
    assert "unrecognized-condition" in {a["code"] for a in plan["alerts"]}


def test_a_condition_named_in_the_code_set_is_coded_without_an_alert() -> None:
    plan = _plan("facet-rfa", conditions=["trigeminal neuralgia"])
    (read,) = plan["conditions"]
    assert [c["code"] for c in read["codes"]] == ["G50.0"]
    assert plan["status"] == "ready"


def test_a_bleeding_disorder_is_never_waved_through_by_the_code_set() -> None:
    """Conditions that bear on a rule are never found by name in the code set alone."""
    plan = _plan("facet-rfa", conditions=["factor V Leiden"])
    assert plan["status"] != "ready"


def test_a_class_word_alone_raises_the_alert_and_names_no_drug() -> None:
    plan = _plan("vertebral-augmentation", medications=["on a DOAC"])
    assert plan["medications"][0]["ingredients"] == []
    assert plan["medications"][0]["class_only"] == ["anticoagulant"]
    assert "blood-thinner-unnamed" in {a["code"] for a in plan["alerts"]}
    assert plan["status"] != "ready"


def test_a_corrected_name_is_marked_and_never_takes_a_hold_from_an_exact_one() -> None:
    (read,) = spinepath.parse_medications(["apixiban 5mg bd"])
    assert read["ingredients"] == ["apixaban"]
    assert read["uncertain"] is True
    assert read["matches"] == [{"ingredient": "apixaban", "text": "apixiban", "how": "corrected"}]
    plan = _plan("vertebral-augmentation", medications=["apixiban 5mg bd"])
    assert "uncertain-medication" in {a["code"] for a in plan["alerts"]}


def test_no_medicines_is_none_taken_and_raises_nothing() -> None:
    plan = _plan("facet-rfa", medications=["NKDA, no regular meds"])
    assert plan["medications"][0]["none_taken"] is True
    assert plan["status"] == "ready"


@pytest.mark.parametrize(
    ("line", "ingredients", "current"),
    [
        ("Hep B vaccine 2019", [], True),
        ("heparin-free dialysis", [], True),
        ("s/c hep 5000 tds", ["heparin"], True),
        ("s/c hep b.d.", ["heparin"], True),
        ("hep b d 5000 units", ["heparin"], True),
        ("Clopidogrelhydrogensulfat 75 mg 1x tgl.", ["clopidogrel"], True),
        ("ex-warfarin", ["warfarin"], False),
        ("Marcumar abgesetzt 2024", ["phenprocoumon"], False),
        ("kardegic 75 1 sachet/j - arrêté", ["aspirin"], False),
        ("ENOXAPARIN 40mg SC ONCE daily 18:00 - WITHHELD", ["enoxaparin"], True),
        ("Apixaban - loading phase finished, now on 5 mg bd maintenance", ["apixaban"], True),
        (
            "Discontinued: HYDROcodone-acetaminophen (NORCO) 10-325 MG per tablet",
            ["hydrocodone", "paracetamol"],
            False,
        ),
    ],
)
def test_lines_in_the_formats_of_real_lists(
    line: str, ingredients: list[str], current: bool
) -> None:
    (read,) = spinepath.parse_medications([line])
    assert read["ingredients"] == ingredients
    if ingredients:
        assert read["current"] is current
