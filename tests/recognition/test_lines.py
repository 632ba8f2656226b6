"""Medication lines as people write them: case, punctuation, spacing, doses, shorthand,
routes, stopped medicines and several medicines on a line."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spinepath
from spinepath.domain.medications import parse_dose, parse_frequency, parse_medication_line
from spinepath.knowledge.loader import default_knowledge

LEXICON = default_knowledge().lexicon


def _read(line: str) -> dict[str, Any]:
    return spinepath.parse_medications([line])[0]


@pytest.mark.parametrize(
    "line",
    [
        "APIXABAN 5MG BD",
        "apixaban5mgbd",
        "  apixaban\t5 mg   bd  ",
        "apixaban, 5mg, b.d.",
        "Apixaban (Eliquis) - 5mg - twice a day",
        "apixaban 5mg po bd",
        "Eliquis® 5 mg oral tablets q12h",
    ],
)
def test_case_punctuation_spacing_and_routes_do_not_hide_a_medicine(line: str) -> None:
    assert _read(line)["ingredients"] == ["apixaban"]


@pytest.mark.parametrize(
    ("line", "dose", "dose_mg"),
    [
        ("warfarin 2.5mg", "2.5 mg", 2.5),
        ("Xarelto 2,5 mg bd", "2.5 mg", 2.5),
        ("Fragmin 10,000 units sc", "10000 units", None),
        ("paracetamol 1 gram qds", "1 g", 1000.0),
        ("paracetamol 1g qds", "1 g", 1000.0),
        ("Clexane 1.5mg/kg od", "1.5 mg/kg", None),
        ("co-codamol 30/500mg", "30/500 mg", None),
        ("levothyroxine 75 mcg", "75 micrograms", None),
        ("levothyroxine 75µg", "75 micrograms", None),
        ("levothyroxine 75 μg", "75 micrograms", None),
        ("Lantus 24u nocte", "24 units", None),
        ("ibuprofen 5% gel", "5%", None),
        ("aspirin", None, None),
    ],
)
def test_doses_are_read_with_their_units(
    line: str, dose: str | None, dose_mg: float | None
) -> None:
    assert parse_dose(line) == (dose, dose_mg)


@pytest.mark.parametrize(
    ("line", "frequency"),
    [
        ("enoxaparin 40mg od", "once daily"),
        ("Jantoven 2.5mg po qd", "once daily"),
        ("apixaban 5mg bd", "twice daily"),
        ("ELIQUIS 2.5MG B.D.", "twice daily"),
        ("Eliquis 5mg morning and evening", "twice daily"),
        ("metformin 500mg twice a day", "twice daily"),
        ("apixaban 5mg b.i.d.", "twice daily"),
        ("enoxaparin 40mg once-daily", "once daily"),
        ("enoxaparin 80mg q12h", "every 12 hours"),
        ("heparin 5000 units s/c q8h", "every 8 hours"),
        ("ibuprofen 400mg tds", "three times daily"),
        ("paracetamol 1g qds prn", "four times daily"),
        ("oramorph 5mg prn", "as needed"),
        ("amitriptyline 10mg nocte", "at night"),
        ("amitriptyline 25mg on", "at night"),
        ("Elavil 25mg qhs", "at night"),
        ("levothyroxine 75mcg mane", "in the morning"),
        ("clopidogrel 75mg 1 om", "in the morning"),
        ("alendronic acid 70mg once weekly", "once weekly"),
        ("Evorel 50 patch twice weekly", "twice weekly"),
        ("fentanyl 25mcg/hr patch every 72 hours", "every 72 hours"),
        ("Tylenol #3 1-2 tabs q4-6h prn", "every 4 to 6 hours"),
        ("on insulin", None),
        ("aspirin", None),
    ],
)
def test_frequency_shorthand(line: str, frequency: str | None) -> None:
    assert parse_frequency(line) == frequency
    assert _read(line)["frequency"] == frequency


@pytest.mark.parametrize(
    "line",
    [
        "stopped aspirin in 2019",
        "no longer taking clopidogrel",
        "off warfarin since March",
        "not on warfarin",
        "was on apixaban, stopped by cardiology",
        "enoxaparin course completed after knee replacement",
        "finished the course of dalteparin",
    ],
)
def test_a_stopped_medicine_is_read_but_not_current(line: str) -> None:
    read = _read(line)
    assert read["recognized"] is True
    assert read["current"] is False


@pytest.mark.parametrize(
    "line",
    [
        "Clexane 40mg sc od until course completed",
        "aspirin 75mg od - not stopped",
        "warfarin on hold, restart after the procedure",
        "apixaban 5mg bd, stopped for 2 days then restarted",
        "rivaroxaban 20mg od - to be held 3 days pre-procedure",
        "Versatis 5% plaster 12 hours on 12 hours off",
    ],
)
def test_a_medicine_still_taken_is_never_read_as_stopped(line: str) -> None:
    read = _read(line)
    assert read["recognized"] is True
    assert read["current"] is True


def test_several_medicines_on_one_line_are_all_read() -> None:
    read = _read("aspirin 75mg od, clopidogrel 75mg od + atorvastatin 80mg nocte")
    assert read["ingredients"] == ["aspirin", "atorvastatin", "clopidogrel"]
    assert read["classes"] == ["antiplatelet", "other"]


def test_stopped_word_with_several_medicines_keeps_them_current_and_asks() -> None:
    read = _read("stopped warfarin, now on apixaban 5mg bd")
    assert read["ingredients"] == ["apixaban", "warfarin"]
    assert read["current"] is True
    assert read["uncertain"] is True


@pytest.mark.parametrize(
    ("line", "ingredients"),
    [
        ("Tylenol #3 2 tabs q6h", ["codeine", "paracetamol"]),
        ("Tylenol 500mg", ["paracetamol"]),
        ("Panadeine Forte 2 qid", ["codeine", "paracetamol"]),
        ("Soma 350mg tid", ["carisoprodol"]),
        ("fish oil 1g od", ["omega-3 fatty acids"]),
        ("omega-3 1000mg", ["omega-3 fatty acids"]),
        ("Gingko biloba 120 mg", ["ginkgo"]),
        ("paracetamol/codeine 500/30", ["codeine", "paracetamol"]),
    ],
)
def test_brands_combinations_and_supplements(line: str, ingredients: list[str]) -> None:
    assert _read(line)["ingredients"] == ingredients


@pytest.mark.parametrize(
    "line",
    ["TENS machine", "patient to bring medication list", "diabetes tablets", "eye drops"],
)
def test_plain_words_are_not_read_as_medicines(line: str) -> None:
    read = _read(line)
    assert (read["recognized"], read["ingredients"], read["candidates"]) == (False, [], [])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_the_parser_never_raises_and_keeps_its_shape(text: str) -> None:
    line = parse_medication_line(text, LEXICON)
    assert line.input == text
    assert list(line.ingredients) == sorted(set(line.ingredients))
    assert line.recognized is bool(line.ingredients or line.class_only)


WORDS_ON_LISTS = (
    "Warfarin ASPIRIN co-codamol Vitamin-D3 5mg 2,5 10,000 units bd od stopped not on until "
    "twice a day q12h asprin tablets - / , ( ) :"
).split()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(WORDS_ON_LISTS),
        max_size=10,
    )
)
def test_reading_ignores_case_and_spacing(words: list[str]) -> None:
    line = " ".join(words)
    plain = parse_medication_line(line, LEXICON)
    shouted = parse_medication_line("  " + line.upper().replace(" ", "   ") + " ", LEXICON)
    assert plain[1:] == shouted[1:]
