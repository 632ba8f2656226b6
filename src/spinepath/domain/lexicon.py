"""An index over medicine names for fast, safe recognition.

Names are reduced to token tuples (lower case; letters and digits split apart; a hyphen
between letters joins them, so ``co-codamol`` and ``cocodamol`` meet). Exact look-ups
are dictionary hits; misspellings are found with a symmetric-deletion index and checked
with a true edit distance. A misspelling that is near two different medicines is never
guessed: the caller gets every candidate and raises an alert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spinepath.domain.model import Combination, Medicine

_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_JOIN_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")


def tokenise(text: str) -> list[str]:
    """Lower-case word and number tokens; ``Xarelto20mg`` gives ``xarelto 20 mg``."""
    return _TOKEN.findall(_JOIN_HYPHEN.sub("", text.lower()))


def _name_keys(name: str) -> set[tuple[str, ...]]:
    """Every token form a name may be written in: hyphens joined and hyphens as spaces."""
    lowered = name.lower()
    keys = {tuple(tokenise(lowered)), tuple(_TOKEN.findall(lowered.replace("-", " ")))}
    return {key for key in keys if key}


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """What one written name (``label``, spelt as in the lexicon) means."""

    label: str
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FuzzyMatch:
    written: str
    candidates: tuple[tuple[str, LexiconEntry], ...]

    @property
    def is_ambiguous(self) -> bool:
        return len({entry.ingredients for _, entry in self.candidates}) != 1


class LexiconConflictError(ValueError):
    """Two different medicines share one written name."""


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (adjacent swaps count once), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def allowed_distance(word: str) -> int:
    """How many edits a written word may be from a name: none below 5 letters."""
    if len(word) < 5:
        return 0
    return 1 if len(word) < 7 else 2


class Lexicon:
    """Written name (as token tuple) → meaning, plus a misspelling index."""

    def __init__(self, medicines: Iterable[Medicine], combinations: Iterable[Combination]) -> None:
        self.exact: dict[tuple[str, ...], LexiconEntry] = {}
        self.longest_by_first: dict[str, int] = {}
        meds = {m.ingredient: m for m in medicines}
        for med in meds.values():
            for name in (med.ingredient, *med.names, *med.brands):
                self._add(LexiconEntry(name, (med.ingredient,), med.classes))
        for combo in combinations:
            classes = tuple(sorted({c for i in combo.ingredients for c in meds[i].classes}))
            for name in (combo.name, *combo.brands):
                self._add(LexiconEntry(name, tuple(sorted(combo.ingredients)), classes))
        self._deletion_index: dict[str, set[str]] = {}
        for key in self.exact:
            if len(key) == 1 and key[0].isalpha() and allowed_distance(key[0]):
                for variant in _deletes(key[0], 2):
                    self._deletion_index.setdefault(variant, set()).add(key[0])

    def _add(self, entry: LexiconEntry) -> None:
        name = entry.label
        for key in _name_keys(name):
            known = self.exact.get(key)
            if known is not None and known.ingredients != entry.ingredients:
                raise LexiconConflictError(f"'{name}' names both {known.label} and {entry.label}")
            self.exact[key] = entry
            first = key[0]
            self.longest_by_first[first] = max(self.longest_by_first.get(first, 0), len(key))

    def match_at(self, tokens: list[str], start: int) -> tuple[int, LexiconEntry] | None:
        """The longest name starting at ``tokens[start]``: (tokens used, entry)."""
        longest = self.longest_by_first.get(tokens[start], 0)
        for size in range(min(longest, len(tokens) - start), 0, -1):
            entry = self.exact.get(tuple(tokens[start : start + size]))
            if entry is not None:
                return size, entry
        return None

    def near(self, word: str) -> FuzzyMatch | None:
        """Names within the allowed edit distance of a word, keeping only the closest."""
        limit = allowed_distance(word)
        if not limit:
            return None
        seen: set[str] = set()
        for variant in _deletes(word, limit):
            seen |= self._deletion_index.get(variant, set())
        scored = [(_edit_distance(word, name, limit), name) for name in seen]
        close = [(d, name) for d, name in scored if d <= limit]
        if not close:
            return None
        best = min(d for d, _ in close)
        names = sorted(name for d, name in close if d == best)
        return FuzzyMatch(word, tuple((name, self.exact[(name,)]) for name in names))
