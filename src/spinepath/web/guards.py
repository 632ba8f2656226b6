"""What every request and answer passes through: a body size limit, security headers, and no
caching of anything that may hold patient data.

A pure ASGI middleware, so that a body too large is refused before any of it is read into
memory or parsed, and so that the headers are on every answer, errors included.
"""

from __future__ import annotations

import json

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The app's pages load scripts and styles from /static only. The API description page
# (/docs) starts Swagger UI with an inline script, so it alone may run one.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect"})
# Only the app's own files may be cached; every other answer may hold patient data.
CACHEABLE_PREFIX = "/static/"
HSTS = "max-age=31536000; includeSubDomains"


class BodyTooLarge(HTTPException):
    """The request body went past the limit while it was being read (a body sent without a
    length). An HTTP error, so the framework's body parsing passes it on as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit // 1024} KiB")


def _security_headers(path: str, *, secure: bool) -> list[tuple[str, str]]:
    policy = DOCS_CONTENT_SECURITY_POLICY if path in DOCS_PATHS else CONTENT_SECURITY_POLICY
    headers = [
        ("content-security-policy", policy),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ("cross-origin-opener-policy", "same-origin"),
    ]
    if not path.startswith(CACHEABLE_PREFIX):
        headers += [("cache-control", "no-store"), ("pragma", "no-cache")]
    if secure:
        headers.append(("strict-transport-security", HSTS))
    return headers


class Guards:
    """Refuses bodies over ``max_body_bytes`` with 413 and adds the headers to every answer."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, secure: bool) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # The three sets of headers an answer can get, built once rather than per request.
        self._headers = {
            kind: _security_headers(path, secure=secure)
            for kind, path in (("page", "/"), ("docs", "/docs"), ("static", CACHEABLE_PREFIX))
        }

    def _headers_for(self, path: str) -> list[tuple[str, str]]:
        if path in DOCS_PATHS:
            return self._headers["docs"]
        return self._headers["static" if path.startswith(CACHEABLE_PREFIX) else "page"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        extra = self._headers_for(path)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    headers[name] = value
            await send(message)

        declared = _declared_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await self._too_large(send_with_headers, path)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise BodyTooLarge(self.max_body_bytes)
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            await self._too_large(send_with_headers, path)

    async def _too_large(self, send: Send, path: str) -> None:
        detail = str(BodyTooLarge(self.max_body_bytes).detail)
        if path.startswith("/api/"):
            body = json.dumps({"detail": detail, "field": "body", "message": detail}).encode()
            media = b"application/json"
        else:
            body = (
                "<!doctype html><html lang=en><title>Too large · spinepath</title>"
                f"<main><h1>That was too large</h1><p>{detail.capitalize()}.</p></main>"
            ).encode()
            media = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", media),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
