"""Medicine names, indexed for fast and safe recognition.

Names are reduced to token tuples (``domain.tokens``). Exact look-ups are dictionary hits;
misspellings are found with a symmetric-deletion index and checked with a true edit
distance. A misspelling is never guessed when it is as near to another medicine, or when a
blood thinner is within reach but something else is nearer: the caller gets every candidate
and raises an alert instead. Ordinary words (of English, and of clinical writing) are never
corrected into a medicine. A search is remembered per word.

Each entry says how it names its medicine: by a generic ``name``, a ``brand``, an
``abbreviation`` clinicians write, or only a drug ``class`` ("DOAC", "blood thinner"), which
names no medicine and is never guessed into one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spinepath.domain.model import ClassWord, Combination, Medicine
from spinepath.domain.tokens import name_keys

# A written word nearer to another medicine must not hide one of these: see ``Lexicon.near``.
NEVER_OUTVOTED = frozenset({"anticoagulant", "antiplatelet"})

# Kinds of name a misspelling may be read as (not abbreviations, not class words).
_CORRECTABLE = frozenset({"name", "brand"})
MIN_GLUED_STEM = 5  # the shortest generic name read with a salt glued to it

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
    remedies thinner thinners thinning water fluid
    antibiotic antibiotics steroid steroids reason reasons
    effects effect drowsy dizzy dizziness bleeding bruising sickness weight gained
    """.split()
)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """What one written name (``label``, spelt as in the lexicon) means, and how it names it:
    ``name``, ``brand``, ``abbreviation`` or ``class`` (a class word names no ingredient).

    ``ingredients`` and ``classes`` are sorted, so a line naming one entry can use them as
    they are.
    """

    label: str
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]
    how: str = "name"


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
    """Written name (as token tuple) → meaning, plus a misspelling index.

    ``ordinary`` holds the words never corrected into a medicine (they may still be names
    when written exactly: a word list's "aspirin" is aspirin).
    """

    def __init__(
        self,
        medicines: Iterable[Medicine],
        combinations: Iterable[Combination],
        *,
        class_words: Iterable[ClassWord] = (),
        ordinary: frozenset[str] = frozenset(),
        glued_salts: frozenset[str] = frozenset(),
    ) -> None:
        self.exact: dict[tuple[str, ...], LexiconEntry] = {}
        self.longest_by_first: dict[str, int] = {}
        self.ordinary = ordinary
        self.glued_salts = glued_salts
        self._salt_lengths = sorted({len(salt) for salt in glued_salts}, reverse=True)
        meds = {m.ingredient: m for m in medicines}
        for med in meds.values():
            self._add_all(med.ingredient, (med.ingredient,), med.classes, med)
        for combo in combinations:
            classes = tuple(sorted({c for i in combo.ingredients for c in meds[i].classes}))
            self._add_all(combo.name, combo.ingredients, classes, combo)
        for word in class_words:
            for written in word.words:
                self._add(LexiconEntry(written, (), tuple(sorted(word.classes)), "class"))
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
        # Every token that continues some longer name after its first token.
        self.continuing: frozenset[str] = frozenset(t for k in self.exact for t in k[1:])
        self._deletion_index: dict[str, set[str]] = {}
        for name, entry in self.single.items():
            # A medicine with no class (a vocabulary's name no one has reviewed) is read
            # only when written exactly: a misspelling is never guessed into one.
            if (
                entry.how in _CORRECTABLE
                and entry.classes
                and name.isalpha()
                and allowed_distance(name)
            ):
                for variant in _deletes(name, 2):
                    self._deletion_index.setdefault(variant, set()).add(name)
        # What ``near`` found, per written word: the matches in ``seen``, the words that
        # are no medicine in ``nothing``. Callers may read them to skip a call; only
        # ``near`` writes them, and both are emptied when together they reach MEMO_LIMIT.
        self.seen: dict[str, FuzzyMatch] = {}
        self.nothing: set[str] = set()
        # A memo for readers of whole lines (the medication parser keeps what each written
        # word says here), so that it lives and dies with the names it depends on.
        self.readings: dict[str, object] = {}

    def _add_all(
        self,
        label: str,
        ingredients: tuple[str, ...],
        classes: tuple[str, ...],
        named: Medicine | Combination,
    ) -> None:
        meaning = tuple(sorted(ingredients)), tuple(sorted(set(classes)))
        written = [(label, "name")]
        if isinstance(named, Medicine):
            written += [(name, "name") for name in named.names]
            written += [(name, "abbreviation") for name in named.abbreviations]
        written += [(name, "brand") for name in named.brands]
        for name, how in written:
            self._add(LexiconEntry(name, *meaning, how))

    def _add(self, entry: LexiconEntry) -> None:
        name = entry.label
        for key in name_keys(name):
            known = self.exact.get(key)
            if known is not None and (known.ingredients, known.classes) != (
                entry.ingredients,
                entry.classes,
            ):
                raise LexiconConflictError(f"'{name}' names both {known.label} and {entry.label}")
            if known is None or known.how != "name":  # a generic name is kept over a brand
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

    def glued(self, word: str) -> LexiconEntry | None:
        """A generic name written with its salt in one word ("clopidogrelhydrogensulfat",
        "dabigatranetexilat"), or None. Only generic names, never brands or shorthand."""
        for size in self._salt_lengths:
            stem = word[:-size]
            if len(stem) >= MIN_GLUED_STEM and word[-size:] in self.glued_salts:
                entry = self.single.get(stem)
                if entry is not None and entry.how == "name":
                    return entry
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
        if not limit or word in PLAIN_WORDS or word in self.ordinary or not word.isalpha():
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
