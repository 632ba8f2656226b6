"""Triage follows the leaflets' "call 999 if / contact your GP or the clinic if" rules."""

from __future__ import annotations

from typing import Any

import pytest

import spinepath


def _triage(
    *symptoms: tuple[str, float | None], reported_at: str = "2026-12-11T09:30", **extra: Any
) -> dict[str, Any]:
    return spinepath.triage(
        {
            "procedure": "drg-block",
            "procedure_date": "2026-12-10",
            "reported_at": reported_at,
            "symptoms": [{"code": c, "duration_hours": d} for c, d in symptoms],
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("symptom", "hours", "reported_at", "disposition"),
    [
        ("chest_pain", 0.5, "2026-12-10T14:00", "emergency"),
        ("breathlessness", 1, "2026-12-11T09:30", "emergency"),
        ("incontinence", 2, "2026-12-12T09:30", "emergency"),
        ("leg_weakness", 2, "2026-12-10T13:00", "self_care"),
        ("leg_weakness", 10, "2026-12-10T20:00", "emergency"),
        ("leg_weakness", 1, "2026-12-12T09:00", "emergency"),
        ("arm_weakness", 3, "2026-12-10T12:00", "self_care"),
        ("numbness", 3, "2026-12-10T12:00", "self_care"),
        ("numbness", 12, "2026-12-11T09:00", "urgent"),
        ("headache", 12, "2026-12-11T09:30", "self_care"),
        ("headache", 30, "2026-12-11T15:00", "contact_team"),
        ("injection_site_redness", 5, "2026-12-12T09:30", "contact_team"),
        ("injection_site_warmth", 5, "2026-12-12T09:30", "contact_team"),
        ("injection_site_tenderness", 24, "2026-12-11T09:30", "self_care"),
        ("injection_site_tenderness", 120, "2026-12-15T09:30", "contact_team"),
        ("bruising", 48, "2026-12-12T09:30", "self_care"),
        ("fever", 6, "2026-12-12T09:30", "contact_team"),
        ("visual_disturbance", 2, "2026-12-11T09:30", "contact_team"),
        ("increased_pain", 24, "2026-12-11T09:30", "self_care"),
        ("increased_pain", 200, "2026-12-20T09:30", "contact_team"),
        ("wound_discharge", 5, "2026-12-13T09:30", "contact_team"),
    ],
)
def test_single_symptom_disposition(
    symptom: str, hours: float, reported_at: str, disposition: str
) -> None:
    result = _triage((symptom, hours), reported_at=reported_at)
    assert result["disposition"] == disposition
    assert result["reasons"][0]["symptom"] == symptom
    assert result["reasons"][0]["source"]


def test_the_most_urgent_wins_and_is_listed_first() -> None:
    result = _triage(("bruising", 24), ("chest_pain", 1))
    assert result["disposition"] == "emergency"
    assert result["reasons"][0]["symptom"] == "chest_pain"


def test_fever_with_weakness_is_an_emergency_even_within_hours() -> None:
    result = _triage(("fever", 2), ("numbness", 2), reported_at="2026-12-10T13:00")
    assert result["disposition"] == "emergency"
    assert any("fever" in r["symptom"] and "numbness" in r["symptom"] for r in result["reasons"])


def test_weakness_without_a_duration_is_not_assumed_to_be_the_anaesthetic() -> None:
    result = _triage(("leg_weakness", None), reported_at="2026-12-10T12:00")
    assert result["disposition"] == "emergency"


def test_us_region_says_911_and_acetaminophen() -> None:
    result = _triage(("chest_pain", 1), ("headache", 3), region="us")
    advice = " ".join(r["advice"] for r in result["reasons"])
    assert "911" in advice
    assert "999" not in advice
    assert "acetaminophen" in advice


def test_uk_chest_pain_says_999() -> None:
    assert "999" in _triage(("chest_pain", 1))["reasons"][0]["advice"]


def test_no_symptoms_is_self_care() -> None:
    assert _triage()["disposition"] == "self_care"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"symptoms": [{"code": "sore_toe"}]}, "symptoms[0].code"),
        ({"reported_at": "2026-12-09T10:00"}, "reported_at"),
        ({"reported_at": "11/12/2026"}, "reported_at"),
        ({"symptoms": [{"code": "fever", "duration_hours": -1}]}, "symptoms[0].duration_hours"),
        ({"procedure": "brain-surgery"}, "procedure"),
    ],
)
def test_bad_triage_input_names_the_field(change: dict[str, Any], field: str) -> None:
    data = {
        "procedure": "drg-block",
        "procedure_date": "2026-12-10",
        "reported_at": "2026-12-11T09:30",
        "symptoms": [],
        **change,
    }
    with pytest.raises(spinepath.InputError) as caught:
        spinepath.triage(data)
    assert caught.value.field == field
