"""Checking app inputs with the contract's models, errors naming the field."""

from spinepath.contract.api import validate

__all__ = ["validate"]
