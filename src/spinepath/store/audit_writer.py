"""Audit events of reads that are not part of a transaction of their own.

Every read of patient data writes an audit event, and the answer is not sent until that
event is committed. ``write`` commits one event. ``write_async`` is for requests served on
an event loop: events from requests that arrive together share one INSERT statement, so one
commit (and one disk flush) serves them all (group commit). Nothing is written later or in
the background: each caller resumes only once the statement holding its event has
committed, and raises if it did not.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread

from spinepath.store import repositories as repo
from spinepath.store.db import Database

Row = dict[str, Any]


@dataclass
class _Group:
    """Events waiting on one event loop, and the task writing them."""

    waiting: list[tuple[Row, asyncio.Future[None]]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None


class AuditWriter:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._groups: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Group] = (
            weakref.WeakKeyDictionary()
        )

    def write(self, row: Row) -> None:
        """Commit one event (made by ``repositories.audit_row``)."""
        error = self._commit([row])[0]
        if error is not None:
            raise error

    async def write_async(self, row: Row) -> None:
        """Commit one event together with any others waiting on this event loop."""
        loop = asyncio.get_running_loop()
        group = self._groups.setdefault(loop, _Group())
        done: asyncio.Future[None] = loop.create_future()
        group.waiting.append((row, done))
        if group.task is None:
            group.task = loop.create_task(self._drain(group))
        await done

    async def _drain(self, group: _Group) -> None:
        """Write what is waiting, one statement at a time, until nothing is."""
        try:
            while group.waiting:
                batch, group.waiting = group.waiting, []
                try:
                    errors = await anyio.to_thread.run_sync(self._commit, [row for row, _ in batch])
                except Exception as error:
                    errors = [error] * len(batch)
                for (_, done), failure in zip(batch, errors, strict=True):
                    if done.done():  # the request went away; the event is written anyway
                        continue
                    if failure is None:
                        done.set_result(None)
                    else:
                        done.set_exception(failure)
        finally:
            group.task = None
            for _, done in group.waiting:  # only if this task was cancelled (shut-down)
                if not done.done():
                    done.set_exception(RuntimeError("the audit event was not written"))
            group.waiting.clear()

    def _commit(self, rows: list[Row]) -> list[BaseException | None]:
        """Commit the rows in one statement; if that fails, each on its own."""
        try:
            with self._db.autocommit() as session:  # one statement: its own transaction
                repo.add_audits(session, rows)
            return [None] * len(rows)
        except Exception:
            if len(rows) == 1:
                raise
        errors: list[BaseException | None] = []
        for row in rows:  # keep one bad event from failing the others
            try:
                with self._db.autocommit() as session:
                    repo.add_audits(session, [row])
                errors.append(None)
            except Exception as error:
                errors.append(error)
        return errors
