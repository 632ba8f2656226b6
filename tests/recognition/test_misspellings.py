"""Misspellings are read only when it is safe: never as a different medicine, and a blood
thinner within reach is never out-voted by something else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from spinepath.domain.lexicon import (
    NEVER_OUTVOTED,
    PLAIN_WORDS,
    Lexicon,
    LexiconEntry,
    allowed_distance,
    edit_distance,
)
from spinepath.domain.model import Knowledge


def _thins_blood(entry: LexiconEntry) -> bool:
    return not NEVER_OUTVOTED.isdisjoint(entry.classes)


def _one_edit_misspellings(name: str) -> Iterator[str]:
    """A letter dropped, two neighbours swapped, a letter doubled, a vowel changed."""
    for i in range(len(name)):
        yield name[:i] + name[i + 1 :]
        yield name[:i] + name[i] + name[i:]
        if i + 1 < len(name):
            yield name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        if name[i] in "aeiouy":
            yield from (name[:i] + v + name[i + 1 :] for v in "aeiouy" if v != name[i])


def _misspelt_names(lexicon: Lexicon, *, blood_thinners: bool) -> Iterator[tuple[str, str]]:
    """(misspelling, the one-word name it came from) for every name that may be corrected:
    ingredient names and brands, never abbreviations, class words or the vocabulary's
    unreviewed names (which have no class)."""
    for name, entry in lexicon.single.items():
        corrected = entry.how in {"name", "brand"} and bool(entry.classes)
        if (
            corrected
            and name.isalpha()
            and allowed_distance(name)
            and _thins_blood(entry) is blood_thinners
        ):
            for written in set(_one_edit_misspellings(name)):
                known = (
                    written in lexicon.longest_by_first
                    or written in PLAIN_WORDS
                    or written in lexicon.ordinary  # ordinary words are never corrected
                )
                if allowed_distance(written) and not known:
                    yield written, name


def test_a_misspelt_blood_thinner_is_read_as_itself_or_flagged(knowledge: Knowledge) -> None:
    lexicon = knowledge.lexicon
    wrong = []
    for written, name in _misspelt_names(lexicon, blood_thinners=True):
        meant = lexicon.single[name].ingredients
        match = lexicon.near(written)
        assert match is not None, f"{written!r} (from {name}) is within reach and must be found"
        candidates = {entry.ingredients for _, entry in match.candidates}
        if meant not in candidates or (not match.is_ambiguous and candidates != {meant}):
            wrong.append((written, name, sorted(candidates)))
    assert wrong == []


def test_no_one_edit_misspelling_is_read_as_a_different_medicine(knowledge: Knowledge) -> None:
    """Every other medicine's misspellings; every fourth name, to keep the test quick."""
    lexicon = knowledge.lexicon
    misread = []
    pairs = list(_misspelt_names(lexicon, blood_thinners=False))
    chosen = set(sorted({name for _, name in pairs})[::4])
    for written, name in pairs:
        if name not in chosen:
            continue
        match = lexicon.near(written)
        if match is not None and not match.is_ambiguous:
            (read,) = {entry.ingredients for _, entry in match.candidates}
            if read != lexicon.single[name].ingredients:
                misread.append((written, name, read))
    assert misread == []


@pytest.mark.parametrize(
    ("written", "nearest", "blood_thinner"),
    [
        ("naprevan", "naprelan", "marevan"),  # naproxen one edit away; warfarin two
        ("asaprox", "anaprox", "aspro"),  # naproxen one edit away; aspirin two
    ],
)
def test_a_blood_thinner_within_reach_is_never_outvoted(
    knowledge: Knowledge, written: str, nearest: str, blood_thinner: str
) -> None:
    match = knowledge.lexicon.near(written)
    assert match is not None
    assert match.is_ambiguous
    assert {name for name, _ in match.candidates} == {nearest, blood_thinner}


def test_a_tie_between_two_medicines_is_ambiguous(knowledge: Knowledge) -> None:
    # "co-amilofride" is two edits from both co-amilofruse and co-amilozide.
    match = knowledge.lexicon.near("coamilofride")
    assert match is not None
    assert match.is_ambiguous
    assert {name for name, _ in match.candidates} == {"coamilofruse", "coamilozide"}


def test_short_words_and_numbers_are_never_corrected(knowledge: Knowledge) -> None:
    for word in ("asa", "piax", "zzzz", "12345", "tabs"):
        assert knowledge.lexicon.near(word) is None


def test_plain_words_are_not_medicine_names(knowledge: Knowledge) -> None:
    lexicon = knowledge.lexicon
    assert sorted(w for w in PLAIN_WORDS if w in lexicon.single) == []
    assert all(len(word) >= 5 for word in PLAIN_WORDS), "shorter words are never corrected"


def test_no_plain_word_hides_a_misspelt_blood_thinner(knowledge: Knowledge) -> None:
    """A plain word is never corrected, so none may be one edit from a blood thinner."""
    thinners = [n for n, e in knowledge.lexicon.single.items() if _thins_blood(e)]
    close = [(w, n) for w in PLAIN_WORDS for n in thinners if edit_distance(w, n, 1) <= 1]
    assert close == []


def test_plain_words_are_not_corrected(knowledge: Knowledge) -> None:
    # Each of these is within two edits of a medicine name.
    for word in ("patient", "gastric", "machine", "diabetes", "forte", "increase"):
        assert knowledge.lexicon.near(word) is None


def test_each_word_is_searched_once_and_remembered(knowledge: Knowledge) -> None:
    lexicon = knowledge.lexicon
    first = lexicon.near("clopidogrul")
    assert first is not None
    assert lexicon.seen["clopidogrul"] is first
    assert lexicon.near("clopidogrul") is first
    assert lexicon.near("notamedicine") is None
    assert "notamedicine" in lexicon.nothing


def test_a_misspelt_unreviewed_name_is_never_guessed(knowledge: Knowledge) -> None:
    """The vocabulary's names are read only as written: a misspelling of one is not
    corrected into it, so an unreviewed medicine never turns up where it was not named."""
    lexicon = knowledge.lexicon
    unreviewed = sorted(knowledge.unreviewed)
    assert len(unreviewed) > 3000
    for name in unreviewed[::50]:
        for written in _one_edit_misspellings(name):
            match = lexicon.near(written)
            if match is not None:
                read = {i for _, entry in match.candidates for i in entry.ingredients}
                assert name not in read, (written, name)
