"""Shared fixtures: the packaged knowledge, loaded once, and an example input builder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from spinepath.domain.model import Knowledge
from spinepath.knowledge.loader import default_knowledge
from tests.app.conftest import BACKENDS, Clinic, database_url, running_clinic
from tests.support import PostgresServer

TODAY = "2026-11-24"

# In CI the generated examples are the same on every run, so a failure is reproducible and
# a run is never red by chance; locally they vary, to keep finding new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return default_knowledge()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the run; each user makes its own database."""
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


def plan_input(**overrides: Any) -> dict[str, Any]:
    """The contract's example patient, with any field replaced."""
    base: dict[str, Any] = {
        "procedure": "drg-block",
        "procedure_date": "2026-12-10",
        "today": TODAY,
        "medications": [],
        "conditions": [],
        "allergies": [],
        "pregnancy_possible": False,
        "active_infection": False,
        "travel_within_14_days_after": False,
        "escort_arranged": True,
        "creatinine_clearance_ml_min": None,
        "months_since_last_spine_surgery": None,
        "injury": None,
        "other_treatments_tried": True,
        "spinal_level": "lumbar",
    }
    base.update(overrides)
    return base


@pytest.fixture(scope="module", params=BACKENDS)
def clinic(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Clinic]:
    folder = tmp_path_factory.mktemp(f"clinic-{request.param}")
    url = database_url(request.param, lambda: request.getfixturevalue("postgres"), folder)
    with running_clinic(url) as made:
        yield made
