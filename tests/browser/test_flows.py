"""The clinic in a real browser: a nurse's day, the patient's view, and who may see what."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from playwright.sync_api import Page, expect

from spinepath.domain.dates import format_date
from spinepath.domain.records import Role
from spinepath.services import users
from tests.app.conftest import PASSWORD, Clinic, past_episode
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


def test_nothing_reaches_the_patient_until_a_clinician_signs_off(
    page: Page, web_clinic: Clinic
) -> None:
    """The nurse plans, consents and books; the patient sees only "your clinic is
    checking your plan"; the nurse cannot sign off; the clinician does; then the patient
    sees the last-dose date, who checked it and when, and the leaflet PDF says the same."""
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
    page.get_by_label("Medicines").fill("Eliquis 5mg bd")
    page.locator("fieldset", has_text="Adult escort home arranged?").get_by_label("Yes").check()
    page.get_by_role("button", name="Make the plan").click()
    expect(page.locator(".alerts")).to_contain_text("anticoagulant")
    episode_url = page.url

    # Consent needs every risk ticked: none is ticked to begin with.
    risks = page.locator("#consent input[name=risks]")
    assert risks.count() > 0
    for index in range(risks.count()):
        expect(risks.nth(index)).not_to_be_checked()
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator("#risks-error")).to_contain_text("every risk must be discussed")
    expect(page.locator("#stage")).to_have_text("Assessed")
    for index in range(risks.count()):
        risks.nth(index).check()
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator("#stage")).to_have_text("Consented")
    page.get_by_label("Procedure date", exact=True).fill(booked_day.isoformat())
    page.get_by_role("button", name="Book this date").click()
    expect(page.locator("#procedure-date")).to_have_text(format_date(booked_day))
    expect(page.locator("#sign-off-state")).to_contain_text("Not yet checked")
    expect(page.get_by_role("button", name="Sign off this plan")).to_have_count(0)
    sign_out(page)

    users.create_user(
        web_clinic.ctx,
        email=f"dora{patient_id}@test.org",
        role=Role.PATIENT,
        password=PASSWORD,
        patient_id=patient_id,
    )
    episode_id = int(episode_url.rstrip("/").split("/")[-1])
    plan = web_clinic.call("clinician", "GET", f"/api/v1/episodes/{episode_id}").json()["plan"]
    (hold,) = [h for h in plan["medication_holds"] if h["ingredient"] == "apixaban"]
    last_dose = format_date(dt.date.fromisoformat(hold["last_dose_date"]))
    sign_in(page, web_clinic, f"dora{patient_id}@test.org")
    expect(page.locator("main")).to_contain_text("Your clinic is checking your plan")
    page.goto(episode_url)
    expect(page.locator("#plan-pending")).to_contain_text("Do not stop or change any medicine")
    assert axe_violations(page) == []
    expect(page.locator("main")).not_to_contain_text("Last dose")
    expect(page.locator("main")).not_to_contain_text(last_dose)
    response = page.goto(f"{episode_url}/documents/leaflet.pdf")
    assert response is not None
    assert response.status == 409
    sign_out(page)

    sign_in(page, web_clinic, "clinician@test.org")
    page.goto(episode_url)
    page.get_by_role("button", name="Sign off this plan").click()
    expect(page.locator("#sign-off-state")).to_contain_text("Dr Clara Test")
    assert axe_violations(page) == []
    page.locator("#to").select_option("scheduled")
    page.get_by_role("button", name="Move").click()
    expect(page.locator("#stage")).to_have_text("Scheduled")
    sign_out(page)

    sign_in(page, web_clinic, f"dora{patient_id}@test.org")
    page.goto(episode_url)
    expect(page.locator("#h-holds + *")).to_contain_text(f"Last dose {last_dose}")
    expect(page.locator("#signed-off")).to_contain_text("signed off by Dr Clara Test on")
    expect(page.locator("#signed-off")).to_contain_text(format_date(today))
    expect(page.locator("main")).to_contain_text(f"You gave your consent on {format_date(today)}")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'l.pdf';"
            " document.body.appendChild(a); a.click(); }",
            f"{episode_url}/documents/leaflet.pdf",
        )
    pdf = download.value.path()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert last_dose in " ".join(text.split())
    assert format_date(booked_day) in " ".join(text.split())
    sign_out(page)

    # Another patient cannot open Dora's pages, even by typing the address.
    sign_in(page, web_clinic, "bob@test.org")
    response = page.goto(episode_url)
    assert response is not None
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("Eliquis")
    response = page.goto(f"{web_clinic.base_url}/patients/{patient_id}")
    assert response is not None
    assert response.status in {403, 404}
    expect(page.locator("main")).not_to_contain_text("Dora")


def test_a_patients_warning_reaches_a_person_and_a_reload_sends_nothing(
    page: Page, web_clinic: Clinic
) -> None:
    """A 30-hour headache the day after a DRG block, reported on a phone-sized page: the
    patient is told what to do and the clinic's number; the nurse sees it with its time,
    acknowledges it with a note, and the note shows on the episode. Weak legs: "Call 999
    now" comes first."""
    episode = past_episode(web_clinic, days_ago=1)
    url = f"{web_clinic.base_url}/episodes/{episode['id']}"
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, web_clinic, "ann@test.org")
    page.goto(url)
    page.get_by_label("Headache").check()
    page.get_by_label("For how many hours? (optional)").nth(_symptom_index("headache")).fill("30")
    page.get_by_label("Your pain now").fill("7/10")
    page.get_by_role("button", name="Send to the clinic").click()
    # Refused: the error is beside the field, and everything typed is still there.
    expect(page.locator("#pain_nrs-error")).to_contain_text("whole number from 0 to 10")
    expect(page.get_by_label("Headache")).to_be_checked()
    expect(page.get_by_label("Your pain now")).to_have_value("7/10")
    assert _checkins(web_clinic, episode["id"]) == 0
    page.get_by_label("Your pain now").fill("7")
    page.get_by_role("button", name="Send to the clinic").click()
    expect(page.get_by_role("heading", name="What to do now")).to_be_visible()
    phone = web_clinic.ctx.settings.clinic_phone
    expect(page.get_by_role("link", name=phone)).to_have_attribute("href", re.compile(r"^tel:"))
    expect(page.locator(".told")).to_contain_text("We have told your clinic")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert axe_violations(page) == []
    page.reload()
    expect(page.get_by_role("heading", name="What to do now")).to_be_visible()
    assert _checkins(web_clinic, episode["id"]) == 1

    page.goto(url)
    page.get_by_label("Leg weakness").check()
    page.get_by_role("button", name="Send to the clinic").click()
    first = page.locator("main > *").first
    expect(first).to_contain_text("Call 999 now")
    expect(page.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    sign_out(page)

    page.set_viewport_size({"width": 1100, "height": 900})
    sign_in(page, web_clinic, "nurse@test.org")
    row = page.locator("#red-flags tr", has_text="Headache")
    expect(row).to_contain_text("Contact the team")
    expect(row).to_contain_text("Reported")
    row.get_by_label("Note for").fill("Rang Ann: lying flat, will call back at 5")
    row.get_by_role("button", name="Acknowledge").click()
    expect(page.locator("#red-flags tr", has_text="Headache")).to_have_count(0)
    assert axe_violations(page) == []
    page.goto(url)
    expect(page.locator("#alerts")).to_contain_text("Acknowledged by Nina Nurse")
    expect(page.locator("#alerts")).to_contain_text("Rang Ann: lying flat")
    assert axe_violations(page) == []


def _symptom_index(code: str) -> int:
    from spinepath.knowledge.loader import default_knowledge

    return list(default_knowledge().symptoms).index(code)


def _checkins(clinic: Clinic, episode_id: int) -> int:
    from spinepath.services import episodes

    detail = episodes.episode_detail(clinic.ctx, clinic.users["nurse"], episode_id)
    return len(detail["checkins"])


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
