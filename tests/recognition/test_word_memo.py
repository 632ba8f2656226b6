"""The fast way of reading a line (from what each written word says, remembered per word)
gives exactly what one scan over the line's tokens gives, or steps aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinepath.domain import medications
from spinepath.domain.phrases import MAY_BE_STILL, STOPPED_IN_WORD
from spinepath.domain.tokens import split_words
from spinepath.knowledge.loader import default_knowledge
from tests.recognition import outside_sets

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
# What only the word-by-word reading knows: the "stopped" and "still taken" hints.
PER_WORD = STOPPED_IN_WORD | MAY_BE_STILL


def _both(line: str) -> tuple[object, object]:
    lowered = line.lower()
    fast = medications._scan_words(lowered, LEXICON)
    if fast is not None:
        fast = (*fast[:4], fast[4] & ~PER_WORD)
    return fast, medications._scan(split_words(lowered), LEXICON)


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


# Ways lists say a medicine was stopped or is still taken, for the hint tests below.
STATUS_PHRASES = [
    *"sospeso definitivamente|sospeso|stopped|discontinued|d/c'd|no longer".split("|"),
    *"not taking|came off|ex-|off since|finished".split("|"),
    *"course completed|status: completed|(completed)|abgesetzt|arrêté|ended|was on".split("|"),
    *"not stopped|hasn't stopped|never been stopped|until|on hold|held|withheld|WITHHELD".split(
        "|"
    ),
    *"restarted|back on|to be stopped|will stop|now on|suspendu|pausiert|sospeso|omitted".split(
        "|"
    ),
    *"temporarily|paused|suspended|warfarin|apixaban 5mg|aspirin|bd|on|off|not|to|be".split("|"),
]


def _all_lines() -> list[str]:
    return [
        c.input
        for split in outside_sets.available_splits()
        for c in outside_sets.medication_cases(split)
    ]


def _hints_agree(line: str) -> None:
    """The per-word hints never change what the patterns say of the line."""
    lowered = line.lower()
    scanned = medications._scan_words(lowered, LEXICON)
    if scanned is None:
        return
    flags = scanned[4]
    stopped = medications._STOPPED.search(lowered) is not None
    still = medications._STILL_TAKEN.search(lowered) is not None
    if flags & STOPPED_IN_WORD:
        assert stopped, line
    assert medications._still_taken(lowered, flags) is still, line


@settings(max_examples=3000, deadline=None)
@given(st.data())
def test_stopped_and_still_taken_hints_agree_with_the_patterns(data: st.DataObject) -> None:
    phrases = data.draw(st.lists(st.sampled_from(STATUS_PHRASES), min_size=1, max_size=5))
    tokens = " ".join(phrases).split(" ")
    separators = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(tokens)))
    _hints_agree("".join(t + s for t, s in zip(tokens, separators, strict=False)))


def test_hints_agree_with_the_patterns_on_every_evaluation_line() -> None:
    for line in _all_lines():
        _hints_agree(line)
        _hints_agree(line.upper())


def test_every_still_taken_phrase_starts_with_a_listed_word() -> None:
    """Each alternative of the "still taken" pattern, written out, starts with a word of
    STILL_STARTS (or holds "n't"), so the pattern is skipped only where it cannot match."""
    written = [
        "not stopped",
        "never been stopped",
        "hasn't stopped",
        "not yet discontinued",
        "until",
        "till",
        "restarted",
        "resumed",
        "restarting",
        "started again",
        "back on",
        "on hold",
        "withheld",
        "withhold",
        "held",
        "hold",
        "suspended",
        "paused",
        "omitted",
        "temporarily",
        "to be stopped",
        "to be discontinued",
        "will stop",
        "will be stopped",
        "now on",
        "now taking",
        "now takes",
        "suspendu",
        "pausiert",
        "pausa",
        "sospeso",
        "sospesa",
    ]
    for phrase in written:
        assert medications._STILL_TAKEN.search(phrase), phrase
        tokens = split_words(phrase)
        assert "n't" in phrase or tokens[0] in medications.STILL_STARTS, phrase
