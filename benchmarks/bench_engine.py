"""In-process throughput of the engine: plans per second and medicine lines per second.

Run: ``uv run python benchmarks/bench_engine.py`` (figures go in benchmarks/README.md).
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import spinepath
from spinepath.contract.api import plan_request_from
from spinepath.domain.medications import parse_medication_line
from spinepath.domain.planning import make_plan
from spinepath.knowledge.loader import default_knowledge

ROOT = Path(__file__).parents[1]


def _example_inputs() -> list[dict[str, Any]]:
    cases = sorted((ROOT / "tests" / "scenarios" / "cases").glob("*.yaml"))
    inputs = []
    for path in cases:
        data = yaml.safe_load(path.read_text())["input"]
        inputs.append({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()})
    return inputs


def _lines() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "data" / "medication_lines.yaml").read_text())
    return [item["input"] for item in data["lines"]]


def _rate(work: Callable[[], int], repeats: int = 7) -> tuple[float, float]:
    """Items per second: median and best of several timed runs, after a warm-up."""
    work()
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        count = work()
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates), max(rates)


def main() -> None:
    knowledge = default_knowledge()
    inputs = _example_inputs()
    requests = [plan_request_from(item, knowledge) for item in inputs]
    lines = _lines()

    def engine_plans() -> int:
        for _ in range(20):
            for request in requests:
                make_plan(request, knowledge)
        return 20 * len(requests)

    def contract_plans() -> int:
        for _ in range(20):
            for item in inputs:
                spinepath.make_plan(item)
        return 20 * len(inputs)

    def medicine_lines() -> int:
        for _ in range(5):
            for line in lines:
                parse_medication_line(line, knowledge.lexicon)
        return 5 * len(lines)

    results = {
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "plans_per_second_engine": _rate(engine_plans),
        "plans_per_second_contract_json": _rate(contract_plans),
        "medicine_lines_per_second": _rate(medicine_lines),
        "example_patients": len(inputs),
        "medicine_lines": len(lines),
    }
    for key in ("plans_per_second_engine", "plans_per_second_contract_json"):
        median = results[key][0]  # type: ignore[index]
        results[key.replace("plans_per_second", "ms_per_plan")] = round(1000 / median, 3)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
