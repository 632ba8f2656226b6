"""The medicine lexicon, built from medicines.yaml and the words never read as a medicine.

The ordinary words are the English word list of the ``english-words`` package (its
``web2`` list: Webster's Second International Dictionary, in the public domain) joined with
the clinical and other-language words of ``words.yaml``. A word that is itself a medicine
name in the lexicon is taken out of the list, so the list shipped to the recogniser holds
only words that are no medicine (see ADR 5).

For breadth, the DrugBank common names of ``drugbank_names.txt`` are added as medicines
with no class (ADR 6), unless the name is an ordinary word, is already written in
medicines.yaml, or is shorter than five letters. They are read only when written exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from english_words import get_english_words_set

from spinepath.domain import model as m
from spinepath.domain.lexicon import Lexicon
from spinepath.domain.tokens import name_keys
from spinepath.knowledge import schema as s

ENGLISH_WORD_LIST = "english-words web2 (lower case, letters only)"
MIN_BREADTH_NAME = 5  # shorter vocabulary names are too often abbreviations of something else


@functools.cache
def english_words() -> frozenset[str]:
    """The English word list, read once per process."""
    return frozenset(get_english_words_set(["web2"], lower=True, alpha=True))


def medicines(file: s.MedicinesFile) -> tuple[m.Medicine, ...]:
    return tuple(
        m.Medicine(
            x.ingredient, tuple(x.classes), tuple(x.names), tuple(x.brands), tuple(x.abbreviations)
        )
        for x in file.medicines
    )


def combinations(file: s.MedicinesFile) -> tuple[m.Combination, ...]:
    return tuple(
        m.Combination(c.name, tuple(c.ingredients), tuple(c.brands)) for c in file.combinations
    )


def class_words(file: s.MedicinesFile) -> tuple[m.ClassWord, ...]:
    return tuple(m.ClassWord(tuple(c.words), tuple(c.classes)) for c in file.class_words)


def _written_names(
    meds: tuple[m.Medicine, ...],
    combos: tuple[m.Combination, ...],
    classes: tuple[m.ClassWord, ...],
) -> set[str]:
    """Every one-token name of the lexicon, as the recogniser sees it."""
    written: list[str] = []
    for med in meds:
        written += [med.ingredient, *med.names, *med.brands, *med.abbreviations]
    for combo in combos:
        written += [combo.name, *combo.brands]
    for word in classes:
        written += word.words
    return {key[0] for name in written for key in name_keys(name) if len(key) == 1}


def ordinary_words(
    words: s.WordsFile,
    meds: tuple[m.Medicine, ...],
    combos: tuple[m.Combination, ...],
    classes: tuple[m.ClassWord, ...],
) -> frozenset[str]:
    """The words never corrected into a medicine: English and clinical words, less names."""
    clinical = {key for word in words.ordinary_words for key in name_keys(word)}
    listed = english_words() | {key[0] for key in clinical if len(key) == 1}
    return frozenset(listed - _written_names(meds, combos, classes))


def unreviewed_medicines(
    names: Iterable[str],
    ordinary: frozenset[str],
    meds: tuple[m.Medicine, ...],
    combos: tuple[m.Combination, ...],
    classes: tuple[m.ClassWord, ...],
) -> tuple[m.Medicine, ...]:
    """The vocabulary's names that medicines.yaml does not write and no ordinary word is,
    as medicines with no class: read exactly, held by no rule, and raised for a human."""
    written = _written_names(meds, combos, classes)
    keep = sorted(
        {
            name
            for name in (n.strip().lower() for n in names)
            if len(name) >= MIN_BREADTH_NAME
            and name.isalpha()
            and name not in ordinary
            and name not in written
        }
    )
    return tuple(m.Medicine(name, (), (), ()) for name in keep)


def build_lexicon(
    file: s.MedicinesFile, words: s.WordsFile, breadth: Iterable[str] = ()
) -> tuple[Lexicon, tuple[m.Medicine, ...]]:
    """The lexicon, and the vocabulary's medicines in it that no one has reviewed."""
    meds, combos, classes = medicines(file), combinations(file), class_words(file)
    ordinary = ordinary_words(words, meds, combos, classes)
    unreviewed = unreviewed_medicines(breadth, ordinary, meds, combos, classes)
    lexicon = Lexicon(
        (*meds, *unreviewed),
        combos,
        class_words=classes,
        ordinary=ordinary,
        glued_salts=frozenset(salt.lower() for salt in words.glued_salts),
    )
    return lexicon, unreviewed
