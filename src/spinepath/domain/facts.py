"""Reading the free-text conditions and allergies a clinic writes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinepath.domain.model import AllergyNote, ConditionConcept


@dataclass(frozen=True, slots=True)
class ConditionReading:
    text: str
    concept: ConditionConcept | None

    @property
    def effect(self) -> str | None:
        return None if self.concept is None else self.concept.effect


@dataclass(frozen=True, slots=True)
class AllergyReading:
    text: str
    notes: tuple[AllergyNote, ...]


def _matches(patterns: tuple[str, ...], text: str) -> bool:
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def read_condition(text: str, concepts: tuple[ConditionConcept, ...]) -> ConditionReading:
    """The first concept whose patterns match; ``concept`` is None when nothing does."""
    for concept in concepts:
        if _matches(concept.patterns, text):
            return ConditionReading(text, concept)
    return ConditionReading(text, None)


def read_allergies(
    items: tuple[str, ...], none_patterns: tuple[str, ...], notes: tuple[AllergyNote, ...]
) -> tuple[AllergyReading, ...]:
    """Allergies that are real entries ("NKDA" and blanks are not), with any notes."""
    return tuple(
        AllergyReading(item.strip(), tuple(n for n in notes if _matches(n.patterns, item)))
        for item in items
        if item.strip() and not _matches(none_patterns, item)
    )
