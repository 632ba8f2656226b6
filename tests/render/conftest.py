"""Helpers for the patient-document tests: the contract's example patient, real PDF text."""

from __future__ import annotations

import re
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tests.conftest import plan_input

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "artifacts"


def example_patient(**overrides: Any) -> dict[str, Any]:
    """The engine contract's example: DRG block on 2026-12-10, rivaroxaban, metformin, diabetes."""
    facts: dict[str, Any] = {
        "medications": ["Xarelto 20mg OD", "metformin 500mg twice a day"],
        "conditions": ["diabetes"],
        "allergies": ["iodinated contrast"],
        "escort_arranged": True,
    }
    return plan_input(**{**facts, **overrides})


def squash(text: str) -> str:
    """Text with every run of white space made one space (PDF lines break anywhere)."""
    return " ".join(text.replace("\u2060", "").split())


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it back, white space squashed.

    List bullets and the citation marks ("[2]") are left out, so that sentences can be
    matched whole; table columns come out one after the other on each page.
    """
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        )
    text = done.stdout.decode("utf-8").replace("\u2022", " ")
    return squash(re.sub(r" ?\[\d+\]", "", text))


class _Sections(HTMLParser):
    """Collects the visible text of each <section>/<header>/<footer>.

    Left out: citation marks, and label-value lists (``dl.fields``: name, date of birth,
    the procedure's formal name, dates), which are details to look up, not sentences.
    """

    SKIPPED = frozenset({"cite", "fields"})

    BLOCKS = frozenset({"section", "header", "footer"})

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self._stack: list[str] = []
        self._skip = 0
        self._current: list[str] | None = None
        self._count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._skip or set((values.get("class") or "").split()) & self.SKIPPED:
            self._skip += 1
            return
        if tag in self.BLOCKS and self._current is None:
            self._count += 1
            name = values.get("aria-labelledby") or f"{tag}-{self._count}"
            self._current = self.sections.setdefault(name, [])
            self._stack = [tag]
        elif self._current is not None:
            self._stack.append(tag)
        if tag in {"li", "p", "h1", "h2", "h3", "tr", "div", "dt"} and self._current is not None:
            self._current.append("\n")

    def handle_endtag(self, tag: str) -> None:  # noqa: ARG002 (any end tag closes one level)
        if self._skip:
            self._skip -= 1
            return
        if self._current is not None and self._stack:
            self._stack.pop()
            if not self._stack:
                self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None and not self._skip:
            self._current.append(data)


def html_sections(html: str) -> dict[str, str]:
    """Visible text by section (keyed by the section's heading id); see ``_Sections``."""
    parser = _Sections()
    parser.feed(html)
    return {
        name: re.sub(r"[ \t\u2060]+", " ", "".join(parts))
        for name, parts in parser.sections.items()
    }
