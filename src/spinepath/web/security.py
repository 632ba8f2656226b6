"""Who is asking: bearer tokens for the API, signed session cookies and CSRF for pages."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.security import OAuth2PasswordBearer

from spinepath.domain.records import UserRecord
from spinepath.services import users
from spinepath.services.context import AppContext
from spinepath.services.users import Tokens

MAX_ID = 2_147_483_647
Id = Annotated[int, Path(ge=1, le=MAX_ID)]

bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def context(request: Request) -> AppContext:
    """The app's context. Async so that it runs on the event loop, not in a worker thread."""
    ctx: AppContext = request.app.state.ctx
    return ctx


def client_address(request: Request) -> str:
    """The address the request came from, as the server saw it (behind a proxy, set
    uvicorn's ``--forwarded-allow-ips`` so that this is the client's own)."""
    return request.client.host if request.client else "unknown"


def tokens(request: Request) -> Tokens:
    found: Tokens = request.app.state.tokens
    return found


Ctx = Annotated[AppContext, Depends(context)]


def api_user(
    request: Request, ctx: Ctx, token: Annotated[str | None, Depends(bearer)]
) -> UserRecord:
    """The user of a bearer token; 401 without a valid one."""
    uid = tokens(request).read(token) if token else None
    user = users.user_by_id(ctx, uid) if uid is not None else None
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="a valid bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


ApiUser = Annotated[UserRecord, Depends(api_user)]


class LoginRequired(Exception):
    """Raised by page routes without a signed-in user; answered with a redirect to /login."""


def page_user_or_none(request: Request) -> UserRecord | None:
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    return users.user_by_id(request.app.state.ctx, uid)


def page_user(request: Request) -> UserRecord:
    user = page_user_or_none(request)
    if user is None:
        raise LoginRequired()
    return user


PageUser = Annotated[UserRecord, Depends(page_user)]


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if (
        not isinstance(expected, str)
        or not submitted
        or not hmac.compare_digest(expected, submitted)
    ):
        raise HTTPException(
            status_code=403,
            detail="the form expired or did not come from this site; reload and try again",
        )
