"""Migrations: from empty to head and back, on SQLite and PostgreSQL; the models match."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
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
    "signed_documents",
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
    head = ScriptDirectory.from_config(migrate.alembic_config(url)).get_current_head()
    assert migrate.current_heads(url) == {head}
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


@pytest.mark.parametrize("backend", BACKENDS)
def test_data_survives_the_worklist_migration(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Rows written under 0001 get their clinic and review flag filled in by 0002."""
    url = database_url(backend, lambda: request.getfixturevalue("postgres"), tmp_path)
    migrate.upgrade(url, "0001")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO clinics (id, name) VALUES (7, 'Old clinic')")
            connection.exec_driver_sql(
                "INSERT INTO patients (id, clinic_id, name, date_of_birth, version, created_at) "
                "VALUES (3, 7, 'Old Patient', '1950-01-01', 1, '2026-01-01 00:00:00')"
            )
            connection.exec_driver_sql(
                "INSERT INTO episodes (id, patient_id, procedure_id, state, procedure_date, "
                "plan_input, plan, plan_status, content_version, plan_number, version, "
                "created_at, updated_at) "
                "VALUES (5, 3, 'drg-block', 'assessed', '2027-01-01', '{}', '{}', "
                "'needs_review', 'x', 1, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        migrate.upgrade(url)
        with engine.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT clinic_id, awaiting_review FROM episodes WHERE id = 5"
            ).one()
    finally:
        engine.dispose()
    assert row[0] == 7
    assert bool(row[1]) is True


def test_revision_files_are_date_prefixed() -> None:
    names = [p.name for p in (migrate.MIGRATIONS / "versions").glob("*.py")]
    assert names
    assert all(name[:4].isdigit() and name[4] == "_" for name in names)
