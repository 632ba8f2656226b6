"""Every route and every role: allowed, or refused (401 without a token, 403 or 404 with one)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.app.conftest import PASSWORD, Clinic, future, past_episode

ROLES = ["anonymous", "admin", "clinician", "nurse", "patient", "other_patient"]
STAFF = {"admin", "clinician", "nurse"}
OWNER = STAFF | {"patient"}


def _setup(clinic: Clinic) -> dict[str, Any]:
    if "matrix" in clinic.tokens:
        return clinic.__dict__["_matrix"]  # type: ignore[no-any-return]
    episode = clinic.call(
        "nurse",
        "POST",
        f"/api/v1/patients/{clinic.patient_ids['ann']}/episodes",
        json={"procedure": "drg-block", "procedure_date": future(30), "escort_arranged": True},
    ).json()
    done = past_episode(clinic, days_ago=2)
    ids = {"pid": clinic.patient_ids["ann"], "eid": episode["id"], "done_eid": done["id"]}
    clinic.tokens["matrix"] = "set"
    clinic.__dict__["_matrix"] = ids
    return ids


# method, path, body, roles allowed. Bodies are valid so that only access decides.
API: list[tuple[str, str, Any, set[str]]] = [
    ("GET", "/api/v1/patients?query=a", None, STAFF),
    ("POST", "/api/v1/patients", {"name": "Matrix Person", "date_of_birth": "1980-01-01"}, STAFF),
    ("GET", "/api/v1/patients/{pid}", None, OWNER),
    (
        "POST",
        "/api/v1/patients/{pid}/episodes",
        {"procedure": "sacroiliac-joint-injection", "procedure_date": future(40)},
        STAFF,
    ),
    ("GET", "/api/v1/episodes/{eid}", None, OWNER),
    (
        "POST",
        "/api/v1/episodes/{done_eid}/checkins",
        {"symptoms": []},
        OWNER,
    ),
    ("GET", "/api/v1/worklists/needs-review", None, STAFF),
    ("GET", "/api/v1/worklists/red-flags", None, STAFF),
    ("GET", "/api/v1/registry", None, STAFF),
    ("GET", "/api/v1/audit?patient_id={pid}", None, {"admin"}),
]
DENIED_WITH_TOKEN = {403, 404}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"), API, ids=[f"{m} {p}" for m, p, _, _ in API]
)
def test_api_route_access(
    clinic: Clinic, role: str, method: str, path: str, body: Any, allowed: set[str]
) -> None:
    url = path.format(**_setup(clinic))
    response = clinic.call(None if role == "anonymous" else role, method, url, json=body)
    if role == "anonymous":
        assert response.status_code == 401
    elif role in allowed:
        assert response.status_code in {200, 201}, response.text
    else:
        assert response.status_code in DENIED_WITH_TOKEN, response.text


def test_patch_and_transition_access(clinic: Clinic) -> None:
    ids = _setup(clinic)
    for role in ("patient", "other_patient"):
        patch = clinic.call(role, "PATCH", f"/api/v1/episodes/{ids['eid']}", json={"version": 1})
        assert patch.status_code in DENIED_WITH_TOKEN
        move = clinic.call(
            role,
            "POST",
            f"/api/v1/episodes/{ids['eid']}/transitions",
            json={"to": "cancelled", "reason": "x"},
        )
        assert move.status_code in DENIED_WITH_TOKEN
    assert (
        clinic.call(
            None, "PATCH", f"/api/v1/episodes/{ids['eid']}", json={"version": 1}
        ).status_code
        == 401
    )


# --- pages, with a signed-in session -------------------------------------------------------

PAGES: list[tuple[str, set[str]]] = [
    ("/", OWNER | {"other_patient"}),
    ("/patients", STAFF),
    ("/patients/new", STAFF),
    ("/patients/{pid}", STAFF),
    ("/patients/{pid}/edit", STAFF),
    ("/patients/{pid}/episodes/new", STAFF),
    ("/episodes/{eid}", OWNER),
    ("/admin/users", {"admin"}),
    ("/admin/audit", {"admin"}),
]


def signed_in(clinic: Clinic, role: str) -> httpx.Client:
    return signed_in_as(clinic, clinic.users[role].email)


def signed_in_as(clinic: Clinic, email: str) -> httpx.Client:
    client = httpx.Client(base_url=clinic.base_url, timeout=60)
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    done = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf": token.group(1)}
    )
    assert done.status_code == 303
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "allowed"), PAGES, ids=[p for p, _ in PAGES])
def test_page_access(clinic: Clinic, role: str, path: str, allowed: set[str]) -> None:
    url = path.format(**_setup(clinic))
    if role == "anonymous":
        response = httpx.get(clinic.base_url + url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
        return
    client = signed_in(clinic, role)
    try:
        response = client.get(url)
    finally:
        client.close()
    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in DENIED_WITH_TOKEN


def test_forms_without_the_csrf_token_are_refused(clinic: Clinic) -> None:
    client = signed_in(clinic, "nurse")
    try:
        response = client.post(
            "/patients/new", data={"name": "Sneaky", "date_of_birth": "1990-01-01"}
        )
    finally:
        client.close()
    assert response.status_code == 403
    found = clinic.call("nurse", "GET", "/api/v1/patients", params={"query": "Sneaky"}).json()[
        "items"
    ]
    assert found == []


def test_session_cookie_is_signed_httponly_and_samesite(clinic: Clinic) -> None:
    page = httpx.get(clinic.base_url + "/login")
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    forged = httpx.get(
        clinic.base_url + "/",
        cookies={"spinepath_session": "eyJ1aWQiOiAxfQ=="},
        follow_redirects=False,
    )
    assert forged.status_code == 303
