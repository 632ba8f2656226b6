"""The errors every door handles the same way."""

from __future__ import annotations

from pydantic import ValidationError


class InputError(ValueError):
    """Bad input, naming the field: CLI exit 2, HTTP 422."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def field_path(location: tuple[int | str, ...]) -> str:
    """``("symptoms", 0, "code")`` → ``symptoms[0].code``."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path or "(input)"


def input_error_from(exc: ValidationError) -> InputError:
    """The first problem of a pydantic validation error, as an InputError."""
    first = exc.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "is not a field of this input (check the spelling)"
    elif first["type"] == "missing":
        message = "is required"
    return InputError(field_path(tuple(first["loc"])), message)


class NotFound(LookupError):
    """No such record, or not one the caller may see: HTTP 404."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Forbidden(PermissionError):
    """The caller's role may not do this: HTTP 403."""


class Conflict(RuntimeError):
    """A stale version, a duplicate or a move the pathway does not allow: HTTP 409.
    ``extra`` goes into the JSON answer beside the message (``existing_id``)."""

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.extra = extra


class TooManyRequests(RuntimeError):
    """Too many tries in too short a time: HTTP 429 with Retry-After in seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
