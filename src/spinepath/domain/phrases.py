"""The words of medication lists that are not medicine names but say something about the
line: how often it is taken, hints that it was stopped, and dose units, each with a ``Role``
that the line parser (``domain.medications``) reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinepath.domain.tokens import tokenise

# Only a line with one of these tokens can say that its medicine was stopped.
STOPPED_HINTS = frozenset(
    "stopped discontinued ceased longer not used previously came come withdrawn d was "
    "formerly off course completed finished discontinue ended inactive past dc prev ex now "
    "arrete arretee arretes abgesetzt beendet gestopt gestoppt gestaakt stopgezet retirado "
    "retirada retirados retiradas definitivamente interrotto interrotta interrotti "
    "interrotte".split()
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
# What a written word says about the line's "stopped" and "still taken" phrases, found when
# the word is first read (see medications._line_hints): it holds a whole "stopped" phrase,
# or it may start a "still taken" one.
STOPPED_IN_WORD, MAY_BE_STILL = 4, 8


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
