"""The clinical content loads strictly, cites its sources, and reads plainly."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

from spinepath.domain.model import Knowledge
from spinepath.knowledge.loader import DATA_DIR, KnowledgeError, load_knowledge

MUTATIONS: list[dict[str, str]] = yaml.safe_load(
    (Path(__file__).parent / "bad" / "mutations.yaml").read_text()
)
CONTENT_FILES = sorted(p for p in DATA_DIR.rglob("*.yaml") if p.name != "sources.yaml")


def test_every_content_file_loads(knowledge: Knowledge) -> None:
    assert len(knowledge.procedures) >= 8
    assert len(knowledge.hold_rules) > 10
    assert len(knowledge.medicines) >= 400


@pytest.mark.parametrize("path", CONTENT_FILES, ids=[p.name for p in CONTENT_FILES])
def test_every_file_is_versioned_reviewed_and_cites_sources(
    path: Path, knowledge: Knowledge
) -> None:
    data = yaml.safe_load(path.read_text())
    assert data["version"]
    assert isinstance(data["reviewed"], dt.date)
    assert data["review_due"] > data["reviewed"]
    assert data["sources"]
    assert set(data["sources"]) <= set(knowledge.sources)


def test_every_hold_rule_and_alert_names_a_known_source(knowledge: Knowledge) -> None:
    for rule in knowledge.hold_rules:
        assert rule.source in knowledge.sources
    for alert in knowledge.alerts.values():
        assert alert.source in knowledge.sources


def test_uncorroborated_hold_intervals_are_marked(knowledge: Knowledge) -> None:
    """A number read only in secondary material never passes as verified."""
    by_id = {rule.id: rule for rule in knowledge.hold_rules}
    for drug in ("rivaroxaban", "apixaban", "edoxaban", "dabigatran", "clopidogrel", "ticagrelor"):
        assert by_id[drug].evidence.value == "corroborated"
        assert by_id[drug].source == "ASRA-PAIN-2018-SUMMARY"
    renal = by_id["dabigatran"].renal
    assert renal is not None
    assert renal.evidence.value == "unverified"


@pytest.mark.parametrize("case", MUTATIONS, ids=[m["name"] for m in MUTATIONS])
def test_broken_content_is_refused_with_file_and_path(case: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    target = root / case["file"]
    text = target.read_text()
    assert case["find"] in text, "the mutation must apply to the current content"
    target.write_text(text.replace(case["find"], case["replace"], 1))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert any(case["expect"] in problem for problem in caught.value.problems), (
        caught.value.problems
    )


def test_the_packaged_content_is_loaded_once() -> None:
    from spinepath.knowledge.loader import default_knowledge

    assert default_knowledge() is default_knowledge()


def _patient_blocks(knowledge: Knowledge) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    for procedure in knowledge.procedures.values():
        sections: dict[str, Any] = {
            "summary": procedure.summary,
            "preparation": procedure.preparation,
            "what_to_bring": procedure.what_to_bring,
            "on_the_day": procedure.on_the_day,
            "after_care": procedure.after_care,
            "restrictions": procedure.restrictions,
            "side_effects": procedure.side_effects,
            "red_flags": procedure.red_flags,
            "follow_up": procedure.follow_up,
            "alternatives": procedure.alternatives,
        }
        for name, items in sections.items():
            blocks.append((f"{procedure.id}.{name}", " ".join(item.text for item in items)))
        blocks.append((f"{procedure.id}.benefit", procedure.benefit.text))
    for symptom in knowledge.symptoms.values():
        blocks.append((f"triage.{symptom.code}", " ".join(r.advice for r in symptom.rules)))
    blocks.append(
        ("pathway.timeline", " ".join(t.text for t in knowledge.pathway.timeline_text.values()))
    )
    return blocks


def test_patient_facing_text_reads_at_grade_8_or_below(knowledge: Knowledge) -> None:
    too_hard = {
        name: grade
        for name, text in _patient_blocks(knowledge)
        if (grade := textstat.flesch_kincaid_grade(text)) > 8
    }
    assert too_hard == {}
