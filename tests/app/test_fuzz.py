"""The API fuzzed from its own OpenAPI schema (schemathesis): never a 5xx answer."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.app.conftest import Clinic

EXAMPLES_PER_OPERATION = 15


def test_no_server_errors_on_any_operation(clinic: Clinic) -> None:
    schema = schemathesis.openapi.from_url(f"{clinic.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 15
    for index, operation in enumerate(operations):
        _fuzz(clinic, operation, clinic.headers("admin" if index % 2 else "nurse"))


def _fuzz(clinic: Clinic, operation: Any, headers: dict[str, str]) -> None:
    """Send generated requests to one operation; none may answer 5xx."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(case=operation.as_strategy())
    def call(case: Any) -> None:
        response = case.call(base_url=clinic.base_url, headers=headers, timeout=30)
        case.validate_response(response, checks=[not_a_server_error])

    call()
