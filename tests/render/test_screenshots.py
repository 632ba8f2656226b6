"""The leaflet in a real browser and as a real PDF page, saved in artifacts/ for people to see.

Chromium (Debian's, through Playwright) opens the rendered page from a file: the test
saves a full-page screenshot, runs the axe-core accessibility scan and checks that the
page still fits its width when the text is made twice as large. The first PDF page is
drawn with poppler's pdftoppm.

Chromium is driven from a thread of its own: Playwright's sync API refuses to start
while another Playwright (such as the browser tests' session-wide one) is running in the
same thread.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from spinepath.render import render_document
from tests.render.conftest import ARTIFACTS, ROOT, example_patient

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["leaflet", "consent", "discharge"]
T = TypeVar("T")


class ChromiumThread:
    """One Chromium, started, used and stopped in one worker thread."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def _start(self) -> None:
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

    def _stop(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()

    def __enter__(self) -> ChromiumThread:
        self._pool.submit(self._start).result()
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.submit(self._stop).result()
        self._pool.shutdown()

    def run(self, work: Callable[[Browser], T]) -> T:
        def call() -> T:
            assert self._browser is not None
            return work(self._browser)

        return self._pool.submit(call).result()


@pytest.fixture(scope="module")
def chromium() -> Iterator[ChromiumThread]:
    with ChromiumThread() as started:
        yield started


def _saved_page(name: str, region: str = "uk") -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    html, _ = render_document(f"{name}.html", example_patient(region=region))
    path = ARTIFACTS / f"{name}-example-{region}.html"
    path.write_bytes(html)
    return path


def _open(browser: Browser, path: Path, width: int = 1000) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    return page


def _assert_png(path: Path, min_bytes: int) -> None:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > min_bytes, f"{path.name} is only {len(data)} bytes"


@pytest.mark.parametrize("name", PAGES)
def test_page_screenshot_is_saved(chromium: ChromiumThread, name: str) -> None:
    saved, shot = _saved_page(name), ARTIFACTS / f"{name}-page.png"

    def screenshot(browser: Browser) -> None:
        page = _open(browser, saved)
        page.screenshot(path=str(shot), full_page=True)
        page.close()

    chromium.run(screenshot)
    _assert_png(shot, 50_000)


@pytest.mark.parametrize("name", PAGES)
def test_first_pdf_page_is_saved_as_an_image(name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pdf, _ = render_document(f"{name}.pdf", example_patient())
    pdf_path = ARTIFACTS / f"{name}-example-uk.pdf"
    pdf_path.write_bytes(pdf)
    prefix = ARTIFACTS / f"{name}-pdf-page-1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf_path, prefix],
        check=True,
        timeout=60,
    )
    _assert_png(prefix.with_suffix(".png"), 20_000)


@pytest.mark.parametrize("region", ["uk", "us"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_accessibility_violations(
    chromium: ChromiumThread, name: str, region: str
) -> None:
    assert AXE.exists(), "axe-core is missing: ./dev test installs it (npm ci)"
    saved = _saved_page(name, region)

    def scan(browser: Browser) -> dict[str, Any]:
        page = _open(browser, saved)
        page.add_script_tag(path=str(AXE))
        found: dict[str, Any] = page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})"
        )
        page.close()
        return found

    result = chromium.run(scan)
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert not violations, json.dumps(violations, indent=1)


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_with_text_twice_as_large(chromium: ChromiumThread, name: str) -> None:
    saved = _saved_page(name)

    def measure(browser: Browser) -> tuple[int, str]:
        page = _open(browser, saved, width=400)
        page.add_style_tag(content="html { font-size: 200% !important; }")
        overflow: int = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        body_size: str = page.evaluate("() => getComputedStyle(document.body).fontSize")
        page.close()
        return overflow, body_size

    overflow, body_size = chromium.run(measure)
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    assert body_size == "36px", "body text follows the reader's font size"
