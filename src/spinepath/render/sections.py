"""Parts that several documents share: header, limits, red flags, risks, contacts, about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spinepath.domain.consent import consent_risks, frequency
from spinepath.domain.model import Disposition, Duration, Restriction
from spinepath.domain.timeline import restriction_end
from spinepath.render.context import DocumentContext
from spinepath.render.views import About, Field, Group, Header, Item, RiskRow

BANDS = ("very_common", "common", "uncommon", "rare", "very_rare")
EXPECTED_BANDS = ("very_common", "common")


def header(
    ctx: DocumentContext, *, css: str, kicker: str, title: str, notices: tuple[Item, ...] = ()
) -> Header:
    """The document's title, the patient's details (when given) and the procedure date."""
    _ = ctx.gettext
    fields = []
    if ctx.patient.name:
        fields.append(Field(_("Name"), ctx.patient.name))
    if ctx.patient.date_of_birth:
        fields.append(Field(_("Date of birth"), ctx.date(ctx.patient.date_of_birth)))
    fields.append(Field(_("Procedure"), ctx.procedure.name))
    fields.append(Field(_("Procedure date"), ctx.date(ctx.request.procedure_date)))
    return Header(
        lang=ctx.wording.lang,
        css=css,
        kicker=kicker,
        title=title,
        subtitle=ctx.procedure.name,
        fields=tuple(fields),
        notices=notices,
    )


def _length(ctx: DocumentContext, duration: Duration) -> str:
    ngettext = ctx.wording.ngettext
    if duration.months:
        return ngettext("%(num)d month", "%(num)d months", duration.months) % {
            "num": duration.months
        }
    if duration.weeks:
        return ngettext("%(num)d week", "%(num)d weeks", duration.weeks) % {"num": duration.weeks}
    if duration.days:
        return ngettext("%(num)d day", "%(num)d days", duration.days) % {"num": duration.days}
    return ngettext("%(num)d hour", "%(num)d hours", duration.hours) % {"num": duration.hours}


def limit_groups(ctx: DocumentContext) -> tuple[Group, ...]:
    """The procedure's limits, grouped by the date they end, soonest first."""
    day = ctx.request.procedure_date
    by_end: dict[dt.date, list[Restriction]] = {}
    for restriction in ctx.procedure.restrictions:
        by_end.setdefault(restriction_end(day, restriction.duration), []).append(restriction)
    groups = []
    for end, restrictions in sorted(by_end.items()):
        heading = ctx.gettext("For %(length)s, until %(date)s") % {
            "length": _length(ctx, restrictions[0].duration),
            "date": ctx.date(end),
        }
        items = tuple(ctx.item(r.text, r.source) for r in restrictions)
        groups.append(Group(heading, "limits", items))
    return tuple(groups)


def _flag_words(ctx: DocumentContext, action: Disposition) -> tuple[str, str]:
    """The heading and the line under it for one level of urgency."""
    _ = ctx.gettext
    region = ctx.wording.region
    if action is Disposition.EMERGENCY:
        return _("Call %(number)s now if:") % {"number": region.emergency_number}, ""
    if action is Disposition.URGENT:
        note = _("Call the clinic. If it is closed, call %(urgent_line)s.") % {
            "urgent_line": region.urgent_line
        }
        return _("Get help today if:"), note
    if action is Disposition.CONTACT_TEAM:
        return _("Call the clinic or %(primary_care)s if:") % {
            "primary_care": region.primary_care
        }, ""
    return _("Tell us at your next check-in if:"), ""


def red_flag_groups(ctx: DocumentContext) -> tuple[Group, ...]:
    """The red flags grouped by whom to call, most urgent first."""
    flags = ctx.procedure.red_flags
    groups = []
    for action in sorted({flag.action for flag in flags}, reverse=True):
        heading, note = _flag_words(ctx, action)
        items = tuple(ctx.item(f.text, f.source) for f in flags if f.action is action)
        groups.append(Group(heading, f"flags-{action}", items, note))
    return tuple(groups)


def risk_rows(ctx: DocumentContext, bands: Iterable[str] = BANDS) -> tuple[RiskRow, ...]:
    """The side effects in the given bands, most common first, each with its frequency."""
    wanted = tuple(bands)
    level = ctx.request.spinal_level
    effects = sorted(
        (effect for effect in consent_risks(ctx.procedure, level) if effect.band in wanted),
        key=lambda effect: BANDS.index(effect.band),
    )
    return tuple(
        RiskRow(
            frequency=frequency(effect, ctx.knowledge.pathway.frequency_bands),
            css=f"band-{effect.band.replace('_', '-')}",
            text=ctx.wording.fill(effect.text),
            ref=ctx.citations.cite(effect.source),
        )
        for effect in effects
    )


def expected_effects(ctx: DocumentContext) -> tuple[Item, ...]:
    """The common side effects, as sentences: what is normal after the procedure."""
    return tuple(Item(row.text, row.ref) for row in risk_rows(ctx, EXPECTED_BANDS))


def frequency_key(ctx: DocumentContext) -> tuple[tuple[str, ...], int]:
    """What the frequency words mean ("rare: up to 1 in 1,000"), and their source."""
    pathway = ctx.knowledge.pathway
    words = tuple(
        pathway.frequency_bands[band] for band in BANDS if band in pathway.frequency_bands
    )
    return words, ctx.citations.cite(pathway.frequency_source)


def contacts(ctx: DocumentContext) -> tuple[str, ...]:
    _ = ctx.gettext
    region = ctx.wording.region
    return (
        _("The clinic team: use the phone number on your appointment letter."),
        _("When the clinic is closed: call %(urgent_line)s.") % {"urgent_line": region.urgent_line},
        _("For other health worries: talk to %(primary_care)s.")
        % {"primary_care": region.primary_care},
        _("In an emergency: call %(number)s.") % {"number": region.emergency_number},
    )


def about(ctx: DocumentContext) -> About:
    """Versions and dates of the content, and every source the document cited (call last)."""
    _ = ctx.gettext
    procedure = ctx.procedure
    fields = (
        Field(_("Version"), procedure.version),
        Field(_("Content version"), ctx.plan.knowledge_version),
        Field(_("Last reviewed"), ctx.date(procedure.reviewed)),
        Field(_("Next review"), ctx.date(procedure.review_due)),
        Field(_("Made for you on"), ctx.date(ctx.request.today)),
    )
    return About(fields, ctx.citations.rows())
