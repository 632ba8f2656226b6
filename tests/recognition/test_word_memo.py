"""The fast way of reading a line (from what each written word says, remembered per word)
gives exactly what one scan over the line's tokens gives, or steps aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinepath.domain import medications
from spinepath.domain.lexicon import split_words
from spinepath.knowledge.loader import default_knowledge

LEXICON = default_knowledge().lexicon

# Words chosen to meet at word boundaries: names of one and of several words, frequency
# phrases, "on"/"om" after a dose, misspellings, numbers, units and punctuation.
PIECES = (
    "dabigatran etexilate insulin glargine co-codamol low dose aspirin vitamin d3 warfarin "
    "sodium Xarelto20mg asprin warfrin naprevan coamilofride tylenol 3 no once twice a day "
    "daily every 12 hours q12h at night as needed four times 2 25mg on om 1 tab stopped not "
    "held 5mg/5ml 2,5 10,000 units mg % - / , ( ) ; b.d. od bd prn tablets patient"
).split()


def _both(line: str) -> tuple[object, object]:
    lowered = line.lower()
    return medications._scan_words(lowered, LEXICON), medications._scan(
        split_words(lowered), LEXICON
    )


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=9),
    st.lists(st.sampled_from(["", " ", "  ", "\t", "-", " - ", "/", ", "]), min_size=9, max_size=9),
)
def test_word_by_word_reading_matches_the_token_scan(words: list[str], joins: list[str]) -> None:
    line = "".join(word + joins[i] for i, word in enumerate(words))
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
def test_names_and_phrases_across_words_are_left_to_the_token_scan(line: str) -> None:
    fast, full = _both(line)
    assert fast is None
    assert full is not None


def test_common_lines_are_read_word_by_word() -> None:
    fast, full = _both("Xarelto 20mg od")
    assert fast == full
    assert fast is not None
