"""Reading one line of a medication list: which medicines, what dose, how often, current or not.

The parser never raises on any string. What it cannot read it says so
(``recognized`` false, or ``uncertain`` with the candidates), so that a plan can raise an
alert for a human instead of guessing.

How it stays fast (see benchmarks/README.md): the line is lower-cased once and split at
white space; what each written word says on its own (names, misspellings, frequency words,
dose units, hints of "stopped") is worked out once and remembered per word, and a line is
put together from its words unless a name or phrase runs across two of them, when its
tokens are scanned in one pass instead. The regular expressions for the dose, "stopped"
and "no medicines" run only when a word says they can match. Nothing is remembered per
line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import NamedTuple, cast

from spinepath.domain.lexicon import MEMO_LIMIT, FuzzyMatch, Lexicon, LexiconEntry
from spinepath.domain.phrases import (
    AFTER_DOSE,
    DOSE_UNIT,
    DOSE_WORDS,
    FREQUENCY_LABELS,
    MAY_BE_STILL,
    NO_RANK,
    PHRASE_FOLLOWERS,
    PHRASES_FROM,
    ROLES,
    STOP_HINT,
    STOPPED_IN_WORD,
)
from spinepath.domain.tokens import fold_accents, name_keys, split_words, tokenise


def _phrases(pattern: str) -> re.Pattern[str]:
    """A pattern whose spaces match any run of white space, as lists are typed."""
    return re.compile(pattern.replace(" ", r"\s+"))


_STOPPED = _phrases(
    r"\b(?:stopped|discontinued|discontinue|ceased|no longer|not taking|not currently|not on|"
    r"used to take|previously (?:on|took|taking|used)|came off|come off|withdrawn|"
    r"d/c(?:'?d)?|dc'?(?:e?d)|was on|formerly|course (?:completed|complete|finished|ended|over)|"
    r"(?:completed|finished) (?:the |a |her |his |their )?course|finished|ended|inactive|"
    r"past (?:drug|medication|medicine|med|meds)|prev (?:on|took|taking|used)|"
    # French, German, Spanish, Italian and Dutch: stopped, ended, withdrawn for good.
    r"arretee?s?|abgesetzt|beendet|gestopt|gestoppt|gestaakt|stopgezet|retirad[oa]s?|"
    r"suspendid[oa]s? definitivamente|sospes[oaie] definitivamente|interrott[oaie]|"
    r"(?:now|currently) (?:nil|off|none)|status: ?(?:completed|stopped|inactive)|"
    r"completed(?=\)))"
    r"(?!\w)"
    r"|^\s*off\b|\boff (?:since|for|in|from)\b|\bex[- ](?=[a-z])",
)
# A list that ends "- completed" says the course is over ("... for 5 days - completed"). It
# is a pattern of its own because it speaks of the end of the line, never of one word.
_ENDS_COMPLETED = re.compile(r"[-:\u2013]\s*completed\W*$")
# Words that say a medicine is still taken even though a "stopped" word is on the line
# ("not stopped", "until the course is completed", "on hold", "to be stopped before").
_STILL_TAKEN = _phrases(
    r"(?:\bnot|\bnever|n't)\s+(?:been\s+|be\s+|yet\s+)?(?:stopped|stop|discontinued|ceased)\b"
    r"|\b(?:until|till|restarted|resumed|restarting|started again|back on|on hold|withheld|"
    r"withhold|held|hold|suspended|paused|omitted|temporarily|to be (?:stopped|discontinued)|"
    r"will (?:be )?stop(?:ped)?|now (?:on|taking|takes)(?!\s+(?:nothing|no|none|nil)\b)|"
    r"suspendu|pausiert|pausa|sospes[oa](?! definitivamente))\b"
)

# The first token of every "still taken" phrase above: a line with none of them (and no
# "n't") cannot match, so the pattern is not run on it. A test holds the two together.
STILL_STARTS = frozenset(
    "not never until till restarted resumed restarting started back on withheld withhold held "
    "hold suspended paused omitted temporarily to will now suspendu pausiert pausa sospeso "
    "sospesa".split()
)

# A list export's label before the line says the whole line is stopped, however many
# medicines it names ("Discontinued: ...", "Past drug: ...", "(Past Drug - ended ...)").
_WHOLE_LINE_STOPPED = _phrases(
    r"^\W*(?:discontinued|stopped|past (?:drug|medication|medicine)s?|inactive|ended)\s*[:\-\u2013]"
)
# Words saying every medicine on the line was stopped: "both stopped", "all discontinued",
# "stopped both", and the plural past participles of French, Spanish and Italian lists
# ("arrêtés", "suspendidos", "sospesi"), which cannot speak of one medicine alone.
_ALL_STOPPED = _phrases(
    r"\b(?:both|all|beide|ambos|entrambi)(?: \w+)?? (?:stopped|discontinued|ceased|withdrawn|"
    r"abgesetzt|gestopt)\b|\b(?:stopped|discontinued|ceased) (?:both|all|them)\b|"
    r"\b(?:arretes|arretees|retirados|retiradas|interrotti|sospesi definitivamente)\b"
)

# Words that look like a name but say nothing is taken: "heparin-free dialysis", and the
# hepatitis virus ("Hep B vaccine", "hep C treated"), not the shorthand for heparin.
_NAMES_NOTHING_TAKEN = re.compile(
    r"\b[a-z]+[- ]free\b|\bhep\.?\s?[a-e]\b(?!\.?[a-z]|\.?\s[a-z]\b|\s*\d)"
)

_MEDICINE_WORDS = "(?:meds|medicines|medications|medication|medicine|drugs|tablets)"
_NO_MEDICINES = _phrases(
    r"^\W*(?:nkda|nka)?\W*(?:(?:the )?(?:patient|pt)(?: (?:reports|states|says))? )?(?:"
    r"(?:nil|none)\b(?! ?longer)"
    r"|(?:no|takes no|taking no|on no|not on any|not taking any|"
    r"(?:i |she |he |they )?(?:do not|don't|does not|doesn't) take any)\b(?! ?longer)[^.;]*"
    rf"\b{_MEDICINE_WORDS}\b"
    rf"|(?:(?:current|regular) )?{_MEDICINE_WORDS}(?: on admission| at home| on arrival)?"
    r"\s*[:\-]\s*(?:nil|none)\b"
    # German, French, Spanish, Italian and Dutch: "no (regular) medicines".
    r"|keine? (?:dauer)?medikament\w*|keine? medikation|aucun (?:traitement|medicament)\w*"
    r"|ningun (?:medicamento|tratamiento)\w*|nessun (?:farmaco|medicinale|trattamento)\w*"
    r"|geen (?:medicatie|medicijnen|medicijn)"
    r"|(?:nkda|nka)\W*$)"
)

# The amount and its unit. The amount may have thousands separators ("10,000 units"), a
# decimal point or a decimal comma ("2,5 mg"), or be a strength pair ("30/500").
_DOSE = re.compile(
    r"([0-9]\d*+(?:,\d{3}(?!\d))*+(?:[.,]\d++)?+(?:\s*+/\s*+\d++(?:\.\d++)?+)?+)\s*+"
    r"(mg/kg|units/kg|mg|mcg|micrograms?|milligrams?|µg|μg|ug|grams?|g|units?|iu|u|ml|%)(?![a-z])",
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_UNIT_NAMES = {
    "mcg": "micrograms",
    "microgram": "micrograms",
    "µg": "micrograms",  # the micro sign
    "μg": "micrograms",  # the Greek letter mu
    "ug": "micrograms",
    "milligram": "mg",
    "milligrams": "mg",
    "gram": "g",
    "grams": "g",
    "unit": "units",
    "u": "units",
    "iu": "units",
}


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
    entries: tuple[LexiconEntry, ...] = ()
    """Every name read on the line, in order, corrected ones included."""
    class_only: tuple[str, ...] = ()
    """Classes the line names with a class word ("DOAC") and no medicine of that class."""

    @property
    def uncertain(self) -> bool:
        """Read by correcting a misspelling, near more than one medicine, or naming a kind of
        medicine but not which."""
        return bool(self.corrected) or bool(self.candidates) or bool(self.class_only)


# Makes a MedicationLine from a tuple of all its fields in order, as ``_make`` does but
# without a Python-level call on the hot path.
_new_line: Callable[[tuple[object, ...]], MedicationLine] = partial(tuple.__new__, MedicationLine)


def parse_dose(text: str) -> tuple[str | None, float | None]:
    """The first dose on the line, written canonically, and its value in mg if in mg."""
    return _dose(text.lower())


def _dose(lowered: str) -> tuple[str | None, float | None]:
    found = _DOSE.search(lowered)
    if found is None:
        return None, None
    known = _DOSES_SEEN.get(found.group())
    if known is None:
        known = _DOSES_SEEN.remember(found.group(), _canonical_dose(*found.group(1, 2)))
    return known


def _canonical_dose(amount: str, unit: str) -> tuple[str, float | None]:
    amount = amount.replace(" ", "")
    amount = amount.replace(",", "" if _THOUSANDS.fullmatch(amount) else ".")
    unit = _UNIT_NAMES.get(unit, unit)
    milligrams = float(amount) if unit == "mg" and "/" not in amount else None
    if unit == "g" and "/" not in amount:
        milligrams = float(amount) * 1000
    return f"{amount} {unit}" if unit != "%" else f"{amount}%", milligrams


class _Remembered(dict[str, tuple[str, float | None]]):
    """Doses already written canonically, per written form; emptied when full."""

    def remember(self, written: str, dose: tuple[str, float | None]) -> tuple[str, float | None]:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[written] = dose
        return dose


_DOSES_SEEN = _Remembered()


def parse_frequency(text: str) -> str | None:
    """How often the line says to take it, as one of the labels above, or None."""
    tokens = tokenise(text)
    best = NO_RANK
    for index, word in enumerate(tokens):
        if word in ROLES:
            rank, _, context = ROLES[word]
            best = min(best, rank if context is None else context.rank_at(tokens, index, rank))
    return FREQUENCY_LABELS[best]


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
    rank, flags = NO_RANK, 0
    starts, single, pairs = lexicon.longest_by_first, lexicon.single, lexicon.pairs
    seen, nothing = lexicon.seen, lexicon.nothing
    roles, index, count = ROLES, 0, len(tokens)
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
            glued = lexicon.glued(word) if word not in seen else None
            if glued is not None:
                found.append(glued)
                continue
            match = seen.get(word) or lexicon.near(word)
            if match is not None:
                _take(match, found, corrected, ambiguous)
    return found, corrected, ambiguous, rank, flags


class _WordReading(NamedTuple):
    """What one written word (the text between two spaces) says on its own, and what it
    needs from its neighbours for that to hold."""

    found: tuple[LexiconEntry, ...]
    corrected: tuple[tuple[str, str], ...]
    ambiguous: tuple[str, ...]
    rank: int
    flags: int
    first: str  # its first token
    joined_by: frozenset[str]  # first tokens of a next word that would continue its last
    needs_dose_before: bool  # it starts with "on" or "om", read by the token before
    ends_with_dose: bool  # its last token is a number or a dose word


_NOTHING_AFTER: frozenset[str] = frozenset()
_BLANK = _WordReading((), (), (), NO_RANK, 0, "", _NOTHING_AFTER, False, False)
_UNREAD = _WordReading((), (), (), NO_RANK, 0, "", _NOTHING_AFTER, False, False)
# A word that says nothing and that no name or phrase before it can continue ("by",
# "mouth"): the line's reading moves past it untouched.
_INERT = _WordReading((), (), (), NO_RANK, 0, "", _NOTHING_AFTER, False, False)
_CONTINUING_PHRASES = frozenset().union(*PHRASE_FOLLOWERS.values())


def _read_word(written: str, lexicon: Lexicon) -> _WordReading | None:
    """A written word read alone, or None when a name or frequency phrase that starts
    before its last token could run on into the next word."""
    tokens = split_words(written)
    if not tokens:
        return _BLANK  # punctuation only: the tokens around it meet as if it were absent
    if any(_runs_on(tokens[index:], lexicon) for index in range(len(tokens) - 1)):
        return None
    found, corrected, ambiguous, rank, flags = _scan(tokens, lexicon)
    flags |= _line_hints(written, tokens, flags)
    last = tokens[-1]
    joined_by = lexicon.followers.get(last, _NOTHING_AFTER) | PHRASE_FOLLOWERS.get(
        last, _NOTHING_AFTER
    )
    return _WordReading(
        tuple(found),
        tuple(corrected),
        tuple(ambiguous),
        rank,
        flags,
        tokens[0],
        joined_by,
        tokens[0] in AFTER_DOSE,
        last[0].isdigit() or last in DOSE_WORDS,
    )


def _line_hints(written: str, tokens: list[str], flags: int) -> int:
    """What a written word (or piece of words) says about the line's "stopped" and "still
    taken" phrases. A single word (no space in it: the line may hold more white space than
    a piece) is searched from 1, after a space, so it is matched as it stands in the line:
    after white space, where "^" cannot match; the pattern's only look past a word's end
    is "(?!\\w)", which white space satisfies as the end does. The "still taken" pattern
    is not searched per word, as it looks past the word ("sospeso definitivamente")."""
    hints = MAY_BE_STILL if "n't" in written or not STILL_STARTS.isdisjoint(tokens) else 0
    if flags & STOP_HINT and " " not in written and _STOPPED.search(f" {written}", 1):
        hints |= STOPPED_IN_WORD
    return hints


def _runs_on(rest: list[str], lexicon: Lexicon) -> bool:
    """Whether a name or frequency phrase that starts at ``rest[0]`` could go on past the
    end of ``rest``."""
    first, count = rest[0], len(rest)
    if (first, rest[1]) in lexicon.pairs and lexicon.longest_by_first[first] > count:
        return True
    phrases = PHRASES_FROM.get(first, ())
    return any(len(words) > count and words[:count] == rest for words in phrases)


def _scan_words(lowered: str, lexicon: Lexicon) -> _Scan | None:
    """``_scan`` of the whole line put together from what each written word says alone
    (remembered per word). Where a name or phrase runs on from one word into the next,
    the words are read together as one piece (remembered too); where one runs on past the
    end of the line, None: then the caller scans the tokens. A test checks that both ways
    give the same reading."""
    memo = cast("dict[str, _WordReading | None]", lexicon.readings)
    found: list[LexiconEntry] = []
    corrected: list[tuple[str, str]] = []
    ambiguous: list[str] = []
    rank, flags, joined_by, dose_before = NO_RANK, 0, _NOTHING_AFTER, False
    piece = ""  # the last piece, when the next word may join it, with any punctuation after
    counts = (0, 0, 0)  # the lengths of found, corrected and ambiguous
    before = (counts, NO_RANK, 0)  # the totals before that piece was added
    pending = False  # the piece runs on: the next word is read with it
    for written in lowered.split():
        reading = memo.get(written, _UNREAD)
        if reading is _INERT and not pending:
            piece, joined_by, dose_before = "", _NOTHING_AFTER, False
            continue
        if reading is _UNREAD:
            reading = _remember(written, memo, lexicon)
        if reading is _BLANK:
            if piece:
                piece = f"{piece} {written}"
            continue
        if reading is None:
            joins = bool(piece)  # it may join the piece before, and runs on after
        else:
            joins = pending or reading.first in joined_by
            joins = joins or (dose_before and reading.needs_dose_before)
        if joins:
            written = f"{piece} {written}"
            reading = memo.get(written, _UNREAD)
            if reading is _UNREAD:
                reading = _remember(written, memo, lexicon)
            counts, rank, flags = before
            found_at, corrected_at, ambiguous_at = counts
            del found[found_at:], corrected[corrected_at:], ambiguous[ambiguous_at:]
        elif reading is None or reading.joined_by or reading.ends_with_dose:
            before = (counts, rank, flags)
        if reading is None:  # runs on past this word: read it with the next
            piece, pending = written, True
            continue
        names, fixed, unsure, word_rank, word_flags, _, joined_by, _, dose_before = reading
        pending = False
        piece = written if joined_by or dose_before else ""
        if names or fixed or unsure:
            found += names
            corrected += fixed
            ambiguous += unsure
            counts = (len(found), len(corrected), len(ambiguous))
        if word_rank < rank:
            rank = word_rank
        flags |= word_flags
    if pending:
        return None
    return found, corrected, ambiguous, rank, flags


def _remember(
    written: str, memo: dict[str, _WordReading | None], lexicon: Lexicon
) -> _WordReading | None:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    reading = _read_word(written, lexicon)
    if reading is not None and reading is not _BLANK and _says_nothing(reading, lexicon):
        reading = _INERT
    memo[written] = reading
    return reading


def _says_nothing(reading: _WordReading, lexicon: Lexicon) -> bool:
    """Whether a word adds nothing to its line and nothing before it can continue into it."""
    return (
        not (reading.found or reading.corrected or reading.ambiguous or reading.flags)
        and reading.rank == NO_RANK
        and not (reading.joined_by or reading.needs_dose_before or reading.ends_with_dose)
        and reading.first not in lexicon.continuing
        and reading.first not in _CONTINUING_PHRASES
    )


def _meaning(
    found: list[LexiconEntry],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Sorted ingredients and classes of the entries found (more than one, or none), the
    names they were read from, and the classes named by a class word alone (no medicine of
    that class on the line)."""
    if not found:
        return (), (), (), ()
    first = found[0]
    labels = tuple(entry.label for entry in found)
    ingredients, classes = first.ingredients, first.classes
    for entry in found:
        if entry.ingredients != ingredients or entry.classes != classes:
            break
    else:  # one medicine named twice, as "apixaban (ELIQUIS)" (entries hold sorted tuples)
        if ingredients:
            return ingredients, classes, labels, ()
    ingredients = tuple(sorted({i for entry in found for i in entry.ingredients}))
    classes = tuple(sorted({c for entry in found for c in entry.classes}))
    named = {c for entry in found if entry.how != "class" for c in entry.classes}
    only = tuple(c for c in classes if c not in named)
    return ingredients, classes, labels, only


def _explained(
    found: list[LexiconEntry], corrected: list[tuple[str, str]], lexicon: Lexicon
) -> list[tuple[str, str]]:
    """Drops the corrections whose medicine a name read exactly on the line already gives
    ("Eliquis (apixiban)"): nothing is uncertain about them."""
    exact = list(found)
    for _, name in corrected:
        exact.remove(lexicon.single[name])
    named = {i for entry in exact for i in entry.ingredients}
    kept = []
    for written, name in corrected:
        entry = lexicon.single[name]
        if named.issuperset(entry.ingredients):
            found.remove(entry)
        else:
            kept.append((written, name))
    return kept


def _several_medicines(found: list[LexiconEntry]) -> bool:
    """Whether the line names more than one medicine: more than one set of ingredients,
    unless one entry (a combination's brand) names them all ("HYDROcodone-acetaminophen
    (NORCO)")."""
    named = {entry.ingredients for entry in found if entry.ingredients}
    if len(named) < 2:
        return False
    every = {i for ingredients in named for i in ingredients}
    return not any(set(ingredients) == every for ingredients in named)


def _still_taken(lowered: str, flags: int) -> bool:
    """Whether the line says its medicine is still taken; the pattern runs only when a
    word may start such a phrase."""
    return bool(flags & MAY_BE_STILL) and _STILL_TAKEN.search(lowered) is not None


def parse_medication_line(line: str, lexicon: Lexicon) -> MedicationLine:
    """Read one line of a medication list. Never raises."""
    lowered = line.lower()
    if not lowered.isascii():
        lowered = fold_accents(lowered)
    if "free" in lowered or "hep" in lowered:
        lowered = _NAMES_NOTHING_TAKEN.sub(" ", lowered)
    scanned = _scan_words(lowered, lexicon)
    if scanned is None:  # read token by token: nothing is known of the phrases per word
        scanned = _scan(split_words(lowered), lexicon)
        scanned = (*scanned[:4], scanned[4] | MAY_BE_STILL)
    found, corrected, ambiguous, rank, flags = scanned
    if not found and not ambiguous and _NO_MEDICINES.match(lowered):
        return MedicationLine(line, False, (), (), None, None, None, True, no_medicine=True)
    if corrected:
        corrected = _explained(found, corrected, lexicon)
    current = True
    if (
        flags & STOP_HINT
        and (found or ambiguous)
        and (
            flags & STOPPED_IN_WORD
            or _STOPPED.search(lowered) is not None
            or _ENDS_COMPLETED.search(lowered) is not None
        )
    ):
        # Several medicines and a word saying one was stopped: we cannot tell which, so
        # the line stays current (the safe reading) and is marked uncertain for a human,
        # unless the list's own label says the whole line was stopped.
        if (
            _several_medicines(found)
            and not _WHOLE_LINE_STOPPED.match(lowered)
            and not _ALL_STOPPED.search(lowered)
        ):
            ambiguous.append("which medicine on this line was stopped")
        else:
            current = _still_taken(lowered, flags)
    if flags & DOSE_UNIT or "%" in lowered:
        dose, dose_mg = _dose(lowered)
    else:
        dose = dose_mg = None
    names: tuple[str, ...]
    entries: tuple[LexiconEntry, ...]
    if len(found) == 1:  # most lines: their one entry's sorted tuples serve as they are
        entry = found[0]
        ingredients, classes = entry.ingredients, entry.classes
        names, entries = (entry.label,), (entry,)
        class_only = classes if entry.how == "class" else ()
    else:
        ingredients, classes, names, class_only = _meaning(found)
        entries = tuple(found)
    return _new_line(
        (
            line,
            bool(ingredients or class_only),
            ingredients,
            classes,
            dose,
            dose_mg,
            FREQUENCY_LABELS[rank],
            current,
            names,
            tuple(corrected) if corrected else (),
            tuple(ambiguous) if ambiguous else (),
            False,
            entries,
            class_only,
        )
    )


class NameMatch(NamedTuple):
    """Which words of the line an ingredient was read from, and how (contract v1.1)."""

    ingredient: str
    text: str
    how: str  # "name", "brand", "abbreviation" or "corrected"


def _written_as(line: str, label: str) -> str:
    """The words of ``line`` that a name was read from, as written; the name if not found."""
    words = [re.escape(word) for word in re.findall(r"[a-z]+|\d+", label.lower())]
    pattern = r"(?<![a-z])" + r"[\W_]*".join(words) + r"(?![a-z])"
    folded = fold_accents(line.lower())
    found = re.search(pattern, folded)
    if found is None:
        return label
    return line[found.start() : found.end()] if len(folded) == len(line) else found.group()


def describe_matches(line: MedicationLine) -> tuple[NameMatch, ...]:
    """For each ingredient read, the words it was read from and how."""
    corrected = {name: written for written, name in line.corrected}
    matches: list[NameMatch] = []
    for entry in line.entries:
        if entry.how == "class":
            continue
        written = next((corrected[k[0]] for k in name_keys(entry.label) if k[0] in corrected), None)
        text, how = (
            (written, "corrected") if written else (_written_as(line.input, entry.label), entry.how)
        )
        matches += [NameMatch(ingredient, text, how) for ingredient in entry.ingredients]
    return tuple(matches)
