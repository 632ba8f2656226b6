"""Audit events of reads: grouped into one statement on an event loop, never lost."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError

from spinepath.domain.records import Role
from spinepath.store import migrate
from spinepath.store import repositories as repo
from spinepath.store import tables as t
from spinepath.store.audit_writer import AuditWriter, NotWritten
from spinepath.store.db import Database
from tests.app.conftest import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = database_url(request.param, lambda: request.getfixturevalue("postgres"), tmp_path)
    migrate.upgrade(url)
    database = Database(url)
    yield database
    database.dispose()


def _user(db: Database) -> int:
    with db.unit_of_work() as session:
        clinic = repo.ensure_clinic(session, "Audit Clinic")
        return repo.add_user(
            session,
            email="reader@test.org",
            password_hash="x",
            role=Role.NURSE,
            clinic_id=clinic,
            patient_id=None,
        ).id


def _row(user_id: int, detail: str) -> dict[str, Any]:
    return repo.audit_row(
        user_id=user_id, action="read", entity="patient", entity_id=1, patient_id=1, detail=detail
    )


def _inserts(db: Database) -> list[str]:
    seen: list[str] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _count(*args: Any) -> None:
        if str(args[2]).lstrip().upper().startswith("INSERT INTO AUDIT_EVENTS"):
            seen.append(args[2])

    return seen


def _details(db: Database) -> list[str | None]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(t.AuditEvent.detail).order_by(t.AuditEvent.id)))


def test_reads_arriving_together_are_committed_in_one_statement(db: Database) -> None:
    writer, user = AuditWriter(db), _user(db)
    inserts = _inserts(db)

    async def twenty_requests() -> None:
        await asyncio.gather(*(writer.write(_row(user, f"r{i}")) for i in range(20)))

    asyncio.run(twenty_requests())
    assert len(inserts) == 1
    assert sorted(str(d) for d in _details(db)) == sorted(f"r{i}" for i in range(20))


def test_one_bad_event_fails_only_its_own_request(db: Database) -> None:
    writer, user = AuditWriter(db), _user(db)

    async def three_requests() -> list[BaseException | None]:
        rows = [_row(user, "first"), _row(user + 1000, "no such user"), _row(user, "third")]
        return await asyncio.gather(*(writer.write(row) for row in rows), return_exceptions=True)

    results = asyncio.run(three_requests())
    assert results[0] is None
    assert results[2] is None
    assert isinstance(results[1], IntegrityError)
    assert _details(db) == ["first", "third"]


def test_a_failure_of_the_database_fails_every_waiting_request_at_once(db: Database) -> None:
    writer, user = AuditWriter(db), _user(db)
    inserts = _inserts(db)
    with db.autocommit() as session:  # the table is gone: not a fault of any one event
        session.execute(text("DROP TABLE audit_events"))

    async def three_requests() -> list[BaseException | None]:
        rows = [_row(user, f"r{i}") for i in range(3)]
        return await asyncio.gather(*(writer.write(row) for row in rows), return_exceptions=True)

    results = asyncio.run(three_requests())
    assert all(isinstance(r, Exception) for r in results)
    assert len(inserts) == 1  # tried once for the group, not once a row


@pytest.mark.parametrize("steps", [1, 3], ids=["before-it-runs", "while-it-writes"])
def test_a_closing_loop_leaves_no_request_waiting(db: Database, steps: int) -> None:
    """When the writing task is cancelled, its waiting requests fail; none waits for ever."""
    writer, user = AuditWriter(db), _user(db)

    async def cancelled_while_writing() -> BaseException | None:
        waiting = asyncio.ensure_future(writer.write(_row(user, "late")))
        for _ in range(steps):
            await asyncio.sleep(0)
        group = next(iter(writer._groups.values()))
        assert group.task is not None
        group.task.cancel()
        try:
            await asyncio.wait_for(waiting, timeout=30)
        except Exception as error:
            return error
        return None

    outcome = asyncio.run(cancelled_while_writing())
    assert isinstance(outcome, NotWritten)


def test_writing_starts_again_after_the_writing_task_was_cancelled(db: Database) -> None:
    writer, user = AuditWriter(db), _user(db)

    async def cancel_then_write() -> None:
        first = asyncio.ensure_future(writer.write(_row(user, "first")))
        await asyncio.sleep(0)
        group = next(iter(writer._groups.values()))
        assert group.task is not None
        group.task.cancel()
        await asyncio.gather(first, return_exceptions=True)
        await asyncio.wait_for(writer.write(_row(user, "second")), timeout=30)

    asyncio.run(cancel_then_write())
    assert "second" in _details(db)
