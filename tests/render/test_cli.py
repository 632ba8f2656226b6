"""``spinepath leaflet FILE --format F --out PATH``: each format, and bad input.

Most cases run the command in-process (Typer's runner, the same code path and exit
codes); two run the installed ``spinepath`` program, as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner, Result

from spinepath.cli import app
from tests.contract.conftest import run_cli
from tests.render.conftest import example_patient, pdf_text

FORMATS = {
    "html": b"<!DOCTYPE html>",
    "pdf": b"%PDF-",
    "ics": b"BEGIN:VCALENDAR",
    "consent-pdf": b"%PDF-",
    "discharge-pdf": b"%PDF-",
    "consent-html": b"<!DOCTYPE html>",
    "discharge-html": b"<!DOCTYPE html>",
}


def _leaflet(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["leaflet", *args], input=stdin)


@pytest.mark.parametrize(("document", "start"), FORMATS.items(), ids=list(FORMATS))
def test_leaflet_command_writes_each_format(document: str, start: bytes, tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(example_patient()), encoding="utf-8")
    out = tmp_path / "document"
    done = _leaflet(str(source), "--format", document, "--out", str(out))
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    assert out.read_bytes().startswith(start)


def test_leaflet_command_calendar_parses(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    done = _leaflet("-", "--format", "ics", "--out", str(out), stdin=json.dumps(example_patient()))
    assert done.exit_code == 0, done.stderr
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    assert "Last dose: Xarelto (rivaroxaban)" in summaries


def test_installed_command_reads_standard_input_and_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "leaflet.pdf"
    done = run_cli(
        "leaflet", "-", "--format", "pdf", "--out", str(out),
        stdin=json.dumps(example_patient(region="us")),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = pdf_text(out.read_bytes())
    assert "Take your last dose of Xarelto (rivaroxaban) on Sunday 6 December 2026" in text
    assert "Call 911 now if: Chest pain or trouble breathing." in text


def test_installed_command_exits_2_with_one_line_for_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "leaflet.pdf"
    done = run_cli(
        "leaflet", "-", "--format", "pdf", "--out", str(out),
        stdin=json.dumps(example_patient(procedure_date="2026-02-30")),
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "error: procedure_date: is not a real calendar date\n"
    assert not out.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"procedure_date": "10/12/2026"}, "procedure_date"),
        ({"procedure": "brain-surgery"}, "procedure"),
        ({"region": "fr"}, "region"),
        ({"escort_arranged": "yes"}, "escort_arranged"),
        ({"medications": ["ok", 5]}, "medications[1]"),
    ],
    ids=["procedure_date", "procedure", "region", "escort_arranged", "medications"],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(
    change: dict[str, object], field: str, tmp_path: Path
) -> None:
    out = tmp_path / "leaflet.pdf"
    done = _leaflet(
        "-", "--format", "pdf", "--out", str(out), stdin=json.dumps(example_patient(**change))
    )
    assert done.exit_code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {field}: ")
    assert not out.exists()


def test_unreadable_json_exits_2_naming_the_file(tmp_path: Path) -> None:
    done = _leaflet("-", "--out", str(tmp_path / "x.html"), stdin="{not json")
    assert done.exit_code == 2
    assert done.stderr.startswith("error: FILE: is not valid JSON")


def test_unwritable_output_exits_2_naming_the_option(tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "leaflet.html"
    done = _leaflet("-", "--out", str(out), stdin=json.dumps(example_patient()))
    assert done.exit_code == 2
    assert done.stderr.strip().splitlines() == [
        f"error: --out: cannot write {out}: No such file or directory"
    ]
