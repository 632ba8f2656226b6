"""The personal leaflet: what the procedure is, your dates, and what to do before and after."""

from __future__ import annotations

from spinepath.domain.model import Status
from spinepath.render import schedule, sections
from spinepath.render.context import DocumentContext, sentence_case
from spinepath.render.views import Item, LeafletView


def _status_words(ctx: DocumentContext) -> dict[Status, str]:
    _ = ctx.gettext
    return {
        Status.NEEDS_REVIEW: _(
            "Your team still needs to check parts of this plan. They will tell you if "
            "anything changes."
        ),
        Status.NOT_ELIGIBLE: _(
            "Your team needs to talk with you about whether this procedure is right for you."
        ),
        Status.POSTPONE: _("Your procedure may need a new date. Your team will call you."),
    }


def _escort_words(ctx: DocumentContext) -> dict[str, str]:
    _ = ctx.gettext
    return {
        "no-escort": _(
            "You told us that no one can take you home yet. Please ask an adult to take you "
            "home, or we may have to cancel."
        ),
        "escort-not-recorded": _(
            "Please ask an adult to take you home, and tell us who it will be."
        ),
    }


def notices(ctx: DocumentContext) -> tuple[Item, ...]:
    """Short personal notes at the top: the plan is not final yet, or no one takes you home."""
    plan = ctx.plan
    found: list[Item] = []
    status_text = _status_words(ctx).get(plan.status)
    worst = [alert for alert in plan.alerts if alert.effect == plan.status]
    if status_text and worst:
        found.append(ctx.citations.item(status_text, worst[0].source))
    escort = _escort_words(ctx)
    found += [
        ctx.citations.item(escort[alert.code], alert.source)
        for alert in plan.alerts
        if alert.code in escort
    ]
    return tuple(found)


def present_leaflet(ctx: DocumentContext) -> LeafletView:
    """The leaflet's view, built in reading order so that sources are numbered in order."""
    procedure = ctx.procedure
    header = sections.header(
        ctx,
        css="leaflet",
        kicker=ctx.gettext("Your personal plan"),
        title=sentence_case(procedure.plain_name),
        notices=notices(ctx),
    )
    about_procedure = ctx.items(procedure.summary) + ctx.items((procedure.benefit,))
    dates = schedule.date_rows(ctx, ctx.plan.timeline)
    medicines = schedule.medicine_rows(ctx)
    preparation = ctx.items(procedure.preparation)
    what_to_bring = ctx.items(procedure.what_to_bring)
    on_the_day = ctx.items(
        (procedure.typical_duration, procedure.typical_stay, *procedure.on_the_day)
    )
    afterwards = ctx.items(procedure.after_care) + sections.expected_effects(ctx)
    return LeafletView(
        header=header,
        about_procedure=about_procedure,
        dates=dates,
        medicines=medicines,
        preparation=preparation,
        what_to_bring=what_to_bring,
        on_the_day=on_the_day,
        afterwards=afterwards,
        limits=sections.limit_groups(ctx),
        red_flags=sections.red_flag_groups(ctx),
        contacts=sections.contacts(ctx),
        about=sections.about(ctx),
    )
