"""The clinic in a real browser: a nurse's day, the patient's view, and who may see what."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect

from spinepath.domain.dates import format_date
from spinepath.domain.records import Role
from spinepath.services import users
from tests.app.conftest import PASSWORD, Clinic
from tests.browser.conftest import axe_violations


def sign_in(page: Page, clinic: Clinic, email: str) -> None:
    page.goto(f"{clinic.base_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_nurse_plans_consents_and_books_then_the_patient_sees_the_dates(
    page: Page, web_clinic: Clinic
) -> None:
    today = dt.date.today()
    procedure_day = today + dt.timedelta(days=20)
    booked_day = today + dt.timedelta(days=22)
    sign_in(page, web_clinic, "nurse@test.org")

    page.get_by_role("link", name="New patient").first.click()
    page.get_by_label("Full name").fill("Dora Browser")
    page.get_by_label("Date of birth (YYYY-MM-DD)").fill("1958-06-15")
    page.get_by_role("button", name="Create patient").click()
    expect(page.get_by_role("heading", name="Dora Browser")).to_be_visible()
    patient_id = int(page.url.rstrip("/").split("/")[-1])

    page.get_by_role("link", name="New episode").click()
    page.get_by_label("Procedure", exact=True).select_option("drg-block")
    page.get_by_label("Procedure date (YYYY-MM-DD)").fill(procedure_day.isoformat())
    page.get_by_label("Medicines").fill("Xarelto 20mg od")
    page.locator("fieldset", has_text="Adult escort home arranged?").get_by_label("Yes").check()
    page.get_by_role("button", name="Make the plan").click()

    expect(page.locator(".alerts")).to_contain_text("anticoagulant")
    last_dose = procedure_day - dt.timedelta(days=4)
    expect(page.locator("#h-holds + *")).to_contain_text(f"Last dose {format_date(last_dose)}")
    episode_url = page.url

    page.get_by_role("button", name="Record consent").click()
    expect(page.locator("#stage")).to_have_text("Consented")
    page.get_by_label("Procedure date", exact=True).fill(booked_day.isoformat())
    page.get_by_role("button", name="Book this date").click()
    expect(page.locator("#stage")).to_have_text("Scheduled")
    expect(page.locator("#procedure-date")).to_have_text(format_date(booked_day))
    sign_out(page)

    users.create_user(
        web_clinic.ctx,
        email=f"dora{patient_id}@test.org",
        role=Role.PATIENT,
        password=PASSWORD,
        patient_id=patient_id,
    )
    sign_in(page, web_clinic, f"dora{patient_id}@test.org")
    new_last_dose = booked_day - dt.timedelta(days=4)
    expect(page.locator("main")).to_contain_text(
        f"Take your last dose of Xarelto (rivaroxaban) on {format_date(new_last_dose)}"
    )
    page.goto(episode_url)
    expect(page.locator("#procedure-date")).to_have_text(format_date(booked_day))
    sign_out(page)

    # Another patient cannot open Dora's pages, even by typing the address.
    sign_in(page, web_clinic, "bob@test.org")
    response = page.goto(episode_url)
    assert response is not None
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("Xarelto")
    response = page.goto(f"{web_clinic.base_url}/patients/{patient_id}")
    assert response is not None
    assert response.status in {403, 404}
    expect(page.locator("main")).not_to_contain_text("Dora")


def test_a_refused_form_shows_the_error_beside_the_field_and_keeps_what_was_typed(
    page: Page, web_clinic: Clinic
) -> None:
    sign_in(page, web_clinic, "nurse@test.org")
    page.goto(f"{web_clinic.base_url}/patients/new")
    page.get_by_label("Full name").fill("Eve Typed")
    page.get_by_label("NHS number (optional)").fill("1234567890")
    page.get_by_label("Date of birth (YYYY-MM-DD)").fill("1970-02-03")
    page.get_by_role("button", name="Create patient").click()
    expect(page.locator("#nhs_number-error")).to_contain_text("NHS number")
    expect(page.get_by_label("Full name")).to_have_value("Eve Typed")
    expect(page.get_by_label("NHS number (optional)")).to_have_attribute("aria-invalid", "true")


def test_every_page_has_no_serious_accessibility_violations(page: Page, web_clinic: Clinic) -> None:
    ann = web_clinic.patient_ids["ann"]
    episode = web_clinic.call(
        "nurse",
        "POST",
        f"/api/v1/patients/{ann}/episodes",
        json={
            "procedure": "drg-block",
            "procedure_date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
            "medications": ["warfarin 3mg", "zzqx"],
        },
    ).json()
    pages_by_user = {
        None: ["/login"],
        "admin@test.org": [
            "/",
            "/patients",
            "/patients/new",
            f"/patients/{ann}",
            f"/patients/{ann}/edit",
            f"/patients/{ann}/episodes/new",
            f"/episodes/{episode['id']}",
            "/admin/users",
            f"/admin/audit?patient_id={ann}",
        ],
        "ann@test.org": ["/", f"/episodes/{episode['id']}"],
    }
    found: dict[str, object] = {}
    for email, paths in pages_by_user.items():
        if email:
            sign_in(page, web_clinic, email)
        for path in paths:
            page.goto(web_clinic.base_url + path)
            violations = axe_violations(page)
            if violations:
                found[f"{email}: {path}"] = violations
        if email:
            sign_out(page)
    assert found == {}


def test_pages_fit_a_phone_screen(page: Page, web_clinic: Clinic) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, web_clinic, "nurse@test.org")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
    assert re.search(r"Today", page.title())
