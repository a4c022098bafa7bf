"""A copy of the database, a SQL dump and the upload folder must reveal no report content,
identity or attachment. Known random strings go in through every entry path that exists;
none may come out of the raw files. (Later channels add their entry paths here.)"""
from __future__ import annotations

import io
import os
import random
import re
import secrets
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PIL import Image
from stdnum.cn import ric

from tests.reports_helpers import code_from, open_report, submit, token_from


def _marker(label: str) -> str:
    return f"{label}{secrets.token_hex(6)}"


def _random_id_number() -> str:
    body = "110105" + f"{random.randint(1950, 2000)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}" \
        + f"{random.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def _png_with_noise() -> bytes:
    image = Image.frombytes("RGB", (48, 48), os.urandom(48 * 48 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _sql_dump(database_url: str, tmp_path: Path) -> bytes:
    if database_url.startswith("sqlite"):
        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            return "\n".join(connection.iterdump()).encode()
        finally:
            connection.close()
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    parts = urlsplit(database_url.replace("+psycopg", ""))
    schema = unquote(parse_qs(parts.query)["options"][0]).split("=", 1)[1]
    dsn = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return subprocess.run(["pg_dump", "--schema", schema, "--inserts", dsn],
                          check=True, capture_output=True).stdout


def _raw_database_files(database_url: str) -> list[bytes]:
    if not database_url.startswith("sqlite"):
        return []
    path = Path(database_url.removeprefix("sqlite:///"))
    return [candidate.read_bytes() for candidate in (path, Path(f"{path}-wal")) if candidate.exists()]


def _variants(text: str) -> list[bytes]:
    """The forms a leaked string could take in a file."""
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-8").hex().encode()]


def test_no_plaintext_in_database_dump_uploads_or_logs(client, app, database_url, tmp_path, caplog):
    markers = {
        "institution": _marker("Inst"),
        "narrative": "The ward clerk " + _marker("Narr") + " billed phantom stays.",
        "place": _marker("Place"),
        "period": _marker("When"),
        "name": "王" + _marker("Name"),
        "id_number": _random_id_number(),
        "phone": "139" + "".join(random.choice("0123456789") for _ in range(8)),
        "address": _marker("Addr"),
        "amount": f"{random.randint(10_000, 99_999)}.{random.randint(10, 99)}",
    }
    attachment_name = _marker("File")
    message = _marker("Message")
    message_file = _marker("Follow")
    caplog.set_level("DEBUG")

    page = submit(client, files=[(f"{attachment_name}.png", _png_with_noise())],
                  identity_choice="real_name", reward_wanted="y", **markers).get_data(as_text=True)
    code = code_from(page)
    open_report(client, code)
    status = client.get("/en/report/status").get_data(as_text=True)
    client.post("/en/report/status/message", content_type="multipart/form-data",
                data={"message": message, "csrf_token": token_from(status),
                      "evidence": [(io.BytesIO(_png_with_noise()), f"{message_file}.png")]})
    status = client.get("/en/report/status").get_data(as_text=True)
    assert message in status and markers["institution"] in status  # the reporter can read it all
    import re

    downloads = [client.get(link).data for link in re.findall(r'href="(/en/report/attachment/\d+)"', status)]
    assert len(downloads) == 2

    secrets_out = [*markers.values(), attachment_name, message, message_file, code.replace(" ", "")[10:]]
    assert_nothing_leaks(app, database_url, tmp_path, caplog, secrets_out, downloads, uploads_expected=2)


def assert_nothing_leaks(app, database_url, tmp_path, caplog, secrets_out, downloads=(), uploads_expected=None):
    app.extensions["portal.db"].engine.dispose()  # flush the WAL and close files
    uploads = [p.read_bytes() for p in Path(app.config["UPLOAD_FOLDER"]).iterdir()]
    if uploads_expected is not None:
        assert len(uploads) == uploads_expected
    haystacks = {
        "database file": _raw_database_files(database_url),
        "SQL dump": [_sql_dump(database_url, tmp_path)],
        "upload folder": uploads,
        "logs": [caplog.text.encode()],
    }
    for where, blobs in haystacks.items():
        for blob in blobs:
            for secret in secrets_out:
                for variant in _variants(secret):
                    assert variant not in blob, f"{secret!r} found in the {where}"
            for content in downloads:
                for start in (100, len(content) // 2, len(content) - 64):
                    assert content[start:start + 32] not in blob, f"attachment bytes found in the {where}"


def test_staff_notes_replies_and_disclosure_reasons_stay_sealed(app, client, database_url, tmp_path, caplog, db_session):
    from sqlalchemy import select

    from portal.reports.models import Report
    from tests.reports_helpers import VALID_ID_NUMBER
    from tests.test_staff_auth import _signed_in_officer

    caplog.set_level("DEBUG")
    officer = _signed_in_officer(app, db_session, "scan.officer", "640300")
    submit(client, region="640323", identity_choice="real_name", name="孙" + _marker("N"),
           id_number=VALID_ID_NUMBER, phone="13800138000")
    locator = db_session.scalar(select(Report.locator))
    note, reply, reason = _marker("Note"), _marker("Reply"), _marker("Reason")
    page = officer.get(f"/staff/en/reports/{locator}").get_data(as_text=True)
    assert officer.post(f"/staff/en/reports/{locator}/step", data={
        "action": "start_review", "note": note, "message": reply, "csrf_token": token_from(page)}).status_code == 302
    officer.post(f"/staff/en/reports/{locator}/identity-request", data={"reason": reason, "csrf_token": token_from(page)})
    assert note in officer.get(f"/staff/en/reports/{locator}").get_data(as_text=True)
    assert_nothing_leaks(app, database_url, tmp_path, caplog, [note, reply, reason])


def test_hotline_orders_and_their_steps_stay_sealed(app, database_url, tmp_path, caplog, db_session):
    from sqlalchemy import select

    from portal.hotline.models import HotlineOrder
    from tests.test_hotline import _form
    from tests.test_staff_auth import _signed_in_officer

    caplog.set_level("DEBUG")
    operator = _signed_in_officer(app, db_session, "scan.operator", "640300", roles={__import__("portal.staff.models", fromlist=["Role"]).Role.HOTLINE_OPERATOR})
    officer = _signed_in_officer(app, db_session, "scan.officer", "640300")
    markers = {"matter": "来电人说" + _marker("Matter"), "place": _marker("Place"), "caller_name": "李" + _marker("N"),
               "caller_phone": "139" + "".join(random.choice("0123456789") for _ in range(8))}
    page = operator.get("/staff/en/hotline/new").get_data(as_text=True)
    assert operator.post("/staff/en/hotline/new", data=_form(page, **markers)).status_code == 200
    report_markers = {"matter": _marker("Reported"), "institution": _marker("Clinic"), "place": _marker("Where")}
    saved = operator.post("/staff/en/hotline/new", data=_form(
        page, order_number="YC20261207000077", request_type="report", category="fictitious_services",
        caller_name="赵" + _marker("R"), caller_phone="13912345678", **report_markers))
    assert saved.status_code == 200
    order = db_session.scalar(select(HotlineOrder).where(HotlineOrder.report_id.is_(None)))
    view = officer.get(f"/staff/en/hotline/{order.id}").get_data(as_text=True)
    assert markers["matter"] in view
    reply = _marker("Reply")
    officer.post(f"/staff/en/hotline/{order.id}/step", data={"action": "reply", "text": reply,
                                                             "csrf_token": token_from(view)})
    assert reply in officer.get(f"/staff/en/hotline/{order.id}").get_data(as_text=True)
    assert_nothing_leaks(app, database_url, tmp_path, caplog, [*markers.values(), *report_markers.values(), reply])


def test_supervisor_contacts_observations_files_and_feedback_stay_sealed(app, database_url, tmp_path, caplog,
                                                                         db_session):
    from datetime import datetime

    from portal.staff.models import Role
    from portal.staff.services import create_user
    from portal.workdays import BEIJING
    from tests.test_staff_auth import PASSWORD, _signed_in, _signed_in_officer

    caplog.set_level("DEBUG")
    today = datetime.now(BEIJING).date().isoformat()
    admin = _signed_in_officer(app, db_session, "scan.admin", "640000", roles={Role.ADMIN})
    officer = _signed_in_officer(app, db_session, "scan.officer", "640300")
    create_user(db_session, username="scan.supervisor", display_name="", password=PASSWORD, roles={Role.SUPERVISOR},
                region_code="640300")
    contact = "139" + "".join(random.choice("0123456789") for _ in range(8)) + _marker("Addr")
    page = admin.get("/staff/en/supervisors").get_data(as_text=True)
    assert admin.post("/staff/en/supervisors", data={
        "csrf_token": token_from(page), "name": "王某", "category": "insured", "selection": "invitation",
        "region": "640300", "appointing_bureau": "吴忠市医疗保障局", "certificate_number": _marker("C"),
        "term_start": today, "contact": contact, "account": "scan.supervisor"}).status_code == 302
    supervisor = _signed_in(app, "scan.supervisor")
    description, file_name, feedback = _marker("Observed"), _marker("Photo"), _marker("Feedback")
    page = supervisor.get("/staff/en/observations").get_data(as_text=True)
    logged = supervisor.post("/staff/en/observations", content_type="multipart/form-data", data={
        "csrf_token": token_from(page), "observed_on": today, "type": "clue", "department": _marker("Dept")[:4],
        "description": description, "evidence": [(io.BytesIO(_png_with_noise()), f"{file_name}.png")]})
    address = logged.headers["Location"]
    view = officer.get(address).get_data(as_text=True)
    officer.post(address, data={"csrf_token": token_from(view), "action": "feedback", "text": feedback})
    shown = supervisor.get(address).get_data(as_text=True)
    assert description in shown and feedback in shown
    download = supervisor.get(re.search(r'href="(/staff/en/observations/\d+/files/\d+)"', shown).group(1)).data
    assert_nothing_leaks(app, database_url, tmp_path, caplog, [contact, description, file_name, feedback], [download],
                         uploads_expected=1)


def test_reward_payee_details_stay_sealed(app, client, database_url, tmp_path, caplog, db_session):
    from sqlalchemy import select

    from datetime import date, datetime, timezone

    from portal.calendar.services import declare_year, load_calendar, set_day
    from portal.casework.workflow import CaseState, Outcome
    from portal.reports.models import Report
    from portal.rewards.rules import Condition
    from portal.staff.models import Role
    from portal.workdays import bureau_date
    from tests.test_staff_auth import _client, _signed_in_officer

    caplog.set_level("DEBUG")
    maker = _signed_in_officer(app, db_session, "scan.officer", "640300")
    checker = _signed_in_officer(app, db_session, "scan.reward", "640300", roles={Role.IDENTITY_CUSTODIAN})
    reporter = _client(app)
    code = code_from(submit(reporter, region="640323", reward_wanted="y").get_data(as_text=True))
    report = db_session.scalar(select(Report))
    report.status, report.outcome = CaseState.CONCLUDED, Outcome.SUBSTANTIATED
    db_session.commit()
    form = maker.get(f"/staff/en/rewards/propose/{report.locator}").get_data(as_text=True)
    page = maker.post(f"/staff/en/rewards/propose/{report.locator}", data={
        "csrf_token": token_from(form), "rule_set": "beijing-individuals", "verified_amount": "50000",
        "conditions": [item.value for item in Condition], "first_reporter": "y"}).headers["Location"]
    today = bureau_date(datetime.now(timezone.utc))
    if load_calendar(db_session).due_or_none(today, 30) is None:  # the window runs into an unentered year
        set_day(db_session, None, date(today.year + 1, 1, 1), False, "元旦")
        declare_year(db_session, None, today.year + 1, "test schedule")
        db_session.commit()
    shown = checker.get(page).get_data(as_text=True)
    assert checker.post(page, data={"csrf_token": token_from(shown), "action": "approve"}).status_code == 302
    open_report(reporter, code)
    status = reporter.get("/en/report/status").get_data(as_text=True)
    payee = {"payee_name": "钱" + _marker("Payee"), "payee_id_number": _random_id_number(),
             "payee_phone": "139" + "".join(random.choice("0123456789") for _ in range(8)),
             "payee_bank": _marker("Bank"), "payee_account": "".join(random.choice("0123456789") for _ in range(19))}
    assert reporter.post("/en/report/reward", data={"csrf_token": token_from(status), "decision": "claim",
                                                     **payee}).status_code == 302
    assert payee["payee_account"] in checker.get(page).get_data(as_text=True)
    assert_nothing_leaks(app, database_url, tmp_path, caplog, list(payee.values()))
