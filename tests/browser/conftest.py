"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.app.conftest import Clinic

CHROMIUM = os.environ.get("SPINEPATH_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") + "\n;window.axe !== undefined"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def web_clinic(clinic: Clinic) -> Clinic:
    """The app on a live server, once per database (the app tests' fixture)."""
    return clinic


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    refused: list[str] = []
    opened.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield opened
    context.close()
    assert refused == [], "the page broke its own Content-Security-Policy"


def axe_violations(page: Page) -> list[dict[str, object]]:
    """Serious and critical accessibility violations found by axe-core on the page."""
    # Evaluated, not added as a script tag: the app's Content-Security-Policy (rightly)
    # refuses inline scripts, and the pages are checked with it in force.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
