"""Every procedure in the catalogue renders every document, and each says what it must."""

from __future__ import annotations

import html as html_module
import re

import pytest
from icalendar import Calendar

import spinepath
from spinepath.domain.model import Knowledge
from spinepath.render import KINDS, render_document
from tests.render.conftest import example_patient, pdf_text, squash

PROCEDURES = [entry["id"] for entry in spinepath.catalogue()]
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
}


def _text(kind: str, procedure: str, **overrides: object) -> str:
    content, media_type = render_document(kind, example_patient(procedure=procedure, **overrides))
    assert media_type == MEDIA_TYPES[kind.split(".")[1]]
    if kind.endswith(".pdf"):
        return pdf_text(content)
    page = re.sub(r'<sup class="cite">.*?</sup>', "", content.decode("utf-8"))
    return squash(html_module.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("procedure", PROCEDURES)
def test_every_procedure_renders_every_document(procedure: str, kind: str) -> None:
    content, media_type = render_document(kind, example_patient(procedure=procedure))
    assert media_type == MEDIA_TYPES[kind.split(".")[1]]
    assert len(content) > 2000
    if kind.endswith(".pdf"):
        assert "When to get help" in pdf_text(content) or kind.startswith("consent")
    elif kind.endswith(".ics"):
        assert Calendar.from_ical(content).walk("VEVENT")
    else:
        assert content.decode("utf-8").rstrip().endswith("</html>")


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_leaflet_holds_every_red_flag_limit_and_instruction(
    procedure: str, knowledge: Knowledge
) -> None:
    text = _text("leaflet.html", procedure)
    content = knowledge.procedures[procedure]
    sentences = [
        *(entry.text for entry in content.summary),
        *(entry.text for entry in content.preparation),
        *(entry.text for entry in content.what_to_bring),
        *(entry.text for entry in content.on_the_day),
        *(entry.text for entry in content.after_care),
        *(flag.text for flag in content.red_flags),
        *(restriction.text for restriction in content.restrictions),
    ]
    missing = [sentence for sentence in sentences if squash(sentence) not in text]
    assert not missing


@pytest.mark.parametrize("procedure", PROCEDURES)
@pytest.mark.parametrize("level", ["cervical", "thoracic", "lumbar", "sacral"])
def test_consent_holds_every_risk_of_its_level_with_its_frequency(
    procedure: str, level: str, knowledge: Knowledge
) -> None:
    text = _text("consent.html", procedure, spinal_level=level)
    pathway = knowledge.pathway
    for effect in knowledge.procedures[procedure].side_effects:
        words = pathway.frequency_bands[effect.band]
        if effect.rate:
            words = f"{words.split(':')[0]}: {effect.rate}"
        shown = f"{words} {squash(effect.text)}" in text
        assert shown == (not effect.levels or level in effect.levels), (effect.id, level)


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_red_flags_put_the_emergency_number_first(procedure: str) -> None:
    text = _text("discharge.html", procedure, region="us")
    box = text.split("When to get help", 1)[1]
    assert box.startswith(" Call 911 now if:")


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_calendar_has_one_event_per_dated_step(procedure: str) -> None:
    plan = spinepath.make_plan(example_patient(procedure=procedure))
    ics, _ = render_document("plan.ics", example_patient(procedure=procedure))
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert sorted(event.decoded("DTSTART").isoformat() for event in events) == sorted(
        step["date"] for step in plan["timeline"]
    )


def test_unknown_document_kind_is_bad_input() -> None:
    with pytest.raises(spinepath.InputError) as caught:
        render_document("leaflet.docx", example_patient())
    assert caught.value.field == "kind"
