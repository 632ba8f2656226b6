"""Wording: fixed text comes from the message catalogues, region words from the content."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from spinepath.domain.model import Cited, Knowledge
from spinepath.render import language, render_document
from spinepath.render.environment import TEMPLATE_DIR, environment_for
from tests.render.conftest import example_patient, squash

RENDER = Path(language.__file__).parent
LOCALES = sorted(set(language.LOCALE_BY_REGION.values()))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extracted() -> set[str]:
    """Every message the presenters and templates ask for, found as pybabel would find it."""
    with (RENDER / "locale" / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(RENDER, method_map, options_map)
    }


def _catalog(locale: str) -> Catalog:
    with language.catalogue_path(locale).open("rb") as po_file:
        return read_po(po_file, locale=locale)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _strings(message: Message) -> list[str]:
    """A message's translation, or its singular and plural translations."""
    if isinstance(message.string, str):
        return [message.string]
    return list(message.string or ())


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_has_exactly_the_messages_the_code_uses(locale: str) -> None:
    used, listed = _extracted(), _ids(_catalog(locale))
    assert not used - listed, "messages missing from the catalogue (run pybabel update)"
    assert not listed - used, "messages no longer used (run pybabel update)"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated_with_the_same_placeholders(locale: str) -> None:
    for message in _catalog(locale):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = _strings(message)
        assert all(strings), f"untranslated: {ids[0]!r}"
        assert not message.fuzzy, f"fuzzy: {ids[0]!r}"
        wanted = sorted(PLACEHOLDER.findall(ids[0]))
        assert all(sorted(PLACEHOLDER.findall(s)) == wanted for s in strings), ids[0]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATE_DIR.glob("*.html")))
def test_templates_write_no_words_outside_the_catalogue(template: str) -> None:
    source = (TEMPLATE_DIR / template).read_text(encoding="utf-8")
    for pattern in (r"\{#.*?#\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<[^>]*>", r"&#?\w+;"):
        source = re.sub(pattern, " ", source, flags=re.DOTALL)
    assert not re.findall(r"[A-Za-z]{2,}", source)


def test_us_region_chooses_the_us_catalogue_and_words(knowledge: Knowledge) -> None:
    wording = language.wording_for("us", knowledge)
    assert wording.locale == "en_US"
    assert wording.lang == "en-US"
    assert wording.gettext("Not heard from us?") == "Haven't heard from us?"
    assert wording.region.emergency_number == "911"
    assert language.wording_for("uk", knowledge).gettext("Not heard from us?") == (
        "Not heard from us?"
    )


def test_content_placeholders_take_the_regions_words(knowledge: Knowledge) -> None:
    drg = knowledge.procedures["drg-block"]
    advice = Cited(
        "For a headache take {paracetamol}. If it gets worse call {emergency_number}, "
        "{urgent_line} or {primary_care}.",
        "SEED-002",
    )
    changed = dataclasses.replace(
        knowledge,
        procedures={
            **knowledge.procedures,
            "drg-block": dataclasses.replace(drg, after_care=(*drg.after_care, advice)),
        },
    )
    uk = squash(render_document("leaflet.html", example_patient(), knowledge=changed)[0].decode())
    us = squash(
        render_document("leaflet.html", example_patient(region="us"), knowledge=changed)[0].decode()
    )
    assert "For a headache take paracetamol. If it gets worse call 999, NHS 111 or your GP." in uk
    assert (
        "For a headache take acetaminophen (Tylenol). If it gets worse call 911, your doctor&#39;s "
        "after-hours line or your primary care doctor." in us
    )


@pytest.fixture
def edited_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the catalogues that the test may edit, loaded fresh."""
    shutil.copytree(language.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(language, "LOCALE_DIR", tmp_path / "locale")
    language.translations_for.cache_clear()
    environment_for.cache_clear()
    yield tmp_path / "locale"
    language.translations_for.cache_clear()
    environment_for.cache_clear()


def test_a_translation_is_a_data_change(edited_locale: Path) -> None:
    po = edited_locale / "en_GB" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    edited = text.replace(
        'msgid "Your dates"\nmsgstr "Your dates"', 'msgid "Your dates"\nmsgstr "Your diary"'
    )
    assert edited != text
    po.write_text(edited, encoding="utf-8")
    page = render_document("leaflet.html", example_patient())[0].decode()
    assert ">Your diary</h2>" in page
