"""A plan never passes over a medication line it could not read or had to guess."""

from __future__ import annotations

from typing import Any

import spinepath
from tests.conftest import plan_input


def _alerts(plan: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [alert for alert in plan["alerts"] if alert["code"] == code]


def test_unreadable_line_raises_unrecognized_medication_for_review() -> None:
    plan = spinepath.make_plan(plan_input(medications=["the little white heart pill 20mg od"]))
    (alert,) = _alerts(plan, "unrecognized-medication")
    assert alert["severity"] == "warning"
    assert alert["subject"] == "the little white heart pill 20mg od"
    assert plan["status"] == "needs_review"


def test_corrected_misspelling_raises_uncertain_medication_for_review() -> None:
    plan = spinepath.make_plan(plan_input(medications=["atorvastatine 40mg nocte"]))
    (alert,) = _alerts(plan, "uncertain-medication")
    assert "atorvastatin" in alert["message"]
    assert plan["status"] == "needs_review"
    assert plan["medications"][0]["ingredients"] == ["atorvastatin"]


def test_ambiguous_misspelling_raises_uncertain_medication_and_guesses_nothing() -> None:
    plan = spinepath.make_plan(plan_input(medications=["co-amilofride 5/40 od"]))
    (alert,) = _alerts(plan, "uncertain-medication")
    assert "coamilofruse" in alert["message"]
    assert "coamilozide" in alert["message"]
    assert plan["medications"][0]["ingredients"] == []
    assert plan["status"] == "needs_review"


def test_misspelt_blood_thinner_is_held_and_flagged() -> None:
    plan = spinepath.make_plan(plan_input(medications=["warfrin 3mg od"]))
    assert _alerts(plan, "uncertain-medication")
    assert _alerts(plan, "anticoagulant")
    assert [hold["ingredient"] for hold in plan["medication_holds"]] == ["warfarin"]


def test_blood_thinner_near_another_medicine_is_not_guessed_but_flagged() -> None:
    # "naprevan" is one edit from Naprelan (naproxen) and two from Marevan (warfarin).
    plan = spinepath.make_plan(plan_input(medications=["naprevan 500mg bd"]))
    (alert,) = _alerts(plan, "uncertain-medication")
    assert "marevan" in alert["message"]
    assert plan["medications"][0]["ingredients"] == []
    assert plan["status"] == "needs_review"


def test_a_line_saying_no_medicines_raises_nothing() -> None:
    plan = spinepath.make_plan(plan_input(medications=["no regular medications"]))
    assert not _alerts(plan, "unrecognized-medication")
    assert plan["status"] == "ready"


def test_a_medicine_known_only_by_its_vocabulary_name_is_raised_not_advised() -> None:
    """Gentamicin is in the DrugBank names but not in the reviewed list: the line is read as
    gentamicin, the plan gives no hold (not even "keep taking it") and a person decides."""
    plan = spinepath.make_plan(
        plan_input(medications=["Gentamicin 5 mg/kg IV OD", "omeprazole 20mg od"])
    )
    (alert,) = _alerts(plan, "unreviewed-medication")
    assert alert["severity"] == "warning"
    assert "Gentamicin" in alert["message"]
    assert alert["subject"] == "Gentamicin 5 mg/kg IV OD"
    assert plan["medications"][0]["ingredients"] == ["gentamicin"]
    assert plan["medications"][0]["classes"] == []
    assert not _alerts(plan, "unrecognized-medication")
    assert [h["ingredient"] for h in plan["medication_holds"]] == ["omeprazole"]
    assert plan["status"] == "needs_review"


def test_a_stopped_unreviewed_medicine_raises_nothing() -> None:
    plan = spinepath.make_plan(plan_input(medications=["Meropenem 1 g IV tds - completed"]))
    assert plan["medications"][0]["ingredients"] == ["meropenem"]
    assert plan["medications"][0]["current"] is False
    assert not _alerts(plan, "unreviewed-medication")


def test_a_reviewed_blood_thinner_beside_an_unreviewed_medicine_keeps_its_hold() -> None:
    plan = spinepath.make_plan(plan_input(medications=["apixaban 5mg bd + teicoplanin 400mg od"]))
    assert [h["ingredient"] for h in plan["medication_holds"]] == ["apixaban"]
    assert _alerts(plan, "anticoagulant")
    assert _alerts(plan, "unreviewed-medication")
