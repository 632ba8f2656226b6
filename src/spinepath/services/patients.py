"""Patients: create, read, search; every read and write is audited."""

from __future__ import annotations

from typing import Any

from spinepath.contract.app_models import PatientInput
from spinepath.contract.errors import InputError
from spinepath.contract.models import has_control_characters
from spinepath.domain.records import PatientRecord, UserRecord
from spinepath.services.context import AppContext, audit, require_staff, visible_patient
from spinepath.services.validation import validate
from spinepath.store import repositories as repo


def create_patient(ctx: AppContext, actor: UserRecord, data: object) -> PatientRecord:
    require_staff(actor)
    checked = validate(PatientInput, data)
    with ctx.db.unit_of_work() as session:
        patient = repo.add_patient(session, clinic_id=actor.clinic_id, **checked.model_dump())
        audit(session, actor, "create", "patient", patient.id, patient.id)
        return patient


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
        for patient in found:
            audit(session, actor, "search", "patient", patient.id, patient.id, query[:100])
        return found


def patient_json(patient: PatientRecord) -> dict[str, Any]:
    return {
        "id": patient.id,
        "name": patient.name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "nhs_number": patient.nhs_number,
        "mrn": patient.mrn,
        "email": patient.email,
    }
