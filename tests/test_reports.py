"""The report desk end to end through the real app and database."""
from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import func, select

from portal import crypto, envelope
from portal.reports.models import KeyKind, Recipient, Report, ReportAttachment
from portal.reports.services import _data_context
from portal.staff.services import create_user
from portal.staff.models import Role
from tests.conftest import RECOVERY_PRIVATE_PEM
from tests.reports_helpers import VALID_ID_NUMBER, code_from, jpeg_with_gps, open_report, submit, token_from


def _count(db_session, model):
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model))


def test_start_page_explains_handling_protection_and_alternatives(client):
    page = client.get("/en/report").get_data(as_text=True)
    assert "How you are protected" in page and "Where to go instead" in page and "12315" in page
    assert "Splitting one hospital stay into several" in page
    assert 'href="/en/report/new"' in page and 'href="/en/report/check"' in page
    assert "Set-Cookie" not in client.get("/zh/report").headers


def test_home_page_links_the_report_desk(client):
    page = client.get("/en/").get_data(as_text=True)
    assert 'href="/en/report"' in page and 'href="/en/report/check"' in page


def test_anonymous_report_round_trip(client, db_session):
    response = submit(client)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]
    code = code_from(page)
    assert re.fullmatch(r"\d{4}( \d{4}){5}", code)
    assert "It is shown only once" in page and "v1." in page

    report = db_session.scalar(select(Report))
    assert report.locator == code.replace(" ", "")[:10]
    assert not report.real_name and report.category.value == "fictitious_services"
    assert report.region.code == "640323"

    opened = open_report(client, code)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/en/report/status")
    cookie = opened.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    status = client.get("/en/report/status")
    text = status.get_data(as_text=True)
    assert "10 days of treatment she never had" in text and "盐池县某医院" in text
    assert "Received" in text and "no-store" in status.headers["Cache-Control"]
    # The reporter view gives the same signed proof as the receipt page.
    assert re.search(r'name="proof" value="([^"]+)"', page).group(1) in text

    page = client.get("/en/report/status").get_data(as_text=True)
    sent = client.post("/en/report/status/message", data={"message": "Second ward too.", "csrf_token": token_from(page)})
    assert sent.status_code == 302
    assert "Second ward too." in client.get("/en/report/status").get_data(as_text=True)

    client.post("/en/report/sign-out", data={"csrf_token": token_from(page)})
    assert client.get("/en/report/status").status_code == 302
    from portal.keysessions import KeySession

    assert _count(db_session, KeySession) == 0


def test_report_in_tibetan_and_chinese(client):
    for lang, heading in (("bo", "ཁྱེད་ཀྱི་གསལ་སྙན་བསྐུར་ཟིན།"), ("zh", "您的举报已提交")):
        page = submit(client, lang=lang).get_data(as_text=True)
        assert heading in page


def test_missing_fields_keep_what_was_typed_and_store_nothing(client, db_session):
    page = client.get("/bo/report/new").get_data(as_text=True)
    response = client.post("/bo/report/new", data={
        "csrf_token": token_from(page), "stage": "details", "region": "640323",
        "category": "bribery", "institution": "", "narrative": "A detailed account typed slowly",
        "identity_choice": "real_name", "name": "", "id_number": "123", "phone": "12",
    })
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "A detailed account typed slowly" in text  # nothing typed is lost
    assert "ཡིག་སྒམ་འདི་ངེས་པར་དུ་འབྲི་དགོས།" in text  # required, in Tibetan
    assert re.search(r'<input checked[^>]*value="bribery"', text)
    assert _count(db_session, Report) == 0


def test_real_name_fields_are_validated(client, db_session):
    page = client.get("/en/report/new").get_data(as_text=True)
    bad = client.post("/en/report/new", data={
        "csrf_token": token_from(page), "stage": "details", "region": "640323", "category": "bribery",
        "institution": "X", "narrative": "Something happened there.", "identity_choice": "real_name",
        "name": "Li", "id_number": "110105194912310021", "phone": "1234",
    })
    text = bad.get_data(as_text=True)
    assert "not a valid resident identity card number" in text
    assert "Enter a mobile number" in text
    assert _count(db_session, Report) == 0


def test_unticked_confirmation_stores_nothing(client, db_session):
    response = submit(client, confirm=False)
    assert response.status_code == 400
    assert "Tick the confirmation" in response.get_data(as_text=True)
    assert _count(db_session, Report) == 0


def test_real_name_identity_is_sealed_under_a_separate_key(client, db_session, app):
    page = submit(client, identity_choice="real_name", name="王某某", id_number=VALID_ID_NUMBER,
                  phone="13800138000", address="银川市某路1号", reward_wanted="y").get_data(as_text=True)
    assert code_from(page)
    report = db_session.scalar(select(Report))
    assert report.real_name and report.reward_wanted
    fields = {f.name: f for f in report.sealed_fields}
    assert fields["identity"].key_kind is KeyKind.IDENTITY
    holders = {(w.key_kind, w.recipient) for w in report.key_wraps}
    # The reporter holds the data key, not the identity key; recovery holds both.
    assert (KeyKind.DATA, Recipient.REPORTER) in holders
    assert (KeyKind.IDENTITY, Recipient.REPORTER) not in holders
    assert {(KeyKind.DATA, Recipient.RECOVERY), (KeyKind.IDENTITY, Recipient.RECOVERY)} <= holders
    recovery = envelope.load_recovery_private_key(RECOVERY_PRIVATE_PEM)
    wrap = next(w for w in report.key_wraps if (w.key_kind, w.recipient) == (KeyKind.IDENTITY, Recipient.RECOVERY))
    identity_key = envelope.unwrap_with_private_key(wrap.wrapped_key, recovery,
                                                    _data_context(report.id, KeyKind.IDENTITY, "recovery"))
    identity = envelope.open_field(identity_key, report.id, "identity", fields["identity"].ciphertext)
    assert "王某某".encode() in identity and VALID_ID_NUMBER.encode() in identity


def test_keys_are_wrapped_to_staff_whose_role_and_region_cover_the_report(client, db_session):
    password = "a long staff password"
    officer = create_user(db_session, username="wuzhong.officer", display_name="", password=password,
                          roles={Role.CASE_OFFICER}, region_code="640300")
    province = create_user(db_session, username="ningxia.custodian", display_name="", password=password,
                           roles={Role.IDENTITY_CUSTODIAN}, region_code="640000")
    create_user(db_session, username="zhongwei.officer", display_name="", password=password,
                roles={Role.CASE_OFFICER}, region_code="640500")
    create_user(db_session, username="wuzhong.editor", display_name="", password=password,
                roles={Role.EDITOR}, region_code="640300")
    submit(client, identity_choice="real_name", name="张某", id_number=VALID_ID_NUMBER, phone="13800138000")
    report = db_session.scalar(select(Report))
    staff = {(w.staff_user_id, w.key_kind) for w in report.key_wraps if w.recipient is Recipient.STAFF}
    assert staff == {(officer.id, KeyKind.DATA), (province.id, KeyKind.DATA), (province.id, KeyKind.IDENTITY)}
    # The officer's private key, opened with their password, opens the report content.
    private = crypto.open_private_key(officer.sealed_private_key, password)
    wrap = next(w for w in report.key_wraps if w.staff_user_id == officer.id)
    data_key = envelope.unwrap_with_private_key(wrap.wrapped_key, private,
                                                _data_context(report.id, KeyKind.DATA, f"staff/{officer.id}"))
    content = envelope.open_field(data_key, report.id, "content",
                                  next(f for f in report.sealed_fields if f.name == "content").ciphertext)
    assert b"never had" in content


def test_photo_gps_is_removed_before_it_is_stored(client, db_session):
    page = submit(client, files=[("IMG_0042.jpg", jpeg_with_gps())]).get_data(as_text=True)
    code = code_from(page)
    open_report(client, code)
    status = client.get("/en/report/status").get_data(as_text=True)
    assert re.search(r'name="proof" value="([^"]+)"', page).group(1) in status  # files are in the proof
    link = re.search(r'href="(/en/report/attachment/\d+)"', status).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(download.data))
    assert image.size == (64, 48)
    assert not image.getexif() and b"CameraMaker" not in download.data


def test_disguised_and_oversized_files_are_refused_and_nothing_is_stored(client, db_session):
    html = submit(client, files=[("evidence.jpg", b"<html><script>alert(1)</script></html>")])
    assert html.status_code == 400
    text = html.get_data(as_text=True)
    assert "This file type is not accepted" in text
    assert "10 days of treatment she never had" in text  # the typed details are still there
    big = submit(client, files=[("big.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 10))])
    assert big.status_code == 400 and "at most 10 MB" in big.get_data(as_text=True)
    assert _count(db_session, Report) == 0 and _count(db_session, ReportAttachment) == 0


def test_mistyped_code_is_refused_before_any_lookup(client, app, db_session):
    code = code_from(submit(client).get_data(as_text=True))
    digits = code.replace(" ", "")
    typo = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    queries = []
    from sqlalchemy import event

    engine = app.extensions["portal.db"].engine
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = open_report(client, typo)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 400
    assert "typing mistake" in response.get_data(as_text=True)
    assert not any("FROM report " in q or "FROM report\n" in q for q in queries)


def test_wrong_secret_counts_and_locks_the_code(client, db_session):
    code = code_from(submit(client).get_data(as_text=True))
    digits = code.replace(" ", "")
    # Another secret with a correct check digit for the same locator.
    from stdnum import verhoeff

    other = digits[:10] + ("0" if digits[10] != "0" else "1") + digits[11:23]
    other += verhoeff.calc_check_digit(other)
    for attempt in range(4):
        response = open_report(client, other)
        assert response.status_code == 400
        assert "No report matches this tracking code" in response.get_data(as_text=True)
    locked = open_report(client, other)
    assert "locked until" in locked.get_data(as_text=True)
    # Even the right code is refused while locked.
    right = open_report(client, code)
    assert right.status_code == 400 and "locked until" in right.get_data(as_text=True)
    report = db_session.scalar(select(Report))
    db_session.refresh(report)
    assert report.failed_code_attempts == 5 and report.code_locked_until is not None


def test_unknown_locator_is_refused_with_the_same_words(client):
    from stdnum import verhoeff

    digits = "9999999999" + "1234567890123"
    response = open_report(client, digits + verhoeff.calc_check_digit(digits))
    assert response.status_code == 400
    assert "No report matches this tracking code" in response.get_data(as_text=True)


def test_receipt_download_and_cli_verification(client, app):
    page = submit(client).get_data(as_text=True)
    code = code_from(page)
    proof = re.search(r'name="proof" value="([^"]+)"', page).group(1)
    download = client.post("/en/report/receipt.txt", data={"code": code, "proof": proof,
                                                             "csrf_token": token_from(page)})
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert code in download.get_data(as_text=True) and proof in download.get_data(as_text=True)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["reports", "verify-receipt", proof]).exit_code == 0
    forged = proof[:-4] + ("AAAA" if not proof.endswith("AAAA") else "BBBB")
    result = runner.invoke(args=["reports", "verify-receipt", forged])
    assert result.exit_code == 1 and "NOT valid" in result.output
    tampered = client.post("/en/report/receipt.txt", data={"code": code, "proof": forged,
                                                             "csrf_token": token_from(page)})
    assert tampered.status_code == 400


def test_expired_form_token_stores_nothing(client, app, db_session):
    page = client.get("/zh/report/new").get_data(as_text=True)
    app.config["WTF_CSRF_TIME_LIMIT"] = -1
    response = client.post("/zh/report/new", data={"csrf_token": token_from(page), "stage": "confirm",
                                                   "confirm": "y", "region": "640323"})
    assert response.status_code == 400 and "表单已过期" in response.get_data(as_text=True)
    assert _count(db_session, Report) == 0


def test_submission_without_a_recovery_key_fails_closed(client, app, db_session):
    app.config["RECOVERY_PUBLIC_KEY"] = None
    app.testing = False
    response = submit(client)
    assert response.status_code == 500
    assert _count(db_session, Report) == 0


def test_code_checks_are_rate_limited(database_url, tmp_path):
    from tests.conftest import make_test_app

    app = make_test_app(database_url, tmp_path, REPORT_CODE_CHECK_LIMIT="2 per hour")
    client = app.test_client()
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    statuses = [open_report(client, "1234").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_sweep_removes_orphaned_files_but_keeps_attachments(client, app, db_session):
    import os
    import time
    from pathlib import Path

    submit(client, files=[("a.jpg", jpeg_with_gps())])
    folder = Path(app.config["UPLOAD_FOLDER"])
    kept = next(folder.iterdir())
    orphan = folder / ("0" * 32)
    orphan.write_bytes(b"sealed bytes of a crashed request")
    old = time.time() - 2 * 3600
    os.utime(orphan, (old, old))
    os.utime(kept, (old, old))
    result = app.test_cli_runner().invoke(args=["reports", "sweep"])
    assert result.exit_code == 0 and "1 orphaned file" in result.output
    assert kept.exists() and not orphan.exists()


def test_keys_grant_with_the_recovery_key_reaches_a_rescoped_officer(client, app, db_session, tmp_path):
    submit(client, region="640323")
    submit(client, region="542522")
    officer = create_user(db_session, username="late.officer", display_name="", password="a long staff password",
                          roles={Role.CASE_OFFICER}, region_code="640000")
    pem = tmp_path / "recovery.pem"
    pem.write_bytes(RECOVERY_PRIVATE_PEM)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["keys", "grant", "late.officer", "--recovery-key", str(pem)])
    assert result.exit_code == 0 and "Granted 1 report key" in result.output
    again = runner.invoke(args=["keys", "grant", "late.officer", "--recovery-key", str(pem)])
    assert "Granted 0 report key" in again.output
    db_session.expire_all()
    yanchi = db_session.scalar(select(Report).join(Report.region).where(Report.locator.isnot(None))
                               .where(Report.region.has(code="640323")))
    wrap = next(w for w in yanchi.key_wraps if w.staff_user_id == officer.id)
    private = crypto.open_private_key(officer.sealed_private_key, "a long staff password")
    key = envelope.unwrap_with_private_key(wrap.wrapped_key, private,
                                           _data_context(yanchi.id, KeyKind.DATA, f"staff/{officer.id}"))
    assert b"never had" in envelope.open_field(key, yanchi.id, "content",
                                               next(f for f in yanchi.sealed_fields if f.name == "content").ciphertext)
