"""The patient's dates as an iCalendar file (RFC 5545): all-day events with stable UIDs."""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

from spinepath.render.context import DocumentContext, sentence_case
from spinepath.render.schedule import calendar_entries
from spinepath.render.views import CalendarEntry

PRODID = "-//spinepath//Patient plan//EN"
REMINDER_AT = dt.timedelta(hours=9)  # 09:00 on the day of an all-day event


def _uid(ctx: DocumentContext, key: str) -> str:
    """The same plan for the same patient gives the same UIDs, so a re-import updates."""
    patient = ctx.patient
    parts = (
        ctx.procedure.id,
        ctx.request.procedure_date.isoformat(),
        key,
        patient.name or "",
        patient.date_of_birth.isoformat() if patient.date_of_birth else "",
    )
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@spinepath"


def _event(ctx: DocumentContext, entry: CalendarEntry, key: str) -> Event:
    event = Event()
    event.add("uid", _uid(ctx, key))
    event.add("dtstamp", dt.datetime.combine(ctx.request.today, dt.time(), tzinfo=dt.UTC))
    event.add("dtstart", entry.day)
    event.add("dtend", entry.day + dt.timedelta(days=1))
    event.add("summary", entry.summary)
    event.add("description", entry.description)
    event.add("transp", "TRANSPARENT")
    if entry.remind:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry.summary)
        alarm.add("trigger", REMINDER_AT)
        event.add_component(alarm)
    return event


def calendar_from(ctx: DocumentContext) -> bytes:
    """Every dated step of the plan as a calendar the patient can import."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", sentence_case(ctx.procedure.plain_name))
    seen: dict[str, int] = {}
    for entry in calendar_entries(ctx):
        seen[entry.key] = seen.get(entry.key, 0) + 1
        key = entry.key if seen[entry.key] == 1 else f"{entry.key}-{seen[entry.key]}"
        calendar.add_component(_event(ctx, entry, key))
    ical: bytes = calendar.to_ical()
    return ical
