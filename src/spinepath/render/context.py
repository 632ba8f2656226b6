"""What every presenter starts from: the plan, its request, the content and the wording."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from babel.dates import format_date

from spinepath.domain.model import Cited, Knowledge, Procedure
from spinepath.domain.plan import Plan, PlanRequest
from spinepath.render.citations import Citations
from spinepath.render.language import Wording
from spinepath.render.views import Item

# "Sunday 6 December 2026": the order the engine's own timeline sentences use, in every
# locale, so that one document never mixes two ways of writing a date.
DATE_PATTERN = "EEEE d MMMM y"
WEEKDAY_PATTERN = "EEEE"
DAY_PATTERN = "d MMMM y"


@dataclass(frozen=True, slots=True)
class Patient:
    """Optional details printed on a document; the CLI has none, the app may pass them."""

    name: str | None = None
    date_of_birth: dt.date | None = None


@dataclass(slots=True)
class DocumentContext:
    """One document being presented. Its citations are numbered as the sections are built."""

    plan: Plan
    request: PlanRequest
    knowledge: Knowledge
    wording: Wording
    patient: Patient = field(default_factory=Patient)
    citations: Citations = field(init=False)

    def __post_init__(self) -> None:
        self.citations = Citations(self.knowledge.sources)

    @property
    def procedure(self) -> Procedure:
        return self.plan.procedure

    def gettext(self, message: str) -> str:
        return self.wording.gettext(message)

    def date(self, day: dt.date) -> str:
        """ "Sunday 6 December 2026"."""
        return format_date(day, DATE_PATTERN, locale=self.wording.locale)

    def weekday_and_day(self, day: dt.date) -> tuple[str, str]:
        """("Sunday", "6 December 2026"), for a table that keeps the day on one line."""
        locale = self.wording.locale
        return format_date(day, WEEKDAY_PATTERN, locale), format_date(day, DAY_PATTERN, locale)

    def item(self, text: str, source_id: str) -> Item:
        """A content sentence with the region's words filled in, and its source number."""
        return self.citations.item(self.wording.fill(text), source_id)

    def items(self, cited: Iterable[Cited]) -> tuple[Item, ...]:
        return tuple(self.item(entry.text, entry.source) for entry in cited)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
