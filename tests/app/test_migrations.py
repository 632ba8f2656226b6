"""Migrations: from empty to head and back, on SQLite and PostgreSQL; the models match."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from spinepath.store import migrate
from spinepath.store.db import make_engine
from spinepath.store.tables import Base
from tests.app.conftest import BACKENDS, database_url

TABLES = {
    "users",
    "clinics",
    "patients",
    "episodes",
    "plan_versions",
    "state_changes",
    "consents",
    "checkins",
    "red_flags",
    "audit_events",
}


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_to_head_and_back_to_empty(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = database_url(backend, lambda: request.getfixturevalue("postgres"), tmp_path)
    migrate.upgrade(url)
    assert _tables(url) == TABLES
    assert migrate.current_heads(url) == {"0001"}
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], "the tables and the migrations disagree"
    migrate.downgrade(url)
    assert _tables(url) == set()
    migrate.upgrade(url)
    assert _tables(url) == TABLES


def test_revision_files_are_date_prefixed() -> None:
    names = [p.name for p in (migrate.MIGRATIONS / "versions").glob("*.py")]
    assert names
    assert all(name[:4].isdigit() and name[4] == "_" for name in names)
