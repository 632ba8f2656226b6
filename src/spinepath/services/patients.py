"""Patients: create, read, change, search; every read and write is audited."""

from __future__ import annotations

from typing import Any

from spinepath.contract.app_models import PatientInput
from spinepath.contract.errors import Conflict, InputError
from spinepath.contract.models import has_control_characters
from spinepath.domain.records import PatientRecord, UserRecord
from spinepath.services.context import AppContext, audit, require_staff, visible_patient
from spinepath.services.validation import validate, version_and_changes
from spinepath.store import repositories as repo


def create_patient(ctx: AppContext, actor: UserRecord, data: object) -> PatientRecord:
    require_staff(actor)
    checked = validate(PatientInput, data)
    with ctx.db.unit_of_work() as session:
        existing = repo.patient_with_identifier(
            session, clinic_id=actor.clinic_id, nhs_number=checked.nhs_number, mrn=checked.mrn
        )
        if existing is not None:
            raise Conflict(
                "a patient with this NHS number or MRN is already registered", existing_id=existing
            )
        patient = repo.add_patient(session, clinic_id=actor.clinic_id, **checked.model_dump())
        audit(session, actor, "create", "patient", patient.id, patient.id)
        return patient


def update_patient(
    ctx: AppContext, actor: UserRecord, patient_id: int, data: object
) -> PatientRecord:
    """Change a patient's details (``version`` required; a stale version is refused)."""
    require_staff(actor)
    version, changes = version_and_changes(data, "patient")
    with ctx.db.unit_of_work() as session:
        patient = visible_patient(session, actor, patient_id)
        if patient.version != version:
            raise Conflict(
                f"the patient's details have changed since you opened them (version {version}, "
                f"now {patient.version}); reload them"
            )
        current = {k: v for k, v in patient_json(patient).items() if k in PatientInput.model_fields}
        checked = validate(PatientInput, {**current, **changes}).model_dump()
        changed = sorted(k for k, v in checked.items() if getattr(patient, k) != v)
        existing = repo.patient_with_identifier(
            session,
            clinic_id=patient.clinic_id,
            nhs_number=checked["nhs_number"],
            mrn=checked["mrn"],
            other_than=patient.id,
        )
        if existing is not None:
            raise Conflict(
                "another patient with this NHS number or MRN is already registered",
                existing_id=existing,
            )
        try:
            updated = repo.update_patient(session, patient, checked)
        except repo.StaleVersionError as error:
            raise Conflict(str(error)) from None
        # The names of the fields changed, not their values: the trail is read widely.
        audit(session, actor, "update", "patient", patient.id, patient.id, ", ".join(changed))
        return updated


def get_patient(ctx: AppContext, actor: UserRecord, patient_id: int) -> PatientRecord:
    with ctx.db.unit_of_work() as session:
        patient = visible_patient(session, actor, patient_id)
        audit(session, actor, "read", "patient", patient.id, patient.id)
        return patient


def search_patients(ctx: AppContext, actor: UserRecord, query: str) -> list[PatientRecord]:
    require_staff(actor)
    if len(query) > 200:
        raise InputError("query", "is too long")
    if has_control_characters(query):
        raise InputError("query", "must not contain control characters")
    with ctx.db.unit_of_work() as session:
        found = repo.search_patients(session, clinic_id=actor.clinic_id, query=query)
        # Each patient shown is audited; the words searched for (often a name) are not kept.
        detail = f"search of {len(query.strip())} characters, {len(found)} found"
        for patient in found:
            audit(session, actor, "search", "patient", patient.id, patient.id, detail)
        return found


def patient_json(patient: PatientRecord) -> dict[str, Any]:
    return {
        "id": patient.id,
        "name": patient.name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "nhs_number": patient.nhs_number,
        "mrn": patient.mrn,
        "email": patient.email,
        "version": patient.version,
    }
