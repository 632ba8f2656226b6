"""Time to make the patient documents for the example patient, PDF leaflet first.

Run: ``uv run python benchmarks/bench_render.py`` (figures go in benchmarks/README.md).
Each figure is the median of several runs after a warm-up run (which pays for importing
WeasyPrint and loading fonts); the best run is given too.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

from spinepath.knowledge.loader import default_knowledge
from spinepath.render import render_document

TARGET_SECONDS = 1.0
EXAMPLE: dict[str, Any] = {
    "procedure": "drg-block",
    "procedure_date": "2026-12-10",
    "today": "2026-11-24",
    "medications": ["Xarelto 20mg OD", "metformin 500mg twice a day"],
    "conditions": ["diabetes"],
    "allergies": ["iodinated contrast"],
    "escort_arranged": True,
    "spinal_level": "lumbar",
}


def _seconds(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and best time of one call, after a warm-up call."""
    work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    knowledge = default_knowledge()

    def document(kind: str) -> Callable[[], object]:
        return lambda: render_document(kind, EXAMPLE, knowledge=knowledge)

    leaflet_pdf = _seconds(document("leaflet.pdf"), repeats=9)
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "leaflet_pdf_seconds": leaflet_pdf,
        "consent_pdf_seconds": _seconds(document("consent.pdf"), repeats=5),
        "discharge_pdf_seconds": _seconds(document("discharge.pdf"), repeats=5),
        "leaflet_html_seconds": _seconds(document("leaflet.html"), repeats=20),
        "calendar_seconds": _seconds(document("plan.ics"), repeats=20),
    }
    results["leaflet_pdf_under_target"] = leaflet_pdf[0] < TARGET_SECONDS
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
