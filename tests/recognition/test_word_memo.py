"""The fast way of reading a line (from what each written word says, remembered per word)
gives exactly what one scan over the line's tokens gives, or steps aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinepath.domain import medications
from spinepath.domain.tokens import split_words
from spinepath.knowledge.loader import default_knowledge

LEXICON = default_knowledge().lexicon

# Phrases whose words meet at the boundaries that matter: names of one and of several
# words, frequency phrases, "on"/"om" after a dose, misspellings, numbers and units. The
# test splits them into written words at random places.
PHRASES = [
    *"dabigatran etexilate|insulin glargine|co-codamol|low molecular weight heparin".split("|"),
    *"low dose aspirin|vitamin d3|warfarin sodium|Xarelto20mg|tylenol 3|tylenol with codeine".split(
        "|"
    ),
    *"asprin|warfrin|naprevan|coamilofride|metformin|apixaban|patient|tablets|stopped".split("|"),
    *"not|held|once|twice a day|four times a day|every 12 hours|q12h|at night|as needed".split("|"),
    *"daily|od|bd|b.d.|prn|25mg on|1 tab om|2,5 mg|10,000 units|5mg/5ml|%|2|12|on|om".split("|"),
]
SEPARATORS = ["", " ", "  ", "\t", "-", " - ", "/", ", ", "("]


def _both(line: str) -> tuple[object, object]:
    lowered = line.lower()
    return medications._scan_words(lowered, LEXICON), medications._scan(
        split_words(lowered), LEXICON
    )


@settings(max_examples=3000, deadline=None)
@given(st.data())
def test_word_by_word_reading_matches_the_token_scan(data: st.DataObject) -> None:
    phrases = data.draw(st.lists(st.sampled_from(PHRASES), max_size=6))
    tokens = " ".join(phrases).split(" ")
    separators = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(tokens)))
    line = "".join(token + separator for token, separator in zip(tokens, separators, strict=False))
    fast, full = _both(line)
    assert fast is None or fast == full


@pytest.mark.parametrize(
    "line",
    [
        "dabigatran etexilate 110mg bd",  # a name of two words
        "metformin 500mg twice a day",  # a phrase of three words
        "amitriptyline 25mg on",  # "on" read by the dose before it
        "vitamin d3 1000 units",
    ],
)
def test_names_and_phrases_across_words_are_read_as_one_piece(line: str) -> None:
    """The words a name or phrase joins are read together, and give the token scan's
    reading."""
    fast, full = _both(line)
    assert fast is not None
    assert fast == full


def test_common_lines_are_read_word_by_word() -> None:
    fast, full = _both("Xarelto 20mg od")
    assert fast == full
    assert fast is not None
