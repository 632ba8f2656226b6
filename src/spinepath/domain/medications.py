"""Reading one line of a medication list: which medicines, what dose, how often, current or not.

The parser never raises on any string. What it cannot read it says so
(``recognized`` false, or ``uncertain`` with the candidates), so that a plan can raise an
alert for a human instead of guessing.

How it stays fast (about 4 microseconds a line; see benchmarks/README.md): the line is
lower-cased and tokenised once; medicine names, frequency phrases, dose units and words
that hint at "stopped" are dictionary look-ups on the tokens; the regular expressions for
the dose, "stopped" and "no medicines" run only when a token says they can match; a
misspelling is searched for once per distinct word (``Lexicon.near`` remembers it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from spinepath.domain.lexicon import (
    MEMO_LIMIT,
    FuzzyMatch,
    Lexicon,
    LexiconEntry,
    split_words,
    tokenise,
)


def _phrases(pattern: str) -> re.Pattern[str]:
    """A pattern whose spaces match any run of white space, as lists are typed."""
    return re.compile(pattern.replace(" ", r"\s+"))


_STOPPED = _phrases(
    r"\b(?:stopped|discontinued|ceased|no longer|not taking|not currently|not on|"
    r"used to take|previously (?:on|took|taking|used)|came off|come off|withdrawn|"
    r"d/c(?:'?d)?|was on|formerly|course (?:completed|complete|finished|ended|over)|"
    r"(?:completed|finished) (?:the |a |her |his |their )?course)\b"
    r"|^\s*off\b|\boff (?:since|for|in|from)\b",
)
# Words that say a medicine is still taken even though a "stopped" word is on the line
# ("not stopped", "until the course is completed", "on hold", "restarted").
_STILL_TAKEN = _phrases(
    r"(?:\bnot|\bnever|n't)\s+(?:been\s+|be\s+|yet\s+)?(?:stopped|stop|discontinued|ceased)\b"
    r"|\b(?:until|till|restarted|resumed|restarting|started again|back on|on hold|withheld|"
    r"held)\b"
)
# Only a line with one of these tokens can say that its medicine was stopped.
_STOPPED_HINTS = frozenset(
    "stopped discontinued ceased longer not used previously came come withdrawn d was "
    "formerly off course completed finished".split()
)

_NO_MEDICINES = _phrases(
    r"^\s*(?:nil|none|nkda|no (?:regular |current )?(?:meds|medicines|medications|medication|"
    r"drugs|tablets)(?: at all)?|not on any (?:regular )?(?:meds|medicines|medication|"
    r"medications|tablets))\s*\.?\s*$"
)

# The amount and its unit. The amount may have thousands separators ("10,000 units"), a
# decimal point or a decimal comma ("2,5 mg"), or be a strength pair ("30/500").
_DOSE = re.compile(
    r"([0-9]\d*+(?:,\d{3}(?!\d))*+(?:[.,]\d++)?+(?:\s*+/\s*+\d++(?:\.\d++)?+)?+)\s*+"
    r"(mg/kg|units/kg|mg|mcg|micrograms?|milligrams?|µg|ug|grams?|g|units?|iu|u|ml|%)(?![a-z])",
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_UNIT_NAMES = {
    "mcg": "micrograms",
    "microgram": "micrograms",
    "µg": "micrograms",
    "ug": "micrograms",
    "milligram": "mg",
    "milligrams": "mg",
    "gram": "g",
    "grams": "g",
    "unit": "units",
    "u": "units",
    "iu": "units",
}
# Only a line with one of these tokens (or a "%") can hold a dose.
_DOSE_UNITS = frozenset(
    "mg mcg microgram micrograms milligram milligrams ug g gram grams unit units iu u ml".split()
)

# How often, as written: each label and the phrases that mean it, separated by "|". Earlier
# labels win over later ones wherever they appear on the line, so "twice daily" beats the
# "daily" inside it and "every 12 hours" beats "bd".
_FREQUENCY_TABLE: tuple[tuple[str, str], ...] = (
    ("every 72 hours", "q72h | q72hr | every 72 hours | every 72 hrs | 72 hourly"),
    ("every 12 hours", "q12h | q12hr | q12hrs | every 12 hours | every 12 hrs"),
    ("every 8 hours", "q8h | q8hr | q8hrs | every 8 hours | every 8 hrs | 8 hourly"),
    ("every 6 hours", "q6h | q6hr | q6hrs | every 6 hours | every 6 hrs | 6 hourly"),
    ("every 4 to 6 hours", "q4-6h | q4-6hr | every 4-6 hours | every 4 to 6 hours"),
    ("every 4 hours", "q4h | q4hr | q4hrs | every 4 hours | every 4 hrs | 4 hourly"),
    (
        "four times daily",
        "qds | qid | q.d.s. | q.i.d. | four times a day | four times per day | four times daily"
        " | 4 times a day | 4 times day | 4 times daily | 4 times per day",
    ),
    (
        "three times daily",
        "tds | tid | t.d.s. | t.i.d. | three times a day | three times per day | three times daily"
        " | 3 times a day | 3 times day | 3 times daily | 3 times per day",
    ),
    (
        "twice daily",
        "bd | bid | b.d. | b.i.d. | twice a day | twice per day | twice daily | 2 times a day"
        " | 2 times day | 2 times daily | 12 hourly | morning and evening | morning and night",
    ),
    ("twice weekly", "twice weekly | twice a week | twice per week | 2 times a week"),
    (
        "once weekly",
        "once a week | once per week | once weekly | weekly | every week | every 7 days",
    ),
    (
        "as needed",
        "prn | p.r.n. | as needed | as required | when required | when needed | if needed"
        " | as necessary",
    ),
    ("at night", "nocte | at night | every night | at bedtime | bedtime | qhs | q.h.s."),
    ("in the morning", "mane | in the morning | every morning | qam"),
    (
        "once daily",
        "od | o.d. | qd | q.d. | once a day | once per day | once daily | daily | every day"
        " | 24 hourly | each day",
    ),
)
# Two-letter shorthand that means a time of day only straight after a dose ("25mg on"),
# never in ordinary words ("on insulin").
_AFTER_DOSE = {"on": "at night", "om": "in the morning"}
_DOSE_WORDS = _DOSE_UNITS | {"tab", "tabs", "tablet", "tablets", "cap", "caps"}
_NO_RANK = len(_FREQUENCY_TABLE)


_STOP_HINT, _DOSE_UNIT = 1, 2  # what else a word may say about its line, as bit flags


@dataclass(frozen=True, slots=True)
class _Context:
    """Frequency phrases a word starts that need the words after or before it."""

    longer: tuple[tuple[list[str], int], ...]  # (phrase tokens, rank)
    after_dose_rank: int  # rank of what "on"/"om" mean straight after a dose

    def rank_at(self, tokens: list[str], index: int, best: int) -> int:
        for words, rank in self.longer:
            if rank < best and tokens[index : index + len(words)] == words:
                best = rank
        if self.after_dose_rank < best and index:
            previous = tokens[index - 1]
            if previous[0].isdigit() or previous in _DOSE_WORDS:
                best = self.after_dose_rank
        return best


# A word that is no medicine name: (rank of the one-word frequency phrase it is, or
# _NO_RANK; flags; the context its longer phrases need, or None).
_Role = tuple[int, int, _Context | None]


def _roles() -> dict[str, _Role]:
    """Word → role, built once from the frequency table, the stop hints and dose units."""
    ranks = {label: rank for rank, (label, _) in enumerate(_FREQUENCY_TABLE)}
    single: dict[str, int] = {}
    longer: dict[str, list[tuple[list[str], int]]] = {}
    for rank, (_, written) in enumerate(_FREQUENCY_TABLE):
        for words in map(tokenise, written.split("|")):
            if len(words) == 1:
                single.setdefault(words[0], rank)
                continue
            longer.setdefault(words[0], []).append((words, rank))
            if all(word.isalpha() for word in words):  # "twice-daily" is one token
                single.setdefault("".join(words), rank)
    roles: dict[str, _Role] = {}
    for word in set(single) | set(longer) | set(_AFTER_DOSE) | _STOPPED_HINTS | _DOSE_UNITS:
        flags = _STOP_HINT * (word in _STOPPED_HINTS) | _DOSE_UNIT * (word in _DOSE_UNITS)
        after_dose = ranks[_AFTER_DOSE[word]] if word in _AFTER_DOSE else _NO_RANK
        context = _Context(tuple(longer.get(word, ())), after_dose)
        needed = context.longer or after_dose < _NO_RANK
        roles[word] = (single.get(word, _NO_RANK), flags, context if needed else None)
    return roles


_ROLES = _roles()
_LABELS: tuple[str | None, ...] = (*(label for label, _ in _FREQUENCY_TABLE), None)


class MedicationLine(NamedTuple):
    """What one medication-list line says.

    An immutable record. It is a ``NamedTuple`` rather than a frozen dataclass because it
    is made once per line on the hot path, and a frozen dataclass's ``__init__`` alone
    costs about a third of the time it takes to read a line.
    """

    input: str
    recognized: bool
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]
    dose: str | None
    dose_mg: float | None
    frequency: str | None
    current: bool
    names_matched: tuple[str, ...] = ()
    corrected: tuple[tuple[str, str], ...] = ()
    candidates: tuple[str, ...] = ()
    no_medicine: bool = False

    @property
    def uncertain(self) -> bool:
        """Read by correcting a misspelling, or near more than one medicine."""
        return bool(self.corrected) or bool(self.candidates)


def parse_dose(text: str) -> tuple[str | None, float | None]:
    """The first dose on the line, written canonically, and its value in mg if in mg."""
    return _dose(text.lower())


def _dose(lowered: str) -> tuple[str | None, float | None]:
    found = _DOSE.search(lowered)
    if found is None:
        return None, None
    amount, unit = found.group(1, 2)
    known = _DOSES_SEEN.get((amount, unit))
    if known is None:
        known = _DOSES_SEEN.remember((amount, unit), _canonical_dose(amount, unit))
    return known


def _canonical_dose(amount: str, unit: str) -> tuple[str, float | None]:
    amount = amount.replace(" ", "")
    amount = amount.replace(",", "" if _THOUSANDS.fullmatch(amount) else ".")
    unit = _UNIT_NAMES.get(unit, unit)
    milligrams = float(amount) if unit == "mg" and "/" not in amount else None
    if unit == "g" and "/" not in amount:
        milligrams = float(amount) * 1000
    return f"{amount} {unit}" if unit != "%" else f"{amount}%", milligrams


class _Remembered(dict[tuple[str, str], tuple[str, float | None]]):
    """Doses already written canonically, per (amount, unit) as written; emptied when full."""

    def remember(
        self, written: tuple[str, str], dose: tuple[str, float | None]
    ) -> tuple[str, float | None]:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[written] = dose
        return dose


_DOSES_SEEN = _Remembered()


def parse_frequency(text: str) -> str | None:
    """How often the line says to take it, as one of the labels above, or None."""
    tokens = tokenise(text)
    best = _NO_RANK
    for index, word in enumerate(tokens):
        if word in _ROLES:
            rank, _, context = _ROLES[word]
            best = min(best, rank if context is None else context.rank_at(tokens, index, rank))
    return _LABELS[best]


# What a pass over a line's tokens found: entries, corrections (written, read as),
# ambiguous candidates, the best frequency rank and the role flags seen.
_Scan = tuple[list[LexiconEntry], list[tuple[str, str]], list[str], int, int]


def _take(
    match: FuzzyMatch,
    found: list[LexiconEntry],
    corrected: list[tuple[str, str]],
    ambiguous: list[str],
) -> None:
    """A misspelling: read it if only one medicine is meant, else keep the candidates."""
    if match.is_ambiguous:
        ambiguous.extend(f"{match.written} → {name}" for name, _ in match.candidates)
    else:
        name, entry = match.candidates[0]
        found.append(entry)
        corrected.append((match.written, name))


def _scan(tokens: list[str], lexicon: Lexicon) -> _Scan:
    """One pass over the tokens: medicine names (longest first), words with a role
    (frequency, stop hint, dose unit) and misspellings."""
    found: list[LexiconEntry] = []
    corrected: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    rank, flags = _NO_RANK, 0
    starts, single, pairs = lexicon.longest_by_first, lexicon.single, lexicon.pairs
    seen, nothing = lexicon.seen, lexicon.nothing
    roles, index, count = _ROLES, 0, len(tokens)
    while index < count:
        word = tokens[index]
        index += 1
        if word in starts:
            if index < count and (word, tokens[index]) in pairs:
                exact = lexicon.match_at(tokens, index - 1)
                if exact is not None:
                    found.append(exact[1])
                    index += exact[0] - 1
                    continue
            entry = single.get(word)
            if entry is not None:
                found.append(entry)
                continue
        role = roles.get(word)
        if role is not None:
            word_rank, word_flags, context = role
            flags |= word_flags
            if context is not None:
                word_rank = context.rank_at(tokens, index - 1, word_rank)
            if word_rank < rank:
                rank = word_rank
        elif word[0] > "9" and word not in nothing:
            match = seen.get(word) or lexicon.near(word)
            if match is not None:
                _take(match, found, corrected, ambiguous)
    return found, corrected, ambiguous, rank, flags


def _says_stopped(lowered: str) -> bool:
    return _STOPPED.search(lowered) is not None and _STILL_TAKEN.search(lowered) is None


def _meaning(found: list[LexiconEntry]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Sorted ingredients and classes of the entries found, and the names they were read from."""
    if len(found) == 1:
        entry = found[0]
        return entry.ingredients, entry.classes, (entry.label,)
    if not found:
        return (), (), ()
    ingredients = tuple(sorted({i for entry in found for i in entry.ingredients}))
    classes = tuple(sorted({c for entry in found for c in entry.classes}))
    return ingredients, classes, tuple(entry.label for entry in found)


def parse_medication_line(line: str, lexicon: Lexicon) -> MedicationLine:
    """Read one line of a medication list. Never raises."""
    lowered = line.lower()
    found, corrected, ambiguous, rank, flags = _scan(split_words(lowered), lexicon)
    if not found and not ambiguous and _NO_MEDICINES.match(lowered):
        return MedicationLine(line, False, (), (), None, None, None, True, no_medicine=True)
    stopped = bool(flags & _STOP_HINT) and bool(found or ambiguous) and _says_stopped(lowered)
    # Several medicines and a word saying one was stopped: we cannot tell which, so the
    # line stays current (the safe reading) and is marked uncertain for a human.
    if stopped and len({entry.ingredients for entry in found}) > 1:
        ambiguous.append("which medicine on this line was stopped")
        stopped = False
    dose, dose_mg = _dose(lowered) if flags & _DOSE_UNIT or "%" in lowered else (None, None)
    ingredients, classes, names = _meaning(found)
    # ``_make`` builds the record straight from a tuple, in the order of its fields.
    return MedicationLine._make(
        (
            line,
            bool(ingredients),
            ingredients,
            classes,
            dose,
            dose_mg,
            _LABELS[rank],
            not stopped,
            names,
            tuple(corrected) if corrected else (),
            tuple(ambiguous) if ambiguous else (),
            False,
        )
    )
