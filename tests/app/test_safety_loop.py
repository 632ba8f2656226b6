"""The safety loop of the clinic API (app contract v1.1), on SQLite and PostgreSQL: nothing
reaches a patient unsigned, every warning reaches a person, nothing is lost or sent twice."""

from __future__ import annotations

import re
from contextlib import closing
from typing import Any

from spinepath.services import followup
from spinepath.store import repositories as repo
from tests.app.conftest import (
    Clinic,
    all_risks,
    future,
    past,
    past_episode,
    ready_for_the_day,
    sign_off,
)
from tests.app.test_access_matrix import signed_in


def _episode(clinic: Clinic, days: int = 20, **facts: Any) -> dict[str, Any]:
    body = {
        "procedure": "drg-block",
        "procedure_date": future(days),
        "medications": ["Eliquis 5mg bd"],
        "escort_arranged": True,
        **facts,
    }
    response = clinic.call(
        "nurse", "POST", f"/api/v1/patients/{clinic.patient_ids['ann']}/episodes", json=body
    )
    assert response.status_code == 201, response.text
    episode: dict[str, Any] = response.json()
    return episode


def test_only_a_clinician_signs_off_and_a_stale_version_is_refused(clinic: Clinic) -> None:
    episode = _episode(clinic)
    url = f"/api/v1/episodes/{episode['id']}/sign-off"
    body = {"version": episode["version"]}
    for role in ("nurse", "admin", "patient"):
        assert clinic.call(role, "POST", url, json=body).status_code == 403
    assert episode["signed_off"] is None
    stale = clinic.call("clinician", "POST", url, json={"version": episode["version"] + 5})
    assert stale.status_code == 409
    signed = clinic.call("clinician", "POST", url, json=body)
    assert signed.status_code == 200
    record = signed.json()["signed_off"]
    assert record["by"] == clinic.users["clinician"].id
    assert record["by_name"] == "Dr Clara Test"
    assert record["plan_version"] == episode["plan_number"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", record["at"])
    assert clinic.call("clinician", "POST", url, json=body).status_code == 409  # stale now
    audit = clinic.call(
        "admin", "GET", "/api/v1/audit", params={"patient_id": clinic.patient_ids["ann"]}
    ).json()["items"]
    assert any(e["action"] == "sign-off" and e["entity_id"] == episode["id"] for e in audit)


def test_a_new_plan_version_clears_the_sign_off(clinic: Clinic) -> None:
    episode = _episode(clinic)
    signed = sign_off(clinic, episode["id"])
    assert signed["plan_reviewed"] is True
    changed = clinic.call(
        "nurse",
        "PATCH",
        f"/api/v1/episodes/{episode['id']}",
        json={"version": signed["version"], "medications": ["warfarin 3mg od"]},
    ).json()
    assert changed["plan_number"] == signed["plan_number"] + 1
    assert changed["signed_off"] is None
    assert changed["plan_pending"] is True
    items = clinic.call("nurse", "GET", "/api/v1/worklists/needs-review").json()["items"]
    assert episode["id"] in [i["episode_id"] for i in items]


def test_a_patient_gets_no_plan_and_no_instructions_until_sign_off(clinic: Clinic) -> None:
    episode = _episode(clinic)
    url = f"/api/v1/episodes/{episode['id']}"
    mine = clinic.call("patient", "GET", url).json()
    assert mine["plan"] is None
    assert mine["plan_pending"] is True
    staff = clinic.call("nurse", "GET", url).json()
    assert staff["plan"]["medication_holds"]  # staff read the draft
    for kind in ("leaflet.html", "leaflet.pdf", "plan.ics"):
        refused = clinic.call("patient", "GET", f"{url}/documents/{kind}")
        assert refused.status_code == 409, kind
        assert "still checking your plan" in refused.json()["detail"]
    draft = clinic.call("nurse", "GET", f"{url}/documents/leaflet.html")
    assert draft.status_code == 200
    assert "Draft: this plan has not been signed off" in draft.text
    sign_off(clinic, episode["id"])
    after = clinic.call("patient", "GET", url).json()
    assert after["plan"]["medication_holds"][0]["ingredient"] == "apixaban"
    leaflet = clinic.call("patient", "GET", f"{url}/documents/leaflet.html")
    assert leaflet.status_code == 200
    assert "Draft" not in leaflet.text
    assert "apixaban" in leaflet.text.lower()


def test_a_postponed_plan_is_never_given_to_a_patient_as_a_plan(clinic: Clinic) -> None:
    episode = _episode(clinic, active_infection=True)
    assert episode["plan"]["status"] == "postpone"
    sign_off(clinic, episode["id"])
    refused = clinic.call(
        "patient", "GET", f"/api/v1/episodes/{episode['id']}/documents/leaflet.pdf"
    )
    assert refused.status_code == 409
    assert "not going ahead" in refused.json()["detail"]
    with closing(signed_in(clinic, "patient")) as browser:
        page = browser.get(f"/episodes/{episode['id']}")
    assert "not going ahead as planned" in page.text
    assert "Your procedure is on" not in page.text
    assert 'href="tel:' in page.text


def test_documents_are_the_signed_record_even_after_the_content_changes(clinic: Clinic) -> None:
    episode = _episode(clinic)
    sign_off(clinic, episode["id"])
    url = f"/api/v1/episodes/{episode['id']}"
    signed_html = clinic.call("patient", "GET", f"{url}/documents/leaflet.html").text
    ctx = clinic.ctx
    original = ctx.knowledge
    try:
        ctx.knowledge = _with_version(original, "changed-content")
        now = clinic.call("patient", "GET", f"{url}/documents/leaflet.html").text
        assert now == signed_html
        staff = clinic.call("nurse", "GET", url).json()
        assert staff["content_changed"] is True
        with closing(signed_in(clinic, "nurse")) as browser:
            page = browser.get(f"/episodes/{episode['id']}")
        assert "The clinical content has changed since this plan was made" in page.text
        assert "Make the plan again" in page.text
    finally:
        ctx.knowledge = original


def _with_version(knowledge: Any, version: str) -> Any:
    import dataclasses

    return dataclasses.replace(knowledge, version=version)


def test_scheduling_needs_consent_and_sign_off_and_done_waits_for_the_day(clinic: Clinic) -> None:
    episode = _episode(clinic)
    url = f"/api/v1/episodes/{episode['id']}/transitions"
    assert clinic.call("nurse", "POST", url, json={"to": "scheduled"}).status_code == 409
    ready_for_the_day(clinic, episode)
    early = clinic.call("nurse", "POST", url, json={"to": "done"})
    assert early.status_code == 409
    assert "before its date" in early.json()["detail"]


def test_a_clinician_can_reopen_a_mistaken_cancel_with_a_reason(clinic: Clinic) -> None:
    episode = _episode(clinic)
    url = f"/api/v1/episodes/{episode['id']}/transitions"
    cancelled = clinic.call("nurse", "POST", url, json={"to": "cancelled", "reason": "wrong one"})
    assert cancelled.json()["state"] == "cancelled"
    assert (
        clinic.call("nurse", "POST", url, json={"to": "assessed", "reason": "mistake"}).status_code
        == 409
    )
    assert clinic.call("clinician", "POST", url, json={"to": "assessed"}).status_code == 409
    reopened = clinic.call(
        "clinician", "POST", url, json={"to": "assessed", "reason": "cancelled the wrong patient"}
    )
    assert reopened.status_code == 200
    assert reopened.json()["state"] == "assessed"


def test_past_dates_are_refused_naming_the_field(clinic: Clinic) -> None:
    body = {"procedure": "drg-block", "procedure_date": past(3), "today": past(10)}
    response = clinic.call(
        "nurse", "POST", f"/api/v1/patients/{clinic.patient_ids['ann']}/episodes", json=body
    )
    assert response.status_code == 422
    assert response.json()["field"] == "procedure_date"
    episode = _episode(clinic)
    moved = clinic.call(
        "nurse",
        "PATCH",
        f"/api/v1/episodes/{episode['id']}",
        json={"version": episode["version"], "procedure_date": past(1)},
    )
    assert moved.status_code == 422
    assert moved.json()["field"] == "procedure_date"
    for absurd in ("2062-12-10", "2199-12-31", "9999-12-31", "0001-01-01"):
        far = clinic.call(
            "nurse",
            "PATCH",
            f"/api/v1/episodes/{episode['id']}",
            json={"version": episode["version"], "procedure_date": absurd},
        )
        assert far.status_code == 422, absurd
        assert far.json()["field"] == "procedure_date"
    assert (
        clinic.call("nurse", "GET", f"/api/v1/episodes/{episode['id']}").json()["procedure_date"]
        == episode["procedure_date"]
    )


def test_consent_needs_every_risk_of_the_form_for_its_level(clinic: Clinic) -> None:
    episode = _episode(clinic, spinal_level="lumbar")
    url = f"/api/v1/episodes/{episode['id']}/consent"
    risks = all_risks(clinic, episode)
    bodies: list[dict[str, Any]] = [{}, {"risks_discussed": []}, {"risks_discussed": risks[:-1]}]
    for body in bodies:
        refused = clinic.call("nurse", "POST", url, json=body)
        assert refused.status_code == 422, body
        assert refused.json()["field"] == "risks_discussed"
    unknown = clinic.call("nurse", "POST", url, json={"risks_discussed": [*risks, "made-up"]})
    assert unknown.status_code == 422
    assert "made-up" in unknown.json()["message"]
    # A lower-back DRG block's form has the legs risk, not the arms, neck or chest ones.
    assert "temporary-numbness-weakness" in risks
    for elsewhere in ("temporary-numbness-weakness-arms", "cervical-severe-harm", "pneumothorax"):
        assert elsewhere not in risks
        wrong = clinic.call("nurse", "POST", url, json={"risks_discussed": [*risks, elsewhere]})
        assert wrong.status_code == 422, elsewhere
    assert clinic.call("nurse", "GET", f"/api/v1/episodes/{episode['id']}").json()["state"] == (
        "assessed"
    )
    assert clinic.call("nurse", "POST", url, json={"risks_discussed": risks}).status_code == 201


def test_every_answer_but_self_care_raises_an_alert_with_its_time(clinic: Clinic) -> None:
    episode = past_episode(clinic, days_ago=1)
    url = f"/api/v1/episodes/{episode['id']}/checkins"
    headache = clinic.call(
        "patient", "POST", url, json={"symptoms": [{"code": "headache", "duration_hours": 30}]}
    )
    assert headache.json()["triage"]["disposition"] == "contact_team"
    fine = clinic.call("patient", "POST", url, json={"symptoms": []})
    assert fine.json()["triage"]["disposition"] == "self_care"
    flags = clinic.call("nurse", "GET", "/api/v1/worklists/red-flags").json()["items"]
    mine = [f for f in flags if f["episode_id"] == episode["id"]]
    assert [f["disposition"] for f in mine] == ["contact_team"]
    assert "Headache" in mine[0]["summary"]
    assert mine[0]["reported_at"]


def test_the_same_idempotency_key_stores_one_check_in(clinic: Clinic) -> None:
    episode = past_episode(clinic, days_ago=1)
    url = f"/api/v1/episodes/{episode['id']}/checkins"
    body = {"symptoms": [{"code": "fever"}], "pain_nrs": 4}
    headers = {**clinic.headers("patient"), "Idempotency-Key": "phone-7f3a"}
    first = clinic.client.post(url, json=body, headers=headers)
    again = clinic.client.post(url, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    with clinic.ctx.db.unit_of_work() as session:
        assert len(repo.checkins_of(session, episode["id"])) == 1
    other = clinic.client.post(
        url, json=body, headers={**clinic.headers("patient"), "Idempotency-Key": "phone-7f3b"}
    )
    assert other.json()["id"] != first.json()["id"]


def test_a_second_acknowledgement_keeps_the_first(clinic: Clinic) -> None:
    episode = past_episode(clinic, days_ago=1)
    clinic.call(
        "patient",
        "POST",
        f"/api/v1/episodes/{episode['id']}/checkins",
        json={"symptoms": [{"code": "chest_pain"}]},
    )
    flags = clinic.call("nurse", "GET", "/api/v1/worklists/red-flags").json()["items"]
    (flag,) = [f for f in flags if f["episode_id"] == episode["id"]]
    ack = f"/api/v1/alerts/{flag['alert_id']}/acknowledge"
    assert clinic.call("nurse", "POST", ack, json={"note": "sent to A&E"}).status_code == 200
    second = clinic.call("clinician", "POST", ack, json={"note": "overwritten?"})
    assert second.status_code == 409
    with clinic.ctx.db.unit_of_work() as session:
        (kept, by) = repo.red_flags_of(session, episode["id"])[0]
    assert kept.acknowledgement_note == "sent to A&E"
    assert kept.acknowledged_by == clinic.users["nurse"].id
    assert by == "Nina Nurse"


def test_the_page_and_the_api_triage_the_same_answers_the_same(clinic: Clinic) -> None:
    episode = past_episode(clinic, days_ago=1)
    answers = [("numbness", "2"), ("headache", "30"), ("leg_weakness", "")]
    api_result = clinic.call(
        "patient",
        "POST",
        f"/api/v1/episodes/{episode['id']}/checkins",
        json={
            "symptoms": [
                {"code": c, **({"duration_hours": float(h)} if h else {})} for c, h in answers
            ]
        },
    ).json()["triage"]
    with closing(signed_in(clinic, "patient")) as browser:
        page = browser.get(f"/episodes/{episode['id']}")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf
        form: dict[str, Any] = {"csrf": csrf.group(1), "symptoms": [c for c, _ in answers]}
        form |= {f"hours_{code}": hours for code, hours in answers}
        sent = browser.post(f"/episodes/{episode['id']}/checkin", data=form, follow_redirects=False)
        assert sent.status_code == 303
        result = browser.get(sent.headers["location"])
    checkin_id = int(sent.headers["location"].rsplit("/", 1)[1])
    record, _ = followup.get_checkin(clinic.ctx, clinic.users["nurse"], episode["id"], checkin_id)
    assert record.triage["disposition"] == api_result["disposition"]
    assert [r["symptom"] for r in record.triage["reasons"]] == [
        r["symptom"] for r in api_result["reasons"]
    ]
    assert "Call 999 now" in result.text


def test_a_future_check_in_time_is_refused(clinic: Clinic) -> None:
    episode = past_episode(clinic, days_ago=1)
    refused = clinic.call(
        "patient",
        "POST",
        f"/api/v1/episodes/{episode['id']}/checkins",
        json={"reported_at": f"{future(2)}T09:00", "symptoms": []},
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "reported_at"


def test_a_patient_registered_twice_is_refused_with_the_existing_record(clinic: Clinic) -> None:
    first = clinic.call(
        "nurse",
        "POST",
        "/api/v1/patients",
        json={"name": "Twin Once", "date_of_birth": "1970-01-01", "mrn": "DUP-1"},
    )
    assert first.status_code == 201
    again = clinic.call(
        "nurse",
        "POST",
        "/api/v1/patients",
        json={"name": "Twin Twice", "date_of_birth": "1970-01-01", "mrn": "DUP-1"},
    )
    assert again.status_code == 409
    assert again.json()["existing_id"] == first.json()["id"]
    nhs = clinic.call(
        "nurse",
        "POST",
        "/api/v1/patients",
        json={"name": "Ann Again", "date_of_birth": "1960-04-02", "nhs_number": "9434765919"},
    )
    assert nhs.status_code == 409
    assert nhs.json()["existing_id"] == clinic.patient_ids["ann"]


def test_the_new_patient_page_links_to_the_record_already_registered(clinic: Clinic) -> None:
    with closing(signed_in(clinic, "nurse")) as browser:
        form = browser.get("/patients/new")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf
        page = browser.post(
            "/patients/new",
            data={
                "csrf": csrf.group(1),
                "name": "Ann Twice",
                "date_of_birth": "1960-04-02",
                "nhs_number": "943 476 5919",
            },
        )
    assert page.status_code == 409
    assert f'href="/patients/{clinic.patient_ids["ann"]}"' in page.text
    assert 'value="Ann Twice"' in page.text
