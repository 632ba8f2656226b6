"""What the templates print: labels, formatted dates and CSS classes, already decided.

Presenters build these from a plan and the content; templates only loop and print them.
Every patient instruction carries ``ref``, the number of its source in the document's
list of sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Item:
    """One cited sentence for the patient."""

    text: str
    ref: int


@dataclass(frozen=True, slots=True)
class Field:
    """A label and its value, such as "Date of birth" and "2 March 1961"."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class DateRow:
    """One dated step of the plan."""

    iso: str
    weekday: str
    day: str
    tag: str
    css: str
    text: str
    ref: int


@dataclass(frozen=True, slots=True)
class MedicineRow:
    """What to do with one medicine, with its dates."""

    name: str
    action: str
    css: str
    details: tuple[str, ...]
    ref: int


@dataclass(frozen=True, slots=True)
class Group:
    """A heading, an optional line under it, and cited items (red flags, limits)."""

    heading: str
    css: str
    items: tuple[Item, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class RiskRow:
    """A risk with how often it happens, in words and numbers."""

    frequency: str
    css: str
    text: str
    ref: int


@dataclass(frozen=True, slots=True)
class SourceRow:
    number: int
    citation: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Header:
    """The top of every document."""

    lang: str
    css: str
    kicker: str
    title: str
    subtitle: str
    fields: tuple[Field, ...]
    notices: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class About:
    """The foot of every document: versions, dates and the sources cited."""

    fields: tuple[Field, ...]
    sources: tuple[SourceRow, ...]


@dataclass(frozen=True, slots=True)
class LeafletView:
    header: Header
    about_procedure: tuple[Item, ...]
    dates: tuple[DateRow, ...]
    medicines: tuple[MedicineRow, ...]
    preparation: tuple[Item, ...]
    what_to_bring: tuple[Item, ...]
    on_the_day: tuple[Item, ...]
    afterwards: tuple[Item, ...]
    limits: tuple[Group, ...]
    red_flags: tuple[Group, ...]
    contacts: tuple[str, ...]
    about: About


@dataclass(frozen=True, slots=True)
class ConsentView:
    header: Header
    procedure: tuple[Item, ...]
    benefits: tuple[Item, ...]
    alternatives: tuple[Item, ...]
    risks: tuple[RiskRow, ...]
    frequency_key: tuple[str, ...]
    frequency_ref: int
    off_label: tuple[Item, ...]
    patient_statements: tuple[str, ...]
    clinician_statements: tuple[str, ...]
    about: About


@dataclass(frozen=True, slots=True)
class DischargeView:
    header: Header
    limits: tuple[Group, ...]
    home_care: tuple[Item, ...]
    normal: tuple[Item, ...]
    medicines: tuple[MedicineRow, ...]
    red_flags: tuple[Group, ...]
    next_dates: tuple[DateRow, ...]
    contacts: tuple[str, ...]
    about: About


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One all-day event of the patient's calendar."""

    key: str
    day: dt.date
    summary: str
    description: str
    remind: bool
