"""The contract's example patient: what the PDF, calendar, consent and discharge sheet say.

DRG block on Thursday 10 December 2026, made on 24 November 2026, taking Xarelto
(rivaroxaban) 20 mg once a day and metformin, with diabetes and an adult to take them home.
Every document is real output, read back: PDFs with poppler's pdftotext.
"""

from __future__ import annotations

import re

import pytest

import spinepath
from spinepath.render import render_document
from tests.render.conftest import example_patient, pdf_text, squash


@pytest.fixture(scope="module")
def uk_leaflet() -> str:
    pdf, media_type = render_document("leaflet.pdf", example_patient())
    assert media_type == "application/pdf"
    return pdf_text(pdf)


@pytest.fixture(scope="module")
def us_leaflet() -> str:
    pdf, _ = render_document("leaflet.pdf", example_patient(region="us"))
    return pdf_text(pdf)


def test_leaflet_pdf_gives_the_last_xarelto_dose_as_a_written_date(uk_leaflet: str) -> None:
    assert "Take your last dose of Xarelto (rivaroxaban) on Sunday 6 December 2026" in uk_leaflet
    assert "Last dose: Sunday 6 December 2026." in uk_leaflet


def test_leaflet_pdf_gives_the_restart_date(uk_leaflet: str) -> None:
    assert "Restart: Friday 11 December 2026, if your team agrees." in uk_leaflet
    assert "You may restart Xarelto (rivaroxaban) from 24 hours after your procedure" in (
        uk_leaflet
    )


def test_leaflet_pdf_gives_blood_sugar_advice_for_diabetes(uk_leaflet: str) -> None:
    assert "Steroid can raise your blood sugar for a few days" in uk_leaflet
    assert "until Sunday 13 December 2026" in uk_leaflet
    assert "contact your diabetes team or your GP" in uk_leaflet


def test_leaflet_pdf_says_an_adult_must_take_you_home(uk_leaflet: str) -> None:
    assert "An adult must take you home. You must not drive." in uk_leaflet


def test_leaflet_pdf_says_call_999_for_chest_pain(uk_leaflet: str) -> None:
    box = re.search(r"When to get help Call 999 now if: (.*?) Call the clinic", uk_leaflet)
    assert box is not None, "the red flag box with 999 is missing"
    assert "Chest pain or trouble breathing." in box.group(1)


def test_leaflet_lists_the_steps_in_date_order_with_written_dates() -> None:
    html = render_document("leaflet.html", example_patient())[0].decode()
    rows = re.findall(r'<time datetime="([\d-]+)">(.*?)</time>', html)
    assert [iso for iso, _ in rows] == sorted(iso for iso, _ in rows)
    written = [squash(re.sub(r"<[^>]+>", "", text)) for _, text in rows]
    assert written[:3] == [
        "Thursday 26 November 2026",
        "Sunday 6 December 2026",
        "Thursday 10 December 2026",
    ]
    assert written[-1] == "Thursday 18 February 2027"


def test_leaflet_pdf_says_until_when_the_limits_last(uk_leaflet: str) -> None:
    limits = uk_leaflet.split("What not to do, and until when", 1)[1]
    assert limits.startswith(" For 24 hours, until Friday 11 December 2026 Do not drive.")


def test_leaflet_pdf_names_its_version_review_date_and_sources(uk_leaflet: str) -> None:
    assert "Version: 2026.12.1" in uk_leaflet
    assert "Next review: Sunday 31 January 2027" in uk_leaflet
    assert "Guy's and St Thomas' leaflet 5374/VER1" in uk_leaflet
    assert "Even et al. 2012" in uk_leaflet


def test_us_leaflet_says_911_and_never_999(us_leaflet: str) -> None:
    assert "Call 911 now if: Chest pain or trouble breathing." in us_leaflet
    assert "999" not in us_leaflet
    assert "your primary care doctor" in us_leaflet
    assert " GP" not in us_leaflet


def test_us_wording_comes_from_the_us_catalogue() -> None:
    html, _ = render_document("consent.html", example_patient(region="us"))
    assert '<html lang="en-US">' in html.decode()
    assert "listed this use on its license." in html.decode()
    uk, _ = render_document("consent.html", example_patient())
    assert "listed this use on its licence." in uk.decode()


@pytest.fixture(scope="module")
def consent() -> str:
    pdf, media_type = render_document("consent.pdf", example_patient())
    assert media_type == "application/pdf"
    return pdf_text(pdf)


def test_consent_gives_every_risk_in_words_and_numbers(consent: str) -> None:
    assert "common: up to 1 in 10 Mild soreness or a bruise" in consent
    assert "rare: up to 1 in 1,000 An infection that may need antibiotics." in consent
    assert "very rare: up to 1 in 10,000 Steroid can harm your eyesight." in consent


def test_consent_for_a_lower_back_block_leaves_out_neck_and_chest_risks(consent: str) -> None:
    assert "Numb or weak legs for minutes or hours" in consent
    assert "Numb or weak arms" not in consent
    assert "collapsed lung" not in consent
    assert "Neck injections" not in consent


def test_consent_for_a_neck_or_chest_block_gives_their_own_risks() -> None:
    neck = pdf_text(render_document("consent.pdf", example_patient(spinal_level="cervical"))[0])
    assert "common: up to 1 in 10 Numb or weak arms for minutes or hours" in neck
    assert "Neck injections have very rarely caused severe harm or death." in neck
    assert "Numb or weak legs" not in neck
    chest = pdf_text(render_document("consent.pdf", example_patient(spinal_level="thoracic"))[0])
    assert "very rare: up to 1 in 10,000 A collapsed lung" in chest
    assert "Neck injections" not in chest


def test_consent_uses_a_risks_own_rate(consent: str) -> None:
    assert "very rare: less than 1 in 10,000 Serious nerve damage" in consent


def test_consent_has_benefits_alternatives_and_off_label_steroid(consent: str) -> None:
    assert "Any relief often starts within a few days, once the steroid works." in consent
    assert "You can choose not to have the injection." in consent
    assert "The steroid is used \u201coff-label\u201d." in consent


def test_consent_has_room_for_both_signatures_and_the_date(consent: str) -> None:
    signatures = consent.split("Signatures", 1)[1]
    assert re.search(r"Patient .* Signature Name in capitals Date Clinician", signatures)
    assert re.search(r"Clinician .* Signature Name and job title Date", signatures)
    assert "Made for you on: Tuesday 24 November 2026" in consent


def test_consent_leaves_out_the_off_label_statement_when_no_steroid_is_given() -> None:
    html, _ = render_document("consent.html", example_patient(procedure="medial-branch-block"))
    assert "off-label" not in html.decode()


def test_discharge_sheet_covers_the_first_24_hours_and_red_flags() -> None:
    pdf, media_type = render_document("discharge.pdf", example_patient())
    assert media_type == "application/pdf"
    text = pdf_text(pdf)
    first_day = text.split("For 24 hours, until Friday 11 December 2026", 1)[1][:400]
    for rule in (
        "Do not drive.",
        "Do not use machines or power tools.",
        "Do not sign legal papers.",
        "Do not drink alcohol.",
        "Do not look after children on your own.",
        "Have an adult stay with you",
        "Keep the injection site dry.",
    ):
        assert rule in first_day
    assert "What is normal Mild soreness or a bruise where the needle went in." in text
    assert "Call 999 now if: Chest pain or trouble breathing." in text
    assert "Restart: Friday 11 December 2026, if your team agrees." in text
    assert "21 January 2027" in text
    assert "Around this date you should have a follow-up call or visit" in text


def test_discharge_sheet_leaves_out_the_steps_before_the_procedure() -> None:
    html, _ = render_document("discharge.html", example_patient())
    text = squash(html.decode())
    assert "Call the pain clinic by this date" not in text
    assert "Your nerve root injection is today" not in text


def test_patient_details_are_printed_when_given() -> None:
    import datetime as dt

    html, _ = render_document(
        "leaflet.html",
        example_patient(),
        patient_name="Ada Example",
        date_of_birth=dt.date(1961, 3, 2),
    )
    text = squash(html.decode())
    assert "Ada Example" in text
    assert "Thursday 2 March 1961" in text


def test_a_stop_date_that_has_passed_says_call_the_clinic_today() -> None:
    html, _ = render_document("leaflet.html", example_patient(today="2026-12-08"))
    text = squash(html.decode())
    assert "The day to stop it has passed. Call the clinic today." in text
    assert "Last dose: Sunday 6 December 2026." not in text


def test_leaflet_asks_for_an_escort_when_none_is_arranged() -> None:
    html, _ = render_document("leaflet.html", example_patient(escort_arranged=False))
    text = squash(html.decode())
    assert "You told us that no one can take you home yet." in text


def test_a_ready_plan_has_no_notice_at_the_top() -> None:
    calm = example_patient(medications=[], conditions=[], allergies=[])
    assert spinepath.make_plan(calm)["status"] == "ready"
    html, _ = render_document("leaflet.html", calm)
    assert 'class="notice"' not in html.decode()
    busy, _ = render_document("leaflet.html", example_patient())
    assert busy.decode().count('class="notice"') == 1
