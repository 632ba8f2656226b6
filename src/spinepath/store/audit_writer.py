"""Audit events of reads that are not part of a transaction of their own.

Every read of patient data writes an audit event, and the answer is not sent until that
event is committed. Requests served on an event loop that arrive together share one
INSERT statement, so one commit (and one disk flush) serves them all (group commit).
Nothing is written later or in the background: each caller resumes only once the statement
holding its event has committed, and raises if it did not.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
from sqlalchemy.exc import DataError, IntegrityError

from spinepath.store import repositories as repo
from spinepath.store.db import Database

Row = dict[str, Any]
# Rows in one statement: well under PostgreSQL's limit of 65,535 parameters (7 a row).
MOST_ROWS = 500


class NotWritten(RuntimeError):
    """The event loop closed before the event's statement ran."""


@dataclass
class _Group:
    """Events waiting on one event loop, and the task writing them."""

    waiting: list[tuple[Row, asyncio.Future[None]]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None


def _fail(futures: list[asyncio.Future[None]]) -> None:
    for done in futures:
        if not done.done():
            done.set_exception(NotWritten("the audit event was not written"))


def _fail_if_cancelled(group: _Group, task: asyncio.Task[None]) -> None:
    """A task cancelled before it ran never reached its ``finally``: fail its waiters."""
    if task.cancelled() and group.task is task:
        _fail([done for _, done in group.waiting])
        group.waiting.clear()


class AuditWriter:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._groups: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Group] = (
            weakref.WeakKeyDictionary()
        )

    async def write(self, row: Row) -> None:
        """Commit one event (made by ``repositories.audit_row``) with any others waiting."""
        loop = asyncio.get_running_loop()
        group = self._groups.setdefault(loop, _Group())
        done: asyncio.Future[None] = loop.create_future()
        group.waiting.append((row, done))
        if group.task is None or group.task.done():
            group.task = loop.create_task(self._drain(group))
            group.task.add_done_callback(lambda task: _fail_if_cancelled(group, task))
        await done

    async def _drain(self, group: _Group) -> None:
        """Write what is waiting, one statement at a time, until nothing is."""
        batch: list[tuple[Row, asyncio.Future[None]]] = []
        try:
            while group.waiting:
                batch, group.waiting = group.waiting[:MOST_ROWS], group.waiting[MOST_ROWS:]
                try:
                    errors = await anyio.to_thread.run_sync(self._commit, [row for row, _ in batch])
                except Exception as error:  # every waiting request is told
                    errors = [error] * len(batch)
                for (_, done), failure in zip(batch, errors, strict=True):
                    if done.done():  # the request went away; the event is written anyway
                        continue
                    if failure is None:
                        done.set_result(None)
                    else:
                        done.set_exception(failure)
                batch = []
        finally:  # only when cancelled (the loop is closing): nobody may wait for ever
            _fail([done for _, done in batch])
            _fail([done for _, done in group.waiting])
            group.waiting.clear()

    def _commit(self, rows: list[Row]) -> list[BaseException | None]:
        """Commit the rows in one statement.

        If the statement is refused for its data, commit each row on its own, so that one
        bad event fails only its own request. Any other failure (the database is away)
        fails them all at once rather than once per row.
        """
        try:
            with self._db.autocommit() as session:  # one statement: its own transaction
                repo.add_audits(session, rows)
            return [None] * len(rows)
        except (IntegrityError, DataError) as error:
            if len(rows) == 1:
                return [error]
        errors: list[BaseException | None] = []
        for row in rows:
            try:
                with self._db.autocommit() as session:
                    repo.add_audits(session, [row])
                errors.append(None)
            except (IntegrityError, DataError) as error:
                errors.append(error)
        return errors
