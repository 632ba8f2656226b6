"""The calendar file: RFC 5545, parsed back with the icalendar library."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar, Event

from spinepath.render import render_document
from tests.render.conftest import example_patient


def _events(**overrides: object) -> list[Event]:
    ics, media_type = render_document("plan.ics", example_patient(**overrides))
    assert media_type == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//spinepath//Patient plan//EN"
    return [event for event in calendar.walk("VEVENT") if isinstance(event, Event)]


def _by_summary(events: list[Event]) -> dict[str, Event]:
    return {str(event["SUMMARY"]): event for event in events}


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return _events()


@pytest.mark.parametrize(
    ("summary", "day"),
    [
        ("Call the clinic about your medicines", dt.date(2026, 11, 26)),
        ("Last dose: Xarelto (rivaroxaban)", dt.date(2026, 12, 6)),
        ("Nerve root injection", dt.date(2026, 12, 10)),
        ("Check your blood sugar more often", dt.date(2026, 12, 10)),
        ("Restart: Xarelto (rivaroxaban)", dt.date(2026, 12, 11)),
        ("Limits after your procedure end", dt.date(2026, 12, 11)),
        ("Check-in: Tell us how you feel the day after your injection.", dt.date(2026, 12, 11)),
        (
            "Check-in: Tell us how your pain is two weeks after your injection.",
            dt.date(2026, 12, 24),
        ),
        (
            "Follow-up: Around this date you should have a follow-up call or visit with a nurse "
            "or doctor.",
            dt.date(2027, 1, 21),
        ),
    ],
    ids=lambda value: str(value)[:30],
)
def test_event_falls_on_the_plan_date_as_an_all_day_event(
    events: list[Event], summary: str, day: dt.date
) -> None:
    event = _by_summary(events)[summary]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert type(start) is dt.date, "an all-day event has a date, not a date-time"
    assert start == day
    assert end == day + dt.timedelta(days=1)


def test_every_event_has_a_plain_description_with_its_source(events: list[Event]) -> None:
    event = _by_summary(events)["Last dose: Xarelto (rivaroxaban)"]
    description = str(event["DESCRIPTION"])
    assert description.startswith(
        "Take your last dose of Xarelto (rivaroxaban) on Sunday 6 December 2026."
    )
    assert "Source: ASRA/ESRA pain-procedure guideline 2018" in description
    assert all(str(e["DESCRIPTION"]).strip() for e in events)


def test_last_dose_and_procedure_day_have_a_morning_reminder(events: list[Event]) -> None:
    by_summary = _by_summary(events)
    for summary in ("Last dose: Xarelto (rivaroxaban)", "Nerve root injection"):
        alarms = by_summary[summary].walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("TRIGGER") == dt.timedelta(hours=9)
    assert not by_summary["Limits after your procedure end"].walk("VALARM")


def test_uids_are_unique_and_stable_between_renders(events: list[Event]) -> None:
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    assert [str(event["UID"]) for event in _events()] == uids
    moved = [str(event["UID"]) for event in _events(procedure_date="2026-12-17")]
    assert not set(moved) & set(uids), "another procedure date is another set of events"


def test_calendar_events_carry_the_plan_date_stamp(events: list[Event]) -> None:
    stamps = {event.decoded("DTSTAMP") for event in events}
    assert stamps == {dt.datetime(2026, 11, 24, tzinfo=dt.UTC)}


def test_us_calendar_uses_us_wording() -> None:
    events = _events(region="us")
    glucose = _by_summary(events)["Check your blood sugar more often"]
    assert "your primary care doctor" in str(glucose["DESCRIPTION"])
