"""The discharge sheet: the first hours at home, what is normal, red flags, what comes next."""

from __future__ import annotations

from spinepath.render import schedule, sections
from spinepath.render.context import DocumentContext, sentence_case
from spinepath.render.views import DischargeView


def present_discharge(ctx: DocumentContext) -> DischargeView:
    procedure = ctx.procedure
    header = sections.header(
        ctx,
        css="discharge",
        kicker=ctx.gettext("Going home"),
        title=sentence_case(procedure.plain_name),
    )
    limits = sections.limit_groups(ctx)
    red_flags = sections.red_flag_groups(ctx)
    home_care = ctx.items(procedure.after_care)
    normal = sections.expected_effects(ctx)
    medicines = schedule.medicine_rows(ctx)
    next_dates = schedule.dates_after_procedure(ctx)
    return DischargeView(
        header=header,
        limits=limits,
        red_flags=red_flags,
        home_care=home_care,
        normal=normal,
        medicines=medicines,
        next_dates=next_dates,
        contacts=sections.contacts(ctx),
        about=sections.about(ctx),
    )
