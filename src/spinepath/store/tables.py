"""The database tables (SQLAlchemy 2). Only the store package uses these classes."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def now() -> dt.datetime:
    """The time stored in every timestamp column: UTC, without a zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Clinic(Base):
    __tablename__ = "clinics"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Bumped in the same transaction as every write that can change a worklist, so lists
    # read after seeing generation G are at least as new as G and may be reused until it
    # changes.
    generation: Mapped[int] = mapped_column(Integer, default=0)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), nullable=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Patient(Base):
    __tablename__ = "patients"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    nhs_number: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    mrn: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Episode(Base):
    __tablename__ = "episodes"
    __table_args__ = (
        Index("ix_episodes_clinic_state_date", "clinic_id", "state", "procedure_date"),
        Index("ix_episodes_clinic_review_date", "clinic_id", "awaiting_review", "procedure_date"),
        Index("ix_episodes_clinic_last_dose", "clinic_id", "first_last_dose"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id"))
    procedure_id: Mapped[str] = mapped_column(String(60), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    procedure_date: Mapped[dt.date] = mapped_column(Date, index=True)
    plan_input: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan_status: Mapped[str] = mapped_column(String(20), index=True)
    content_version: Mapped[str] = mapped_column(String(40))
    plan_number: Mapped[int] = mapped_column(Integer, default=1)
    reviewed_plan_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Who signed off plan number ``reviewed_plan_number``, and when.
    signed_off_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    signed_off_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    awaiting_review: Mapped[bool] = mapped_column(default=False)
    first_last_dose: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    # With first_last_dose, the span of the plan's last-dose dates: an episode has a hold
    # starting in a window only if the window overlaps this span.
    final_last_dose: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class PlanVersion(Base):
    """Every plan exactly as it was shown, with the content version that produced it."""

    __tablename__ = "plan_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    plan_input: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_version: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    signed_off_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    signed_off_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class SignedDocument(Base):
    """A patient document exactly as it was when its plan version was signed off: the
    HTML (a PDF is printed from it) or the calendar file."""

    __tablename__ = "signed_documents"
    __table_args__ = (
        UniqueConstraint(
            "episode_id", "plan_number", "kind", name="uq_signed_documents_episode_plan_kind"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    plan_number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(80))
    content_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class StateChange(Base):
    __tablename__ = "state_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    by_user: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Consent(Base):
    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    consented_on: Mapped[dt.date] = mapped_column(Date)
    risks_discussed: Mapped[list[Any]] = mapped_column(JSON)
    leaflet_version: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class CheckIn(Base):
    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint(
            "episode_id", "idempotency_key", name="uq_checkins_episode_idempotency_key"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    symptoms: Mapped[list[Any]] = mapped_column(JSON)
    pain_nrs: Mapped[int | None] = mapped_column(Integer, nullable=True)
    relief_percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pgic: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    triage: Mapped[dict[str, Any]] = mapped_column(JSON)
    disposition: Mapped[str] = mapped_column(String(20), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class RedFlag(Base):
    """A check-in whose triage needs a clinician to act, until acknowledged."""

    __tablename__ = "red_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id"))
    disposition: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    acknowledgement_note: Mapped[str | None] = mapped_column(Text, nullable=True)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_patient_at", "patient_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    patient_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
