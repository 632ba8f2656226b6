"""Invariants of the plan, over generated patients."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spinepath
from spinepath.domain.lexicon import Lexicon
from spinepath.domain.medications import parse_medication_line
from spinepath.knowledge.loader import default_knowledge

ORDER = ["ready", "needs_review", "not_eligible", "postpone"]
PROCEDURES = sorted(default_knowledge().procedures)
MEDICINE_LINES = [
    "Xarelto 20mg OD",
    "warfarin 3mg",
    "clopidogrel 75mg od",
    "aspirin 75mg",
    "metformin 500mg bd",
    "naproxen 500mg bd",
    "enoxaparin 40mg od",
    "dabigatran 150mg bd",
    "paracetamol 1g qds",
    "sertraline 50mg",
    "fish oil",
    "Lantus 20 units",
    "zzqx",
    "stopped warfarin 2020",
]
RISKS: dict[str, Any] = {
    "active_infection": True,
    "pregnancy_possible": True,
    "travel_within_14_days_after": True,
    "escort_arranged": False,
    "conditions": ["type 2 diabetes"],
    "allergies": ["latex"],
    "medications": ["Xarelto 20mg OD"],
}

patients = st.fixed_dictionaries(
    {
        "procedure": st.sampled_from(PROCEDURES),
        "procedure_date": st.dates(dt.date(2026, 11, 24), dt.date(2028, 12, 31)).map(
            dt.date.isoformat
        ),
        "today": st.just("2026-11-24"),
        "medications": st.lists(st.sampled_from(MEDICINE_LINES), max_size=5),
        "conditions": st.lists(
            st.sampled_from(["diabetes", "CKD stage 3", "asthma", "haemophilia A"]), max_size=2
        ),
        "allergies": st.lists(st.sampled_from(["NKDA", "penicillin", "latex"]), max_size=2),
        "pregnancy_possible": st.booleans(),
        "active_infection": st.booleans(),
        "travel_within_14_days_after": st.booleans(),
        "escort_arranged": st.none() | st.booleans(),
        "creatinine_clearance_ml_min": st.none() | st.floats(5, 150),
        "months_since_last_spine_surgery": st.none() | st.floats(0, 60),
        "injury": st.none()
        | st.sampled_from(["brachial_plexus_avulsion", "spinal cord injury", "other"]),
        "other_treatments_tried": st.none() | st.booleans(),
        "spinal_level": st.none() | st.sampled_from(["cervical", "thoracic", "lumbar", "sacral"]),
    }
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(patients)
def test_status_is_the_worst_effect_of_its_alerts(patient: dict[str, Any]) -> None:
    plan = spinepath.make_plan(patient)
    worst = max((ORDER.index(a["effect"]) for a in plan["alerts"]), default=0)
    assert plan["status"] == ORDER[worst]


@FAST
@given(patients)
def test_timeline_is_sorted_and_runs_from_today(patient: dict[str, Any]) -> None:
    plan = spinepath.make_plan(patient)
    dates = [entry["date"] for entry in plan["timeline"]]
    assert dates == sorted(dates)
    assert dates[0] >= patient["today"]
    assert any(entry["code"] == "procedure" for entry in plan["timeline"])


@FAST
@given(patients, st.sampled_from(sorted(RISKS)))
def test_adding_a_risk_factor_never_improves_status(patient: dict[str, Any], risk: str) -> None:
    before = spinepath.make_plan(patient)["status"]
    changed = dict(patient)
    value = RISKS[risk]
    changed[risk] = patient[risk] + value if isinstance(value, list) else value
    after = spinepath.make_plan(changed)["status"]
    assert ORDER.index(after) >= ORDER.index(before)


@FAST
@given(patients)
def test_every_alert_hold_and_step_names_its_source(patient: dict[str, Any]) -> None:
    plan = spinepath.make_plan(patient)
    for item in [*plan["alerts"], *plan["medication_holds"], *plan["timeline"]]:
        assert item["source"]


@FAST
@given(patients)
def test_every_current_recognised_blood_thinner_gets_a_hold(patient: dict[str, Any]) -> None:
    plan = spinepath.make_plan(patient)
    thinners = [
        m["input"]
        for m in plan["medications"]
        if m["current"] and {"anticoagulant", "antiplatelet"} & set(m["classes"])
    ]
    held = {h["input"] for h in plan["medication_holds"]}
    assert set(thinners) <= held


LEXICON: Lexicon = default_knowledge().lexicon


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_the_parser_never_raises_on_any_string(text: str) -> None:
    parsed = parse_medication_line(text, LEXICON)
    assert parsed.input == text
    assert parsed.recognized == bool(parsed.ingredients or parsed.class_only)
