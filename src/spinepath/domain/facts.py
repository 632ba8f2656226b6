"""Reading the free-text conditions and allergies a clinic writes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinepath.domain.model import AllergyNote, ConditionConcept, ConditionWording
from spinepath.domain.tokens import clinical_wording


@dataclass(frozen=True, slots=True)
class ConditionFinding:
    """One concept read in a condition item, with the codes that fit its wording."""

    concept: ConditionConcept
    codes: tuple[str, ...]
    counts: bool
    """False for a current-only concept the item says is past or absent ("history of UTI")."""

    @property
    def effect(self) -> str:
        return self.concept.effect if self.counts else "none"

    @property
    def meaning(self) -> str:
        concept = self.concept
        text = concept.meaning or "; ".join(concept.meanings.get(c, c) for c in self.codes)
        return text if self.counts else f"{text} (past or absent)"


@dataclass(frozen=True, slots=True)
class ConditionReading:
    text: str
    findings: tuple[ConditionFinding, ...]
    # Found by name in the code set, when no concept matched: (code, description).
    looked_up: tuple[str, str] | None = None

    @property
    def recognized(self) -> bool:
        return bool(self.findings) or self.looked_up is not None

    @property
    def codes(self) -> tuple[str, ...]:
        if self.looked_up is not None:
            return (self.looked_up[0],)
        return tuple(dict.fromkeys(c for f in self.findings if f.counts for c in f.codes))

    @property
    def meaning(self) -> str:
        if self.looked_up is not None:
            return self.looked_up[1]
        return "; ".join(f.meaning for f in self.findings)


@dataclass(frozen=True, slots=True)
class AllergyReading:
    text: str
    notes: tuple[AllergyNote, ...]


def _matches(patterns: tuple[str, ...], text: str) -> bool:
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


_LEVEL = re.compile(r"\b([ctls])\s?-?(\d{1,2})\b", re.IGNORECASE)
_LEVEL_LETTERS = {"c": "cervical", "t": "thoracic", "l": "lumbar", "s": "sacral"}
_REGION_WORDS = re.compile(
    r"\b(cervical|neck|thoracic|dorsal|lumbar|lumbosacral|sacral)\b", re.IGNORECASE
)
_REGION_WORD_MEANS = {"neck": "cervical", "dorsal": "thoracic"}
_JOINED_REGIONS = {
    frozenset({"lumbar", "sacral"}): "lumbosacral",
    frozenset({"lumbosacral"}): "lumbosacral",
    frozenset({"lumbosacral", "lumbar"}): "lumbosacral",
    frozenset({"lumbosacral", "sacral"}): "lumbosacral",
    frozenset({"cervical", "thoracic"}): "cervicothoracic",
    frozenset({"thoracic", "lumbar"}): "thoracolumbar",
}
_SIDES = (
    ("left", re.compile(r"\b(?:left|lt)\b|\(l\)|\bl\s*(?:sided|side)\b", re.IGNORECASE)),
    ("right", re.compile(r"\b(?:right|rt)\b|\(r\)|\br\s*(?:sided|side)\b", re.IGNORECASE)),
)


def spinal_region(text: str) -> str | None:
    """The spinal region an item names by level ("L4-S1": lumbosacral) or word, if one."""
    regions = {_LEVEL_LETTERS[m.group(1).lower()] for m in _LEVEL.finditer(text)}
    regions |= {_REGION_WORD_MEANS.get(w.lower(), w.lower()) for w in _REGION_WORDS.findall(text)}
    if len(regions) == 1:
        return next(iter(regions))
    return _JOINED_REGIONS.get(frozenset(regions))


def body_side(text: str) -> str | None:
    """ "left" or "right" when the item names one side only."""
    sides = [side for side, pattern in _SIDES if pattern.search(text)]
    return sides[0] if len(sides) == 1 else None


def _codes(concept: ConditionConcept, text: str) -> tuple[str, ...]:
    if concept.by_region:
        region = spinal_region(text)
        if region in concept.by_region:
            return (concept.by_region[region],)
    if concept.by_side:
        side = body_side(text)
        if side in concept.by_side:
            return (concept.by_side[side],)
    return concept.codes


def read_condition(
    text: str, concepts: tuple[ConditionConcept, ...], wording: ConditionWording
) -> ConditionReading:
    """Every concept the item names (the first of each group), with its codes."""
    findings: list[ConditionFinding] = []
    groups: set[str] = set()
    for concept in concepts:
        if concept.group in groups or not concept.matcher.search(text):
            continue
        groups.add(concept.group)
        counts = not (
            concept.current_only and (wording.past.search(text) or wording.negation.search(text))
        )
        findings.append(ConditionFinding(concept, _codes(concept, text), counts))
    if findings:
        return ConditionReading(text, tuple(findings))
    return ConditionReading(text, (), _looked_up(text, wording))


_SIDE_OR_LEVEL = re.compile(
    r"\b(?:left|right|bilateral|l|r|lt|rt|[ctls]\d{1,2}(?:\s*[-/]\s*[ctls]?\d{1,2})?)\b"
)


def _looked_up(text: str, wording: ConditionWording) -> tuple[str, str] | None:
    """The condition found by its whole name in the code set, with any side or spinal
    level taken off; a name that is only part of the item does not count. Never for a
    condition said to be absent or past."""
    if wording.negation.search(text) or wording.past.search(text):
        return None
    key = clinical_wording(text)
    found = wording.terms.get(key)
    if found is None:
        found = wording.terms.get(" ".join(_SIDE_OR_LEVEL.sub(" ", key).split()))
    return found


def read_allergies(
    items: tuple[str, ...], none_patterns: tuple[str, ...], notes: tuple[AllergyNote, ...]
) -> tuple[AllergyReading, ...]:
    """Allergies that are real entries ("NKDA" and blanks are not), with any notes."""
    return tuple(
        AllergyReading(item.strip(), tuple(n for n in notes if _matches(n.patterns, item)))
        for item in items
        if item.strip() and not _matches(none_patterns, item)
    )
