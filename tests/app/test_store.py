"""Repositories on both databases: plans kept exactly as shown, stale writes refused."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import spinepath
from spinepath.store import db as store_db
from spinepath.store import repositories as repo
from spinepath.store.db import Database
from tests.app.conftest import Clinic, future
from tests.support import PostgresServer


def _plan_input() -> dict[str, object]:
    return {
        "procedure": "drg-block",
        "procedure_date": future(25),
        "today": future(0),
        "medications": ["warfarin 3mg"],
    }


def test_every_plan_version_is_kept_with_its_content_version(clinic: Clinic) -> None:
    first_input = _plan_input()
    first = spinepath.make_plan(first_input)
    with clinic.ctx.db.unit_of_work() as session:
        episode = repo.add_episode(
            session,
            patient_id=clinic.patient_ids["bob"],
            state="assessed",
            plan_input=first_input,
            plan=first,
            user_id=None,
        )
    second_input = {**first_input, "medications": []}
    second = spinepath.make_plan(second_input)
    with clinic.ctx.db.unit_of_work() as session:
        repo.replace_plan(session, episode, plan_input=second_input, plan=second, user_id=None)
    with clinic.ctx.db.unit_of_work() as session:
        versions = repo.plan_versions(session, episode.id)
        stored = repo.episode_by_id(session, episode.id)
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[0]["plan"] == first
    assert versions[1]["plan"] == second
    assert versions[0]["content_version"] == first["content_version"]
    assert stored is not None
    assert stored.plan == second
    assert stored.version == 2


def test_a_write_from_a_stale_read_is_refused_and_rolled_back(clinic: Clinic) -> None:
    plan_input = _plan_input()
    plan = spinepath.make_plan(plan_input)
    with clinic.ctx.db.unit_of_work() as session:
        episode = repo.add_episode(
            session,
            patient_id=clinic.patient_ids["bob"],
            state="assessed",
            plan_input=plan_input,
            plan=plan,
            user_id=None,
        )
    with clinic.ctx.db.unit_of_work() as session:
        repo.set_state(session, episode, "cancelled", reason="first writer", user_id=None)
    with pytest.raises(repo.StaleVersionError), clinic.ctx.db.unit_of_work() as session:
        repo.set_state(session, episode, "postponed", reason="second writer, stale", user_id=None)
    with clinic.ctx.db.unit_of_work() as session:
        stored = repo.episode_by_id(session, episode.id)
        history = repo.state_history(session, episode.id)
    assert stored is not None
    assert stored.state == "cancelled"
    assert [h["to"] for h in history] == ["cancelled"]


def test_patient_search_matches_name_nhs_number_and_mrn(clinic: Clinic) -> None:
    with clinic.ctx.db.unit_of_work() as session:
        clinic_id = clinic.ctx.clinic_id
        by_name = repo.search_patients(session, clinic_id=clinic_id, query="ann ex")
        by_nhs = repo.search_patients(session, clinic_id=clinic_id, query="943 476 5919")
        other_clinic = repo.search_patients(session, clinic_id=clinic_id + 999, query="ann")
    assert [p.id for p in by_name] == [clinic.patient_ids["ann"]]
    assert [p.id for p in by_nhs] == [clinic.patient_ids["ann"]]
    assert other_clinic == []


def _backend_pid(db: Database) -> int:
    with db.autocommit() as session:
        return int(session.scalar(text("SELECT pg_backend_pid()")) or 0)


@pytest.mark.parametrize("idle", [True, False], ids=["idle", "busy"])
def test_a_pooled_connection_that_died_while_idle_is_replaced(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch, idle: bool
) -> None:
    """Only an idle connection is checked before use; a dead one is then replaced quietly."""
    db = Database(postgres.new_database())
    try:
        first = _backend_pid(db)
        conninfo = f"host=127.0.0.1 port={postgres.port} user=postgres dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as other:  # the server ends it
            other.execute("SELECT pg_terminate_backend(%s, 5000)", (first,))  # waits for it
        if idle:
            monkeypatch.setattr(store_db, "IDLE_PING_SECONDS", 0.0)
            assert _backend_pid(db) not in {0, first}
        else:  # in steady use it is not pinged, so the first statement meets the dead one
            monkeypatch.setattr(store_db, "IDLE_PING_SECONDS", 3600.0)
            with pytest.raises(OperationalError):
                _backend_pid(db)
            assert _backend_pid(db) not in {0, first}  # and the pool has moved on
    finally:
        db.dispose()
