"""Checking app inputs with the contract's models, errors naming the field."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from spinepath.contract.errors import InputError, input_error_from

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: object) -> M:
    if isinstance(data, model):
        return data
    if not isinstance(data, dict):
        raise InputError("(input)", "must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise input_error_from(exc) from None
