"""ICD-10-CM codes for conditions, from the code set the ``simple-icd-10-cm`` package
installs (its April 2026 tabular list), and the condition concepts built with them.

The tabular list is read directly (about 0.1 s, once per process) rather than through the
package's module, which builds its whole tree on import (about 3 s). A code in
conditions.yaml that the code set does not hold is a content error.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from spinepath.domain import model as m
from spinepath.domain.tokens import clinical_wording
from spinepath.knowledge import schema as s

ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
_ENTRY = re.compile(r"<name>([^<]+)</name>\s*<desc>([^<]*)</desc>")


def _tabular_list() -> Path:
    spec = importlib.util.find_spec("simple_icd_10_cm")
    if spec is None or not spec.submodule_search_locations:
        raise LookupError("the simple-icd-10-cm package is not installed")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return max(folder.glob("icd10c-tabular-*.xml"))


@functools.cache
def icd_10_cm() -> dict[str, str]:
    """Every code and category of the installed ICD-10-CM tabular list → its description."""
    text = _tabular_list().read_text(encoding="utf-8")
    return {code: " ".join(desc.split()) for code, desc in _ENTRY.findall(text)}


# Codes that bear on a rule (bleeding, kidneys, pregnancy, infection, diabetes, blood clots,
# medicines taken long term): never looked up in the code set by name, so a wording no
# concept knows stays unrecognised and a person looks at it.
_BEARS_ON_A_RULE = re.compile(
    r"^(?:[AB]|D6[5-9]|D[78]|N1[7-9]|N0|O|Z3[3-9]|Z79|Z86|Z92|Z99|E0[89]|E1[0-3]|"
    r"I2[0-6]|I8[0-2]|I48|L0[0-8]|M46|M00|M86|R50|R65|T8[0-8]|G0[0-6]|C|D0|D3|D4)"
)
_TERM = re.compile(r"<name>([^<]+)</name>|<inclusionTerm>(.*?)</inclusionTerm>", re.DOTALL)
_NOTE = re.compile(r"<note>([^<]+)</note>")


@functools.cache
def condition_terms() -> dict[str, tuple[str, str]]:
    """The code set's descriptions and inclusion terms, each reduced by
    ``clinical_wording`` → (the most general code that has it, its description), for
    the codes no rule depends on."""
    codes = icd_10_cm()
    text = _tabular_list().read_text(encoding="utf-8")
    terms: dict[str, tuple[str, str]] = {}
    current = ""
    for found in _TERM.finditer(text):
        name, inclusions = found.groups()
        if name is not None:
            current = name
            written = [codes.get(name, "")]
        else:
            written = _NOTE.findall(inclusions)
        if "-" in current or not current or _BEARS_ON_A_RULE.match(current):
            continue
        for wording in written:
            key = clinical_wording(wording)
            if key and key not in terms:  # the tabular list runs general to specific
                terms[key] = (current, codes[current])
    return terms


_NEVER = re.compile(r"(?!)")


def _matcher(patterns: list[str]) -> re.Pattern[str]:
    """The patterns as one expression; one that does not compile is reported by the loader's
    pattern check, and matches nothing here."""
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error:
        return _NEVER


def condition_concepts(
    file: s.ConditionsFile, problems: list[str]
) -> tuple[m.ConditionConcept, ...]:
    """The concepts of conditions.yaml, each code checked against the code set."""
    codes = icd_10_cm()
    concepts = []
    for c in file.conditions:
        written = [*c.codes, *c.by_region.values(), *c.by_side.values()]
        unknown = [code for code in written if code not in codes]
        if unknown:
            problems.append(f"conditions.yaml: {c.id}: not ICD-10-CM codes {unknown}")
        concepts.append(
            m.ConditionConcept(
                id=c.id,
                matcher=_matcher(c.patterns),
                effect=c.effect,
                raises_risk=c.raises_risk,
                codes=tuple(c.codes),
                by_region={str(k): v for k, v in c.by_region.items()},
                by_side={str(k): v for k, v in c.by_side.items()},
                group=c.group or c.id,
                meaning=c.meaning or "",
                meanings={code: codes.get(code, code) for code in written},
                current_only=c.current_only,
                stage_unknown=c.stage_unknown,
            )
        )
    return tuple(concepts)


def condition_wording(file: s.ConditionsFile) -> m.ConditionWording:
    return m.ConditionWording(
        past=_matcher(file.past_patterns),
        negation=_matcher(file.negation_patterns),
        severe_kidney_below_crcl=file.severe_kidney_below_crcl_ml_min,
        terms=condition_terms(),
    )
