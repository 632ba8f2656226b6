"""Plain words: every section of every document, and the fixed wording, at grade 8 or below.

The Flesch-Kincaid grade (textstat) is computed on the text a reader sees: for each
section of at least 20 words (the formula means little on a title and a line), and for
the whole document. Each heading, list item and table cell counts as one sentence.
The foot (versions and the list of sources) is a reference list, not reading text, and
is left out, as are the label-value details under the title (see ``html_sections``).
"""

from __future__ import annotations

import re

import pytest
import textstat
from babel.messages.pofile import read_po

import spinepath
from spinepath.render import language, render_document
from tests.render.conftest import example_patient, html_sections

MAX_GRADE = 8.0
MIN_WORDS = 20
PROCEDURES = [entry["id"] for entry in spinepath.catalogue()]
PAGES = ["leaflet.html", "consent.html", "discharge.html"]
SAMPLE_WORDS = {
    "number": "999",
    "urgent_line": "NHS 111",
    "primary_care": "your GP",
    "date": "Sunday 6 December 2026",
    "time": "08:00",
    "length": "24 hours",
    "source": "a leaflet",
    "num": "3",
}


def as_sentences(text: str) -> str:
    """One sentence per line: a line without an end stop gets one."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return " ".join(
        line if line.endswith((".", "?", "!", ":")) else f"{line}." for line in lines if line
    )


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(as_sentences(text)))


@pytest.mark.parametrize("region", ["uk", "us"])
@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("procedure", PROCEDURES)
def test_every_section_reads_at_grade_8_or_below(procedure: str, kind: str, region: str) -> None:
    page = render_document(kind, example_patient(procedure=procedure, region=region))[0]
    sections = html_sections(page.decode("utf-8"))
    sections.pop("about-heading")
    assert len(sections) >= 5
    too_hard = {
        name: round(grade(text), 1)
        for name, text in sections.items()
        if len(text.split()) >= MIN_WORDS and grade(text) > MAX_GRADE
    }
    assert not too_hard
    assert grade("\n".join(sections.values())) <= MAX_GRADE


@pytest.mark.parametrize("locale", sorted(set(language.LOCALE_BY_REGION.values())))
def test_fixed_wording_reads_at_grade_8_or_below(locale: str) -> None:
    with language.catalogue_path(locale).open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    strings = []
    for message in catalog:
        translated = message.string
        if message.id and translated:
            text = translated if isinstance(translated, str) else translated[-1]
            strings.append(re.sub(r"%\((\w+)\)[sd]", lambda m: SAMPLE_WORDS[m.group(1)], text))
    assert len(strings) > 50
    assert grade("\n".join(strings)) <= MAX_GRADE


def test_the_grade_check_can_fail() -> None:
    hard = (
        "Periprocedural anticoagulation discontinuation necessitates individualised "
        "multidisciplinary consideration of thromboembolic vulnerability."
    )
    assert grade(hard) > MAX_GRADE
