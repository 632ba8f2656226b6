"""Records of the clinic: patients, episodes, consent, check-ins, users and audit events.

Plain frozen values, returned by the store's repositories; no database types leak out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    ADMIN = "admin"
    CLINICIAN = "clinician"
    NURSE = "nurse"
    PATIENT = "patient"

    @property
    def is_staff(self) -> bool:
        return self is not Role.PATIENT


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    email: str
    role: Role
    clinic_id: int
    patient_id: int | None
    active: bool
    name: str | None = None

    @property
    def display_name(self) -> str:
        """How the user is named to others: their name, else their email address."""
        return self.name or self.email


@dataclass(frozen=True, slots=True)
class PatientRecord:
    id: int
    clinic_id: int
    name: str
    date_of_birth: dt.date
    nhs_number: str | None
    mrn: str | None
    email: str | None
    version: int


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    id: int
    patient_id: int
    procedure_id: str
    state: str
    procedure_date: dt.date
    plan_input: dict[str, Any]
    plan: dict[str, Any]
    plan_status: str
    content_version: str
    plan_number: int
    reviewed_plan_number: int | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    signed_off_by: int | None = None
    signed_off_at: dt.datetime | None = None
    signed_off_by_name: str | None = None

    @property
    def plan_reviewed(self) -> bool:
        """Whether the current plan version is signed off by a clinician (who and when are
        recorded; a new plan version clears it)."""
        return self.reviewed_plan_number == self.plan_number and self.signed_off_at is not None


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    id: int
    episode_id: int
    recorded_by: int
    consented_on: dt.date
    risks_discussed: tuple[str, ...]
    leaflet_version: str
    note: str | None


@dataclass(frozen=True, slots=True)
class CheckInRecord:
    id: int
    episode_id: int
    reported_at: dt.datetime
    symptoms: tuple[dict[str, Any], ...]
    pain_nrs: int | None
    relief_percent: int | None
    pgic: int | None
    note: str | None
    triage: dict[str, Any]
    disposition: str


@dataclass(frozen=True, slots=True)
class RedFlagRecord:
    id: int
    episode_id: int
    checkin_id: int
    disposition: str
    summary: str
    raised_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by: int | None = None
    acknowledgement_note: str | None = None
    reported_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: dt.datetime
    user_id: int | None
    action: str
    entity: str
    entity_id: int | None
    patient_id: int | None
    detail: str | None
