"""``spinepath leaflet``: a patient document from a plan input, written to a file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from spinepath.contract.errors import InputError
from spinepath.render import render_document


class DocumentFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    ICS = "ics"
    CONSENT_PDF = "consent-pdf"
    DISCHARGE_PDF = "discharge-pdf"
    CONSENT_HTML = "consent-html"
    DISCHARGE_HTML = "discharge-html"


KIND_BY_FORMAT = {
    DocumentFormat.HTML: "leaflet.html",
    DocumentFormat.PDF: "leaflet.pdf",
    DocumentFormat.ICS: "plan.ics",
    DocumentFormat.CONSENT_PDF: "consent.pdf",
    DocumentFormat.DISCHARGE_PDF: "discharge.pdf",
    DocumentFormat.CONSENT_HTML: "consent.html",
    DocumentFormat.DISCHARGE_HTML: "discharge.html",
}


def _write(out: str, content: bytes) -> None:
    if out == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    try:
        Path(out).write_bytes(content)
    except OSError as exc:
        raise InputError("--out", f"cannot write {out}: {exc.strerror}") from None


def leaflet(
    file: Annotated[str, typer.Argument(help="Plan input JSON file, or - for standard input.")],
    out: Annotated[str, typer.Option("--out", help="File to write, or - for standard output.")],
    document: Annotated[
        DocumentFormat, typer.Option("--format", help="Which document to write.")
    ] = DocumentFormat.HTML,
) -> None:
    """Write a patient document (leaflet, calendar, consent form, discharge sheet)."""
    from spinepath.cli import _fail, _read_json  # the plan command's input and error handling

    try:
        content, _media_type = render_document(KIND_BY_FORMAT[document], _read_json(file))
        _write(out, content)
    except InputError as error:
        _fail(error)
