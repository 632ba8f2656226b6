"""The v1 input models of the clinic app's API (patients, episodes, check-ins, consent)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from spinepath.contract.models import (
    ContractModel,
    IsoDate,
    IsoTimestamp,
    SymptomInput,
    VisibleText,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _strip_spaces(value: object) -> object:
    return value.replace(" ", "").replace("-", "") if isinstance(value, str) else value


class PatientInput(ContractModel):
    name: VisibleText = Field(min_length=1, max_length=200)
    date_of_birth: IsoDate
    nhs_number: Annotated[str | None, BeforeValidator(_strip_spaces)] = None
    mrn: VisibleText | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=320)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return " ".join(value.split())

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: dt.date) -> dt.date:
        if value > dt.date.today() or value.year < 1900:
            raise ValueError("must be a past date after 1900")
        return value

    @field_validator("nhs_number")
    @classmethod
    def _nhs(cls, value: str | None) -> str | None:
        if value and not nhs_number_is_valid(value):
            raise ValueError("is not a valid NHS number (10 digits with a correct check digit)")
        return value or None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value and not _EMAIL.match(value):
            raise ValueError("is not an email address")
        return value or None


# A check-in may be stamped a little ahead of the server's clock by the device it came from.
CLOCK_SKEW = dt.timedelta(minutes=10)


class CheckInInput(ContractModel):
    reported_at: IsoTimestamp | None = None  # when the patient felt this; now if not given
    symptoms: list[SymptomInput] = Field(default_factory=list, max_length=50)
    pain_nrs: int | None = Field(default=None, ge=0, le=10)
    relief_percent: int | None = Field(default=None, ge=0, le=100)
    pgic: int | None = Field(default=None, ge=1, le=7)
    note: VisibleText | None = Field(default=None, max_length=2000)

    @field_validator("reported_at")
    @classmethod
    def _not_future(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.replace(tzinfo=None) > dt.datetime.now() + CLOCK_SKEW:
            raise ValueError("must not be in the future")
        return value


class ConsentInput(ContractModel):
    # Every risk of the procedure's consent form for its spinal level must be listed.
    risks_discussed: list[str] = Field(max_length=100)
    consented_on: IsoDate | None = None
    note: VisibleText | None = Field(default=None, max_length=2000)


class TransitionInput(ContractModel):
    to: Literal[
        "referred",
        "assessed",
        "consented",
        "scheduled",
        "done",
        "followed_up",
        "closed",
        "cancelled",
        "postponed",
    ]
    reason: VisibleText | None = Field(default=None, max_length=1000)


class AcknowledgeInput(ContractModel):
    note: VisibleText = Field(min_length=1, max_length=2000)


class UserInput(ContractModel):
    email: VisibleText = Field(min_length=3, max_length=320)
    role: Literal["admin", "clinician", "nurse", "patient"]
    password: str = Field(min_length=8, max_length=200)
    patient_id: int | None = Field(default=None, ge=1, le=2_147_483_647)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not _EMAIL.match(value):
            raise ValueError("is not an email address")
        return value.lower()
