"""The app's commands from the contract: db upgrade, users create, synth and demo."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from spinepath.store import migrate
from spinepath.store import repositories as repo
from spinepath.store.db import Database
from tests.contract.conftest import CLI
from tests.support import PostgresServer, free_port, wait_until_healthy


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


def _workers(parent: int) -> set[int]:
    """The worker processes of a ``serve --workers`` parent (not multiprocessing's helper)."""
    found: set[int] = set()
    try:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    except OSError:  # the parent has gone
        return found
    for child in children:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:  # reaped between the two reads
            continue
        if b"spawn_main" in command:
            found.add(int(child))
    return found


def _replaced(workers: set[int], victim: int) -> bool:
    """Two workers again, from one look at the parent's children, and the victim not one."""
    return len(workers) == 2 and victim not in workers


def _running(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _eventually(check: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_serve_with_workers_replaces_a_worker_that_dies_and_stops_cleanly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    port = free_port()
    env = {**os.environ, "SPINEPATH_DATABASE_URL": url, "SPINEPATH_SECRET_KEY": "cli-test"}
    log = tmp_path / "serve.log"  # a file, not a pipe: nobody needs to read it while serving
    with log.open("w") as output:
        process = subprocess.Popen(
            [CLI, "serve", "--port", str(port), "--workers", "2"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process)
        assert _eventually(lambda: len(_workers(process.pid)) == 2)
        first = _workers(process.pid)
        for _ in range(20):  # new connections, spread by the kernel over the workers' sockets
            with httpx.Client(base_url=base, timeout=10) as client:
                assert client.get("/healthz").status_code == 200
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        assert _eventually(lambda: not _running(victim))
        assert _eventually(lambda: _replaced(_workers(process.pid), victim))
        wait_until_healthy(base, process)
        survivors = _workers(process.pid)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    said = log.read_text()
    assert f"worker {victim} stopped" in said, said
    assert not any(_running(pid) for pid in survivors)


def test_serve_workers_stop_when_their_parent_is_killed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'orphans.db'}"
    port = free_port()
    env = {**os.environ, "SPINEPATH_DATABASE_URL": url, "SPINEPATH_SECRET_KEY": "cli-test"}
    process = subprocess.Popen(
        [CLI, "serve", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    workers: set[int] = set()
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process)
        assert _eventually(lambda: len(_workers(process.pid)) == 2)
        workers = _workers(process.pid)
        process.kill()  # no chance to stop them
        process.wait(timeout=30)
        assert _eventually(lambda: not any(_running(pid) for pid in workers))
    finally:
        if process.poll() is None:
            process.kill()
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_serve_with_workers_refuses_a_port_already_in_use(tmp_path: Path) -> None:
    """Also another server's port: its SO_REUSEPORT sockets would otherwise share it."""
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    env = {**os.environ, "SPINEPATH_DATABASE_URL": url, "SPINEPATH_SECRET_KEY": "cli-test"}
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [CLI, "serve", "--port", str(port), "--workers", "2"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1 port {port}" in done.stderr
