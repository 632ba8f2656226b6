"""Clinical scenarios as files: each has a title, its source, an input and what must hold.

A scenario file is meant to be read and checked by a clinician. Keys under ``expect``:
status, alerts_include, alerts_exclude, holds (matched by ingredient, listed fields equal),
no_holds_for (ingredients that must have no hold), timeline_include (date and code).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import spinepath
from spinepath.domain.model import Knowledge

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def _as_text(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_scenario(path: Path) -> None:
    case = _load(path)
    assert case["title"], "every scenario has a title"
    assert case["source"], "every scenario names its source"
    plan = spinepath.make_plan({k: _as_text(v) for k, v in case["input"].items()})
    expect = case["expect"]
    codes = [a["code"] for a in plan["alerts"]]
    if "status" in expect:
        assert plan["status"] == expect["status"], codes
    for code in expect.get("alerts_include", []):
        assert code in codes
    for code in expect.get("alerts_exclude", []):
        assert code not in codes
    holds = {h["ingredient"]: h for h in plan["medication_holds"]}
    for wanted in expect.get("holds", []):
        hold = holds[wanted["ingredient"]]
        for key, value in wanted.items():
            assert hold[key] == _as_text(value), (key, hold)
    for ingredient in expect.get("no_holds_for", []):
        assert ingredient not in holds
    entries = {(t["date"], t["code"]) for t in plan["timeline"]}
    for item in expect.get("timeline_include", []):
        assert (_as_text(item["date"]), item["code"]) in entries


def test_there_is_a_scenario_for_every_catalogue_procedure(knowledge: Knowledge) -> None:
    resolved = (knowledge.find_procedure(_load(p)["input"]["procedure"]) for p in CASES)
    covered = {procedure.id for procedure in resolved if procedure is not None}
    assert {entry["id"] for entry in spinepath.catalogue()} <= covered
