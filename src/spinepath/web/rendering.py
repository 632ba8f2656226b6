"""What every page route uses: the templates, rendering, redirects and checked forms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from spinepath.domain.dates import format_date
from spinepath.domain.records import UserRecord
from spinepath.web.security import check_csrf, csrf_token


def tel_link(number: str) -> str:
    """The ``tel:`` address of a phone number as people write it."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.auto_reload = False  # templates ship with the package; no file check per page


def render(
    request: Request, name: str, user: UserRecord | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    context.update(
        request=request,
        user=user,
        csrf=csrf_token(request),
        today=dt.date.today().isoformat(),
        tel_link=tel_link,
        long_date=format_date,
    )
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def see_other(url: str) -> RedirectResponse:
    """After a form is handled: go to ``url`` with GET (so a reload does not post again)."""
    return RedirectResponse(url, status_code=303)


def form_version(data: FormData) -> int:
    """The record version a form was made from; 0 (never current) when it is unreadable."""
    text = str(data.get("version", ""))
    return int(text) if text.isdigit() and len(text) < 10 else 0


async def read_form(request: Request) -> FormData:
    """The submitted form, once its CSRF token is checked (403 when it is not right)."""
    data = await request.form()
    check_csrf(request, str(data.get("csrf", "")))
    return data
