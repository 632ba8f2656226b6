"""Medicine recognition: brands, generics, doses, frequencies, stopped lines, misspellings."""

from __future__ import annotations

import pytest

import spinepath


def _one(line: str) -> dict[str, object]:
    return spinepath.parse_medications([line])[0]


def test_contract_example_line() -> None:
    assert {
        k: v
        for k, v in _one("Xarelto 20mg OD").items()
        if k in {"input", "recognized", "ingredients", "classes", "dose", "frequency"}
    } == {
        "input": "Xarelto 20mg OD",
        "recognized": True,
        "ingredients": ["rivaroxaban"],
        "classes": ["anticoagulant"],
        "dose": "20 mg",
        "frequency": "once daily",
    }


@pytest.mark.parametrize(
    ("line", "ingredients"),
    [
        ("XARELTO20MG", ["rivaroxaban"]),
        ("apixaban(eliquis) 5mg bd", ["apixaban"]),
        ("  Clopidogrel   75 MG  OD ", ["clopidogrel"]),
        ("aspirin;75mg;od", ["aspirin"]),
        ("Co-codamol 30/500 2 tabs qds prn", ["codeine", "paracetamol"]),
        ("acetaminophen 500 mg", ["paracetamol"]),
        ("aspirin 75mg and clopidogrel 75mg od", ["aspirin", "clopidogrel"]),
    ],
)
def test_recognises_messy_lines(line: str, ingredients: list[str]) -> None:
    parsed = _one(line)
    assert parsed["recognized"] is True
    assert parsed["ingredients"] == ingredients


@pytest.mark.parametrize(
    ("line", "frequency"),
    [
        ("metformin 500mg bd", "twice daily"),
        ("metformin 500mg twice a day", "twice daily"),
        ("paracetamol 1g qds", "four times daily"),
        ("amitriptyline 10mg nocte", "at night"),
        ("oramorph 5mg prn", "as needed"),
        ("ibuprofen 400mg tds", "three times daily"),
        ("enoxaparin 80mg q12h", "every 12 hours"),
        ("alendronic acid 70mg weekly", "once weekly"),
    ],
)
def test_reads_frequency_shorthand(line: str, frequency: str) -> None:
    assert _one(line)["frequency"] == frequency


@pytest.mark.parametrize(
    ("line", "dose"),
    [
        ("warfarin 2.5mg", "2.5 mg"),
        ("Lantus 20 units at night", "20 units"),
        ("levothyroxine 75 mcg", "75 micrograms"),
    ],
)
def test_reads_doses_with_units(line: str, dose: str) -> None:
    assert _one(line)["dose"] == dose


@pytest.mark.parametrize(
    "line",
    [
        "stopped aspirin in 2019",
        "no longer taking clopidogrel",
        "Xarelto discontinued 2023",
        "used to take naproxen",
    ],
)
def test_stopped_medicine_is_recognised_but_not_current(line: str) -> None:
    parsed = _one(line)
    assert parsed["recognized"] is True
    assert parsed["current"] is False


@pytest.mark.parametrize(
    ("line", "ingredient"),
    [
        ("rivaroxiban 20mg", "rivaroxaban"),
        ("clopidigrel 75mg", "clopidogrel"),
        ("warfrin 3mg", "warfarin"),
        ("asprin 75mg", "aspirin"),
    ],
)
def test_misspelt_blood_thinner_is_read_and_flagged_uncertain(line: str, ingredient: str) -> None:
    parsed = _one(line)
    assert parsed["ingredients"] == [ingredient]
    assert parsed["uncertain"] is True


def test_unknown_line_is_not_recognised_with_empty_lists() -> None:
    parsed = _one("the little white heart pill")
    assert (parsed["recognized"], parsed["ingredients"], parsed["classes"]) == (False, [], [])


def test_every_input_line_gives_one_output_in_order() -> None:
    lines = ["Xarelto 20mg OD", "", "zzz", "metformin"]
    assert [p["input"] for p in spinepath.parse_medications(lines)] == lines
