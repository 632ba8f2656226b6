"""Settings, read once where the app and the CLI start, and passed down."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


def default_database_url() -> str:
    folder = Path(user_data_dir("spinepath", appauthor=False))
    return f"sqlite:///{folder / 'spinepath.db'}"


def shown_url(url: str) -> str:
    """The database URL as it may be printed or logged: its password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(a database URL that cannot be read)"


class SettingsError(ValueError):
    """The settings cannot work as given; the message says which one to set."""


class Settings(BaseSettings):
    """``SPINEPATH_DATABASE_URL``, ``SPINEPATH_REGION``, ``SPINEPATH_SECRET_KEY`` and friends."""

    model_config = SettingsConfigDict(env_prefix="SPINEPATH_", extra="ignore")

    database_url: str = ""
    region: Literal["uk", "us"] = "uk"
    secret_key: str = ""
    secure_cookies: bool = False
    token_minutes: int = 60 * 8
    clinic_name: str = "Pain Clinic"
    # The clinic's phone number, given to patients who report a problem. The default is
    # from Ofcom's range for drama, so it reaches nobody; set it for a real clinic.
    clinic_phone: str = Field(default="020 7946 0000", max_length=40)
    # The role whose members may sign off a plan.
    sign_off_role: Literal["clinician", "nurse"] = "clinician"
    # Threads per worker process for blocking work (database calls, PDFs). A handful is
    # enough: each request is short, and more threads only queue for the interpreter lock,
    # which under load adds waits to every request (see benchmarks/README.md).
    threads: int = Field(default=4, ge=1, le=200)
    # The largest request body read, in bytes; a larger one is refused with 413 before it
    # is read. A plan input or a day's check-ins are a few KiB.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)

    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url()

    def resolved_secret_key(self) -> str:
        """The configured key, else one kept beside an SQLite file."""
        if self.secret_key:
            return self.secret_key
        url = self.resolved_database_url()
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            key_file = Path(url.removeprefix("sqlite:///")).with_suffix(".key")
            key_file.parent.mkdir(parents=True, exist_ok=True)
            if not key_file.exists():
                key_file.write_text(secrets.token_urlsafe(48))
                key_file.chmod(0o600)
            return key_file.read_text().strip()
        # A key made up here would differ between processes and restarts, and every
        # session and token would stop working: a server database needs a configured key.
        raise SettingsError(
            "SPINEPATH_SECRET_KEY must be set when the database is not an SQLite file"
        )
