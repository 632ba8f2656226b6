"""Checking app inputs with the contract's models, errors naming the field."""

from typing import Any

from spinepath.contract.api import validate
from spinepath.contract.errors import InputError

__all__ = ["validate", "version_and_changes"]


def version_and_changes(data: object, what: str) -> tuple[int, dict[str, Any]]:
    """The ``version`` a change was made from (required) and the fields it changes."""
    if not isinstance(data, dict):
        raise InputError("(input)", "must be a JSON object")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < 2**31:
        raise InputError("version", f"is required: the version of the {what} you are changing")
    return version, {k: v for k, v in data.items() if k != "version"}
