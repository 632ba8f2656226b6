"""Every patient document from a plan input: ``render_document(kind, plan_input)``.

The web app and the CLI call this one function. It makes the plan with the engine,
presents it with the content in the region's wording, and prints it as HTML, PDF or an
iCalendar file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from spinepath.contract.api import plan_request_from
from spinepath.contract.errors import InputError
from spinepath.domain.model import Knowledge
from spinepath.domain.planning import make_plan
from spinepath.knowledge.loader import default_knowledge
from spinepath.render.calendar import calendar_from
from spinepath.render.consent import present_consent
from spinepath.render.context import DocumentContext, Patient
from spinepath.render.discharge import present_discharge
from spinepath.render.environment import render_page
from spinepath.render.language import wording_for
from spinepath.render.leaflet import present_leaflet
from spinepath.render.pdf import pdf_from_html

HTML = "text/html; charset=utf-8"
PDF = "application/pdf"
ICS = "text/calendar; charset=utf-8"

PAGES: dict[str, Callable[[DocumentContext], object]] = {
    "leaflet": present_leaflet,
    "consent": present_consent,
    "discharge": present_discharge,
}
KINDS = (
    "leaflet.html",
    "leaflet.pdf",
    "plan.ics",
    "consent.html",
    "consent.pdf",
    "discharge.html",
    "discharge.pdf",
)


def document_context(
    plan_input: dict[str, Any], knowledge: Knowledge, patient: Patient
) -> DocumentContext:
    """Check the input, make the plan and pick the wording for the input's region."""
    request = plan_request_from(plan_input, knowledge)
    plan = make_plan(request, knowledge)
    return DocumentContext(
        plan, request, knowledge, wording_for(request.region, knowledge), patient
    )


def page_html(page: str, ctx: DocumentContext) -> str:
    """The HTML of ``leaflet``, ``consent`` or ``discharge``."""
    return render_page(f"{page}.html", ctx.wording.locale, PAGES[page](ctx))


def render_document(
    kind: str,
    plan_input: dict[str, Any],
    *,
    knowledge: Knowledge | None = None,
    patient_name: str | None = None,
    date_of_birth: dt.date | None = None,
) -> tuple[bytes, str]:
    """The document's bytes and media type; bad input raises ``InputError`` naming the field."""
    if kind not in KINDS:
        raise InputError("kind", f"unknown document {kind!r}; known kinds: {', '.join(KINDS)}")
    ctx = document_context(
        plan_input, knowledge or default_knowledge(), Patient(patient_name, date_of_birth)
    )
    page, suffix = kind.split(".")
    if suffix == "ics":
        return calendar_from(ctx), ICS
    html = page_html(page, ctx)
    if suffix == "html":
        return html.encode("utf-8"), HTML
    return pdf_from_html(html), PDF
