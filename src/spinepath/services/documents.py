"""The patient documents of an episode, for the people allowed to see them."""

from __future__ import annotations

from spinepath.contract.errors import NotFound
from spinepath.domain.records import UserRecord
from spinepath.services.context import AppContext, audit, visible_episode

KINDS = {
    "leaflet.html": "leaflet.html",
    "leaflet.pdf": "leaflet.pdf",
    "plan.ics": "plan.ics",
    "consent.pdf": "consent.pdf",
    "discharge.pdf": "discharge.pdf",
    "consent.html": "consent.html",
    "discharge.html": "discharge.html",
}


def document_for_episode(
    ctx: AppContext, actor: UserRecord, episode_id: int, kind: str
) -> tuple[bytes, str, str]:
    """(content, media type, file name) of one document; 404 for an unknown kind."""
    if kind not in KINDS:
        raise NotFound(f"document {kind}")
    from spinepath.render import render_document

    with ctx.db.unit_of_work() as session:
        episode, patient = visible_episode(session, actor, episode_id)
        audit(session, actor, "document", "episode", episode.id, patient.id, kind)
    # The stored input carries the day the plan was made, so the document shows the plan
    # exactly as it was generated.
    content, media_type = render_document(
        kind,
        dict(episode.plan_input),
        knowledge=ctx.knowledge,
        patient_name=patient.name,
        date_of_birth=patient.date_of_birth,
    )
    return content, media_type, f"episode-{episode.id}-{kind}"
