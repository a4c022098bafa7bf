"""The 12345 operator's form with the keyboard alone, in Debian's Chromium, scripts off (as
locked-down call-centre machines run): Tab from field to field, arrow keys in the request
type, Enter to save; the code to read aloud appears large and grouped."""
from __future__ import annotations

import pyotp
import pytest

from portal.staff import auth
from portal.staff.models import Role
from portal.staff.services import create_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


def test_an_operator_enters_a_report_by_keyboard_and_gets_a_code_to_read_out(watched_page, live_app, artifacts):
    secret = auth.new_totp_secret()
    with live_app.extensions["portal.db"].session() as session:
        user = create_user(session, username="browser.operator", display_name="", password=PASSWORD,
                           roles={Role.HOTLINE_OPERATOR}, region_code="640300")
        auth.complete_enrolment(session, user, secret, pyotp.TOTP(secret).now(), live_app.config["SECRET_KEY"])
    page, watch = watched_page(java_script_enabled=False)
    page.goto("/staff/zh/login")
    page.fill("input[name=username]", "browser.operator")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=code]", pyotp.TOTP(secret).at(__import__("time").time() + 30))
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")  # fonts of the page left behind are not aborted
    page.goto("/staff/zh/hotline/new")
    page.wait_for_load_state("networkidle")

    keyboard = page.keyboard
    assert page.evaluate("document.activeElement.name") == "order_number"  # the first field has focus
    keyboard.type("YC20261207000321")
    # The call time is filled in with now; Tab walks through its parts (date, hour, minute).
    for _ in range(8):
        keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") != "called_at":
            break
    assert page.evaluate("document.activeElement.name") == "region"
    page.select_option("select[name=region]", "640323")  # a select takes typed letters; the code is simpler here
    page.focus("input[name=request_type][value=consultation]")
    for _ in range(3):  # consultation -> help -> complaint -> report
        keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "report"
    keyboard.press("Tab")
    keyboard.type("诊所用我的医保卡刷了没做过的理疗。")
    keyboard.press("Tab")
    keyboard.type("盐池县花马池镇")
    keyboard.press("Tab")
    page.select_option("select[name=category]", "fictitious_services")
    keyboard.press("Tab")
    keyboard.type("盐池县某诊所")
    with page.expect_navigation():
        keyboard.press("Enter")  # submits the form

    assert page.locator("h1").inner_text() == "工单已保存"
    groups = page.locator(".tracking-code span")
    assert groups.count() == 6 and all(len(text) == 4 for text in groups.all_inner_texts())
    assert float(page.evaluate("getComputedStyle(document.querySelector('.tracking-code')).fontSize")[:-2]) >= 20
    page.screenshot(path=str(artifacts / "hotline-code-zh.png"), full_page=True)
    watch.assert_clean()
