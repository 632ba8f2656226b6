"""The words of medication lists: medicine names, indexed for fast and safe recognition, and
the other words that matter when reading a line.

Names are reduced to token tuples (lower case; letters and digits split apart; a hyphen
between letters joins them, so ``co-codamol`` and ``cocodamol`` meet). Exact look-ups
are dictionary hits; misspellings are found with a symmetric-deletion index and checked
with a true edit distance. A misspelling is never guessed when it is as near to another
medicine, or when a blood thinner is within reach but something else is nearer: the
caller gets every candidate and raises an alert instead. A search is remembered per word.

The other words: plain words, never corrected into a medicine; frequency phrases ("bd",
"twice a day"), hints that a medicine was stopped, and dose units, each with a ``Role``
that the line parser (``domain.medications``) reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spinepath.domain.model import Combination, Medicine

_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_HYPHENATED_TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)*|\d+(?:\.\d+)?")

# A written word nearer to another medicine must not hide one of these: see ``Lexicon.near``.
NEVER_OUTVOTED = frozenset({"anticoagulant", "antiplatelet"})

# How many distinct written words the misspelling memo keeps before starting afresh.
MEMO_LIMIT = 20_000

# Words of five letters or more that turn up on medication lists and are not medicines.
# They are never corrected into a medicine name ("patient" is not "Pariet"). Shorter words
# are never corrected at all. A test checks that none of them is a medicine name and none
# is one edit away from a blood thinner.
PLAIN_WORDS = frozenset(
    """
    tablet tablets caplet caplets capsule capsules softgel softgels lozenge lozenges
    patch patches plaster plasters spray sprays inhaler inhalers puffer puffers
    nebuliser nebulizer nebules drops cream creams ointment lotion solution liquid syrup
    suspension elixir sachet sachets powder granules injection injections injectable
    ampoule vials infusion suppository suppositories pessary enema implant device
    chewable dispersible soluble effervescent orodispersible sublingual buccal coated
    films modified release prolonged extended sustained delayed controlled retard
    enteric gastro resistant forte extra strength ultra rapid original advance express
    action double single junior adult adults child children infant orally intravenous
    intramuscular subcut subcutaneous topical topically rectal rectally vaginal
    vaginally nasal inhaled transdermal epidural intrathecal daily twice three times
    every morning mornings night nights evening evenings afternoon midday bedtime hourly
    hours weekly weeks monthly months years alternate nocte alternating regularly
    regular occasional occasionally needed required units micrograms microgram
    milligrams milligram grams litre litres taking taken takes apply applied applies
    inject injected inhale dissolve swallow whole chewed directed advised instructed
    prescribed dispensed supplied usual reduce reduced reducing increase increased
    increasing titrate titrating maximum minimum maintenance starting started stopped
    restarted stopping discontinued ceased withdrawn previously formerly until since
    before after during while about around course completed finished because instead
    switched changed change other others their there these those which where would could
    should still again never always sometimes already being doing having first second
    third fourth fifth pills white yellow brown green orange purple black small large
    little round heart blood pressure sugar sugars cholesterol thyroid asthma arthritis
    migraine headache headaches angina stroke cancer epilepsy seizures seizure
    depression anxiety sleep sleeping insomnia nausea vomiting constipation diarrhoea
    diarrhea reflux indigestion heartburn gastric stomach upset bowel bladder kidney
    kidneys renal liver lungs breathing allergy allergies allergic eczema psoriasis
    infection infections anaemia anemia atrial fibrillation clots thrombosis embolism
    valve stent stents bypass surgery operation replacement procedure procedures
    diabetes diabetic glucose spinal spine joint joints knees shoulder chest muscle
    muscles nerve nerves painkiller painkillers tummy throat mouth patient patients
    doctor doctors nurse pharmacist pharmacy chemist clinic clinics hospital cardiology
    cardiologist haematology hematology neurology rheumatology surgeon consultant letter
    letters summary record records notes attached repeat prescription supply script
    brought bring unsure unknown check checked confirm confirmed review reviewed please
    thanks contact phone number machine stockings compression monitor meter strips
    lancets dressing dressings medicine medicines medication medications vitamins
    vitamin herbal supplement supplements multivitamin multivitamins minerals remedy
    remedies thinner thinners thinning water fluid anticoagulant anticoagulants
    antiplatelet antiplatelets antibiotic antibiotics steroid steroids reason reasons
    effects effect drowsy dizzy dizziness bleeding bruising sickness weight gained
    """.split()
)


def tokenise(text: str) -> list[str]:
    """Lower-case word and number tokens; ``Xarelto20mg`` gives ``xarelto 20 mg``."""
    return split_words(text.lower())


def split_words(lowered: str) -> list[str]:
    """``tokenise`` for text that is lower case already."""
    if "-" not in lowered:
        return _TOKEN.findall(lowered)
    return [w.replace("-", "") if "-" in w else w for w in _HYPHENATED_TOKEN.findall(lowered)]


# --- The other words of medication lists that say something about the line -------------

# Only a line with one of these tokens can say that its medicine was stopped.
STOPPED_HINTS = frozenset(
    "stopped discontinued ceased longer not used previously came come withdrawn d was "
    "formerly off course completed finished".split()
)

# Only a line with one of these tokens (or a "%") can hold a dose.
DOSE_UNITS = frozenset(
    "mg mcg microgram micrograms milligram milligrams ug g gram grams unit units iu u ml".split()
)

# How often, as written: each label and the phrases that mean it, separated by "|". Earlier
# labels win over later ones wherever they appear on the line, so "twice daily" beats the
# "daily" inside it and "every 12 hours" beats "bd".
FREQUENCY_TABLE: tuple[tuple[str, str], ...] = (
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
AFTER_DOSE = {"on": "at night", "om": "in the morning"}
DOSE_WORDS = DOSE_UNITS | {"tab", "tabs", "tablet", "tablets", "cap", "caps"}
NO_RANK = len(FREQUENCY_TABLE)


STOP_HINT, DOSE_UNIT = 1, 2  # what else a word may say about its line, as bit flags


@dataclass(frozen=True, slots=True)
class PhraseContext:
    """Frequency phrases a word starts that need the words after or before it."""

    longer: tuple[tuple[list[str], int], ...]  # (phrase tokens, rank)
    after_dose_rank: int  # rank of what "on"/"om" mean straight after a dose

    def rank_at(self, tokens: list[str], index: int, best: int) -> int:
        for words, rank in self.longer:
            if rank < best and tokens[index : index + len(words)] == words:
                best = rank
        if self.after_dose_rank < best and index:
            previous = tokens[index - 1]
            if previous[0].isdigit() or previous in DOSE_WORDS:
                best = self.after_dose_rank
        return best


# A word that is no medicine name: (rank of the one-word frequency phrase it is, or
# NO_RANK; flags; the context its longer phrases need, or None).
Role = tuple[int, int, PhraseContext | None]


def _roles() -> dict[str, Role]:
    """Word → role, built once from the frequency table, the stop hints and dose units."""
    ranks = {label: rank for rank, (label, _) in enumerate(FREQUENCY_TABLE)}
    single: dict[str, int] = {}
    longer: dict[str, list[tuple[list[str], int]]] = {}
    for rank, (_, written) in enumerate(FREQUENCY_TABLE):
        for words in map(tokenise, written.split("|")):
            if len(words) == 1:
                single.setdefault(words[0], rank)
                continue
            longer.setdefault(words[0], []).append((words, rank))
            if all(word.isalpha() for word in words):  # "twice-daily" is one token
                single.setdefault("".join(words), rank)
    roles: dict[str, Role] = {}
    for word in set(single) | set(longer) | set(AFTER_DOSE) | STOPPED_HINTS | DOSE_UNITS:
        flags = STOP_HINT * (word in STOPPED_HINTS) | DOSE_UNIT * (word in DOSE_UNITS)
        after_dose = ranks[AFTER_DOSE[word]] if word in AFTER_DOSE else NO_RANK
        context = PhraseContext(tuple(longer.get(word, ())), after_dose)
        needed = context.longer or after_dose < NO_RANK
        roles[word] = (single.get(word, NO_RANK), flags, context if needed else None)
    return roles


ROLES = _roles()
FREQUENCY_LABELS: tuple[str | None, ...] = (*(label for label, _ in FREQUENCY_TABLE), None)
# The longer frequency phrases each word starts, and the tokens that may come after it.
PHRASES_FROM = {w: [p for p, _ in r[2].longer] for w, r in ROLES.items() if r[2] and r[2].longer}
PHRASE_FOLLOWERS = {w: frozenset(p[1] for p in phrases) for w, phrases in PHRASES_FROM.items()}


def _name_keys(name: str) -> set[tuple[str, ...]]:
    """Every token form a name may be written in: hyphens joined and hyphens as spaces."""
    lowered = name.lower()
    keys = {tuple(tokenise(lowered)), tuple(_TOKEN.findall(lowered.replace("-", " ")))}
    return {key for key in keys if key}


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """What one written name (``label``, spelt as in the lexicon) means.

    ``ingredients`` and ``classes`` are sorted, so a line naming one entry can use them as
    they are.
    """

    label: str
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FuzzyMatch:
    """The names a misspelt word may stand for; more than one medicine means ambiguous."""

    written: str
    candidates: tuple[tuple[str, LexiconEntry], ...]

    @property
    def is_ambiguous(self) -> bool:
        return len({entry.ingredients for _, entry in self.candidates}) != 1


class LexiconConflictError(ValueError):
    """Two different medicines share one written name."""


def edit_distance(a: str, b: str, limit: int) -> int:
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


def _choose(word: str, scored: list[tuple[int, str, LexiconEntry]]) -> FuzzyMatch:
    """The nearest medicine, joined by every other one it must not be guessed over."""
    best = scored[0][0]
    chosen = [(name, entry) for distance, name, entry in scored if distance == best]
    meant = {entry.ingredients for _, entry in chosen}
    if len(meant) == 1:
        chosen += [
            (name, entry)
            for distance, name, entry in scored
            if distance > best
            and entry.ingredients not in meant
            and not NEVER_OUTVOTED.isdisjoint(entry.classes)
        ]
    return FuzzyMatch(word, tuple(chosen))


class Lexicon:
    """Written name (as token tuple) → meaning, plus a misspelling index."""

    def __init__(self, medicines: Iterable[Medicine], combinations: Iterable[Combination]) -> None:
        self.exact: dict[tuple[str, ...], LexiconEntry] = {}
        self.longest_by_first: dict[str, int] = {}
        meds = {m.ingredient: m for m in medicines}
        for med in meds.values():
            entry_classes = tuple(sorted(set(med.classes)))
            for name in (med.ingredient, *med.names, *med.brands):
                self._add(LexiconEntry(name, (med.ingredient,), entry_classes))
        for combo in combinations:
            classes = tuple(sorted({c for i in combo.ingredients for c in meds[i].classes}))
            for name in (combo.name, *combo.brands):
                self._add(LexiconEntry(name, tuple(sorted(combo.ingredients)), classes))
        self.single: dict[str, LexiconEntry] = {
            k[0]: e for k, e in self.exact.items() if len(k) == 1
        }
        # The first two tokens of every longer name: a word followed by anything else can
        # only be a one-word name, which saves the longest-match search on most lines.
        self.pairs = frozenset((k[0], k[1]) for k in self.exact if len(k) > 1)
        followers: dict[str, set[str]] = {}
        for first, second in self.pairs:
            followers.setdefault(first, set()).add(second)
        self.followers = {word: frozenset(after) for word, after in followers.items()}
        self._deletion_index: dict[str, set[str]] = {}
        for word in self.single:
            if word.isalpha() and allowed_distance(word):
                for variant in _deletes(word, 2):
                    self._deletion_index.setdefault(variant, set()).add(word)
        # What ``near`` found, per written word: the matches in ``seen``, the words that
        # are no medicine in ``nothing``. Callers may read them to skip a call; only
        # ``near`` writes them, and both are emptied when together they reach MEMO_LIMIT.
        self.seen: dict[str, FuzzyMatch] = {}
        self.nothing: set[str] = set()
        # A memo for readers of whole lines (the medication parser keeps what each written
        # word says here), so that it lives and dies with the names it depends on.
        self.readings: dict[str, object] = {}

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
        """The medicines a lower-case word that is no name may be a misspelling of.

        Only the nearest names count, and a tie between two medicines is ambiguous. A blood
        thinner within reach is never out-voted by a nearer medicine of another kind: it
        joins the candidates, which makes the match ambiguous. Plain words, numbers and
        words under five letters are never corrected.
        """
        if word in self.nothing:
            return None
        if word in self.seen:
            return self.seen[word]
        if len(self.seen) + len(self.nothing) >= MEMO_LIMIT:
            self.seen.clear()
            self.nothing.clear()
        found = self._search(word)
        if found is None:
            self.nothing.add(word)
        else:
            self.seen[word] = found
        return found

    def _search(self, word: str) -> FuzzyMatch | None:
        limit = allowed_distance(word)
        if not limit or word in PLAIN_WORDS or not word.isalpha():
            return None
        names: set[str] = set()
        for variant in _deletes(word, limit):
            names |= self._deletion_index.get(variant, set())
        scored = sorted(
            (distance, name, self.single[name])
            for name in names
            if (distance := edit_distance(word, name, limit)) <= limit
        )
        return _choose(word, scored) if scored else None
