"""No word of the shipped word list is ever read as a medicine, alone or beside one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spinepath.domain.medications import parse_medication_line
from spinepath.knowledge.loader import default_knowledge

LEXICON = default_knowledge().lexicon
WORDS = sorted(LEXICON.ordinary)


def test_the_word_list_is_the_shipped_english_list() -> None:
    assert len(WORDS) > 200_000
    assert {"loading", "ended", "extract", "prostate", "compass"} <= LEXICON.ordinary


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(WORDS))
def test_an_ordinary_word_alone_is_no_medicine(word: str) -> None:
    line = parse_medication_line(word, LEXICON)
    assert line.ingredients == ()
    assert line.corrected == ()


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(WORDS), st.booleans())
def test_an_ordinary_word_beside_a_medicine_adds_nothing(word: str, before: bool) -> None:
    text = f"{word} aspirin 75mg" if before else f"aspirin 75mg {word}"
    line = parse_medication_line(text, LEXICON)
    assert line.ingredients == ("aspirin",)
    assert line.corrected == ()


def test_no_word_of_the_whole_list_is_read_as_a_medicine() -> None:
    read = [w for w in WORDS if parse_medication_line(w, LEXICON).ingredients]
    assert read == []
