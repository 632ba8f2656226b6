"""The clinic API of the app contract, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread

from spinepath.config import Settings
from spinepath.services import followup
from spinepath.store import repositories as repo
from spinepath.web.app import create_app
from tests.app.conftest import (
    Clinic,
    all_risks,
    future,
    past_episode,
    ready_for_the_day,
    sign_off,
)


def _episode(
    clinic: Clinic, meds: list[str] | None = None, days: int = 20, **extra: Any
) -> dict[str, Any]:
    body = {
        "procedure": "drg-block",
        "procedure_date": future(days),
        "medications": meds if meds is not None else ["Xarelto 20mg od"],
        "escort_arranged": True,
        **extra,
    }
    response = clinic.call(
        "nurse", "POST", f"/api/v1/patients/{clinic.patient_ids['ann']}/episodes", json=body
    )
    assert response.status_code == 201, response.text
    episode: dict[str, Any] = response.json()
    return episode


def test_health_answers_when_the_database_does(clinic: Clinic) -> None:
    assert clinic.client.get("/healthz").json() == {"status": "ok"}


def test_token_login_and_wrong_password(clinic: Clinic) -> None:
    assert clinic.headers("nurse")["Authorization"].startswith("Bearer ")
    bad = clinic.client.post(
        "/api/v1/auth/token", data={"username": "nurse@test.org", "password": "wrong-one"}
    )
    assert bad.status_code == 401


def test_patient_data_needs_a_token(clinic: Clinic) -> None:
    assert (
        clinic.call(None, "GET", f"/api/v1/patients/{clinic.patient_ids['ann']}").status_code == 401
    )
    bad = clinic.client.get("/api/v1/patients/1", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401


def test_create_find_and_read_a_patient(clinic: Clinic) -> None:
    created = clinic.call(
        "nurse",
        "POST",
        "/api/v1/patients",
        json={"name": "Cara  Doe", "date_of_birth": "1971-01-30", "mrn": "M77"},
    )
    assert created.status_code == 201
    patient = created.json()
    assert patient["name"] == "Cara Doe"
    found = clinic.call("clinician", "GET", "/api/v1/patients", params={"query": "cara"}).json()[
        "items"
    ]
    assert [p["id"] for p in found] == [patient["id"]]
    assert (
        clinic.call("clinician", "GET", f"/api/v1/patients/{patient['id']}").json()["mrn"] == "M77"
    )


def test_bad_patient_input_names_the_field_and_saves_nothing(clinic: Clinic) -> None:
    before = clinic.call("nurse", "GET", "/api/v1/patients", params={"query": "Nobody"}).json()[
        "items"
    ]
    for body, field in [
        ({"name": "Nobody", "date_of_birth": "31/01/1970"}, "date_of_birth"),
        (
            {"name": "Nobody", "date_of_birth": "1970-01-01", "nhs_number": "1234567890"},
            "nhs_number",
        ),
        ({"date_of_birth": "1970-01-01"}, "name"),
        ({"name": "Nobody", "date_of_birth": "1970-01-01", "colour": "red"}, "colour"),
    ]:
        response = clinic.call("nurse", "POST", "/api/v1/patients", json=body)
        assert response.status_code == 422
        assert response.json()["field"] == field
    after = clinic.call("nurse", "GET", "/api/v1/patients", params={"query": "Nobody"}).json()[
        "items"
    ]
    assert after == before == []


def test_episode_carries_the_engine_plan(clinic: Clinic) -> None:
    episode = _episode(clinic)
    assert episode["state"] == "assessed"
    assert episode["version"] == 1
    hold = episode["plan"]["medication_holds"][0]
    assert hold["ingredient"] == "rivaroxaban"
    assert hold["stop_days_before"] == 3
    assert "anticoagulant" in [a["code"] for a in episode["plan"]["alerts"]]
    again = clinic.call("clinician", "GET", f"/api/v1/episodes/{episode['id']}").json()
    assert again["plan"] == episode["plan"]


def test_stale_edit_is_refused_and_nothing_is_overwritten(clinic: Clinic) -> None:
    episode = _episode(clinic)
    first = clinic.call(
        "nurse",
        "PATCH",
        f"/api/v1/episodes/{episode['id']}",
        json={"version": 1, "medications": ["apixaban 5mg bd"]},
    )
    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert any("apixaban" in change or "Xarelto" in change for change in first.json()["changes"])
    stale = clinic.call(
        "clinician",
        "PATCH",
        f"/api/v1/episodes/{episode['id']}",
        json={"version": 1, "medications": []},
    )
    assert stale.status_code == 409
    current = clinic.call("nurse", "GET", f"/api/v1/episodes/{episode['id']}").json()
    assert current["plan_input"]["medications"] == ["apixaban 5mg bd"]


def test_transitions_are_guarded(clinic: Clinic) -> None:
    episode = _episode(clinic)
    url = f"/api/v1/episodes/{episode['id']}/transitions"
    assert clinic.call("nurse", "POST", url, json={"to": "done"}).status_code == 409
    assert (
        clinic.call("nurse", "POST", url, json={"to": "consented"}).status_code == 409
    )  # no consent yet
    assert (
        clinic.call("nurse", "POST", url, json={"to": "cancelled"}).status_code == 409
    )  # no reason
    assert clinic.call("nurse", "POST", url, json={"to": "flying"}).status_code == 422
    consent = clinic.call(
        "nurse",
        "POST",
        f"/api/v1/episodes/{episode['id']}/consent",
        json={"risks_discussed": all_risks(clinic, episode)},
    )
    assert consent.status_code == 201
    assert consent.json()["state"] == "consented"
    unsigned = clinic.call("nurse", "POST", url, json={"to": "scheduled"})
    assert unsigned.status_code == 409
    assert "sign off" in unsigned.json()["detail"]
    sign_off(clinic, episode["id"])
    scheduled = clinic.call("nurse", "POST", url, json={"to": "scheduled"})
    assert scheduled.json()["state"] == "scheduled"
    early = clinic.call("nurse", "POST", url, json={"to": "done"})
    assert early.status_code == 409
    assert "before its date" in early.json()["detail"]
    assert (
        clinic.call(
            "nurse", "POST", url, json={"to": "postponed", "reason": "patient unwell"}
        ).json()["state"]
        == "postponed"
    )


def test_checkin_red_flag_reaches_the_worklist_until_acknowledged(clinic: Clinic) -> None:
    episode = past_episode(clinic, days_ago=1)
    response = clinic.call(
        "patient",
        "POST",
        f"/api/v1/episodes/{episode['id']}/checkins",
        json={
            "symptoms": [{"code": "leg_weakness", "duration_hours": 12}],
            "pain_nrs": 6,
        },
    )
    assert response.status_code == 201
    assert response.json()["triage"]["disposition"] == "emergency"
    flags = clinic.call("nurse", "GET", "/api/v1/worklists/red-flags").json()["items"]
    mine = [f for f in flags if f["episode_id"] == episode["id"]]
    assert len(mine) == 1
    ack = clinic.call(
        "clinician",
        "POST",
        f"/api/v1/alerts/{mine[0]['alert_id']}/acknowledge",
        json={"note": "rang patient, sent to A&E"},
    )
    assert ack.status_code == 200
    flags = clinic.call("nurse", "GET", "/api/v1/worklists/red-flags").json()["items"]
    assert episode["id"] not in [f["episode_id"] for f in flags]


def test_worklists(clinic: Clinic) -> None:
    soon = _episode(clinic, meds=["clopidogrel 75mg od"], days=6)
    review = clinic.call("nurse", "GET", "/api/v1/worklists/needs-review").json()["items"]
    assert soon["id"] in [i["episode_id"] for i in review]
    holds = clinic.call("nurse", "GET", "/api/v1/worklists/holds-this-week").json()["items"]
    assert soon["id"] not in [
        i["episode_id"] for i in holds
    ]  # clopidogrel's last dose is already past
    week = _episode(clinic, meds=["Xarelto 20mg od"], days=8)
    holds = clinic.call("nurse", "GET", "/api/v1/worklists/holds-this-week").json()["items"]
    assert week["id"] in [i["episode_id"] for i in holds]
    not_ready = clinic.call("nurse", "GET", "/api/v1/worklists/not-ready-14-days").json()["items"]
    assert {soon["id"], week["id"]} <= {i["episode_id"] for i in not_ready}
    assert clinic.call("nurse", "GET", "/api/v1/worklists/follow-up-overdue").status_code == 200
    assert clinic.call("nurse", "GET", "/api/v1/worklists/nonsense").status_code == 404


def test_registry_reports_rates_with_confidence_intervals(clinic: Clinic) -> None:
    body = clinic.call(
        "clinician", "GET", "/api/v1/registry", params={"procedure": "drg-block"}
    ).json()
    assert body["procedure"] == "drg-block"
    assert "responders" in body["total"]
    assert (
        clinic.call(
            "clinician", "GET", "/api/v1/registry", params={"from": "yesterday"}
        ).status_code
        == 422
    )


def test_every_read_and_write_is_audited_and_only_admins_see_it(clinic: Clinic) -> None:
    episode = _episode(clinic)
    clinic.call("clinician", "GET", f"/api/v1/episodes/{episode['id']}")
    pid = clinic.patient_ids["ann"]
    assert (
        clinic.call("nurse", "GET", "/api/v1/audit", params={"patient_id": pid}).status_code == 403
    )
    events = clinic.call("admin", "GET", "/api/v1/audit", params={"patient_id": pid}).json()[
        "items"
    ]
    actions = {(e["action"], e["entity"], e["user_id"]) for e in events}
    assert ("create", "episode", clinic.users["nurse"].id) in actions
    assert ("read", "episode", clinic.users["clinician"].id) in actions


def test_a_patient_sees_only_their_own_records(clinic: Clinic) -> None:
    episode = _episode(clinic)
    assert clinic.call("patient", "GET", f"/api/v1/episodes/{episode['id']}").status_code == 200
    assert (
        clinic.call("other_patient", "GET", f"/api/v1/episodes/{episode['id']}").status_code == 404
    )
    assert (
        clinic.call(
            "other_patient", "GET", f"/api/v1/patients/{clinic.patient_ids['ann']}"
        ).status_code
        == 404
    )
    assert clinic.call("patient", "GET", "/api/v1/patients").status_code == 403
    assert (
        clinic.call(
            "patient", "POST", "/api/v1/patients", json={"name": "X", "date_of_birth": "1990-01-01"}
        ).status_code
        == 403
    )


def test_the_worklist_page_never_shows_a_list_older_than_the_last_write(clinic: Clinic) -> None:
    """The day's lists are reused only until any write that could change them."""
    nurse = clinic.users["nurse"]
    before = anyio.run(followup.all_worklists, clinic.ctx, nurse)
    assert anyio.run(followup.all_worklists, clinic.ctx, nurse) is before  # nothing changed
    episode = past_episode(clinic, days_ago=1)
    clinic.call(
        "patient",
        "POST",
        f"/api/v1/episodes/{episode['id']}/checkins",
        json={"symptoms": [{"code": "chest_pain"}]},
    )
    after = anyio.run(followup.all_worklists, clinic.ctx, nurse)
    assert after.key != before.key
    flagged = [item["episode_id"] for item in after.lists["red-flags"][0]]
    assert episode["id"] in flagged


def test_documents_of_an_episode_for_those_who_may_see_it(clinic: Clinic) -> None:
    episode = _episode(clinic)
    sign_off(clinic, episode["id"])
    base = f"/api/v1/episodes/{episode['id']}/documents"
    pdf = clinic.call("patient", "GET", f"{base}/leaflet.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    calendar = clinic.call("nurse", "GET", f"{base}/plan.ics")
    assert calendar.status_code == 200
    assert b"BEGIN:VCALENDAR" in calendar.content
    page = clinic.call("nurse", "GET", f"{base}/leaflet.html")
    assert "Xarelto" in page.text
    assert clinic.call("other_patient", "GET", f"{base}/leaflet.pdf").status_code == 404
    assert clinic.call("nurse", "GET", f"{base}/secrets.txt").status_code == 404
    assert clinic.call(None, "GET", f"{base}/leaflet.pdf").status_code == 401


def test_a_hold_this_week_is_listed_even_when_another_hold_started_earlier(clinic: Clinic) -> None:
    """Clopidogrel's last dose is already past, but Xarelto's falls this week."""
    episode = _episode(clinic, meds=["clopidogrel 75mg od", "Xarelto 20mg od"], days=7)
    holds = {h["ingredient"]: h["last_dose_date"] for h in episode["plan"]["medication_holds"]}
    assert holds["clopidogrel"] < future(0) <= holds["rivaroxaban"] <= future(7)
    items = clinic.call("nurse", "GET", "/api/v1/worklists/holds-this-week").json()["items"]
    mine = [i for i in items if i["episode_id"] == episode["id"]]
    assert len(mine) == 1
    assert [h["medicine"] for h in mine[0]["holds"]] == ["Xarelto (rivaroxaban)"]


def test_registry_counts_responders_with_a_wilson_interval(clinic: Clinic) -> None:
    before = clinic.call(
        "clinician", "GET", "/api/v1/registry", params={"procedure": "facet-rfa"}
    ).json()
    done_before = before["total"]["episodes"]
    episode = past_episode(
        clinic, days_ago=3, patient="bob", procedure="facet-rfa", spinal_level="lumbar"
    )
    url = f"/api/v1/episodes/{episode['id']}"
    ready_for_the_day(clinic, episode)
    done = clinic.call("nurse", "POST", f"{url}/transitions", json={"to": "done"})
    assert done.status_code == 200, done.text
    for relief in (20, 60):  # the last report counts
        clinic.call("nurse", "POST", f"{url}/checkins", json={"relief_percent": relief})
    after = clinic.call(
        "clinician", "GET", "/api/v1/registry", params={"procedure": "facet-rfa"}
    ).json()
    total = after["total"]
    assert total["episodes"] == done_before + 1
    if done_before == 0:
        assert total["responders"] == {
            "numerator": 1,
            "denominator": 1,
            "rate": 1.0,
            "ci95": [0.2065, 1.0],
        }
        assert total["follow_up_completeness"]["numerator"] == 1


def test_wilson_interval_matches_known_values() -> None:
    assert followup.wilson_interval(8, 10) == (0.4902, 0.9433)
    assert followup.wilson_interval(0, 5) == (0.0, 0.4345)
    assert followup.wilson_interval(0, 0) is None


def test_blocking_work_runs_on_the_configured_number_of_threads(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'threads.db'}", threads=3)
    app = create_app(settings)

    async def started() -> float:
        async with app.router.lifespan_context(app):  # the app's start-up
            return anyio.to_thread.current_default_thread_limiter().total_tokens

    try:
        assert anyio.run(started) == 3
    finally:
        app.state.ctx.db.dispose()


def test_a_patients_details_change_only_from_the_current_version(clinic: Clinic) -> None:
    made = clinic.call(
        "nurse",
        "POST",
        "/api/v1/patients",
        json={"name": "Cal Example", "date_of_birth": "1970-05-06"},
    ).json()
    url = f"/api/v1/patients/{made['id']}"
    generation = _generation(clinic)
    changed = clinic.call("clinician", "PATCH", url, json={"version": 1, "mrn": "H123"})
    stale = clinic.call("nurse", "PATCH", url, json={"version": 1, "name": "Overwritten"})
    bad = clinic.call("nurse", "PATCH", url, json={"version": 2, "nhs_number": "1234567890"})
    unversioned = clinic.call("nurse", "PATCH", url, json={"name": "No Version"})
    by_patient = clinic.call("patient", "PATCH", url, json={"version": 2, "name": "Mine"})
    assert changed.status_code == 200
    assert changed.json()["mrn"] == "H123"
    assert changed.json()["version"] == 2
    assert _generation(clinic) > generation  # the worklists show names and numbers
    assert stale.status_code == 409
    assert bad.status_code == 422
    assert bad.json()["field"] == "nhs_number"
    assert unversioned.status_code == 422
    assert unversioned.json()["field"] == "version"
    assert by_patient.status_code in {403, 404}
    now = clinic.call("nurse", "GET", url).json()
    assert (now["name"], now["mrn"], now["nhs_number"], now["version"]) == (
        "Cal Example",
        "H123",
        None,
        2,
    )
    trail = clinic.call("admin", "GET", f"/api/v1/audit?patient_id={made['id']}").json()
    assert [e["detail"] for e in trail["items"] if e["action"] == "update"] == ["mrn"]


def _generation(clinic: Clinic) -> int:
    with clinic.ctx.db.autocommit() as session:
        return repo.clinic_generation(session, clinic.ctx.clinic_id)
