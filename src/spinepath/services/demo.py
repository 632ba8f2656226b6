"""Realistic demo and synthetic data: patients across every procedure and stage."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spinepath.domain.consent import consent_risks
from spinepath.domain.records import Role, UserRecord
from spinepath.services import episodes, followup, patients, users
from spinepath.services.context import AppContext
from spinepath.store import repositories as repo

DEMO_PASSWORD = "demo-pass-2026"
DEMO_CLINICIAN = "clinician@demo.spinepath.org"
FIRST = (
    "Amelia Oliver Isla George Ava Noah Mia Arthur Ivy Leo Grace Oscar Freya Harry Lily Jack "
    "Sofia Muhammad Ella Thomas"
).split()
LAST = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Robinson Thompson "
    "Evans Walker Khan Hughes Green Hall Lewis Clarke"
).split()
MEDICINE_SETS = [
    ["Xarelto 20mg OD", "metformin 500mg twice a day"],
    ["clopidogrel 75mg od", "atorvastatin 40mg nocte"],
    ["warfarin as per INR", "bisoprolol 2.5mg od"],
    ["apixaban 5mg bd", "amlodipine 5mg od"],
    ["naproxen 500mg bd", "omeprazole 20mg od"],
    ["aspirin 75mg od", "ramipril 5mg od", "gliclazide 80mg bd"],
    ["pregabalin 75mg bd", "co-codamol 30/500 2 tabs qds prn"],
    ["Lantus 20 units at night", "NovoRapid with meals"],
    ["amitriptyline 10mg nocte"],
    ["dabigatran 150mg bd", "furosemide 40mg om"],
    [],
]
PROCEDURE_FACTS: dict[str, dict[str, Any]] = {
    "drez-lesioning": {"injury": "brachial_plexus_avulsion", "other_treatments_tried": True},
    "revision-spine-surgery": {"months_since_last_spine_surgery": 9},
}
STAGES = [
    "assessed",
    "consented",
    "scheduled",
    "done",
    "followed_up",
    "closed",
    "postponed",
    "cancelled",
]
PATH = {
    "consented": ["consent", "sign-off"],
    "scheduled": ["consent", "sign-off", "scheduled"],
    "done": ["consent", "sign-off", "scheduled", "done"],
    "followed_up": ["consent", "sign-off", "scheduled", "done", "followed_up"],
    "closed": ["consent", "sign-off", "scheduled", "done", "followed_up", "closed"],
    "postponed": ["postponed"],
    "cancelled": ["cancelled"],
}


@dataclass(frozen=True)
class DemoLogins:
    admin: str
    clinician: str
    nurse: str
    patient: str
    password: str = DEMO_PASSWORD


def _staff(ctx: AppContext) -> UserRecord:
    with ctx.db.unit_of_work() as session:
        found = repo.user_by_email(session, "system@spinepath.invalid")
    if found:
        return found[0]
    # The account the demo data is written as. No one signs in with it: its password is
    # random, from ``secrets``, never shown, and the account is inactive.
    system = users.create_user(
        ctx,
        email="system@spinepath.invalid",
        role=Role.ADMIN,
        password=secrets.token_urlsafe(32),
        patient_id=None,
    )
    with ctx.db.unit_of_work() as session:
        repo.set_user_active(session, system.id, False)
    return system


def _clinician(ctx: AppContext) -> UserRecord:
    """The demo clinician who signs off the demo plans."""
    with ctx.db.unit_of_work() as session:
        found = repo.user_by_email(session, DEMO_CLINICIAN)
    if found:
        return found[0]
    return users.create_user(
        ctx,
        email=DEMO_CLINICIAN,
        role=Role.CLINICIAN,
        password=DEMO_PASSWORD,
        patient_id=None,
        name="Dr Asha Patel",
    )


def _walk(
    ctx: AppContext,
    actor: UserRecord,
    episode_id: int,
    stage: str,
    rng: random.Random,
) -> None:
    for step in PATH.get(stage, []):
        if step == "consent":
            episode = episodes.get_episode(ctx, actor, episode_id)
            procedure = ctx.knowledge.procedures[episode.procedure_id]
            risks = consent_risks(procedure, episode.plan_input.get("spinal_level"))
            episodes.record_consent(
                ctx, actor, episode_id, {"risks_discussed": [r.id for r in risks]}
            )
        elif step == "sign-off":
            signer = _clinician(ctx)
            episode = episodes.get_episode(ctx, signer, episode_id)
            episodes.sign_off(ctx, signer, episode_id, episode.version)
        else:
            reason = (
                "patient asked to change the date" if step in {"postponed", "cancelled"} else None
            )
            episodes.transition(ctx, actor, episode_id, {"to": step, "reason": reason})
        if step == "done":
            _checkins(ctx, actor, episode_id, rng)


def _checkins(ctx: AppContext, actor: UserRecord, episode_id: int, rng: random.Random) -> None:
    episode = episodes.get_episode(ctx, actor, episode_id)
    day = episode.procedure_date
    symptoms: list[dict[str, Any]] = []
    roll = rng.random()
    if roll < 0.06:
        symptoms = [{"code": "leg_weakness", "duration_hours": 12}]
    elif roll < 0.2:
        symptoms = [{"code": "headache", "duration_hours": rng.choice([6, 30])}]
    elif roll < 0.35:
        symptoms = [{"code": "injection_site_tenderness", "duration_hours": 24}]
    followup.add_checkin(
        ctx,
        actor,
        episode_id,
        {
            "reported_at": f"{day + dt.timedelta(days=1)}T10:00",
            "symptoms": symptoms,
            "pain_nrs": rng.randint(2, 8),
        },
    )
    followup.add_checkin(
        ctx,
        actor,
        episode_id,
        {
            "reported_at": f"{day + dt.timedelta(days=14)}T10:00",
            "symptoms": [],
            "pain_nrs": rng.randint(1, 7),
            "relief_percent": rng.choice([0, 20, 40, 50, 60, 80, 90]),
        },
    )


def add_patient_with_episode(
    ctx: AppContext,
    actor: UserRecord,
    rng: random.Random,
    today: dt.date,
    *,
    procedure: str,
    stage: str,
    index: int,
) -> int:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    born = dt.date(rng.randint(1940, 1995), rng.randint(1, 12), rng.randint(1, 28))
    patient = patients.create_patient(
        ctx, actor, {"name": name, "date_of_birth": born.isoformat(), "mrn": f"MRN{index:07d}"}
    )
    past = stage in {"done", "followed_up", "closed"}
    offset = -rng.randint(20, 120) if past else rng.randint(5, 40)
    day = today + dt.timedelta(days=offset)
    plan_input: dict[str, Any] = {
        "procedure": procedure,
        "procedure_date": day.isoformat(),
        "today": (day - dt.timedelta(days=21)).isoformat() if past else today.isoformat(),
        "medications": rng.choice(MEDICINE_SETS),
        "conditions": rng.choice([[], ["type 2 diabetes"], ["hypertension"], ["CKD stage 3"]]),
        "allergies": rng.choice([[], [], ["penicillin"], ["latex"]]),
        "escort_arranged": rng.random() > 0.1,
        "active_infection": False,
        "pregnancy_possible": False,
        "travel_within_14_days_after": rng.random() < 0.05,
        "spinal_level": rng.choice(["lumbar", "lumbar", "cervical", "thoracic"]),
        "other_treatments_tried": True,
        **PROCEDURE_FACTS.get(procedure, {}),
    }
    made_on = dt.date.fromisoformat(plan_input.pop("today"))
    episode = episodes.create_episode(ctx, actor, patient.id, plan_input, made_on=made_on)
    if past and episode.plan_status in {"postpone", "not_eligible"}:
        stage = "cancelled"
    _walk(ctx, actor, episode.id, stage, rng)
    return patient.id


def fill_demo(ctx: AppContext, *, today: dt.date | None = None, seed: int = 2026) -> DemoLogins:
    """Demo patients across every procedure and stage, and one login per role (idempotent)."""
    today = today or dt.date.today()
    logins = DemoLogins(
        "admin@demo.spinepath.org",
        DEMO_CLINICIAN,
        "nurse@demo.spinepath.org",
        "patient@demo.spinepath.org",
    )
    with ctx.db.unit_of_work() as session:
        if repo.user_by_email(session, logins.admin) is not None:
            return logins
    actor = _staff(ctx)
    rng = random.Random(seed)
    first_patient = 0
    index = 0
    for procedure in ctx.knowledge.procedures:
        for stage in STAGES:
            index += 1
            pid = add_patient_with_episode(
                ctx, actor, rng, today, procedure=procedure, stage=stage, index=index
            )
            first_patient = first_patient or pid
    for role, email in (
        ("admin", logins.admin),
        ("nurse", logins.nurse),
    ):
        users.create_user(
            ctx, email=email, role=Role(role), password=DEMO_PASSWORD, patient_id=None
        )
    users.create_user(
        ctx,
        email=logins.patient,
        role=Role.PATIENT,
        password=DEMO_PASSWORD,
        patient_id=first_patient,
    )
    return logins


def synthesise(
    ctx: AppContext, count: int, *, progress: Callable[[int], None], seed: int = 7
) -> None:
    actor = _staff(ctx)
    rng = random.Random(seed)
    today = dt.date.today()
    procedures = list(ctx.knowledge.procedures)
    with ctx.db.unit_of_work() as session:
        start = repo.count_patients(session)
    for offset in range(count):
        add_patient_with_episode(
            ctx,
            actor,
            rng,
            today,
            procedure=rng.choice(procedures),
            stage=rng.choice(STAGES),
            index=start + offset + 1,
        )
        progress(1)
