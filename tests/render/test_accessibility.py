"""Accessible, print-friendly pages: language, headings in order, landmarks, contrast, rem."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from spinepath.render import render_document
from spinepath.render.environment import TEMPLATE_DIR
from tests.render.conftest import example_patient

PAGES = ["leaflet.html", "consent.html", "discharge.html"]
CSS = (TEMPLATE_DIR / "document.css").read_text(encoding="utf-8")


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.th_without_scope = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.links.append(str(values["href"])[1:])
        if tag == "th" and not values.get("scope"):
            self.th_without_scope += 1


def _outline(kind: str, region: str = "uk") -> tuple[str, _Outline]:
    page = render_document(kind, example_patient(region=region))[0].decode("utf-8")
    outline = _Outline()
    outline.feed(page)
    return page, outline


@pytest.mark.parametrize("region", ["uk", "us"])
@pytest.mark.parametrize("kind", PAGES)
def test_page_names_its_language(kind: str, region: str) -> None:
    page, _ = _outline(kind, region)
    lang = {"uk": "en-GB", "us": "en-US"}[region]
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')


@pytest.mark.parametrize("kind", PAGES)
def test_headings_start_at_one_h1_and_never_skip_a_level(kind: str) -> None:
    _, outline = _outline(kind)
    assert outline.headings[0] == 1
    assert outline.headings.count(1) == 1
    steps = zip(outline.headings, outline.headings[1:], strict=False)
    assert all(after <= before + 1 for before, after in steps)


@pytest.mark.parametrize("kind", PAGES)
def test_page_has_header_main_and_footer_landmarks(kind: str) -> None:
    _, outline = _outline(kind)
    for landmark in ("header", "main", "footer"):
        assert outline.tags.count(landmark) == 1


@pytest.mark.parametrize("kind", PAGES)
def test_table_headers_have_a_scope_and_links_have_targets(kind: str) -> None:
    _, outline = _outline(kind)
    assert outline.th_without_scope == 0
    assert set(outline.links) <= outline.ids


@pytest.mark.parametrize("kind", PAGES)
def test_sources_are_numbered_in_the_order_they_are_first_cited(kind: str) -> None:
    page, _ = _outline(kind)
    first_seen: list[int] = []
    for number in re.findall(r'href="#source-(\d+)"', page):
        if int(number) not in first_seen:
            first_seen.append(int(number))
    assert first_seen == list(range(1, len(first_seen) + 1))
    assert page.count('<li id="source-') == len(first_seen)


def test_font_sizes_are_in_rem_so_that_text_can_grow() -> None:
    sizes = re.findall(r"font-size:\s*([^;]+);", CSS)
    assert sizes
    assert all(re.fullmatch(r"\d+(\.\d+)?rem|100%", size.strip()) for size in sizes), sizes
    smallest = min(float(size[:-3]) for size in sizes if size.endswith("rem"))
    assert smallest >= 0.75, "no tiny fixed text (citation marks are the smallest)"


def test_print_layout_is_a4_with_page_numbers() -> None:
    page_rule = CSS[CSS.index("@page") :]
    assert "size: A4;" in page_rule
    assert "counter(page)" in page_rule
    assert "counter(pages)" in page_rule


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("ink", "#ffffff"),
        ("muted", "#ffffff"),
        ("accent", "#ffffff"),
        ("ink", "soft"),
        ("accent", "soft"),
        ("alarm", "alarm-soft"),
        ("ink", "alarm-soft"),
    ],
)
def test_text_colours_meet_wcag_aa_contrast(text: str, background: str) -> None:
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6});", CSS))

    def colour(name: str) -> str:
        return name if name.startswith("#") else colours[name]

    assert _contrast(colour(text), colour(background)) >= 4.5
