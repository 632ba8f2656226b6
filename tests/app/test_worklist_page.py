"""The shared worklist page: one clinic's lists never reach another, and no audit, no page."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from spinepath.domain.records import Role
from spinepath.services.users import hash_password
from spinepath.store import repositories as repo
from tests.app.conftest import PASSWORD, future, running_clinic
from tests.app.test_access_matrix import signed_in, signed_in_as


def test_each_clinic_sees_only_its_own_worklists(tmp_path: Path) -> None:
    with running_clinic(f"sqlite:///{tmp_path / 'two.db'}") as clinic:
        body = {"procedure": "drg-block", "procedure_date": future(5), "medications": ["zzqx"]}
        made = clinic.call(
            "nurse", "POST", f"/api/v1/patients/{clinic.patient_ids['ann']}/episodes", json=body
        )
        assert made.status_code == 201
        with clinic.ctx.db.unit_of_work() as session:
            other = repo.ensure_clinic(session, "Another Clinic")
            repo.add_user(
                session,
                email="nurse@another.org",
                password_hash=hash_password(PASSWORD),
                role=Role.NURSE,
                clinic_id=other,
                patient_id=None,
            )
        ours = signed_in(clinic, "nurse")
        theirs = signed_in_as(clinic, "nurse@another.org")
        try:
            first, second, again = ours.get("/"), theirs.get("/"), ours.get("/")
        finally:
            ours.close()
            theirs.close()
    assert "Ann Example" in first.text  # her plan needs review
    assert "Ann Example" not in second.text
    assert again.text.count("Ann Example") == first.text.count("Ann Example")


def test_the_page_is_not_sent_when_its_audit_event_cannot_be_written(tmp_path: Path) -> None:
    with running_clinic(f"sqlite:///{tmp_path / 'unaudited.db'}") as clinic:
        body = {"procedure": "drg-block", "procedure_date": future(5), "medications": ["zzqx"]}
        clinic.call(
            "nurse", "POST", f"/api/v1/patients/{clinic.patient_ids['ann']}/episodes", json=body
        )
        client = signed_in(clinic, "nurse")
        try:
            with clinic.ctx.db.autocommit() as session:
                session.execute(text("ALTER TABLE audit_events RENAME TO audit_events_away"))
            page = client.get("/")
        finally:
            client.close()
    # The store cannot write: the same answer as a database outage, and no patient on it.
    assert page.status_code == 503
    assert "Ann Example" not in page.text
