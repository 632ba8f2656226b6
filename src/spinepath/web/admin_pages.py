"""Administration pages: users and roles, and a patient's audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from spinepath.contract.errors import Conflict, InputError
from spinepath.domain.records import Role, UserRecord
from spinepath.services import users
from spinepath.services.context import AppContext, require_admin
from spinepath.web.rendering import read_form, render, see_other
from spinepath.web.security import MAX_ID, Ctx, Id, PageUser

router = APIRouter(include_in_schema=False)


def _users_page(
    request: Request,
    ctx: AppContext,
    user: UserRecord,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    """The users page; after a refused form, with what was typed and why it was refused."""
    return render(
        request,
        "admin_users.html",
        user,
        status,
        rows=users.list_users(ctx, user),
        values=values or {},
        errors=errors or {},
    )


@router.get("/admin/users")
def admin_users(request: Request, ctx: Ctx, user: PageUser) -> Response:
    return _users_page(request, ctx, user)


@router.post("/admin/users")
async def admin_user_create(request: Request, ctx: Ctx, user: PageUser) -> Response:
    require_admin(user)
    data = await read_form(request)
    values = {k: str(data.get(k, "")).strip() for k in ("email", "role", "password", "patient_id")}
    try:
        patient_id = int(values["patient_id"]) if values["patient_id"] else None
    except ValueError:
        patient_id = -1
    try:
        if patient_id == -1:
            raise InputError("patient_id", "must be a number")
        if values["role"] not in {r.value for r in Role}:
            raise InputError("role", "choose a role")
        users.create_user(
            ctx,
            email=values["email"],
            role=Role(values["role"]),
            password=values["password"],
            patient_id=patient_id,
            actor=user,
        )
    except InputError as error:
        return _users_page(request, ctx, user, 422, values, {error.field: error.message})
    except Conflict as error:
        return _users_page(request, ctx, user, 409, values, {"email": str(error)})
    return see_other("/admin/users")


@router.post("/admin/users/{user_id}/active")
async def admin_user_active(request: Request, ctx: Ctx, user: PageUser, user_id: Id) -> Response:
    require_admin(user)
    data = await read_form(request)
    try:
        if str(data.get("active", "")) not in {"0", "1"}:
            raise InputError("active", "must be 0 or 1")
        users.set_active(ctx, user, user_id, str(data["active"]) == "1")
    except InputError as error:
        return _users_page(request, ctx, user, 422, {}, {error.field: error.message})
    return see_other("/admin/users")


@router.get("/admin/audit")
def admin_audit(
    request: Request,
    ctx: Ctx,
    user: PageUser,
    patient_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    require_admin(user)
    events = [] if patient_id is None else users.audit_trail(ctx, user, patient_id)
    return render(request, "admin_audit.html", user, events=events, patient_id=patient_id)
