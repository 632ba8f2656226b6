"""Latency and throughput of the clinic app on PostgreSQL holding many patients.

Starts a throwaway PostgreSQL (fsync on, as in production, unless ``--no-fsync``),
migrates it, bulk-loads N patients each with an episode (plans made by the engine from
varied example inputs), serves the app with ``spinepath serve --workers`` on loopback, and
drives it with C concurrent clients for a fixed time per endpoint: the staff worklist page
(GET /) and POST /api/v1/plans.

Run: ``uv run python benchmarks/bench_app.py --patients 100000 --clients 50 --seconds 20``
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import PostgresServer, app_process  # noqa: E402

from spinepath import make_plan  # noqa: E402
from spinepath.config import Settings  # noqa: E402
from spinepath.services.users import hash_password  # noqa: E402
from spinepath.store import migrate  # noqa: E402
from spinepath.store import tables as t  # noqa: E402
from spinepath.store.db import make_engine  # noqa: E402

PASSWORD = "bench-pass-2026"
MEDS = [
    ["Xarelto 20mg OD"],
    ["clopidogrel 75mg od", "metformin 500mg bd"],
    [],
    ["naproxen 500mg bd"],
    ["warfarin 3mg"],
]
PROCEDURES = [
    "drg-block",
    "interlaminar-epidural",
    "medial-branch-block",
    "facet-rfa",
    "sacroiliac-joint-injection",
    "vertebral-augmentation",
]
STATES = ["assessed", "consented", "scheduled", "done", "followed_up", "closed"]


# A region that has used the system for about three years: most episodes are in the past
# and closed; about 3% are booked in the next 90 days (about 70 a week across the region).
PAST_OFFSETS = tuple(range(-1080, -6, 15))
FUTURE_OFFSETS = tuple(range(2, 91, 2))
FUTURE_SHARE = 0.03


def _offset(rng: random.Random) -> int:
    return rng.choice(FUTURE_OFFSETS if rng.random() < FUTURE_SHARE else PAST_OFFSETS)


def _state(rng: random.Random, offset: int) -> str:
    if offset > 0:
        return rng.choice(STATES[:3])
    if offset > -90:
        return rng.choice(["done", "followed_up", "followed_up", "closed"])
    return "closed" if rng.random() < 0.9 else "followed_up"


def _plan_templates(today: dt.date) -> dict[int, list[tuple[dict[str, Any], dict[str, Any]]]]:
    templates: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for offset in PAST_OFFSETS + FUTURE_OFFSETS:
        for procedure in PROCEDURES:
            for meds in MEDS:
                plan_input = {
                    "procedure": procedure,
                    "procedure_date": (today + dt.timedelta(days=offset)).isoformat(),
                    "today": (today + dt.timedelta(days=min(offset - 21, 0))).isoformat(),
                    "medications": meds,
                    "escort_arranged": True,
                }
                templates.setdefault(offset, []).append((plan_input, make_plan(plan_input)))
    return templates


def load(url: str, patients: int) -> None:
    """Bulk-load patients and episodes (the benchmark measures reads and plans, not loading)."""
    migrate.upgrade(url)
    engine = make_engine(url)
    rng = random.Random(1)
    today = dt.date.today()
    templates = _plan_templates(today)
    with engine.begin() as connection:
        clinic_id = connection.execute(
            insert(t.Clinic).returning(t.Clinic.id), {"name": "Pain Clinic"}
        ).scalar_one()
        connection.execute(
            insert(t.User),
            {
                "email": "nurse@bench.org",
                "password_hash": hash_password(PASSWORD),
                "role": "nurse",
                "clinic_id": clinic_id,
                "active": True,
            },
        )
    batch = 5000
    for start in range(0, patients, batch):
        size = min(batch, patients - start)
        with engine.begin() as connection:
            ids = (
                connection.execute(
                    insert(t.Patient).returning(t.Patient.id),
                    [
                        {
                            "clinic_id": clinic_id,
                            "name": f"Patient {start + i}",
                            "date_of_birth": dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                            "mrn": f"B{start + i:08d}",
                            "version": 1,
                        }
                        for i in range(size)
                    ],
                )
                .scalars()
                .all()
            )
            rows = []
            for pid in ids:
                offset = _offset(rng)
                plan_input, plan = rng.choice(templates[offset])
                reviewed = rng.random() < 0.9
                holds = [
                    h["last_dose_date"] for h in plan["medication_holds"] if h.get("last_dose_date")
                ]
                rows.append(
                    {
                        "patient_id": pid,
                        "procedure_id": plan["procedure"]["id"],
                        "state": _state(rng, offset),
                        "procedure_date": dt.date.fromisoformat(plan_input["procedure_date"]),
                        "plan_input": plan_input,
                        "plan": plan,
                        "plan_status": plan["status"],
                        "content_version": plan["content_version"],
                        "plan_number": 1,
                        "reviewed_plan_number": 1 if reviewed else None,
                        "first_last_dose": dt.date.fromisoformat(min(holds)) if holds else None,
                        "final_last_dose": dt.date.fromisoformat(max(holds)) if holds else None,
                        "clinic_id": clinic_id,
                        "awaiting_review": plan["status"] != "ready"
                        and not reviewed
                        and offset > 0,
                        "version": 1,
                    }
                )
            connection.execute(insert(t.Episode), rows)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
        # Write the load's pages to disk now, so that the checkpoint does not run during
        # the measurement.
        connection.exec_driver_sql("CHECKPOINT")
    engine.dispose()


def _drive_python(
    base: str, clients: int, seconds: float, request: dict[str, Any], cookies: dict[str, str]
) -> dict[str, float]:
    return asyncio.run(_drive(base, clients, seconds, request, cookies))


async def _drive(
    base: str, clients: int, seconds: float, request: dict[str, Any], cookies: dict[str, str]
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as client:
            while time.monotonic() < stop:
                began = time.perf_counter()
                response = await client.request(**request)
                latencies.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    errors += 1

    began = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.monotonic() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors,
        "rps": round(len(ordered) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 1),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 1),
    }


WRK_SCRIPT = """
wrk.method = os.getenv("BENCH_METHOD")
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
if os.getenv("BENCH_COOKIE") ~= "" then wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %.1f %.1f %.1f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.duration, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def _drive_wrk(
    base: str, clients: int, seconds: float, request: dict[str, Any], cookies: dict[str, str]
) -> dict[str, float]:
    """The same load from wrk (a C load generator), which leaves the server more of the CPU."""
    script = Path("/tmp/spinepath-bench.lua")
    script.write_text(WRK_SCRIPT)
    env = {
        **os.environ,
        "BENCH_METHOD": request["method"],
        "BENCH_BODY": json.dumps(request.get("json")) if "json" in request else "",
        "BENCH_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{clients}",
            f"-d{int(seconds)}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            base + request["url"],
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    count, errors, micros, p50, p95, p99 = line.split()[1:]
    return {
        "requests": int(count),
        "errors": int(errors),
        "rps": round(int(count) / (int(micros) / 1e6), 1),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "p99_ms": float(p99),
    }


def _session_cookies(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        client.post(
            "/login",
            data={"email": "nurse@bench.org", "password": PASSWORD, "csrf": token.group(1)},
        )
        return dict(client.cookies)


class _Writer:
    """Changes one patient's details at a steady rate, as staff at work would."""

    def __init__(self, base: str, per_second: float) -> None:
        self.base, self.per_second = base, per_second
        self.done = threading.Event()
        self.writes = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            token = client.post(
                "/api/v1/auth/token", data={"username": "nurse@bench.org", "password": PASSWORD}
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            version = client.get("/api/v1/patients/1", headers=headers).json()["version"]
            while not self.done.wait(1 / self.per_second):
                answer = client.patch(
                    "/api/v1/patients/1",
                    headers=headers,
                    json={"version": version, "mrn": f"W{self.writes:07d}"},
                )
                answer.raise_for_status()
                version = answer.json()["version"]
                self.writes += 1

    def __enter__(self) -> _Writer:
        if self.per_second > 0:
            self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()
        if self.thread.is_alive():
            self.thread.join(timeout=30)


def _with_writes(
    args: argparse.Namespace,
    drive: Any,
    base: str,
    page: dict[str, Any],
    cookies: dict[str, str],
) -> dict[str, float] | None:
    """The worklist page again while a patient's details change: each change rebuilds it."""
    if args.writes_per_second <= 0:
        return None
    with _Writer(base, args.writes_per_second) as writer:
        result = drive(base, args.clients, args.seconds, page, cookies)
    return {**result, "writes": writer.writes}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--writes-per-second",
        type=float,
        default=1,
        help="patient changes a second during a second worklist run (0: skip that run)",
    )
    parser.add_argument("--warmup", type=float, default=5, help="seconds per endpoint, unrecorded")
    parser.add_argument(
        "--no-fsync", action="store_true", help="run PostgreSQL with fsync=off, as the tests do"
    )
    parser.add_argument("--python-client", action="store_true", help="drive with httpx, not wrk")
    args = parser.parse_args()
    server = PostgresServer(durable=not args.no_fsync)
    server.start()
    stack = ExitStack()
    try:
        url = server.new_database()
        began = time.monotonic()
        load(url, args.patients)
        load_seconds = round(time.monotonic() - began, 1)
        env = {**os.environ, "SPINEPATH_DATABASE_URL": url, "SPINEPATH_SECRET_KEY": "bench-secret"}
        base = stack.enter_context(app_process(env=env, workers=args.workers))
        cookies = _session_cookies(base)
        began = time.monotonic()
        first = httpx.get(base + "/", cookies=cookies, timeout=60)
        first_page_ms = round((time.monotonic() - began) * 1000, 1)
        assert first.status_code == 200, first.status_code
        plan_body = {
            "procedure": "drg-block",
            "procedure_date": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
            "medications": ["Xarelto 20mg OD", "metformin 500mg twice a day"],
            "conditions": ["diabetes"],
            "escort_arranged": True,
        }
        drive = _drive_wrk if shutil.which("wrk") and not args.python_client else _drive_python
        page = {"method": "GET", "url": "/"}
        plans = {"method": "POST", "url": "/api/v1/plans", "json": plan_body}
        for request, jar in ((page, cookies), (plans, {})):  # warm-up, not recorded
            drive(base, args.clients, args.warmup, request, jar)
        results = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "patients": args.patients,
            "load_seconds": load_seconds,
            "clients": args.clients,
            "seconds_per_endpoint": args.seconds,
            "workers": args.workers,
            "threads_per_worker": Settings().threads,
            "postgresql_fsync": not args.no_fsync,
            "load_generator": "wrk" if drive is _drive_wrk else "httpx (Python)",
            "warmup_seconds_per_endpoint": args.warmup,
            "first_worklist_page_ms": first_page_ms,
            "worklist_page": drive(base, args.clients, args.seconds, page, cookies),
            "worklist_page_with_writes": _with_writes(args, drive, base, page, cookies),
            "post_plans": drive(base, args.clients, args.seconds, plans, {}),
        }
        print(json.dumps(results, indent=2))
    finally:
        stack.close()
        server.stop()


if __name__ == "__main__":
    main()
