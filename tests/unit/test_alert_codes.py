"""Every mandatory alert code of the contract fires when its fact applies, and only then."""

from __future__ import annotations

from typing import Any

import pytest

import spinepath
from tests.conftest import plan_input

# code, the input change that makes it apply, the status it forces at least.
CASES: list[tuple[str, dict[str, Any], str]] = [
    ("active-infection", {"active_infection": True}, "postpone"),
    ("anticoagulant", {"medications": ["Xarelto 20mg OD"]}, "needs_review"),
    ("anticoagulant", {"medications": ["aspirin 75mg od"]}, "needs_review"),
    (
        "late-notice",
        {"medications": ["clopidogrel 75mg od"], "procedure_date": "2026-12-01"},
        "needs_review",
    ),
    ("late-notice", {"conditions": ["T2DM"], "procedure_date": "2026-12-01"}, "needs_review"),
    ("diabetes-steroid", {"conditions": ["type 2 diabetes"]}, "needs_review"),
    ("diabetes-steroid", {"medications": ["gliclazide 80mg bd"]}, "needs_review"),
    ("pregnancy-possible", {"pregnancy_possible": True}, "needs_review"),
    ("allergy", {"allergies": ["latex"]}, "needs_review"),
    ("travel-after", {"travel_within_14_days_after": True}, "needs_review"),
    ("no-escort", {"escort_arranged": False}, "needs_review"),
    (
        "renal-function",
        {"procedure": "vertebral-augmentation", "medications": ["dabigatran 110mg bd"]},
        "needs_review",
    ),
    (
        "renal-function",
        {
            "procedure": "vertebral-augmentation",
            "medications": ["dabigatran 110mg bd"],
            "creatinine_clearance_ml_min": 35,
        },
        "needs_review",
    ),
    ("eligibility", {"procedure": "drez-lesioning", "injury": None}, "not_eligible"),
    (
        "eligibility",
        {"procedure": "revision-spine-surgery", "months_since_last_spine_surgery": 2},
        "not_eligible",
    ),
    ("unrecognized-medication", {"medications": ["zzqx 10mg"]}, "needs_review"),
]


@pytest.mark.parametrize(
    ("code", "change", "status"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_alert_fires_when_its_fact_applies(code: str, change: dict[str, Any], status: str) -> None:
    plan = spinepath.make_plan(plan_input(**change))
    alerts = [a for a in plan["alerts"] if a["code"] == code]
    assert alerts, [a["code"] for a in plan["alerts"]]
    assert all(a["source"] and a["message"] for a in alerts)
    order = ["ready", "needs_review", "not_eligible", "postpone"]
    assert order.index(plan["status"]) >= order.index(status)


def test_baseline_patient_has_no_alerts_and_is_ready() -> None:
    plan = spinepath.make_plan(plan_input())
    assert plan["alerts"] == []
    assert plan["status"] == "ready"


@pytest.mark.parametrize(
    ("code", "change"),
    [
        ("late-notice", {"medications": ["clopidogrel 75mg od"], "procedure_date": "2026-12-08"}),
        ("late-notice", {"procedure_date": "2026-12-01"}),
        ("diabetes-steroid", {"procedure": "medial-branch-block", "conditions": ["diabetes"]}),
        (
            "no-escort",
            {
                "procedure": "drez-lesioning",
                "injury": "spinal cord injury",
                "escort_arranged": False,
            },
        ),
        ("allergy", {"allergies": ["NKDA"]}),
        ("allergy", {"allergies": ["No known allergies"]}),
        ("anticoagulant", {"medications": ["stopped aspirin in 2019"]}),
        ("anticoagulant", {"medications": ["paracetamol 1g qds"]}),
        (
            "renal-function",
            {
                "procedure": "vertebral-augmentation",
                "medications": ["dabigatran 110mg bd"],
                "creatinine_clearance_ml_min": 90,
            },
        ),
        ("renal-function", {"medications": ["rivaroxaban 20mg od"]}),
        ("eligibility", {"procedure": "drez-lesioning", "injury": "brachial_plexus_injury"}),
        (
            "eligibility",
            {"procedure": "revision-spine-surgery", "months_since_last_spine_surgery": 3},
        ),
        ("unrecognized-medication", {"medications": ["no regular medications"]}),
    ],
    ids=[
        "late-notice-14-days-is-enough",
        "late-notice-needs-thinner-or-diabetes",
        "no-steroid-no-diabetes-steroid",
        "inpatient-needs-no-escort",
        "nkda-is-not-an-allergy",
        "no-known-allergies",
        "stopped-aspirin-is-not-current",
        "paracetamol-is-not-a-thinner",
        "normal-kidneys",
        "rivaroxaban-hold-not-renal-in-asra-pain",
        "drez-eligible",
        "revision-at-three-months",
        "no-medicines-line",
    ],
)
def test_alert_does_not_fire_when_its_fact_does_not_apply(
    code: str, change: dict[str, Any]
) -> None:
    plan = spinepath.make_plan(plan_input(**change))
    assert code not in [a["code"] for a in plan["alerts"]]


def test_status_is_the_worst_that_applies() -> None:
    plan = spinepath.make_plan(
        plan_input(
            active_infection=True, procedure="drez-lesioning", injury=None, pregnancy_possible=True
        )
    )
    assert plan["status"] == "postpone"
    plan = spinepath.make_plan(
        plan_input(procedure="drez-lesioning", injury=None, pregnancy_possible=True)
    )
    assert plan["status"] == "not_eligible"


def test_a_blood_thinner_said_to_be_stopped_is_shown_to_the_clinician() -> None:
    plan = spinepath.make_plan(plan_input(medications=["stopped aspirin in 2019"]))
    stopped = [a for a in plan["alerts"] if a["code"] == "blood-thinner-stopped"]
    assert len(stopped) == 1
    assert "aspirin" in stopped[0]["message"]
    assert plan["medication_holds"] == []
    assert plan["status"] == "ready"
