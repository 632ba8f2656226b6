"""The hazard log names only tests that exist, and every hazard names at least one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
LOG = ROOT / "docs" / "safety" / "hazard-log.md"
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _hazard_rows() -> list[str]:
    return [line for line in LOG.read_text().splitlines() if re.match(r"\| H\d\d \|", line)]


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def test_every_hazard_names_a_test() -> None:
    rows = _hazard_rows()
    assert len(rows) >= 15
    ids = [row.split("|")[1].strip() for row in rows]
    assert len(set(ids)) == len(ids)
    for row in rows:
        assert TEST_REFERENCE.search(row), f"{row.split('|')[1].strip()} names no test"


def test_every_test_the_log_names_exists() -> None:
    missing = []
    for row in _hazard_rows():
        for file, name in TEST_REFERENCE.findall(row):
            path = ROOT / file
            if not path.exists() or name not in _tests_in(path):
                missing.append(f"{file}::{name}")
    assert missing == []
