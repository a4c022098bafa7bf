"""A reporter's round trip in a real browser, with JavaScript on and off: submit with a photo,
keep the code, open the report, read the bureau's reply, send a follow-up."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal import envelope
from portal.reports import services
from portal.reports.models import Author, KeyKind, Recipient, Report
from tests.conftest import RECOVERY_PRIVATE_PEM
from tests.reports_helpers import jpeg_with_gps

pytestmark = pytest.mark.browser


def _bureau_replies(live_app, text: str) -> None:
    """Stand-in for the back office: open the report with the recovery key and reply."""
    with live_app.extensions["portal.db"].session() as session:
        report = session.scalar(select(Report))
        wrap = next(w for w in report.key_wraps
                    if w.recipient is Recipient.RECOVERY and w.key_kind is KeyKind.DATA)
        data_key = envelope.unwrap_with_private_key(
            wrap.wrapped_key, envelope.load_recovery_private_key(RECOVERY_PRIVATE_PEM),
            services._data_context(report.id, KeyKind.DATA, "recovery"))
        with live_app.app_context():
            from portal.reports.routes import keyring

            services.add_message(session, keyring(), report, data_key, Author.BUREAU, text)


@pytest.mark.parametrize("lang, javascript", [("bo", True), ("zh", False)])
def test_report_round_trip(watched_page, live_app, artifacts, tmp_path, lang, javascript):
    page, watch = watched_page(java_script_enabled=javascript, viewport={"width": 360, "height": 740})
    page.goto(f"/{lang}/report/new")
    page.select_option("select[name=region]", "640381")
    page.check("input[name=category][value=phantom_bed]")
    page.fill("input[name=institution]", "青铜峡市某医院")
    page.fill("textarea[name=narrative]", "Patients listed as inpatients were at home.")
    page.fill("input[name=amount]", "3200")
    page.click("button.button[type=submit]")

    photo = tmp_path / "ward.jpg"
    photo.write_bytes(jpeg_with_gps())
    page.set_input_files("input[name=evidence]", str(photo))
    page.check("input[name=confirm]")
    page.click("button[name=stage][value=confirm]")

    code = page.locator(".tracking-code").get_attribute("aria-label")
    assert re.fullmatch(r"\d{4}( \d{4}){5}", code)
    page.screenshot(path=str(artifacts / f"receipt-{lang}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    _bureau_replies(live_app, "Thank you; an inspection is planned.")

    page.goto(f"/{lang}/report/check")
    page.fill("input[name=code]", code.replace(" ", "-"))
    page.click("button[type=submit]")
    assert page.url.endswith(f"/{lang}/report/status")
    body = page.locator("main").inner_text()
    assert "Patients listed as inpatients were at home." in body
    assert "Thank you; an inspection is planned." in body
    assert "ward.jpg" in body

    page.fill("textarea[name=message]", "They also bill for meals.")
    page.click("form[action$='/report/status/message'] button[type=submit]")
    assert "They also bill for meals." in page.locator("main").inner_text()
    watch.assert_clean()


def test_wrong_check_digit_is_explained(watched_page):
    page, watch = watched_page(java_script_enabled=False)
    page.goto("/en/report/check")
    page.fill("input[name=code]", "1234 5678 9012 3456 7890 1234")
    page.click("button[type=submit]")
    error = page.locator(".error-message").inner_text()
    assert "typing mistake" in error or "No report matches" in error
    assert page.locator("input[name=code]").get_attribute("aria-invalid") == "true"
    watch.assert_clean()
