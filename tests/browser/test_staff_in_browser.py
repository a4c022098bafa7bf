"""Staff enrolment of the second factor and sign-in in a real browser (JavaScript off, as
some bureau machines run locked down)."""
from __future__ import annotations

import time

import pyotp
import pytest

from portal.staff.models import Role
from portal.staff.services import create_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


def test_enrol_then_sign_in_with_totp(watched_page, live_app, artifacts):
    with live_app.extensions["portal.db"].session() as session:
        create_user(session, username="browser.officer", display_name="Ma Li", password=PASSWORD,
                    roles={Role.CASE_OFFICER}, region_code="640300")
    page, watch = watched_page(java_script_enabled=False)
    page.goto("/staff/zh/login")
    page.fill("input[name=username]", "browser.officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    assert page.url.endswith("/staff/zh/enrol")
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 100  # the QR code really drew
    page.screenshot(path=str(artifacts / "staff-enrol-zh.png"), full_page=True)
    secret = page.locator(".totp-secret").inner_text()
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    assert page.locator(".recovery-codes li").count() == 10
    page.click("a.button")
    assert page.url.endswith("/staff/zh/")
    assert page.locator("h1").inner_text() == "本地区的举报"

    page.click("button.link-button")  # sign out
    assert page.url.endswith("/staff/zh/login")
    page.fill("input[name=username]", "browser.officer")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=code]", pyotp.TOTP(secret).at(time.time() + 30))
    page.click("button[type=submit]")
    assert page.url.endswith("/staff/zh/")
    watch.assert_clean()
