"""Splitting written text into the word and number tokens that names are matched on.

Tokens are lower case, letters and digits apart (``Xarelto20mg`` gives ``xarelto 20 mg``),
with accents taken off (``héparine`` meets ``heparine``) and hyphens as spaces
(``Heparin-Natrium`` gives ``heparin natrium``, ``post-TIA`` gives ``post tia``), except
after the ``co-`` that starts the British names of combinations: ``co-codamol`` gives
``cocodamol``, so that a misspelt ``co-amilofride`` is still near ``co-amilofruse``. A
name written with a hyphen is indexed both ways.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_CO_NAME = re.compile(r"\bco-(?=[a-z])")
# Letters that do not come apart into a plain letter and an accent.
_LIGATURES = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})


_FOLDED_LIMIT = 4096


class _Folded(dict[int, str]):
    """Each character as it is folded, worked out the first time it is met: its ligature
    spelt out, then its compatibility decomposition without the combining marks (accents).
    Folding character by character gives what folding the whole text would, as a
    decomposition never reaches across characters and every combining mark is dropped."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        spelt = _LIGATURES.get(code, char)
        decomposed = unicodedata.normalize("NFKD", spelt if isinstance(spelt, str) else char)
        folded = "".join(part for part in decomposed if not unicodedata.combining(part))
        if len(self) >= _FOLDED_LIMIT:  # text in many scripts cannot fill the memory
            self.clear()
        self[code] = folded
        return folded


_FOLDED = _Folded()


def fold_accents(lowered: str) -> str:
    """Lower-case text with its accents taken off; plain ASCII comes back as it is."""
    if lowered.isascii():
        return lowered
    return lowered.translate(_FOLDED)


def tokenise(text: str) -> list[str]:
    """Lower-case word and number tokens of any text."""
    return split_words(fold_accents(text.lower()))


def split_words(lowered: str) -> list[str]:
    """``tokenise`` for text that is lower case and folded already."""
    if "co-" in lowered:
        lowered = _CO_NAME.sub("co", lowered)
    return _TOKEN.findall(lowered)


def name_keys(name: str) -> set[tuple[str, ...]]:
    """Every token form a name may be written in: hyphens as spaces and hyphens joined."""
    lowered = fold_accents(name.lower())
    joined = re.sub(r"(?<=[a-z])-(?=[a-z])", "", lowered)
    keys = {tuple(split_words(lowered)), tuple(split_words(joined)), tuple(_TOKEN.findall(lowered))}
    return {key for key in keys if key}


# British spellings written the American way, as ICD-10-CM writes them.
_US_SPELLING = (
    (re.compile(r"\boes(?=oph|trog)"), "es"),
    (re.compile(r"oedema"), "edema"),
    (re.compile(r"(?<=[hnlk])aem"), "em"),  # haem, anaemia, leukaemia, ischaemia
    (re.compile(r"(?<=[pc])aed"), "ed"),  # paediatric, orthopaedic
    (re.compile(r"coeliac"), "celiac"),
    (re.compile(r"paraesth"), "paresth"),
    (re.compile(r"tumour"), "tumor"),
    (re.compile(r"diarrhoea"), "diarrhea"),
    (re.compile(r"(?<=[^aeiou])aemia"), "emia"),
)
_NOT_WORDING = re.compile(r"\[[^\]]*\]|\([^)]*\)|[^a-z0-9 ]")
_FILLER = re.compile(r"\b(?:unspecified|nos|nec|of|the|and|or|with|disease|disorder)\b")


def clinical_wording(text: str) -> str:
    """A condition name reduced to compare across ways of writing it: lower case, no
    accents, no brackets or punctuation, American spelling, without "unspecified",
    "disease" and the like. "Crohn's disease" and "Crohn disease [regional enteritis]"
    both give "crohn"."""
    lowered = fold_accents(text.lower()).replace("'s", "")
    for pattern, spelling in _US_SPELLING:
        lowered = pattern.sub(spelling, lowered)
    return " ".join(_FILLER.sub(" ", _NOT_WORDING.sub(" ", lowered)).split())
