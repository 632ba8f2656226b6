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
    for role, name in (("clinician", "Dr Clara Test"), ("nurse", "Nina Nurse")):
        made[role] = users.create_user(
            ctx,
            email=f"{role}@test.org",
            role=Role(role),
            password=PASSWORD,
            patient_id=None,
            name=name,
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


def past(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def past_episode(
    clinic: Clinic, *, days_ago: int = 1, patient: str = "ann", **facts: Any
) -> dict[str, Any]:
    """An episode whose procedure was ``days_ago`` days ago, planned three weeks before it
    (as the demo loads history; the API refuses a date that has passed)."""
    from spinepath.services import episodes

    day = dt.date.today() - dt.timedelta(days=days_ago)
    body = {
        "procedure": "drg-block",
        "procedure_date": day.isoformat(),
        "escort_arranged": True,
        "medications": [],
        **facts,
    }
    episode = episodes.create_episode(
        clinic.ctx,
        clinic.users["nurse"],
        clinic.patient_ids[patient],
        body,
        made_on=day - dt.timedelta(days=21),
    )
    return episodes.episode_json(episode)


def all_risks(clinic: Clinic, episode: dict[str, Any]) -> list[str]:
    """Every risk on the episode's consent form for its spinal level."""
    from spinepath.domain.consent import consent_risks

    procedure = clinic.ctx.knowledge.procedures[episode["plan"]["procedure"]["id"]]
    level = episode["plan_input"].get("spinal_level")
    return [risk.id for risk in consent_risks(procedure, level)]


def sign_off(clinic: Clinic, episode_id: int) -> dict[str, Any]:
    """The clinician signs off the episode's current plan."""
    current = clinic.call("clinician", "GET", f"/api/v1/episodes/{episode_id}").json()
    response = clinic.call(
        "clinician",
        "POST",
        f"/api/v1/episodes/{episode_id}/sign-off",
        json={"version": current["version"]},
    )
    assert response.status_code == 200, response.text
    signed: dict[str, Any] = response.json()
    return signed


def ready_for_the_day(clinic: Clinic, episode: dict[str, Any]) -> dict[str, Any]:
    """Consent with every risk discussed, the plan signed off, the procedure scheduled."""
    url = f"/api/v1/episodes/{episode['id']}"
    consent = clinic.call(
        "nurse", "POST", f"{url}/consent", json={"risks_discussed": all_risks(clinic, episode)}
    )
    assert consent.status_code == 201, consent.text
    sign_off(clinic, episode["id"])
    scheduled = clinic.call("nurse", "POST", f"{url}/transitions", json={"to": "scheduled"})
    assert scheduled.status_code == 200, scheduled.text
    body: dict[str, Any] = scheduled.json()
    return body
