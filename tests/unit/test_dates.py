"""Date arithmetic around month and year ends, leap years and the contract's hold rule."""

from __future__ import annotations

import datetime as dt

import pytest

from spinepath.domain.dates import add_months, format_date
from spinepath.domain.holds import (
    compute_last_dose_date,
    compute_last_dose_time,
    compute_restart_date,
)
from spinepath.domain.model import Duration
from spinepath.domain.timeline import restriction_end

D = dt.date


@pytest.mark.parametrize(
    ("procedure", "days", "last_dose"),
    [
        (D(2026, 12, 10), 3, D(2026, 12, 6)),  # the contract's example
        (D(2027, 1, 2), 3, D(2026, 12, 29)),  # across a year end
        (D(2026, 3, 1), 1, D(2026, 2, 27)),  # across February in a common year
        (D(2028, 3, 1), 1, D(2028, 2, 28)),  # across February in a leap year
        (D(2026, 5, 1), 7, D(2026, 4, 23)),  # clopidogrel across a month end
        (D(2026, 1, 5), 10, D(2025, 12, 25)),  # prasugrel across a year end
    ],
    ids=[
        "contract-example",
        "year-end",
        "feb-common",
        "feb-leap",
        "month-end",
        "ten-days-year-end",
    ],
)
def test_last_dose_is_stop_days_plus_one_before(
    procedure: dt.date, days: int, last_dose: dt.date
) -> None:
    assert compute_last_dose_date(procedure, days) == last_dose
    free_days = (procedure - last_dose).days - 1
    assert free_days == days


def test_hours_hold_counts_back_from_procedure_time_across_midnight() -> None:
    at = dt.datetime(2027, 1, 1, 8, 0)
    assert compute_last_dose_time(at, 12) == dt.datetime(2026, 12, 31, 20, 0)
    assert compute_last_dose_time(at, 24) == dt.datetime(2026, 12, 31, 8, 0)


def test_restart_without_time_rounds_up_to_whole_days() -> None:
    assert compute_restart_date(D(2026, 12, 31), None, 24) == D(2027, 1, 1)
    assert compute_restart_date(D(2026, 12, 31), None, 6) == D(2027, 1, 1)
    assert compute_restart_date(D(2026, 12, 31), None, 48) == D(2027, 1, 2)


def test_restart_with_time_is_exact() -> None:
    assert compute_restart_date(D(2026, 12, 10), dt.time(9, 0), 6) == D(2026, 12, 10)
    assert compute_restart_date(D(2026, 12, 10), dt.time(20, 0), 6) == D(2026, 12, 11)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
    ],
    ids=["short-feb", "leap-feb", "year-end", "jan-31"],
)
def test_add_months_clamps_to_month_end(start: dt.date, months: int, end: dt.date) -> None:
    assert add_months(start, months) == end


def test_24_hour_restriction_ends_next_day_and_months_use_the_calendar() -> None:
    assert restriction_end(D(2026, 12, 31), Duration(hours=24)) == D(2027, 1, 1)
    assert restriction_end(D(2026, 11, 30), Duration(months=3)) == D(2027, 2, 28)
    assert restriction_end(D(2026, 12, 28), Duration(weeks=1)) == D(2027, 1, 4)


def test_dates_are_written_for_people() -> None:
    assert format_date(D(2026, 12, 6)) == "Sunday 6 December 2026"
