"""Engines and sessions for SQLite (the default) and PostgreSQL."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker


def _private_file(path: Path) -> None:
    """Creates the SQLite file readable by its owner only (SQLite gives its -wal and -shm
    files the same permissions), and narrows an existing file's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)


def make_engine(url: str) -> Engine:
    """The engine for ``url``. Statement parameters (patients' words) never appear in an
    error message or a log: ``hide_parameters``."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        _private_file(Path(url.removeprefix("sqlite:///")))
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(connection: Any, _: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # Last in, first out: the connections in steady use stay warm (and unpinged), and the
    # spare ones age and are pinged before their next use.
    engine = create_engine(
        url, pool_size=20, max_overflow=40, pool_use_lifo=True, hide_parameters=True
    )
    _ping_when_idle(engine)
    return engine


# A pooled connection left unused this long is checked before use; one in steady use is
# not, which saves a round trip on every request of a busy server.
IDLE_PING_SECONDS = 5.0


def _ping_when_idle(engine: Engine) -> None:
    """Replace a pooled connection that died while idle (say, the server restarted).

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout. This pings only connections
    that sat idle; if the server goes away mid-stream, the first statement on each stale
    connection fails, and SQLAlchemy then discards every older pooled connection.
    """

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool replaces the connection and tries again
            raise exc.DisconnectionError(f"idle connection is gone: {error}") from error


class Database:
    """One engine and its session factory; ``unit_of_work`` commits or rolls back."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Work whose statements need not commit together (who is signed in; a read and its
        # audit event) runs in autocommit: each statement commits on its own, which saves the
        # BEGIN and COMMIT round trips.
        self._autocommit = sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
        )

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def autocommit(self) -> Iterator[Session]:
        """A session in which each statement is its own transaction; nothing is rolled back."""
        session = self._autocommit()
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
