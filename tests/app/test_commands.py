"""The app's commands from the contract: db upgrade, users create, synth and demo."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import httpx

from spinepath.store import migrate
from spinepath.store import repositories as repo
from spinepath.store.db import Database
from tests.contract.conftest import CLI
from tests.support import PostgresServer, free_port


def _run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SPINEPATH_DATABASE_URL": url, "SPINEPATH_SECRET_KEY": "cli-test"}
    return subprocess.run(
        [CLI, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_upgrade_create_users_and_synthesise(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgraded = _run(url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert migrate.current_heads(url)
    made = _run(
        url,
        "users",
        "create",
        "--email",
        "Lead@Clinic.org",
        "--role",
        "admin",
        "--password",
        "long-enough-1",
    )
    assert made.returncode == 0, made.stderr
    again = _run(
        url,
        "users",
        "create",
        "--email",
        "lead@clinic.org",
        "--role",
        "nurse",
        "--password",
        "long-enough-1",
    )
    assert again.returncode == 2
    assert "already exists" in again.stderr
    bad_role = _run(
        url,
        "users",
        "create",
        "--email",
        "x@clinic.org",
        "--role",
        "wizard",
        "--password",
        "long-enough-1",
    )
    assert bad_role.returncode == 2
    assert bad_role.stderr.startswith("error: role:")
    orphan = _run(
        url,
        "users",
        "create",
        "--email",
        "p@clinic.org",
        "--role",
        "patient",
        "--password",
        "long-enough-1",
    )
    assert orphan.returncode == 2
    assert orphan.stderr.startswith("error: patient_id:")
    synth = _run(url, "synth", "--patients", "4")
    assert synth.returncode == 0, synth.stderr
    db = Database(url)
    try:
        with db.unit_of_work() as session:
            assert repo.count_patients(session) == 4
            assert repo.user_by_email(session, "lead@clinic.org") is not None
    finally:
        db.dispose()


def test_demo_fills_the_database_prints_the_logins_and_serves(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    port = free_port()
    env = {**os.environ, "SPINEPATH_DATABASE_URL": url}
    process = subprocess.Popen(
        [CLI, "demo", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        else:
            raise AssertionError("the demo did not start")
        login = httpx.get(f"http://127.0.0.1:{port}/login")
        token = re.search(r'name="csrf" value="([^"]+)"', login.text)
        assert token
        signed = httpx.post(
            f"http://127.0.0.1:{port}/login",
            data={
                "email": "nurse@demo.spinepath.org",
                "password": "demo-pass-2026",
                "csrf": token.group(1),
            },
            cookies=login.cookies,
        )
        assert signed.status_code == 303
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
    assert "nurse@demo.spinepath.org" in output
    db = Database(url)
    try:
        with db.unit_of_work() as session:
            assert repo.count_patients(session) >= 64
            states = {
                e.state
                for p in repo.search_patients(session, clinic_id=1, query="", limit=500)
                for e in repo.episodes_of_patient(session, p.id)
            }
    finally:
        db.dispose()
    assert {
        "assessed",
        "consented",
        "scheduled",
        "done",
        "followed_up",
        "closed",
        "cancelled",
        "postponed",
    } <= states


def test_serve_on_a_server_database_needs_a_secret_key(postgres: PostgresServer) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SPINEPATH_SECRET_KEY"}
    env["SPINEPATH_DATABASE_URL"] = postgres.new_database()
    done = subprocess.run(
        [CLI, "serve", "--port", str(free_port())],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "SPINEPATH_SECRET_KEY" in done.stderr
