"""The web app: the engine's HTTP API, the clinic API and the pages, over one context."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
import swagger_ui_bundle  # type: ignore[import-untyped]
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from spinepath import __version__
from spinepath.config import Settings
from spinepath.contract import api
from spinepath.contract.errors import (
    Conflict,
    Forbidden,
    InputError,
    NotFound,
    TooManyRequests,
    field_path,
)
from spinepath.contract.models import MedicationsInput, PlanInput, TriageInput
from spinepath.services.context import AppContext, SmallCache
from spinepath.services.documents import document_for_episode
from spinepath.services.users import Tokens
from spinepath.store import migrate, repositories
from spinepath.store.db import Database
from spinepath.web import admin_pages, api_clinic, pages
from spinepath.web.guards import Guards
from spinepath.web.rendering import render
from spinepath.web.security import Ctx, Id, LoginRequired, PageUser, page_user_or_none

JSON = dict[str, Any]
LOG = logging.getLogger("spinepath.web")
RETRY_AFTER_SECONDS = 30
SWAGGER_ASSETS = Path(swagger_ui_bundle.swagger_ui_path)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in {"/healthz", "/openapi.json"}


def _error(request: Request, status: int, title: str, message: str, body: JSON) -> Response:
    if _wants_json(request):
        return JSONResponse(status_code=status, content=body)
    return render(
        request,
        "error.html",
        page_user_or_none(request),
        status,
        title=title,
        message=message,
    )


def _input_error(request: Request, error: InputError) -> Response:
    body = {"field": error.field, "message": error.message, "detail": [error.as_json()]}
    return _error(request, 422, "That did not work", f"{error.field}: {error.message}", body)


def _install_error_handlers(app: FastAPI) -> None:
    async def on_input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InputError)
        return _input_error(request, exc)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0]
        location = tuple(
            part for part in first["loc"] if part not in {"body", "query", "path", "header"}
        )
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "is not a field of this input (check the spelling)"
        elif first["type"] == "missing":
            message = "is required"
        return _input_error(request, InputError(field_path(location), message))

    async def on_not_found(request: Request, exc: Exception) -> Response:
        return _error(
            request,
            404,
            "Not found",
            "There is nothing here, or you may not see it.",
            {"detail": f"not found: {exc}"},
        )

    async def on_forbidden(request: Request, exc: Exception) -> Response:
        return _error(request, 403, "Not allowed", str(exc), {"detail": str(exc)})

    async def on_conflict(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Conflict)
        body = {"detail": str(exc), **exc.extra}
        return _error(request, 409, "This cannot be done now", str(exc), body)

    async def on_database_down(request: Request, exc: Exception) -> Response:
        # The statement and its parameters are not logged: they may hold patients' words.
        LOG.error("database unavailable: %s", type(exc).__name__)
        message = "The database is not answering. Nothing was saved; try again in a minute."
        response = _error(request, 503, "Please try again shortly", message, {"detail": message})
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    async def on_too_many(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TooManyRequests)
        body = {"detail": str(exc), "retry_after": exc.retry_after}
        response = _error(request, 429, "Please wait", str(exc), body)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    async def on_login(_request: Request, _exc: Exception) -> Response:
        return RedirectResponse("/login", status_code=303)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        body = {"detail": exc.detail}
        if _wants_json(request):
            return JSONResponse(status_code=exc.status_code, content=body, headers=exc.headers)
        return _error(request, exc.status_code, "Something went wrong", str(exc.detail), body)

    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(NotFound, on_not_found)
    app.add_exception_handler(Forbidden, on_forbidden)
    app.add_exception_handler(Conflict, on_conflict)
    app.add_exception_handler(LoginRequired, on_login)
    app.add_exception_handler(TooManyRequests, on_too_many)
    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(unavailable, on_database_down)
    app.add_exception_handler(StarletteHTTPException, on_http)


def _engine_routes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["service"])
    def healthz(ctx: Ctx) -> JSON:
        with ctx.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ok"}

    @app.get("/api/v1/catalogue", tags=["engine"])
    def catalogue(ctx: Ctx) -> list[JSON]:
        return api.catalogue(ctx.knowledge)

    @app.post("/api/v1/meds/parse", tags=["engine"])
    def meds_parse(ctx: Ctx, body: MedicationsInput) -> list[JSON]:
        return api.parse_medications(body.lines, ctx.knowledge)

    @app.post("/api/v1/plans", tags=["engine"], response_model=dict[str, Any])
    def plans(ctx: Ctx, body: PlanInput) -> Response:
        plan = api.make_plan_checked(body, ctx.knowledge)
        return Response(json.dumps(plan, ensure_ascii=False), media_type="application/json")

    @app.post("/api/v1/triage", tags=["engine"])
    def triage(ctx: Ctx, body: TriageInput) -> JSON:
        return api.triage(body.model_dump(mode="json", exclude_unset=True), ctx.knowledge)

    @app.get("/episodes/{episode_id}/documents/{kind}", include_in_schema=False)
    def page_document(ctx: Ctx, user: PageUser, episode_id: Id, kind: str) -> Response:
        content, media_type, filename = document_for_episode(ctx, user, episode_id, kind)
        return Response(
            content,
            media_type=media_type,
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )


def _docs_routes(app: FastAPI) -> None:
    """Swagger UI from the installed ``swagger-ui-bundle`` package, never from a CDN."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="spinepath API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    app.mount("/static/swagger", StaticFiles(directory=str(SWAGGER_ASSETS)), name="swagger")


def build_context(settings: Settings, *, migrate_schema: bool = True) -> AppContext:
    url = settings.resolved_database_url()
    if migrate_schema:
        migrate.upgrade(url)
    ctx = AppContext(settings=settings, db=Database(url))
    with ctx.db.unit_of_work() as session:
        ctx.clinic_id = repositories.ensure_clinic(session, settings.clinic_name)
    return ctx


def create_app(settings: Settings | None = None, *, ctx: AppContext | None = None) -> FastAPI:
    settings = settings or Settings()
    ctx = ctx or build_context(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="spinepath",
        version=__version__,
        description=(
            "Personalised, dated, cited plans for interventional spine and pain procedures, and "
            "the clinic pathway around them. Bad input answers 422 naming the field."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ctx
    app.state.fragments = SmallCache()
    secret = settings.resolved_secret_key()
    app.state.tokens = Tokens(secret, settings.token_minutes)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="spinepath_session",
        same_site="strict",
        https_only=settings.secure_cookies,
        max_age=12 * 3600,
    )
    app.add_middleware(
        Guards, max_body_bytes=settings.max_body_bytes, secure=settings.secure_cookies
    )
    _install_error_handlers(app)
    _engine_routes(app)
    _docs_routes(app)
    app.include_router(api_clinic.router)
    app.include_router(pages.router)
    app.include_router(admin_pages.router)
    app.mount(
        "/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"
    )
    return app
