"""Medicine recognition: spinepath against drug-named-entity-recognition, on the same lines.

Run: ``PYTHONPATH=. uv run python benchmarks/bench_recognition.py`` (figures go in
benchmarks/README.md).

Both recognisers read the 500 lines of ``tests/data/medication_lines.yaml`` in one run.
Accuracy is scored on the lines as written. Speed is the median of several timed rounds
after a warm-up; every round reads a fresh copy of the lines with its own deterministic
re-casing and extra spaces, so that no memo of whole lines can help (spinepath remembers
single words only); within a round every system reads the same lines, each from a freshly
made copy. Time is the CPU time of this process (``time.process_time``), so that other
work on a shared machine counts against neither side, with the garbage collector paused
as ``timeit`` pauses it (the tool's dictionary holds hundreds of thousands of objects, and
a collection falling in one side's timing would be charged to it). The floor is what
merely lower-casing and tokenising the lines costs.

The outside tool answers with names from its own dictionary ("Acetaminophen",
"Acetylsalicylic acid/dipyridamole"). ``ToolNames`` turns them into our ingredients:
lower-case it; if it is one of ``HAND_MAPPINGS``, use that; if the whole name is a name,
synonym or brand in our lexicon (matched as our recogniser matches names, without
misspellings), take its ingredients; otherwise split it into parts on "/", " and " and ", ",
drop "(rdna origin)" and a trailing " patch" from each part and look each part up the same
way; a part that is still unknown is kept as written and counts as a wrong ingredient.
"""

from __future__ import annotations

import gc
import json
import platform
import random
import re
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from drug_named_entity_recognition import find_drugs  # type: ignore[import-untyped]
from tests.recognition import outside_sets

from spinepath.domain.lexicon import Lexicon
from spinepath.domain.medications import parse_medication_line
from spinepath.domain.tokens import tokenise
from spinepath.knowledge.loader import default_knowledge

ROOT = Path(__file__).parents[1]
BLOOD_THINNING = {"anticoagulant", "antiplatelet"}
BLOOD_THINNERS = outside_sets.blood_thinning_ingredients()
ROUNDS = 9
FUZZY_ROUNDS = 3
FUZZY_SUBSET_STEP = 5  # fuzzy mode is timed on every fifth line (100 lines)

# Names the tool gives that our lexicon does not hold as written, and what they mean.
HAND_MAPPINGS: dict[str, frozenset[str]] = {
    "insulin, regular, human": frozenset({"soluble insulin"}),
    "isophane insulin, human": frozenset({"isophane insulin"}),
    "low-dose aspirin": frozenset({"aspirin"}),
    "prasugrel hydrochloride": frozenset({"prasugrel"}),
}
_COMBINATION = re.compile(r"/|,? and |, ")
_NOTES = re.compile(r"\s*\(rdna origin\)|\s+patch$")

Reading = tuple[frozenset[str], bool | None]  # ingredients, current (None: not read)
Hit = tuple[dict[str, Any], int, int]  # the tool's match: its data, first and past-last token


@dataclass(frozen=True)
class Line:
    text: str
    ingredients: frozenset[str]
    current: bool
    safety_critical: bool


def evaluation_lines() -> list[Line]:
    data = yaml.safe_load((ROOT / "tests" / "data" / "medication_lines.yaml").read_text())
    return [
        Line(i["input"], frozenset(i["ingredients"]), i["current"], i["safety_critical"])
        for i in data["lines"]
    ]


def outside_lines(split: str) -> list[Line]:
    """An outside evaluation split, every insulin named "insulin" as the split names it."""
    return [
        Line(c.input, c.ingredients, c.current, bool(c.ingredients & BLOOD_THINNERS))
        for c in outside_sets.medication_cases(split)
    ]


def as_evaluated(read: Callable[[str], Reading]) -> Callable[[str], Reading]:
    def outside(text: str) -> Reading:
        got, current = read(text)
        return frozenset(outside_sets.as_evaluated(i) for i in got), current

    return outside


def varied(lines: Sequence[str], seed: int) -> list[str]:
    """The same lines with deterministic random upper/lower case and extra spaces."""
    rng = random.Random(seed)
    out = []
    for line in lines:
        cased = "".join(c.upper() if rng.random() < 0.3 else c.lower() for c in line)
        out.append(re.sub(" ", lambda _: " " * rng.randint(1, 3), cased))
    return out


class ToolNames:
    """The outside tool's drug names mapped to our British Approved Name ingredients."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.unmapped: set[str] = set()

    def ingredients(self, name: str) -> frozenset[str]:
        lowered = name.lower()
        if lowered in HAND_MAPPINGS:
            return HAND_MAPPINGS[lowered]
        whole = self._lookup(lowered)
        if whole is not None:
            return whole
        found: set[str] = set()
        for part in _COMBINATION.split(lowered):
            cleaned = _NOTES.sub("", part).strip()
            mapped = self._lookup(cleaned)
            if mapped is None:
                self.unmapped.add(cleaned)
                mapped = frozenset({cleaned})
            found |= mapped
        return frozenset(found)

    def _lookup(self, name: str) -> frozenset[str] | None:
        entry = self.lexicon.exact.get(tuple(tokenise(name)))
        return frozenset(entry.ingredients) if entry is not None else None


def whitespace_tokens(line: str) -> list[str]:
    return line.split()


def word_tokens(line: str) -> list[str]:
    return re.findall(r"[\w'-]+", line)


class ToolFailures:
    """Lines on which the tool's fuzzy mode raised (see ``tool_hits``)."""

    def __init__(self) -> None:
        self.lines: set[str] = set()


def tool_hits(tokens: list[str], *, fuzzy: bool, failures: ToolFailures) -> list[Hit]:
    """The tool's matches. Version 2.0.9's fuzzy mode raises UnboundLocalError when a
    two-word fuzzy match comes before any exact two-word match in the line; there we take
    its exact reading of the line plus its fuzzy reading of each word not matched exactly
    (one word at a time, which never reaches the failing branch)."""
    try:
        return list(find_drugs(tokens, is_ignore_case=True, is_fuzzy_match=fuzzy))
    except UnboundLocalError:
        failures.lines.add(" ".join(tokens))
    hits = list(find_drugs(tokens, is_ignore_case=True))
    covered = {i for _, start, end in hits for i in range(start, end)}
    for index, token in enumerate(tokens):
        if index not in covered:
            hits += [
                (data, index, index + 1)
                for data, _, _ in find_drugs([token], is_ignore_case=True, is_fuzzy_match=True)
            ]
    return hits


def tool_reader(
    names: ToolNames,
    *,
    fuzzy: bool,
    tokens: Callable[[str], list[str]],
    failures: ToolFailures,
) -> Callable[[str], Reading]:
    def read(line: str) -> Reading:
        found: set[str] = set()
        for data, _, _ in tool_hits(tokens(line), fuzzy=fuzzy, failures=failures):
            found |= names.ingredients(data["name"])
        return frozenset(found), None

    return read


def our_reader(lexicon: Lexicon) -> Callable[[str], Reading]:
    def read(line: str) -> Reading:
        parsed = parse_medication_line(line, lexicon)
        return frozenset(parsed.ingredients), parsed.current

    return read


def score(
    read: Callable[[str], Reading], lines: list[Line], thinners: set[str]
) -> dict[str, float | None]:
    """Ingredient recall and precision, safety-critical line recall, exact-set accuracy."""
    hits = expected = given = exact = current_right = critical = critical_found = 0
    reads_current = True
    for line in lines:
        got, current = read(line.text)
        hits += len(got & line.ingredients)
        expected += len(line.ingredients)
        given += len(got)
        exact += got == line.ingredients
        reads_current = reads_current and current is not None
        current_right += current == line.current
        if line.safety_critical:
            critical += 1
            critical_found += (line.ingredients & thinners) <= got
    return {
        "ingredient_recall": hits / expected,
        "ingredient_precision": hits / given if given else 0.0,
        "safety_critical_recall": critical_found / critical,
        "exact_set_accuracy": exact / len(lines),
        "current_accuracy": current_right / len(lines) if reads_current else None,
    }


def lines_per_second(
    systems: Mapping[str, Callable[[str], object]], texts: list[str], rounds: int, step: int = 1
) -> dict[str, float]:
    """Median lines per second of each system; within a round every system reads the same
    varied lines, each from its own fresh copy."""
    sample = texts[::step]
    for read in systems.values():  # warm-up
        for text in varied(sample, seed=0):
            read(text)
    rates: dict[str, list[float]] = {name: [] for name in systems}
    for round_number in range(1, rounds + 1):
        for name, read in systems.items():
            copy = varied(sample, seed=round_number)  # the same lines, as new strings
            gc.disable()  # as timeit does: no collection of other objects in the timing
            start = time.process_time()
            for text in copy:
                read(text)
            elapsed = time.process_time() - start
            gc.enable()
            rates[name].append(len(copy) / elapsed)
    return {name: statistics.median(values) for name, values in rates.items()}


def accuracy_readers(
    lexicon: Lexicon, names: ToolNames, failures: ToolFailures
) -> dict[str, Callable[[str], Reading]]:
    return {
        "spinepath": our_reader(lexicon),
        "dner exact, word tokens": tool_reader(
            names, fuzzy=False, tokens=word_tokens, failures=failures
        ),
        "dner exact, whitespace tokens": tool_reader(
            names, fuzzy=False, tokens=whitespace_tokens, failures=failures
        ),
        "dner fuzzy, word tokens": tool_reader(
            names, fuzzy=True, tokens=word_tokens, failures=failures
        ),
    }


def timed_work(lexicon: Lexicon) -> dict[str, Callable[[str], object]]:
    """Each recogniser's own work on a line (text in, matches out): no scoring, no mapping
    of the tool's names. The floors only lower-case and tokenise."""
    return {
        "spinepath": lambda text: parse_medication_line(text, lexicon),
        "dner exact, word tokens": lambda text: find_drugs(word_tokens(text), is_ignore_case=True),
        "dner exact, whitespace tokens": lambda text: find_drugs(text.split(), is_ignore_case=True),
        "floor: lower-case and tokenise (spinepath's tokeniser)": tokenise,
        "floor: lower-case and split on spaces": lambda text: text.lower().split(),
    }


def main() -> None:
    knowledge = default_knowledge()
    thinners = {
        m.ingredient for m in knowledge.medicines.values() if BLOOD_THINNING & set(m.classes)
    }
    lines = evaluation_lines()
    texts = [line.text for line in lines]
    names, failures = ToolNames(knowledge.lexicon), ToolFailures()
    readers = accuracy_readers(knowledge.lexicon, names, failures)
    speed = lines_per_second(timed_work(knowledge.lexicon), texts, ROUNDS)
    accuracy = {name: score(read, lines, thinners) for name, read in readers.items()}
    fuzzy = {
        "dner fuzzy, word tokens": lambda text: tool_hits(
            word_tokens(text), fuzzy=True, failures=ToolFailures()
        )
    }
    speed |= lines_per_second(fuzzy, texts, FUZZY_ROUNDS, step=FUZZY_SUBSET_STEP)
    exact_modes = {k: v for k, v in readers.items() if "fuzzy" not in k}
    outside: dict[str, Any] = {}
    outside_texts: list[str] = []
    for split in outside_sets.available_splits():
        split_lines = outside_lines(split)
        outside_texts += [line.text for line in split_lines]
        outside[split] = {
            "lines": len(split_lines),
            "lines_naming_a_blood_thinner": sum(line.safety_critical for line in split_lines),
            "accuracy": {
                name: {
                    k: None if v is None else round(v, 4)
                    for k, v in score(as_evaluated(read), split_lines, thinners).items()
                }
                for name, read in exact_modes.items()
            },
            "spinepath": outside_sets.score_medications(split).summary(),
        }
    outside_work = {k: v for k, v in timed_work(knowledge.lexicon).items() if "fuzzy" not in k}
    outside_speed = lines_per_second(outside_work, outside_texts, ROUNDS)
    report = {
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "lines": len(lines),
        "safety_critical_lines": sum(line.safety_critical for line in lines),
        "accuracy": {
            name: {k: None if v is None else round(v, 4) for k, v in figures.items()}
            for name, figures in accuracy.items()
        },
        "lines_per_second": {name: round(rate) for name, rate in speed.items()},
        "fuzzy_timed_on_lines": len(texts[::FUZZY_SUBSET_STEP]),
        "lines_where_tool_fuzzy_mode_raised": len(failures.lines),
        "tool_names_kept_as_written": sorted(names.unmapped),
        "outside_splits": outside,
        "outside_lines_per_second": {name: round(rate) for name, rate in outside_speed.items()},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
