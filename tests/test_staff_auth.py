"""Staff sign-in with password + TOTP, enrolment, recovery codes, lock-out, idle timeout,
password change, and region scope of the report queue."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from portal import crypto
from portal.staff.models import Role, StaffUser
from portal.staff.services import create_user
from tests.reports_helpers import submit, token_from

PASSWORD = "correct horse battery staple"


@pytest.fixture
def officer(db_session):
    return create_user(db_session, username="wu.officer", display_name="Wu", password=PASSWORD,
                       roles={Role.CASE_OFFICER}, region_code="640300")


def _post_login(client, username="wu.officer", password=PASSWORD, code=""):
    page = client.get("/staff/en/login").get_data(as_text=True)
    return client.post("/staff/en/login", data={"username": username, "password": password, "code": code,
                                                "csrf_token": token_from(page)})


def enrol(client, password=PASSWORD) -> str:
    """First sign-in: enrol the authenticator; returns the TOTP secret."""
    response = _post_login(client, password=password)
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/en/enrol")
    page = client.get("/staff/en/enrol").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'class="totp-secret" lang="en">([A-Z2-7]+)<', page).group(1)
    wrong = client.post("/staff/en/enrol", data={"password": password, "code": "000000",
                                                 "csrf_token": token_from(page)})
    assert wrong.status_code == 400 and "does not match" in wrong.get_data(as_text=True)
    done = client.post("/staff/en/enrol", data={"password": password, "code": pyotp.TOTP(secret).now(),
                                                "csrf_token": token_from(page)})
    assert done.status_code == 200
    codes = re.findall(r"<code>(\d{5}-\d{5}-\d{5})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    enrol.recovery_codes = codes
    return secret


def _client(app):
    client = app.test_client()
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    return client


def _next_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_enrolment_signs_in_and_dashboard_needs_a_session(client, officer):
    assert client.get("/staff/en/").status_code == 302  # not signed in
    enrol(client)
    dashboard = client.get("/staff/en/")
    assert dashboard.status_code == 200 and "Reports in your region" in dashboard.get_data(as_text=True)
    assert "no-store" in dashboard.headers["Cache-Control"]


def test_sign_in_needs_both_factors_and_a_code_works_once(client, app, officer):
    secret = enrol(client)
    fresh = _client(app)
    no_code = _post_login(fresh)
    assert no_code.status_code == 400 and "password or code is wrong" in no_code.get_data(as_text=True)
    code = _next_code(secret)
    ok = _post_login(fresh, code=code)
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/staff/en/")
    cookie = next(value for value in ok.headers.getlist("Set-Cookie") if value.startswith("portal_staff="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff/" in cookie
    replay = _post_login(_client(app), code=code)
    assert replay.status_code == 400


def test_recovery_code_replaces_the_app_once(client, app, officer):
    enrol(client)
    code = enrol.recovery_codes[0]
    assert _post_login(_client(app), code=code).status_code == 302
    assert _post_login(_client(app), code=code).status_code == 400


def test_unknown_user_and_wrong_password_get_the_same_answer(client, officer):
    unknown = _post_login(client, username="nobody").get_data(as_text=True)
    wrong = _post_login(client, password="not the password at all").get_data(as_text=True)
    assert "The user name, password or code is wrong." in unknown
    assert "The user name, password or code is wrong." in wrong


def test_lock_out_after_repeated_failures(client, db_session, officer):
    for _ in range(5):
        _post_login(client, password="wrong password here")
    locked = _post_login(client)  # even the right password
    assert locked.status_code == 400 and "Too many failed sign-ins" in locked.get_data(as_text=True)
    db_session.refresh(officer)
    assert officer.failed_logins == 5 and officer.locked_until is not None


def test_idle_timeout_signs_out(client, db_session, officer):
    from datetime import datetime, timedelta, timezone

    from portal.keysessions import KeySession

    enrol(client)
    assert client.get("/staff/en/").status_code == 200
    for row in db_session.scalars(select(KeySession)):
        row.expires_at = datetime.now(timezone.utc) - timedelta(seconds=1)  # idle for too long
    db_session.commit()
    assert client.get("/staff/en/").status_code == 302


def test_password_change_reseals_the_same_key_and_ends_sessions(client, db_session, officer):
    enrol(client)
    public_before = officer.public_key
    page = client.get("/staff/en/password").get_data(as_text=True)
    short = client.post("/staff/en/password", data={"current": PASSWORD, "new": "short", "csrf_token": token_from(page)})
    assert short.status_code == 400
    changed = client.post("/staff/en/password", data={"current": PASSWORD, "new": "a brand new passphrase",
                                                      "csrf_token": token_from(page)})
    assert changed.status_code == 200 and "sign in again" in changed.get_data(as_text=True)
    assert client.get("/staff/en/").status_code == 302  # every session ended
    db_session.refresh(officer)
    private = crypto.open_private_key(officer.sealed_private_key, "a brand new passphrase")
    from cryptography.hazmat.primitives import serialization

    assert private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) == public_before
    with pytest.raises(crypto.SealedKeyError):
        crypto.open_private_key(officer.sealed_private_key, PASSWORD)


def test_queue_shows_only_the_officers_region(client, app, officer):
    reporter = _client(app)
    submit(reporter, region="640323")  # Yanchi, inside Wuzhong
    submit(reporter, region="542522")  # Zanda, Tibet
    enrol(client)
    page = client.get("/staff/en/").get_data(as_text=True)
    assert "Wuzhong › Yanchi County" in page or "Yanchi County" in page
    assert "Zanda County" not in page
    assert "Received: 1" in page


def test_admin_creates_suspends_and_rescopes_within_their_region(client, app, db_session):
    admin = create_user(db_session, username="nx.admin", display_name="Admin", password=PASSWORD,
                        roles={Role.ADMIN}, region_code="640000")
    create_user(db_session, username="tibet.officer", display_name="", password=PASSWORD,
                roles={Role.CASE_OFFICER}, region_code="540000")
    response = _post_login(client, username="nx.admin")
    assert response.status_code == 302
    enrol_page = client.get("/staff/en/enrol").get_data(as_text=True)
    secret = re.search(r'class="totp-secret" lang="en">([A-Z2-7]+)<', enrol_page).group(1)
    client.post("/staff/en/enrol", data={"password": PASSWORD, "code": pyotp.TOTP(secret).now(),
                                         "csrf_token": token_from(enrol_page)})
    page = client.get("/staff/en/users")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "nx.admin" in text and "tibet.officer" not in text
    created = client.post("/staff/en/users", data={
        "username": "yanchi.officer", "display_name": "Ma", "roles": ["case_officer", "hotline_operator"],
        "region": "640323", "password": "first password 123", "csrf_token": token_from(text)})
    assert created.status_code == 302
    user = db_session.scalar(select(StaffUser).where(StaffUser.username == "yanchi.officer"))
    assert user.roles == {Role.CASE_OFFICER, Role.HOTLINE_OPERATOR} and user.region.code == "640323"
    outside = client.post("/staff/en/users", data={
        "username": "lhasa.officer", "roles": ["case_officer"], "region": "540100",
        "password": "first password 123", "csrf_token": token_from(text)})
    assert outside.status_code == 400
    suspended = client.post(f"/staff/en/users/{user.id}", data={
        "roles": ["case_officer"], "region": "640300", "csrf_token": token_from(text)})
    assert suspended.status_code == 302
    db_session.refresh(user)
    assert not user.active and user.region.code == "640300" and user.roles == {Role.CASE_OFFICER}
    tibet = db_session.scalar(select(StaffUser).where(StaffUser.username == "tibet.officer"))
    assert client.get(f"/staff/en/users/{tibet.id}").status_code == 404
    self_suspend = client.post(f"/staff/en/users/{admin.id}", data={
        "roles": ["admin"], "region": "640000", "csrf_token": token_from(text)})
    assert self_suspend.status_code == 400


def test_non_admin_cannot_open_account_pages(client, officer):
    enrol(client)
    assert client.get("/staff/en/users").status_code == 403


def _signed_in_officer(app, db_session, username, region_code, roles=frozenset({Role.CASE_OFFICER}),
                       institution_code=""):
    """A new staff member who has enrolled TOTP and is signed in; returns their client."""
    create_user(db_session, username=username, display_name="", password=PASSWORD,
                roles=set(roles), region_code=region_code, institution_code=institution_code)
    return _signed_in(app, username)


def _signed_in(app, username):
    """An existing account's first sign-in with TOTP enrolment; returns its client."""
    client = _client(app)
    _post_login(client, username=username)
    page = client.get("/staff/en/enrol").get_data(as_text=True)
    secret = re.search(r'class="totp-secret" lang="en">([A-Z2-7]+)<', page).group(1)
    client.post("/staff/en/enrol", data={"password": PASSWORD, "code": pyotp.TOTP(secret).now(),
                                         "csrf_token": token_from(page)})
    return client


def test_officer_reads_and_answers_a_report_in_scope_only_and_every_read_is_audited(app, db_session):
    from portal.audit.models import AuditEntry
    from portal.reports.models import Report
    from tests.reports_helpers import code_from, open_report

    yanchi = _signed_in_officer(app, db_session, "yanchi.officer", "640323")
    zhongning = _signed_in_officer(app, db_session, "zhongning.officer", "640521")
    reporter = _client(app)
    code = code_from(submit(reporter, region="640323").get_data(as_text=True))
    locator = db_session.scalar(select(Report.locator))

    page = yanchi.get(f"/staff/en/reports/{locator}")
    assert page.status_code == 200 and "10 days of treatment she never had" in page.get_data(as_text=True)
    assert zhongning.get(f"/staff/en/reports/{locator}").status_code == 404  # by URL, outside the region
    assert locator not in zhongning.get("/staff/en/").get_data(as_text=True)

    yanchi.post(f"/staff/en/reports/{locator}", data={"message": "We have opened an inspection.",
                                                      "csrf_token": token_from(page.get_data(as_text=True))})
    open_report(reporter, code)
    assert "We have opened an inspection." in reporter.get("/en/report/status").get_data(as_text=True)

    actions = [entry.action for entry in db_session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions.count("report.read") == 1 and "report.reply" in actions and "staff.sign_in" in actions
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output


def test_audit_verify_reports_an_edited_row(app, db_session):
    from sqlalchemy import text

    _signed_in_officer(app, db_session, "edit.officer", "640300")
    _signed_in_officer(app, db_session, "other.officer", "640300")
    db_session.execute(text("UPDATE audit_entry SET actor_label = 'someone.else' WHERE id = "
                            "(SELECT MIN(id) FROM audit_entry)"))
    db_session.commit()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "altered" in result.output


def test_officer_without_the_key_is_told_and_refused(app, db_session):
    from portal.reports.models import Report

    reporter = _client(app)
    submit(reporter, region="640323")  # before the officer exists: no wrap for them
    late = _signed_in_officer(app, db_session, "late.officer", "640323")
    locator = db_session.scalar(select(Report.locator))
    response = late.get(f"/staff/en/reports/{locator}")
    assert response.status_code == 403 and "portal keys grant" in response.get_data(as_text=True)


def test_a_holder_gives_a_report_to_a_new_colleague(app, db_session):
    from portal.reports.models import Report

    first = _signed_in_officer(app, db_session, "first.officer", "640300")
    submit(_client(app), region="640323")
    locator = db_session.scalar(select(Report.locator))
    second = _signed_in_officer(app, db_session, "second.officer", "640323")  # arrived after the report
    assert second.get(f"/staff/en/reports/{locator}").status_code == 403
    page = first.get(f"/staff/en/reports/{locator}").get_data(as_text=True)
    colleague_id = re.search(r'<option value="(\d+)">[^<]*\(second\.officer\)', page).group(1)
    assert first.post(f"/staff/en/reports/{locator}/grant", data={"colleague": colleague_id,
                                                                   "csrf_token": token_from(page)}).status_code == 302
    assert second.get(f"/staff/en/reports/{locator}").status_code == 200
    again = first.post(f"/staff/en/reports/{locator}/grant", data={"colleague": colleague_id,
                                                                    "csrf_token": token_from(page)})
    assert again.status_code == 400
