"""The patient documents of an episode, for the people allowed to see them.

A signed-off plan's documents are kept as they were signed (the HTML pages and the
calendar; a PDF is printed from the kept HTML), so a later change to the content never
changes what the clinician checked. Until sign-off a patient gets none of the documents
that tell them what to do; staff get a preview marked as a draft.
"""

from __future__ import annotations

import re

from spinepath.contract.errors import Conflict, NotFound
from spinepath.domain.records import EpisodeRecord, PatientRecord, Role, UserRecord
from spinepath.services.context import AppContext, audit, visible_episode
from spinepath.store import repositories as repo

KINDS = {
    "leaflet.html": "leaflet.html",
    "leaflet.pdf": "leaflet.pdf",
    "plan.ics": "plan.ics",
    "consent.pdf": "consent.pdf",
    "discharge.pdf": "discharge.pdf",
    "consent.html": "consent.html",
    "discharge.html": "discharge.html",
}
# What is kept at sign-off; each PDF is printed from its page's HTML.
SIGNED_KINDS = ("leaflet.html", "consent.html", "discharge.html", "plan.ics")
# The documents that tell a patient what to do before their procedure.
PLAN_KINDS = frozenset({"leaflet.html", "leaflet.pdf", "plan.ics"})
NOT_GOING_AHEAD = frozenset({"postpone", "not_eligible"})

STILL_CHECKING = (
    "Your clinic is still checking your plan. Do not stop or change any medicine until "
    "the clinic confirms your plan."
)
NOT_AS_PLANNED = (
    "Your procedure is not going ahead as planned. Please call your clinic; do not stop "
    "or change any medicine unless they tell you to."
)
_BODY = re.compile(r"<body[^>]*>")
_DRAFT_BANNER = (
    '<p role="note" style="border:3px solid #b00020;padding:0.5em;font-weight:bold">'
    "Draft: this plan has not been signed off by a clinician. Do not give it to the "
    "patient.</p>"
)


def signed_documents(
    ctx: AppContext, episode: EpisodeRecord, patient: PatientRecord
) -> dict[str, tuple[bytes, str]]:
    """The documents to keep when the episode's current plan version is signed off."""
    return {kind: _render(ctx, episode, patient, kind) for kind in SIGNED_KINDS}


def _render(
    ctx: AppContext, episode: EpisodeRecord, patient: PatientRecord, kind: str
) -> tuple[bytes, str]:
    from spinepath.render import render_document

    # The stored input carries the day the plan was made, so the document shows the plan
    # as it was generated.
    return render_document(
        kind,
        dict(episode.plan_input),
        knowledge=ctx.knowledge,
        patient_name=patient.name,
        date_of_birth=patient.date_of_birth,
    )


def patient_may_not_read(episode: EpisodeRecord, kind: str) -> str | None:
    """Why a patient may not have this document yet, or None."""
    if kind not in PLAN_KINDS:
        return None
    if not episode.plan_reviewed:
        return STILL_CHECKING
    if episode.plan_status in NOT_GOING_AHEAD:
        return NOT_AS_PLANNED
    return None


def document_for_episode(
    ctx: AppContext, actor: UserRecord, episode_id: int, kind: str
) -> tuple[bytes, str, str]:
    """(content, media type, file name) of one document; 404 for an unknown kind, 409 for
    a patient asking for a plan that is not signed off or not going ahead."""
    if kind not in KINDS:
        raise NotFound(f"document {kind}")
    from spinepath.render import pdf_from_html

    page, suffix = kind.split(".")
    kept_as = f"{page}.html" if suffix == "pdf" else kind
    with ctx.db.unit_of_work() as session:
        episode, patient = visible_episode(session, actor, episode_id)
        stored = (
            repo.signed_document(session, episode.id, episode.plan_number, kept_as)
            if episode.plan_reviewed
            else None
        )
        refused = patient_may_not_read(episode, kind) if actor.role is Role.PATIENT else None
        audit(
            session,
            actor,
            "document",
            "episode",
            episode.id,
            patient.id,
            kind + (" (refused)" if refused else ""),
        )
    if refused:
        raise Conflict(refused)
    filename = f"episode-{episode.id}-{kind}"
    if stored is None:
        content, media_type = _render(ctx, episode, patient, kept_as)
        if not episode.plan_reviewed and kept_as.endswith(".html"):
            content = _BODY.sub(lambda m: m.group() + _DRAFT_BANNER, content.decode(), 1).encode()
    else:
        content, media_type = stored
    if suffix == "pdf":
        return pdf_from_html(content.decode("utf-8")), "application/pdf", filename
    return content, media_type, filename
