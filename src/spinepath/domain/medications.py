"""Reading one line of a medication list: which medicines, what dose, how often, current or not.

The parser never raises on any string. What it cannot read it says so
(``recognized`` false, or ``uncertain`` with the candidates), so that a plan can raise an
alert for a human instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinepath.domain.lexicon import Lexicon, LexiconEntry, tokenise

# Words that appear on medication lines but are not medicines: never corrected by the
# misspelling matcher, so that "tablet" can never become a drug.
_PLAIN_WORDS = frozenset(
    """
    tablet tablets tabs caps capsule capsules daily twice three times four once
    every morning night evening weekly monthly hourly hours needed required when
    with without after before meals food injection injections inject units patch
    patches spray inhaler inhalers puffs drops cream gel ointment solution liquid
    suspension sachet sachets modified release prolonged slow retard dispersible
    soluble chewable effervescent oral subcut subcutaneous topical rectal vaginal
    nasal stopped started taking taken since years months weeks about around sliding
    scale bedtime lunch dinner breakfast please check letter other regular medicines
    medication medications tablet alternate each daily previously discontinued
    ceased until prescribed blood thinner pressure sugar water heart vitamins
    vitamin herbal supplements supplement allergy allergies allergic known none
    reduce increase dose doses maximum usual normal strength double single plus
    alternate instead because switched
    """.split()
)

_STOPPED = re.compile(
    r"\b(?:stopped|discontinued|ceased|no longer|not taking|not currently|used to take|"
    r"previously (?:on|took|taking|used)|came off|come off|withdrawn|d/c(?:'?d)?|"
    r"was on|formerly)\b|^\s*off\b|\boff (?:since|for|in|from)\b",
)

_NO_MEDICINES = re.compile(
    r"^\s*(?:nil|none|nkda|no (?:regular |current )?(?:meds|medicines|medications|medication|"
    r"drugs|tablets)(?: at all)?|not on any (?:regular )?(?:meds|medicines|medication|"
    r"medications|tablets))\s*\.?\s*$"
)

_DOSE = re.compile(
    r"(\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?)\s*"
    r"(mg/kg|units/kg|mg|mcg|micrograms?|µg|ug|g|units?|iu|u|ml|%)(?![a-z])",
)
_UNIT_NAMES = {
    "mcg": "micrograms",
    "microgram": "micrograms",
    "µg": "micrograms",
    "ug": "micrograms",
    "unit": "units",
    "u": "units",
    "iu": "units",
}

_FREQUENCIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), label)
    for pattern, label in (
        (r"\b(?:q\s?12\s?h|every 12 hours)\b", "every 12 hours"),
        (r"\b(?:q\s?8\s?h|every 8 hours)\b", "every 8 hours"),
        (r"\b(?:q\s?6\s?h|every 6 hours)\b", "every 6 hours"),
        (r"\b(?:q\s?4\s?h|every 4 hours)\b", "every 4 hours"),
        (
            r"\b(?:qds|qid|four times (?:a |per )?day|four times daily|4 times (?:a )?day)\b",
            "four times daily",
        ),
        (
            r"\b(?:tds|tid|three times (?:a |per )?day|three times daily|3 times (?:a )?day)\b",
            "three times daily",
        ),
        (
            r"\b(?:bd|bid|b\.d\.|twice (?:a |per )?day|twice daily|2 times (?:a )?day|12 hourly)\b",
            "twice daily",
        ),
        (r"\b(?:once (?:a |per )?week|weekly|every week)\b", "once weekly"),
        (r"\b(?:prn|as needed|as required|when required|when needed|if needed)\b", "as needed"),
        (r"\b(?:nocte|at night|every night|at bedtime|bedtime)\b", "at night"),
        (r"\b(?:mane|in the morning|every morning)\b", "in the morning"),
        (
            r"\b(?:od|o\.d\.|qd|once (?:a |per )?day|once daily|daily|every day|24 hourly)\b",
            "once daily",
        ),
    )
)


@dataclass(frozen=True, slots=True)
class MedicationLine:
    """What one medication-list line says."""

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
    found = _DOSE.search(text)
    if found is None:
        return None, None
    amount = found.group(1).replace(" ", "")
    unit = _UNIT_NAMES.get(found.group(2), found.group(2))
    milligrams = float(amount) if unit == "mg" and "/" not in amount else None
    if unit == "g" and "/" not in amount:
        milligrams = float(amount) * 1000
    return f"{amount} {unit}" if unit != "%" else f"{amount}%", milligrams


def parse_frequency(text: str) -> str | None:
    for pattern, label in _FREQUENCIES:
        if pattern.search(text):
            return label
    return None


def _find_medicines(
    tokens: list[str], lexicon: Lexicon
) -> tuple[list[LexiconEntry], list[tuple[str, str]], list[str]]:
    """Entries named on the line, misspellings corrected, and ambiguous candidates."""
    found: list[LexiconEntry] = []
    corrected: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    index = 0
    while index < len(tokens):
        exact = lexicon.match_at(tokens, index)
        if exact is not None:
            size, entry = exact
            found.append(entry)
            index += size
            continue
        word = tokens[index]
        if word.isalpha() and word not in _PLAIN_WORDS:
            near = lexicon.near(word)
            if near is not None and near.is_ambiguous:
                ambiguous.extend(f"{word} → {name}" for name, _ in near.candidates)
            elif near is not None:
                name, entry = near.candidates[0]
                found.append(entry)
                corrected.append((word, name))
        index += 1
    return found, corrected, ambiguous


def parse_medication_line(line: str, lexicon: Lexicon) -> MedicationLine:
    """Read one line of a medication list. Never raises."""
    lowered = line.lower()
    dose, dose_mg = parse_dose(lowered)
    frequency = parse_frequency(lowered)
    if _NO_MEDICINES.match(lowered):
        return MedicationLine(line, False, (), (), None, None, None, True, no_medicine=True)
    found, corrected, ambiguous = _find_medicines(tokenise(line), lexicon)
    ingredients = tuple(sorted({i for entry in found for i in entry.ingredients}))
    classes = tuple(sorted({c for entry in found for c in entry.classes}))
    stopped = bool(_STOPPED.search(lowered))
    # Several medicines and a word saying one was stopped: we cannot tell which, so the
    # line stays current (the safe reading) and is marked uncertain for a human.
    several = len({entry.ingredients for entry in found}) > 1
    if stopped and several:
        ambiguous.append("which medicine on this line was stopped")
        stopped = False
    return MedicationLine(
        input=line,
        recognized=bool(ingredients),
        ingredients=ingredients,
        classes=classes,
        dose=dose,
        dose_mg=dose_mg,
        frequency=frequency,
        current=not stopped,
        names_matched=tuple(entry.label for entry in found),
        corrected=tuple(corrected),
        candidates=tuple(ambiguous),
    )
