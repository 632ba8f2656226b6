"""Input and output limits, on a real server: body size, hidden characters, search
wildcards, date bounds, security headers, no caching of patient data, local API docs, and
503 with a JSON body when the database is down."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.app.conftest import Clinic, future, running_clinic

PLAN = {"procedure": "drg-block", "procedure_date": future(30), "escort_arranged": True}


def test_a_body_over_the_limit_is_refused_before_it_is_read(clinic: Clinic) -> None:
    big = b'{"lines": ["' + b"a" * (2 * 1024 * 1024) + b'"]}'
    response = clinic.client.post(
        "/api/v1/meds/parse", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "larger than the limit" in response.json()["detail"]


def test_a_body_without_a_length_is_cut_off_at_the_limit(clinic: Clinic) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"lines": ["'
        for _ in range(40):
            yield b"a" * 65536
        yield b'"]}'

    response = clinic.client.post(
        "/api/v1/meds/parse", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "larger than the limit" in response.json()["detail"]


def test_a_body_under_the_limit_is_read(clinic: Clinic) -> None:
    response = clinic.call(None, "POST", "/api/v1/meds/parse", json={"lines": ["warfarin 3mg"]})
    assert response.status_code == 200
    assert response.json()[0]["ingredients"] == ["warfarin"]


@pytest.mark.parametrize(
    "name", ["Ann \u202eelpmaxE", "Ann\u200bExample", "Ann\u2066Example", "Ann\x07Example"]
)
def test_hidden_control_characters_are_refused_in_a_name(clinic: Clinic, name: str) -> None:
    before = clinic.call("nurse", "GET", "/api/v1/patients").json()["items"]
    response = clinic.call(
        "nurse", "POST", "/api/v1/patients", json={"name": name, "date_of_birth": "1970-01-01"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "name"
    assert "control character" in response.json()["message"]
    assert clinic.call("nurse", "GET", "/api/v1/patients").json()["items"] == before


def test_right_to_left_names_without_overrides_are_kept(clinic: Clinic) -> None:
    response = clinic.call(
        "nurse",
        "POST",
        "/api/v1/patients",
        json={"name": "נועה כהן", "date_of_birth": "1980-05-05"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "נועה כהן"


@pytest.mark.parametrize("query", ["%", "_", "%%", "a_n"])
def test_search_wildcards_match_only_themselves(clinic: Clinic, query: str) -> None:
    response = clinic.call("nurse", "GET", "/api/v1/patients", params={"query": query})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_a_plain_search_still_finds_by_part_of_a_name(clinic: Clinic) -> None:
    found = clinic.call("nurse", "GET", "/api/v1/patients", params={"query": "xamp"}).json()
    assert {p["name"] for p in found["items"]} >= {"Ann Example", "Bob Example"}


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2200-01-01", "1899-12-31"])
def test_absurd_dates_are_422_naming_the_field(clinic: Clinic, day: str) -> None:
    response = clinic.call(None, "POST", "/api/v1/plans", json={**PLAN, "procedure_date": day})
    assert response.status_code == 422
    assert response.json()["field"] == "procedure_date"
    patient = clinic.call(
        "nurse", "POST", "/api/v1/patients", json={"name": "Date Test", "date_of_birth": day}
    )
    assert patient.status_code == 422
    assert patient.json()["field"] == "date_of_birth"


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (None, "/login"),
        ("nurse", "/api/v1/patients"),
        ("patient", "/api/v1/me/episodes"),
        (None, "/api/v1/catalogue"),
        (None, "/api/v1/nothing-here"),
    ],
)
def test_every_answer_has_the_security_headers_and_is_not_stored(
    clinic: Clinic, role: str | None, url: str
) -> None:
    response = clinic.call(role, "GET", url)
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in headers  # only with secure cookies


def test_the_apps_own_files_may_be_cached(clinic: Clinic) -> None:
    response = clinic.call(None, "GET", "/static/style.css")
    assert response.status_code == 200
    assert response.headers.get("cache-control") != "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_api_docs_load_swagger_ui_from_the_app_itself(clinic: Clinic) -> None:
    page = clinic.call(None, "GET", "/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assert "/static/swagger/swagger-ui-bundle.js" in page.text
    script = clinic.call(None, "GET", "/static/swagger/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert len(script.content) > 100_000
    assert clinic.call(None, "GET", "/redoc").status_code == 404


def test_hsts_and_secure_cookies_go_together(tmp_path: Path) -> None:
    from spinepath.config import Settings
    from spinepath.web.app import create_app
    from tests.support import live_server

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'hsts.db'}", secret_key="k" * 32, secure_cookies=True
    )
    with live_server(create_app(settings)) as base:
        response = httpx.get(f"{base}/login")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


def test_the_sqlite_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'private.db'}"
    with running_clinic(url):
        mode = stat.S_IMODE(os.stat(tmp_path / "private.db").st_mode)
    assert mode == 0o600


def test_a_database_outage_is_503_with_a_json_body_and_no_patient_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'outage.db'}"
    with running_clinic(url) as clinic:
        headers = clinic.headers("nurse")
        clinic.ctx.db.engine.dispose()
        (tmp_path / "outage.db").unlink()
        (tmp_path / "outage.db").mkdir()  # the file is now a folder: every connection fails
        for suffix in ("-wal", "-shm"):
            (tmp_path / f"outage.db{suffix}").unlink(missing_ok=True)
        with caplog.at_level("ERROR"):
            response = clinic.client.post(
                "/api/v1/patients",
                headers=headers,
                json={"name": "Secret Sally Patient", "date_of_birth": "1970-01-01"},
            )
            health = httpx.get(f"{clinic.base_url}/healthz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["retry-after"] == "30"
    assert "try again" in response.json()["detail"]
    assert health.status_code == 503
    assert health.json()["detail"] == response.json()["detail"]
    assert "Secret Sally" not in caplog.text


def _audit_details(clinic: Clinic) -> list[str]:
    from sqlalchemy import text

    with clinic.ctx.db.autocommit() as session:
        return [str(row[0]) for row in session.execute(text("SELECT detail FROM audit_events"))]


def test_the_audit_trail_keeps_no_typed_username_or_search_words(clinic: Clinic) -> None:
    wrong = clinic.client.post(
        "/api/v1/auth/token", data={"username": "Correct-Horse-Typed@x.org", "password": "nope1234"}
    )
    assert wrong.status_code == 401
    found = clinic.call("nurse", "GET", "/api/v1/patients", params={"query": "Example"})
    assert found.json()["items"]
    details = " ".join(_audit_details(clinic)).lower()
    assert "correct-horse-typed" not in details
    assert "example" not in details
    assert "typed name " in details
    assert "search of 7 characters" in details


def test_database_urls_are_printed_without_their_password() -> None:
    from spinepath.config import shown_url

    shown = shown_url("postgresql+psycopg://clinic:s3cret-pw@db.example:5432/spine")
    assert "s3cret-pw" not in shown
    assert "db.example:5432/spine" in shown
    assert shown_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"


def test_the_demo_data_account_cannot_sign_in(tmp_path: Path) -> None:
    from spinepath.config import Settings
    from spinepath.services.demo import fill_demo
    from spinepath.store import repositories as repo
    from spinepath.web.app import build_context

    ctx = build_context(Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}", secret_key="k"))
    try:
        fill_demo(ctx)
        with ctx.db.unit_of_work() as session:
            found = repo.user_by_email(session, "system@spinepath.invalid")
        assert found is not None
        assert found[0].active is False
    finally:
        ctx.db.dispose()


def test_guessing_one_account_is_stopped_before_the_password_is_checked(tmp_path: Path) -> None:
    """SAFETY: five wrong passwords lock the account for a while, and the right one is then
    refused too, with a time to wait; other accounts still sign in."""
    from tests.app.conftest import PASSWORD

    with running_clinic(f"sqlite:///{tmp_path / 'guess.db'}") as clinic:
        email = clinic.users["nurse"].email
        answers = [
            clinic.client.post(
                "/api/v1/auth/token", data={"username": email, "password": f"guess-{i}-wrong"}
            ).status_code
            for i in range(5)
        ]
        assert answers == [401] * 5
        locked = clinic.client.post(
            "/api/v1/auth/token", data={"username": email.upper(), "password": PASSWORD}
        )
        assert locked.status_code == 429
        assert 1 <= int(locked.headers["retry-after"]) <= 15 * 60
        assert locked.json()["retry_after"] == int(locked.headers["retry-after"])
        with httpx.Client(base_url=clinic.base_url) as browser:
            form = browser.get("/login").text
            token = re.search(r'name="csrf" value="([^"]+)"', form)
            assert token
            page = browser.post(
                "/login", data={"email": email, "password": PASSWORD, "csrf": token.group(1)}
            )
        assert page.status_code == 429
        assert "wait" in page.text
        other = clinic.client.post(
            "/api/v1/auth/token",
            data={"username": clinic.users["clinician"].email, "password": PASSWORD},
        )
        assert other.status_code == 200


def test_one_address_guessing_many_accounts_is_stopped(tmp_path: Path) -> None:
    with running_clinic(f"sqlite:///{tmp_path / 'spray.db'}") as clinic:
        answers = [
            clinic.client.post(
                "/api/v1/auth/token",
                data={"username": f"someone{i}@test.org", "password": "Password1!"},
            ).status_code
            for i in range(21)
        ]
    assert answers[:20] == [401] * 20
    assert answers[20] == 429


def test_a_right_password_ends_the_accounts_count() -> None:
    from spinepath.contract.errors import TooManyRequests
    from spinepath.services.throttle import SignInThrottle

    throttle = SignInThrottle(per_account="3/15 minutes", per_address="100/15 minutes")
    for _ in range(2):
        throttle.failed("a@x.org", "10.0.0.1")
    throttle.succeeded("A@x.org ")
    for _ in range(2):
        throttle.failed("a@x.org", "10.0.0.1")
    throttle.check("a@x.org", "10.0.0.1")  # two failures since the success: not locked
    throttle.failed("a@x.org", "10.0.0.1")
    with pytest.raises(TooManyRequests):
        throttle.check("a@x.org", "10.0.0.2")
