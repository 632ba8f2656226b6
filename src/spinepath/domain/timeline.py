"""The dated timeline of a plan: from today to the last follow-up, in plain words."""

from __future__ import annotations

import datetime as dt

from spinepath.domain.dates import add_months, format_date, format_time
from spinepath.domain.model import Duration, HoldAction, Knowledge
from spinepath.domain.plan import MedicationHold, PlanRequest, TimelineEntry


def restriction_end(procedure_date: dt.date, duration: Duration) -> dt.date:
    """The first day a restriction no longer applies (a 24-hour one ends the next day)."""
    days = duration.days + duration.weeks * 7 + -(-duration.hours // 24)
    return add_months(procedure_date, duration.months) + dt.timedelta(days=days)


class _Timeline:
    def __init__(self, knowledge: Knowledge, request: PlanRequest) -> None:
        self.texts = knowledge.pathway.timeline_text
        region = knowledge.pathway.regions.get(request.region, knowledge.pathway.regions["uk"])
        self.words = {
            "primary_care": region.primary_care,
            "emergency_number": region.emergency_number,
            "paracetamol": region.paracetamol,
        }
        self.today = request.today
        self.entries: list[TimelineEntry] = []

    def add(
        self, day: dt.date, code: str, template: str, source: str | None = None, **fields: str
    ) -> None:
        text = self.texts[template]
        words = {**self.words, **fields}
        self.entries.append(
            TimelineEntry(
                max(day, self.today), code, text.text.format_map(words), source or text.source
            )
        )


def _add_hold(
    timeline: _Timeline, hold: MedicationHold, contact_day: dt.date, procedure_day: dt.date
) -> None:
    key = hold.ingredient.replace(" ", "-")
    if hold.action is HoldAction.DISCUSS:
        timeline.add(
            contact_day, f"discuss-{key}", "discuss-medicine", hold.source, medicine=hold.medicine
        )
        return
    if hold.action is not HoldAction.STOP or hold.last_dose_date is None:
        return
    if hold.last_dose_date < timeline.today:
        timeline.add(
            timeline.today,
            f"last-dose-passed-{key}",
            "last-dose-passed",
            hold.source,
            medicine=hold.medicine,
        )
    elif hold.last_dose_by is not None:
        timeline.add(
            hold.last_dose_date,
            f"last-dose-{key}",
            "last-dose-hours",
            hold.source,
            medicine=hold.medicine,
            date=format_date(hold.last_dose_date),
            time=format_time(hold.last_dose_by),
        )
    else:
        timeline.add(
            hold.last_dose_date,
            f"last-dose-{key}",
            "last-dose-days",
            hold.source,
            medicine=hold.medicine,
            date=format_date(hold.last_dose_date),
        )
    if hold.restart_date is not None and hold.restart_hours_after is not None:
        timeline.add(
            hold.restart_date,
            f"restart-{key}",
            "restart",
            hold.source,
            medicine=hold.medicine,
            hours=str(hold.restart_hours_after),
            date=format_date(hold.restart_date),
        )
    else:
        timeline.add(
            procedure_day, f"restart-ask-{key}", "restart-ask", hold.source, medicine=hold.medicine
        )


def build_timeline(
    request: PlanRequest,
    knowledge: Knowledge,
    *,
    holds: tuple[MedicationHold, ...],
    diabetic: bool,
    on_insulin: bool,
    contact_clinic: bool,
) -> tuple[TimelineEntry, ...]:
    """Every dated step, sorted, none before today."""
    procedure, day = request.procedure, request.procedure_date
    pathway = knowledge.pathway
    timeline = _Timeline(knowledge, request)
    contact_day = max(request.today, day - dt.timedelta(days=pathway.contact_clinic_days_before))
    if contact_clinic:
        template = "contact-clinic" if contact_day > request.today else "contact-clinic-now"
        timeline.add(contact_day, "contact-clinic", template)
    for hold in holds:
        _add_hold(timeline, hold, contact_day, day)
        if hold.action is HoldAction.STOP and any(
            r.inr_check for r in knowledge.hold_rules if hold.ingredient in r.ingredients
        ):
            timeline.add(
                day - dt.timedelta(days=1), f"inr-check-{hold.ingredient}", "inr-check", hold.source
            )
    if procedure.needs_fasting:
        timeline.add(
            day, "fasting", "fasting", pathway.fasting.source, fasting=pathway.fasting.text
        )
    escort = (
        timeline.texts["escort-day-case"].text
        if procedure.day_case
        else timeline.texts["escort-inpatient"].text.format(stay=procedure.typical_stay.text)
    )
    timeline.add(day, "procedure", "procedure-day", procedure=procedure.plain_name, escort=escort)
    if procedure.stay_nights:
        timeline.add(
            day + dt.timedelta(days=procedure.stay_nights),
            "home-from-hospital",
            "home-from-hospital",
        )
    if diabetic and procedure.gives_steroid:
        days = (
            pathway.glucose_monitoring_days_insulin
            if on_insulin
            else pathway.glucose_monitoring_days
        )
        end = day + dt.timedelta(days=days)
        glucose = pathway.glucose_monitoring.text.format_map(
            {**timeline.words, "end": format_date(end)}
        )
        timeline.add(
            day,
            "glucose-monitoring",
            "glucose-monitoring",
            pathway.glucose_monitoring.source,
            glucose=glucose,
        )
    ends: dict[dt.date, list[str]] = {}
    for restriction in procedure.restrictions:
        ends.setdefault(restriction_end(day, restriction.duration), []).append(restriction.text)
    for end, texts in ends.items():
        timeline.add(
            end,
            f"restrictions-end-{(end - day).days}d",
            "restriction-end",
            procedure.restrictions[0].source,
            restriction=" ".join(texts),
        )
    for step in procedure.follow_up:
        timeline.entries.append(
            TimelineEntry(
                max(day + dt.timedelta(days=step.days_after), request.today),
                step.code,
                step.text,
                step.source,
            )
        )
    order = {entry.code: index for index, entry in enumerate(timeline.entries)}
    return tuple(sorted(timeline.entries, key=lambda e: (e.date, order[e.code])))
