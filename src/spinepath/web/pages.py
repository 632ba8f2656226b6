"""Server-rendered pages (Jinja2 + htmx) for staff and patients."""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from spinepath.contract.errors import Conflict, InputError, TooManyRequests
from spinepath.domain.records import Role, UserRecord
from spinepath.services import episodes, followup, patients, users
from spinepath.services.context import AppContext, SmallCache, require_staff
from spinepath.web import forms, presenters
from spinepath.web.rendering import form_version, read_form, render, see_other, templates
from spinepath.web.security import (
    Ctx,
    Id,
    PageUser,
    client_address,
    csrf_token,
    page_user_or_none,
)

router = APIRouter(include_in_schema=False)


# --- signing in and out ---------------------------------------------------------------


@router.get("/login")
def login_page(request: Request) -> Response:
    if page_user_or_none(request) is not None:
        return see_other("/")
    return render(request, "login.html", None, email="", error=None)


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


@router.post("/login")
async def login(request: Request, ctx: Ctx) -> Response:
    data = await read_form(request)
    email = str(data.get("email", ""))
    # Password hashing is slow on purpose: keep it off the event loop.
    password, address = str(data.get("password", "")), client_address(request)
    try:
        user = await run_in_threadpool(users.authenticate, ctx, email, password, address=address)
    except TooManyRequests as refused:
        response = render(
            request,
            "login.html",
            None,
            429,
            email=email,
            error=(
                "Too many sign-ins that did not work. For your safety, wait "
                f"{_minutes(refused.retry_after)} and try again."
            ),
        )
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    if user is None:
        return render(
            request,
            "login.html",
            None,
            401,
            email=email,
            error="The email or password is not right.",
        )
    request.session.clear()
    request.session["uid"] = user.id
    return see_other("/")


@router.post("/logout")
async def logout(request: Request) -> Response:
    await read_form(request)
    request.session.clear()
    return see_other("/login")


# --- homes ----------------------------------------------------------------------------


@router.get("/")
async def home(request: Request, ctx: Ctx, user: PageUser) -> Response:
    """The busiest page: served on the event loop, with its database work in a thread."""
    if user.role is Role.PATIENT:
        return await run_in_threadpool(_patient_home, request, ctx, user)
    day = await followup.all_worklists(ctx, user)
    worklists = _worklists_html(request, ctx, day)
    return render(request, "staff_home.html", user, worklists=worklists)


# Stands in for the viewer's CSRF token in the shared worklist HTML; random per process, so
# no text in a patient's record can be mistaken for it.
_CSRF_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


def _worklists_html(request: Request, ctx: AppContext, day: followup.WorklistDay) -> Markup:
    """The worklists as HTML, rendered once per clinic generation and shared by every viewer."""
    cache: SmallCache = request.app.state.fragments
    # The lists say how long each alert has waited, so the HTML is made again every
    # quarter of an hour even when nothing changed.
    now = ctx.now()
    key = (day.key, now.hour, now.minute // 15)
    html: str | None = cache.get(key)
    if html is None:
        lists = {
            name: (presenters.worklist_rows(items, ctx.knowledge, now), total)
            for name, (items, total) in day.lists.items()
        }
        html = templates.get_template("_worklists.html").render(
            lists=lists, titles=presenters.WORKLIST_TITLES, csrf=_CSRF_SLOT
        )
        cache.put(key, html)
    return Markup(html.replace(_CSRF_SLOT, csrf_token(request)))


def _patient_home(request: Request, ctx: Ctx, user: UserRecord) -> Response:
    assert user.patient_id is not None
    patient = patients.get_patient(ctx, user, user.patient_id)
    views = []
    for episode in episodes.episodes_for_patient(ctx, user, patient.id):
        detail = episodes.episode_detail(ctx, user, episode.id)
        views.append(
            presenters.episode_view(
                episode,
                ctx.knowledge,
                checkins=detail["checkins"],
                staff=False,
                today=ctx.today(),
            )
        )
    return render(
        request,
        "patient_home.html",
        user,
        patient=presenters.patient_row(patient),
        episodes=views,
        phone=ctx.settings.clinic_phone,
    )


# --- patients -------------------------------------------------------------------------


@router.get("/patients")
def patient_list(request: Request, ctx: Ctx, user: PageUser, query: str = "") -> Response:
    require_staff(user)
    rows = [presenters.patient_row(p) for p in patients.search_patients(ctx, user, query[:200])]
    name = "_patient_rows.html" if request.headers.get("HX-Request") else "patients.html"
    return render(request, name, user, rows=rows, query=query)


@router.get("/patients/new")
def patient_new(request: Request, user: PageUser) -> Response:
    require_staff(user)
    return render(request, "patient_new.html", user, values={}, errors={})


PATIENT_FIELDS = ("name", "date_of_birth", "nhs_number", "mrn", "email")


def _patient_values(data: FormData) -> dict[str, str]:
    return {k: str(data.get(k, "")).strip() for k in PATIENT_FIELDS}


@router.post("/patients/new")
async def patient_create(request: Request, ctx: Ctx, user: PageUser) -> Response:
    data = await read_form(request)
    values = _patient_values(data)
    try:
        patient = patients.create_patient(ctx, user, {k: v or None for k, v in values.items()})
    except InputError as error:
        return render(
            request,
            "patient_new.html",
            user,
            422,
            values=values,
            errors={error.field: error.message},
        )
    except Conflict as error:
        return render(
            request,
            "patient_new.html",
            user,
            409,
            values=values,
            errors={},
            existing=error.extra.get("existing_id"),
        )
    return see_other(f"/patients/{patient.id}")


@router.get("/patients/{patient_id}")
def patient_page(request: Request, ctx: Ctx, user: PageUser, patient_id: Id) -> Response:
    require_staff(user)
    patient = patients.get_patient(ctx, user, patient_id)
    rows = [
        {
            "id": e.id,
            "procedure": ctx.knowledge.procedures[e.procedure_id].name,
            "date": presenters.long_date(e.procedure_date),
            "state": presenters.state_label(e.state),
            "status": presenters.STATUS_LABELS[e.plan_status][0],
            "css": presenters.STATUS_LABELS[e.plan_status][1],
        }
        for e in episodes.episodes_for_patient(ctx, user, patient_id)
    ]
    return render(
        request, "patient.html", user, patient=presenters.patient_row(patient), episodes=rows
    )


@router.get("/patients/{patient_id}/edit")
def patient_edit(request: Request, ctx: Ctx, user: PageUser, patient_id: Id) -> Response:
    require_staff(user)
    patient = patients.get_patient(ctx, user, patient_id)
    values = {
        k: "" if getattr(patient, k) is None else str(getattr(patient, k)) for k in PATIENT_FIELDS
    }
    return render(
        request,
        "patient_edit.html",
        user,
        patient=presenters.patient_row(patient),
        version=patient.version,
        values=values,
        errors={},
    )


@router.post("/patients/{patient_id}/edit")
async def patient_update(request: Request, ctx: Ctx, user: PageUser, patient_id: Id) -> Response:
    data = await read_form(request)
    values = _patient_values(data)
    version = form_version(data)
    try:
        patients.update_patient(
            ctx, user, patient_id, {"version": version, **{k: v or None for k, v in values.items()}}
        )
    except (InputError, Conflict) as error:
        patient = patients.get_patient(ctx, user, patient_id)
        field, message = (
            ("version", str(error)) if isinstance(error, Conflict) else (error.field, error.message)
        )
        return render(
            request,
            "patient_edit.html",
            user,
            409 if isinstance(error, Conflict) else 422,
            patient=presenters.patient_row(patient),
            version=version,
            values=values,
            errors={field: message},
        )
    return see_other(f"/patients/{patient_id}")


# --- episodes -------------------------------------------------------------------------


@router.get("/patients/{patient_id}/episodes/new")
def episode_new(request: Request, ctx: Ctx, user: PageUser, patient_id: Id) -> Response:
    require_staff(user)
    patient = patients.get_patient(ctx, user, patient_id)
    return render(
        request,
        "episode_new.html",
        user,
        patient=presenters.patient_row(patient),
        values=forms.EMPTY_EPISODE,
        errors={},
        options=forms.options(ctx.knowledge),
    )


@router.post("/patients/{patient_id}/episodes/new")
async def episode_create(request: Request, ctx: Ctx, user: PageUser, patient_id: Id) -> Response:
    data = await read_form(request)
    values = forms.episode_values(data)
    try:
        episode = episodes.create_episode(ctx, user, patient_id, forms.plan_input_from(values))
    except InputError as error:
        patient = patients.get_patient(ctx, user, patient_id)
        return render(
            request,
            "episode_new.html",
            user,
            422,
            patient=presenters.patient_row(patient),
            values=values,
            errors={forms.form_field(error.field): error.message},
            options=forms.options(ctx.knowledge),
        )
    return see_other(f"/episodes/{episode.id}")


def _episode_page(
    request: Request,
    ctx: Ctx,
    user: UserRecord,
    episode_id: Id,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    episode = episodes.get_episode(ctx, user, episode_id)
    detail = episodes.episode_detail(ctx, user, episode_id)
    view = presenters.episode_view(
        episode,
        ctx.knowledge,
        checkins=detail["checkins"],
        staff=user.role.is_staff,
        may_sign_off=user.role.value == ctx.settings.sign_off_role,
        today=ctx.today(),
        flags=detail["alerts"],
    )
    extra.setdefault("checkin", _empty_checkin(ctx))
    extra.setdefault("symptoms", forms.symptom_options(ctx.knowledge))
    extra.setdefault("pgic_options", forms.PGIC_OPTIONS)
    extra.setdefault("phone", ctx.settings.clinic_phone)
    if user.role is Role.PATIENT:
        consented = presenters.consent_rows(detail["consents"], ctx.knowledge, episode)
        return render(
            request,
            "patient_episode.html",
            user,
            status_code,
            episode=view,
            consents=consented,
            **extra,
        )
    return render(
        request,
        "episode.html",
        user,
        status_code,
        episode=view,
        patient=presenters.patient_row(detail["patient"]),
        consents=detail["consents"],
        history=detail["history"],
        **extra,
    )


def _empty_checkin(ctx: AppContext) -> forms.CheckInForm:
    now = ctx.now()
    values: dict[str, Any] = {"reported_at": now.strftime("%Y-%m-%dT%H:%M"), "hours": {}}
    return forms.CheckInForm(values, {}, {})


def _refused(
    request: Request,
    ctx: Ctx,
    user: UserRecord,
    episode_id: int,
    error: InputError | Conflict,
    **extra: Any,
) -> Response:
    """The episode page again, with the refusal beside the field (422) or on top (409)."""
    if isinstance(error, Conflict):
        return _episode_page(request, ctx, user, episode_id, 409, conflict=str(error), **extra)
    errors = {forms.form_field(error.field): error.message}
    return _episode_page(request, ctx, user, episode_id, 422, errors=errors, **extra)


@router.get("/episodes/{episode_id}")
def episode_page(request: Request, ctx: Ctx, user: PageUser, episode_id: Id) -> Response:
    return _episode_page(request, ctx, user, episode_id)


@router.post("/episodes/{episode_id}/consent")
async def episode_consent(request: Request, ctx: Ctx, user: PageUser, episode_id: Id) -> Response:
    data = await read_form(request)
    risks = [str(r) for r in data.getlist("risks")]
    try:
        episodes.record_consent(
            ctx,
            user,
            episode_id,
            {"risks_discussed": risks, "note": str(data.get("note", "")) or None},
        )
    except InputError as error:
        return _refused(request, ctx, user, episode_id, error, ticked_risks=risks)
    return see_other(f"/episodes/{episode_id}#consent")


@router.post("/episodes/{episode_id}/book")
async def episode_book(request: Request, ctx: Ctx, user: PageUser, episode_id: Id) -> Response:
    data = await read_form(request)
    raw = str(data.get("procedure_date", ""))
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return _episode_page(
            request,
            ctx,
            user,
            episode_id,
            422,
            errors={"procedure_date": "Enter a date like 2026-12-10."},
            typed_date=raw,
        )
    try:
        _, changes = episodes.book_date(ctx, user, episode_id, form_version(data), day)
    except (InputError, Conflict) as error:
        return _refused(request, ctx, user, episode_id, error, typed_date=raw)
    return _episode_page(request, ctx, user, episode_id, changes=changes, booked=True)


@router.post("/episodes/{episode_id}/transition")
async def episode_transition(
    request: Request, ctx: Ctx, user: PageUser, episode_id: Id
) -> Response:
    data = await read_form(request)
    body = {"to": str(data.get("to", "")), "reason": str(data.get("reason", "")) or None}
    try:
        episodes.transition(ctx, user, episode_id, body)
    except (InputError, Conflict) as error:
        return _refused(request, ctx, user, episode_id, error)
    return see_other(f"/episodes/{episode_id}")


@router.post("/episodes/{episode_id}/sign-off")
async def episode_sign_off(request: Request, ctx: Ctx, user: PageUser, episode_id: Id) -> Response:
    data = await read_form(request)
    try:
        await run_in_threadpool(episodes.sign_off, ctx, user, episode_id, form_version(data))
    except (InputError, Conflict) as error:
        return _refused(request, ctx, user, episode_id, error)
    return see_other(f"/episodes/{episode_id}#sign-off")


@router.post("/episodes/{episode_id}/remake")
async def episode_remake(request: Request, ctx: Ctx, user: PageUser, episode_id: Id) -> Response:
    data = await read_form(request)
    try:
        episodes.remake_plan(ctx, user, episode_id, form_version(data))
    except (InputError, Conflict) as error:
        return _refused(request, ctx, user, episode_id, error)
    return see_other(f"/episodes/{episode_id}#sign-off")


@router.post("/episodes/{episode_id}/checkin")
async def episode_checkin(request: Request, ctx: Ctx, user: PageUser, episode_id: Id) -> Response:
    """A check-in from the page. Refused, the form comes back with every error beside its
    field and everything typed kept; accepted, the browser is sent to the result page, so
    a reload shows the result again and sends nothing."""
    data = await read_form(request)
    codes = list(ctx.knowledge.symptoms)
    form = forms.checkin_form(data, codes, ctx.now())
    if not form.errors:
        try:
            record = followup.add_checkin(ctx, user, episode_id, form.body)
        except InputError as error:
            form.errors[forms.form_field(error.field)] = error.message
        else:
            return see_other(f"/episodes/{episode_id}/checkins/{record.id}")
    return _episode_page(request, ctx, user, episode_id, 422, checkin=form, errors=form.errors)


@router.get("/episodes/{episode_id}/checkins/{checkin_id}")
def checkin_result(
    request: Request, ctx: Ctx, user: PageUser, episode_id: Id, checkin_id: Id
) -> Response:
    """What to do now, after a check-in; emergencies first, with a number to call."""
    record, region = followup.get_checkin(ctx, user, episode_id, checkin_id)
    result = presenters.triage_result(
        record.triage, region, ctx.settings.clinic_phone, ctx.knowledge
    )
    return render(
        request,
        "checkin_result.html",
        user,
        result=result,
        episode_id=episode_id,
        staff=user.role.is_staff,
    )


@router.post("/alerts/{alert_id}/acknowledge")
async def alert_acknowledge(request: Request, ctx: Ctx, user: PageUser, alert_id: Id) -> Response:
    data = await read_form(request)
    note = str(data.get("note", "")).strip() or "seen"
    back = str(data.get("back", ""))
    # Acknowledged by someone else first (409): their acknowledgement stands.
    with contextlib.suppress(Conflict):
        followup.acknowledge(ctx, user, alert_id, {"note": note})
    if back.startswith("/episodes/") and back.removeprefix("/episodes/").isdigit():
        return see_other(f"{back}#alerts")
    return see_other("/#red-flags")
