"""Form refusals on the episode page: the message shows, what was typed stays, nothing saves."""

from __future__ import annotations

import re

from sqlalchemy import select

from spinepath.store import tables as t
from tests.app.conftest import Clinic, future, past_episode
from tests.app.test_access_matrix import signed_in


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_booking_from_a_stale_page_is_refused_and_keeps_the_typed_date(clinic: Clinic) -> None:
    body = {"procedure": "drg-block", "procedure_date": future(30), "escort_arranged": True}
    created = clinic.call(
        "nurse", "POST", f"/api/v1/patients/{clinic.patient_ids['ann']}/episodes", json=body
    )
    episode = created.json()
    client = signed_in(clinic, "nurse")
    try:
        page = client.get(f"/episodes/{episode['id']}")
        clinic.call("clinician", "PATCH", f"/api/v1/episodes/{episode['id']}", json={"version": 1})
        typed = future(33)
        stale = client.post(
            f"/episodes/{episode['id']}/book",
            data={"csrf": _csrf(page.text), "version": "1", "procedure_date": typed},
        )
        bad_date = client.post(
            f"/episodes/{episode['id']}/book",
            data={"csrf": _csrf(page.text), "version": "2", "procedure_date": "next Tuesday"},
        )
    finally:
        client.close()
    assert stale.status_code == 409
    assert "changed since you opened it" in stale.text
    assert f'value="{typed}"' in stale.text
    assert bad_date.status_code == 422
    assert 'value="next Tuesday"' in bad_date.text
    stored = clinic.call("nurse", "GET", f"/api/v1/episodes/{episode['id']}").json()
    assert stored["procedure_date"] == future(30)


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf" value="([^"]+)"', html))


def test_the_shared_worklist_html_carries_each_viewers_own_form_token(clinic: Clinic) -> None:
    """The worklists are rendered once per change and shared; the form token is per viewer."""
    episode = past_episode(clinic, days_ago=1)
    clinic.call(
        "patient",
        "POST",
        f"/api/v1/episodes/{episode['id']}/checkins",
        json={"symptoms": [{"code": "chest_pain"}]},
    )
    nurse, clinician = signed_in(clinic, "nurse"), signed_in(clinic, "clinician")
    try:
        nurse_page, clinician_page = nurse.get("/"), clinician.get("/")
        flag = re.search(r'action="/alerts/(\d+)/acknowledge"', nurse_page.text)
        assert flag
        acknowledged = nurse.post(
            f"/alerts/{flag.group(1)}/acknowledge",
            data={"csrf": _csrf(nurse_page.text), "note": "Called; sent to A&E"},
        )
        after = clinician.get("/")
    finally:
        nurse.close()
        clinician.close()
    for page in (nurse_page, clinician_page):
        assert f'action="/alerts/{flag.group(1)}/acknowledge"' in page.text
        assert len(_tokens(page.text)) == 1  # sign-out form and worklist forms agree
        assert "csrf-slot" not in page.text
    assert _tokens(nurse_page.text) != _tokens(clinician_page.text)
    assert acknowledged.status_code == 303
    assert f'action="/alerts/{flag.group(1)}/acknowledge"' not in after.text


def test_an_admin_deactivates_and_reactivates_a_user_from_the_users_page(clinic: Clinic) -> None:
    nurse_id = clinic.users["nurse"].id
    admin, nurse = signed_in(clinic, "admin"), signed_in(clinic, "nurse")
    try:
        listing = admin.get("/admin/users")
        assert f'action="/admin/users/{nurse_id}/active"' in listing.text
        assert f'action="/admin/users/{clinic.users["admin"].id}/active"' not in listing.text
        token = _csrf(listing.text)
        assert nurse.get("/").status_code == 200
        stopped = admin.post(f"/admin/users/{nurse_id}/active", data={"csrf": token, "active": "0"})
        nurse_page = nurse.get("/")  # the same signed session, now refused
        nurse_api = clinic.call("nurse", "GET", "/api/v1/worklists/red-flags")
        myself = admin.post(
            f"/admin/users/{clinic.users['admin'].id}/active", data={"csrf": token, "active": "0"}
        )
        clinician = signed_in(clinic, "clinician")
        by_clinician = clinician.post(
            f"/admin/users/{nurse_id}/active",
            data={"csrf": _csrf(clinician.get("/").text), "active": "1"},
        )
        clinician.close()
    finally:
        restored = admin.post(
            f"/admin/users/{nurse_id}/active", data={"csrf": _csrf(listing.text), "active": "1"}
        )
        admin.close()
    assert stopped.status_code == 303
    assert nurse_page.status_code == 303
    assert nurse_page.headers["location"] == "/login"
    assert nurse_api.status_code == 401
    assert myself.status_code == 422
    assert "you cannot deactivate your own account" in myself.text
    assert by_clinician.status_code == 403
    assert restored.status_code == 303
    assert nurse.get("/").status_code == 200
    nurse.close()
    with clinic.ctx.db.unit_of_work() as session:
        changes = session.scalars(
            select(t.AuditEvent.action)
            .where(t.AuditEvent.entity == "user", t.AuditEvent.entity_id == nurse_id)
            .order_by(t.AuditEvent.id)
        ).all()
    assert list(changes)[-2:] == ["deactivate", "activate"]


def test_a_stale_edit_of_patient_details_is_refused_and_keeps_what_was_typed(
    clinic: Clinic,
) -> None:
    made = clinic.call(
        "nurse",
        "POST",
        "/api/v1/patients",
        json={"name": "Dee Example", "date_of_birth": "1980-02-03"},
    ).json()
    client = signed_in(clinic, "nurse")
    try:
        form = client.get(f"/patients/{made['id']}/edit")
        fields = {
            "csrf": _csrf(form.text),
            "version": "1",
            "name": "Dee Example",
            "date_of_birth": "1980-02-03",
        }
        bad = client.post(
            f"/patients/{made['id']}/edit", data={**fields, "nhs_number": "not a number"}
        )
        saved = client.post(f"/patients/{made['id']}/edit", data={**fields, "mrn": "H77"})
        stale = client.post(f"/patients/{made['id']}/edit", data={**fields, "mrn": "H99"})
    finally:
        client.close()
    assert 'value="Dee Example"' in form.text
    assert 'name="version" value="1"' in form.text
    assert bad.status_code == 422
    assert 'value="not a number"' in bad.text
    assert 'id="nhs_number-error"' in bad.text
    assert saved.status_code == 303
    assert stale.status_code == 409
    assert "changed since you opened them" in stale.text
    assert 'value="H99"' in stale.text
    now = clinic.call("nurse", "GET", f"/api/v1/patients/{made['id']}").json()
    assert (now["mrn"], now["version"]) == ("H77", 2)
