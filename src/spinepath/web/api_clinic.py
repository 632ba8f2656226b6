"""The clinic app's JSON API (app contract v1): thin handlers over the services."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, Header, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import Field

from spinepath.contract.app_models import (
    AcknowledgeInput,
    CheckInInput,
    PatientInput,
    TransitionInput,
)
from spinepath.contract.models import ContractModel, PlanInput
from spinepath.domain.records import EpisodeRecord, UserRecord
from spinepath.services import episodes, followup, patients, users
from spinepath.services.documents import document_for_episode
from spinepath.web.security import MAX_ID, ApiUser, Ctx, Id, client_address, tokens

router = APIRouter(prefix="/api/v1")
JSON = dict[str, Any]


@router.post("/auth/token", tags=["auth"])
def token(
    request: Request, ctx: Ctx, username: Annotated[str, Form()], password: Annotated[str, Form()]
) -> JSON:
    user = users.authenticate(ctx, username, password, address=client_address(request))
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="wrong email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return {"access_token": tokens(request).issue(user), "token_type": "bearer"}


@router.post("/patients", status_code=201, tags=["patients"])
def create_patient(ctx: Ctx, user: ApiUser, body: Annotated[PatientInput, Body()]) -> JSON:
    return patients.patient_json(patients.create_patient(ctx, user, body))


@router.get("/patients", tags=["patients"])
def search_patients(
    ctx: Ctx, user: ApiUser, query: Annotated[str, Query(max_length=200)] = ""
) -> JSON:
    return {"items": [patients.patient_json(p) for p in patients.search_patients(ctx, user, query)]}


@router.patch("/patients/{patient_id}", tags=["patients"])
def patch_patient(
    ctx: Ctx, user: ApiUser, patient_id: Id, body: Annotated[dict[str, Any], Body()]
) -> JSON:
    """Change some details; ``version`` is the one read, and a stale one answers 409."""
    return patients.patient_json(patients.update_patient(ctx, user, patient_id, body))


@router.get("/patients/{patient_id}", tags=["patients"])
def get_patient(ctx: Ctx, user: ApiUser, patient_id: Id) -> JSON:
    patient = patients.get_patient(ctx, user, patient_id)
    body = patients.patient_json(patient)
    body["episodes"] = [
        {
            "id": e.id,
            "procedure": e.procedure_id,
            "procedure_date": e.procedure_date.isoformat(),
            "state": e.state,
        }
        for e in episodes.episodes_for_patient(ctx, user, patient_id)
    ]
    return body


@router.post("/patients/{patient_id}/episodes", status_code=201, tags=["episodes"])
def create_episode(
    ctx: Ctx, user: ApiUser, patient_id: Id, body: Annotated[PlanInput, Body()]
) -> JSON:
    episode = episodes.create_episode(
        ctx, user, patient_id, body.model_dump(mode="json", exclude_unset=True)
    )
    return _episode(ctx, episode, user)


def _episode(ctx: Ctx, episode: EpisodeRecord, user: UserRecord) -> JSON:
    return episodes.episode_json(episode, user, content_version=ctx.knowledge.version)


@router.get("/episodes/{episode_id}", tags=["episodes"])
def get_episode(ctx: Ctx, user: ApiUser, episode_id: Id) -> JSON:
    return _episode(ctx, episodes.get_episode(ctx, user, episode_id), user)


class SignOffInput(ContractModel):
    version: int = Field(ge=1, le=MAX_ID)


@router.post("/episodes/{episode_id}/sign-off", tags=["episodes"])
def sign_off(
    ctx: Ctx, user: ApiUser, episode_id: Id, body: Annotated[SignOffInput, Body()]
) -> JSON:
    """A clinician signs off the current plan version (a stale ``version`` answers 409)."""
    return _episode(ctx, episodes.sign_off(ctx, user, episode_id, body.version), user)


@router.patch("/episodes/{episode_id}", tags=["episodes"])
def patch_episode(
    ctx: Ctx, user: ApiUser, episode_id: Id, body: Annotated[dict[str, Any], Body()]
) -> JSON:
    episode, changes = episodes.update_episode(ctx, user, episode_id, body)
    return {**_episode(ctx, episode, user), "changes": changes}


@router.post("/episodes/{episode_id}/transitions", tags=["episodes"])
def transition(
    ctx: Ctx, user: ApiUser, episode_id: Id, body: Annotated[TransitionInput, Body()]
) -> JSON:
    return _episode(ctx, episodes.transition(ctx, user, episode_id, body), user)


@router.post("/episodes/{episode_id}/consent", status_code=201, tags=["episodes"])
def consent(
    ctx: Ctx, user: ApiUser, episode_id: Id, body: Annotated[dict[str, Any], Body()]
) -> JSON:
    return _episode(ctx, episodes.record_consent(ctx, user, episode_id, body), user)


@router.get("/episodes/{episode_id}/documents/{kind}", tags=["documents"], response_class=Response)
def document(ctx: Ctx, user: ApiUser, episode_id: Id, kind: str) -> Response:
    content, media_type, filename = document_for_episode(ctx, user, episode_id, kind)
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@router.post("/episodes/{episode_id}/checkins", status_code=201, tags=["follow-up"])
def checkin(
    ctx: Ctx,
    user: ApiUser,
    episode_id: Id,
    body: Annotated[CheckInInput, Body()],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSON:
    """A check-in; sent again with the same ``Idempotency-Key``, the first one's answer."""
    record = followup.add_checkin(ctx, user, episode_id, body, idempotency_key=idempotency_key)
    return {"id": record.id, "episode_id": record.episode_id, "triage": record.triage}


@router.get("/worklists/{name}", tags=["worklists"])
def worklist(ctx: Ctx, user: ApiUser, name: str) -> JSON:
    items, total = followup.worklist(ctx, user, name)
    return {"name": name, "items": items, "total": total}


@router.post("/alerts/{alert_id}/acknowledge", tags=["worklists"])
def acknowledge(
    ctx: Ctx, user: ApiUser, alert_id: Id, body: Annotated[AcknowledgeInput, Body()]
) -> JSON:
    followup.acknowledge(ctx, user, alert_id, body)
    return {"id": alert_id, "acknowledged": True}


@router.get("/registry", tags=["registry"])
def registry(
    ctx: Ctx,
    user: ApiUser,
    procedure: Annotated[str | None, Query(max_length=100)] = None,
    from_: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    to: Annotated[str | None, Query(max_length=10)] = None,
) -> JSON:
    return followup.registry(ctx, user, procedure, from_, to)


@router.get("/audit", tags=["audit"])
def audit_trail(
    ctx: Ctx, user: ApiUser, patient_id: Annotated[int, Query(ge=1, le=MAX_ID)]
) -> JSON:
    events = users.audit_trail(ctx, user, patient_id)
    return {
        "patient_id": patient_id,
        "items": [
            {
                "at": e.at.isoformat(timespec="seconds"),
                "user_id": e.user_id,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "detail": e.detail,
            }
            for e in events
        ],
    }


@router.get("/me", tags=["auth"])
def me(user: ApiUser) -> JSON:
    return {
        "id": user.id,
        "email": user.email,
        "role": user.role.value,
        "patient_id": user.patient_id,
    }
