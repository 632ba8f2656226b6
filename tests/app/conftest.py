"""A fresh database per test module, on SQLite and on PostgreSQL, with one user per role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from spinepath.config import Settings
from spinepath.domain.records import Role, UserRecord
from spinepath.services import patients, users
from spinepath.services.context import AppContext
from spinepath.web.app import build_context, create_app
from tests.support import PostgresServer, live_server

PASSWORD = "correct-horse-9"
BACKENDS = ["sqlite", "postgresql"]


def database_url(backend: str, postgres_factory: Any, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'test.db'}"
    server: PostgresServer = postgres_factory()
    return server.new_database()


@dataclass
class Clinic:
    """A running app with its data: users by role and two patients."""

    ctx: AppContext
    client: httpx.Client
    users: dict[str, UserRecord]
    patient_ids: dict[str, int]
    base_url: str = ""
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        if role not in self.tokens:
            response = self.client.post(
                "/api/v1/auth/token",
                data={"username": self.users[role].email, "password": PASSWORD},
            )
            assert response.status_code == 200, response.text
            self.tokens[role] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def call(self, role: str | None, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = self.headers(role) if role else {}
        return self.client.request(method, url, headers=headers, **kwargs)


@contextmanager
def running_clinic(url: str, secret: str = "test-secret-key") -> Iterator[Clinic]:
    """The app on a real loopback server, with its data; stopped after."""
    settings = Settings(database_url=url, secret_key=secret)
    ctx = build_context(settings)
    admin = users.create_user(
        ctx, email="admin@test.org", role=Role.ADMIN, password=PASSWORD, patient_id=None
    )
    made = {"admin": admin}
    for role in ("clinician", "nurse"):
        made[role] = users.create_user(
            ctx, email=f"{role}@test.org", role=Role(role), password=PASSWORD, patient_id=None
        )
    ann = patients.create_patient(
        ctx,
        admin,
        {"name": "Ann Example", "date_of_birth": "1960-04-02", "nhs_number": "9434765919"},
    )
    bob = patients.create_patient(
        ctx, admin, {"name": "Bob Example", "date_of_birth": "1955-09-12"}
    )
    made["patient"] = users.create_user(
        ctx, email="ann@test.org", role=Role.PATIENT, password=PASSWORD, patient_id=ann.id
    )
    made["other_patient"] = users.create_user(
        ctx, email="bob@test.org", role=Role.PATIENT, password=PASSWORD, patient_id=bob.id
    )
    with (
        live_server(create_app(settings, ctx=ctx)) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield Clinic(ctx, client, made, {"ann": ann.id, "bob": bob.id}, base_url=base)
    ctx.db.dispose()


def future(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()
