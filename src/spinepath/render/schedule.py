"""The dated parts of a document: the plan's timeline and what to do with each medicine."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spinepath.domain.model import HoldAction
from spinepath.domain.plan import MedicationHold, TimelineEntry
from spinepath.render.context import DocumentContext, sentence_case
from spinepath.render.views import CalendarEntry, DateRow, MedicineRow

Translate = Callable[[str], str]

# Kinds of step (the CSS class names below) that lead up to the procedure, and those
# that ask the patient to do something on the day, so their calendar event reminds them.
BEFORE_THE_PROCEDURE = frozenset({"contact", "test", "fasting", "procedure"})
REMINDED = frozenset({"contact", "medicine", "test", "fasting", "procedure"})


def _step_tags(_: Translate) -> tuple[tuple[str, str, str], ...]:
    """Timeline code prefixes with the short label and CSS class of their kind of step."""
    return (
        ("contact-clinic", _("Call the clinic"), "contact"),
        ("last-dose", _("Last dose"), "medicine"),
        ("restart", _("Restart"), "medicine"),
        ("discuss", _("Ask about a medicine"), "medicine"),
        ("inr-check", _("Blood test"), "test"),
        ("fasting", _("Eating and drinking"), "fasting"),
        ("procedure", _("Procedure day"), "procedure"),
        ("home-from-hospital", _("Going home"), "home"),
        ("glucose-monitoring", _("Blood sugar"), "glucose"),
        ("restrictions-end", _("Limits end"), "limits"),
    )


def _follow_up_tags(_: Translate) -> dict[str, str]:
    return {
        "check_in": _("Check-in"),
        "appointment": _("Follow-up"),
        "chase": _("Not heard from us?"),
        "outcome": _("Tell us how you are"),
    }


def _tag(ctx: DocumentContext, code: str) -> tuple[str, str]:
    _ = ctx.gettext
    for prefix, label, css in _step_tags(_):
        if code == prefix or code.startswith(f"{prefix}-"):
            return label, css
    kinds = {step.code: step.kind for step in ctx.procedure.follow_up}
    if code in kinds:
        return _follow_up_tags(_)[kinds[code]], "follow-up"
    return _("Step"), "other"


def date_rows(ctx: DocumentContext, entries: Iterable[TimelineEntry]) -> tuple[DateRow, ...]:
    """One row per dated step, each with its date written out and its source."""
    rows = []
    for entry in entries:
        tag, css = _tag(ctx, entry.code)
        weekday, day = ctx.weekday_and_day(entry.date)
        rows.append(
            DateRow(
                iso=entry.date.isoformat(),
                weekday=weekday,
                day=day,
                tag=tag,
                css=f"step-{css}",
                text=ctx.wording.fill(entry.text),
                ref=ctx.citations.cite(entry.source),
            )
        )
    return tuple(rows)


def dates_after_procedure(ctx: DocumentContext) -> tuple[DateRow, ...]:
    """The steps from the procedure day on, leaving out those that lead up to it."""
    day = ctx.request.procedure_date
    return date_rows(
        ctx,
        (
            entry
            for entry in ctx.plan.timeline
            if entry.date >= day and _tag(ctx, entry.code)[1] not in BEFORE_THE_PROCEDURE
        ),
    )


def _stop_details(ctx: DocumentContext, hold: MedicationHold) -> tuple[str, ...]:
    _ = ctx.gettext
    if hold.last_dose_date is None:
        last = _("Last dose: ask your team.")
    elif hold.last_dose_date < ctx.request.today:
        last = _("The day to stop it has passed. Call the clinic today.")
    elif hold.last_dose_by is not None:
        last = _("Last dose: by %(time)s on %(date)s.") % {
            "time": hold.last_dose_by.strftime("%H:%M"),
            "date": ctx.date(hold.last_dose_date),
        }
    else:
        last = _("Last dose: %(date)s.") % {"date": ctx.date(hold.last_dose_date)}
    if hold.restart_date is None:
        restart = _("Restart: ask your team when.")
    else:
        restart = _("Restart: %(date)s, if your team agrees.") % {
            "date": ctx.date(hold.restart_date)
        }
    return last, restart


def _medicine_row(ctx: DocumentContext, hold: MedicationHold) -> MedicineRow:
    _ = ctx.gettext
    ref = ctx.citations.cite(hold.source)
    if hold.action is HoldAction.STOP:
        return MedicineRow(
            hold.medicine,
            _("Stop for a short time"),
            "medicine-stop",
            _stop_details(ctx, hold),
            ref,
        )
    if hold.action is HoldAction.DISCUSS:
        details = (_("Ask the clinic, or the doctor who prescribes it, if you should stop it."),)
        return MedicineRow(hold.medicine, _("Ask your team"), "medicine-discuss", details, ref)
    details = (_("Take it as usual, unless your team tells you otherwise."),)
    return MedicineRow(hold.medicine, _("Keep taking it"), "medicine-continue", details, ref)


def medicine_rows(ctx: DocumentContext) -> tuple[MedicineRow, ...]:
    """What to do with each medicine that bears on the procedure."""
    return tuple(_medicine_row(ctx, hold) for hold in ctx.plan.medication_holds)


def _summaries(ctx: DocumentContext) -> dict[str, str]:
    """Calendar titles by kind of step; medicine steps add the medicine's name instead."""
    _ = ctx.gettext
    return {
        "contact": _("Call the clinic about your medicines"),
        "test": _("Blood test before your procedure"),
        "fasting": _("Eating and drinking before your procedure"),
        "procedure": sentence_case(ctx.procedure.plain_name),
        "home": _("Going home from hospital"),
        "glucose": _("Check your blood sugar more often"),
        "limits": _("Limits after your procedure end"),
    }


def _medicine_for(ctx: DocumentContext, code: str) -> str | None:
    for hold in ctx.plan.medication_holds:
        for key in {hold.ingredient, hold.ingredient.replace(" ", "-")}:
            if code.endswith(f"-{key}"):
                return hold.medicine
    return None


def _summary(ctx: DocumentContext, entry: TimelineEntry) -> tuple[str, str]:
    tag, css = _tag(ctx, entry.code)
    medicine = _medicine_for(ctx, entry.code) if css in {"medicine", "test"} else None
    if medicine is not None:
        return f"{tag}: {medicine}", css
    if css == "follow-up":
        return f"{tag}: {ctx.wording.fill(entry.text)}", css
    return _summaries(ctx).get(css, tag), css


def calendar_entries(ctx: DocumentContext) -> tuple[CalendarEntry, ...]:
    """One event per dated step; steps that ask the patient to act get a reminder."""
    _ = ctx.gettext
    entries = []
    for entry in ctx.plan.timeline:
        summary, css = _summary(ctx, entry)
        source = ctx.citations.short(entry.source)
        description = (
            ctx.wording.fill(entry.text) + "\n\n" + _("Source: %(source)s") % {"source": source}
        )
        entries.append(CalendarEntry(entry.code, entry.date, summary, description, css in REMINDED))
    return tuple(entries)
