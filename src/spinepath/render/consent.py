"""The consent form: the procedure, its benefits, other choices, every risk, signatures."""

from __future__ import annotations

from spinepath.render import sections
from spinepath.render.context import DocumentContext, sentence_case
from spinepath.render.views import ConsentView, Item


def off_label_statement(ctx: DocumentContext) -> tuple[Item, ...]:
    """The off-label steroid statement, where the content says the steroid is off-label."""
    procedure = ctx.procedure
    if not (procedure.off_label_steroid and procedure.gives_steroid):
        return ()
    _ = ctx.gettext
    statement = _(
        "The steroid is used \u201coff-label\u201d. This means the company that makes it has "
        "not listed this use on its licence. There is good proof that it can help this kind "
        "of pain. Many pain medicines are used in this way."
    )
    if procedure.steroid == "sometimes":
        statement = _("Your doctor may add a steroid to the injection.") + " " + statement
    return (ctx.citations.item(statement, procedure.steroid_source),)


def _patient_statements(ctx: DocumentContext) -> tuple[str, ...]:
    _ = ctx.gettext
    return (
        _("I have read this form, or someone has read it to me."),
        _("I have been told about the benefits, the risks and the other choices."),
        _("I have been able to ask questions, and I am happy with the answers."),
        _("I agree to have this procedure. I know I can change my mind at any time."),
    )


def _clinician_statements(ctx: DocumentContext) -> tuple[str, ...]:
    _ = ctx.gettext
    return (
        _("I have explained the procedure, its benefits, its risks and the other choices."),
        _("I have answered the patient's questions."),
    )


def present_consent(ctx: DocumentContext) -> ConsentView:
    procedure = ctx.procedure
    header = sections.header(
        ctx,
        css="consent",
        kicker=ctx.gettext("Consent form"),
        title=sentence_case(procedure.plain_name),
    )
    described = ctx.items(procedure.summary)
    benefits = ctx.items((procedure.benefit,))
    alternatives = ctx.items(procedure.alternatives)
    risks = sections.risk_rows(ctx)
    frequency_key, frequency_ref = sections.frequency_key(ctx)
    return ConsentView(
        header=header,
        procedure=described,
        benefits=benefits,
        alternatives=alternatives,
        risks=risks,
        frequency_key=frequency_key,
        frequency_ref=frequency_ref,
        off_label=off_label_statement(ctx),
        patient_statements=_patient_statements(ctx),
        clinician_statements=_clinician_statements(ctx),
        about=sections.about(ctx),
    )
