"""Social supervisors: terms (default 2 years, renewal, termination, reminders), the roster
and its public page (consent), sign-in only during a term, observations sealed with their
files, feedback, a clue escalated into a report with channel "supervisor", assessment."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from portal.audit.models import AuditEntry
from portal.casework.workflow import Outcome
from portal.reports.attachments import sanitise
from portal.reports.models import Channel, Report
from portal.staff.models import Role
from portal.staff.services import create_user
from portal.supervisors import rules
from portal.supervisors.models import Observation, Supervisor
from portal.supervisors.rules import Category, ObservationType, RosterRefused, RosterStatus, Selection, Term
from portal.supervisors.services import (
    ObservationDraft,
    SupervisorDraft,
    appoint,
    assessments,
    contact_of,
    escalate,
    give_feedback,
    log_observation,
    may_sign_in,
    observation_for,
    public_roster,
    public_statistics,
    renew,
    terminate,
    view_observation,
)
from portal.violations import Violation
from tests.reports_helpers import staff_private_key
from tests.test_staff_auth import PASSWORD

TODAY = date(2026, 12, 7)


# --- rules ----------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end", [
    (date(2025, 3, 1), date(2027, 2, 28)),
    (date(2024, 2, 29), date(2026, 2, 28)),
    (date(2026, 12, 7), date(2028, 12, 6)),
])
def test_a_default_term_is_two_years(start, end):
    assert rules.default_term_end(start) == end


def test_status_renewal_termination_and_reminders():
    term = Term(date(2025, 1, 1), date(2026, 12, 31))
    assert rules.status_on(term, date(2024, 12, 31)) is RosterStatus.NOT_STARTED
    assert rules.status_on(term, date(2026, 12, 31)) is RosterStatus.ACTIVE
    assert rules.status_on(term, date(2027, 1, 1)) is RosterStatus.EXPIRED
    assert not rules.may_serve(term, date(2027, 1, 1))
    assert rules.reminder_due(term, date(2026, 12, 2)) and not rules.reminder_due(term, date(2026, 11, 30))
    again = rules.renewed(term, date(2026, 12, 20))
    assert (again.start, again.end, again.renewals) == (date(2025, 1, 1), date(2028, 12, 31), 1)
    assert rules.status_on(again, date(2027, 6, 1)) is RosterStatus.RENEWED
    lapsed = rules.renewed(term, date(2027, 3, 1))
    assert (lapsed.start, lapsed.end) == (date(2027, 3, 1), date(2029, 2, 28))
    ended, reason = rules.terminated(term, date(2026, 6, 1), " 本人申请退出 ")
    assert reason == "本人申请退出" and rules.status_on(ended, date(2026, 6, 2)) is RosterStatus.TERMINATED
    assert rules.may_serve(ended, date(2026, 6, 1))  # the last day served
    with pytest.raises(RosterRefused):
        rules.terminated(term, date(2026, 6, 1), "")
    with pytest.raises(RosterRefused):
        rules.renewed(ended, date(2026, 7, 1))
    with pytest.raises(RosterRefused):
        rules.check_term(date(2026, 1, 1), date(2025, 1, 1))


def test_assessment_counts_one_year():
    facts = [rules.ObservationFacts(2026, ObservationType.CLUE, True, True),
             rules.ObservationFacts(2026, ObservationType.CLUE, True, False),
             rules.ObservationFacts(2026, ObservationType.CLUE, False, False),
             rules.ObservationFacts(2026, ObservationType.JOINED_INSPECTION, False, False),
             rules.ObservationFacts(2026, ObservationType.SUGGESTION, False, False),
             rules.ObservationFacts(2025, ObservationType.CLUE, True, True)]
    assert rules.assess(2026, facts) == rules.Assessment(2026, 5, 3, 2, 1, 1)


# --- services -------------------------------------------------------------------------------

@pytest.fixture
def bureau(db_session):
    def user(name, roles, region="640300"):
        return create_user(db_session, username=name, display_name="", password=PASSWORD, roles=set(roles),
                           region_code=region)

    return {"admin": user("nx.admin", {Role.ADMIN}, "640000"), "officer": user("officer.li", {Role.CASE_OFFICER}),
            "custodian": user("custodian.ma", {Role.IDENTITY_CUSTODIAN}),
            "account": user("sup.wang", {Role.SUPERVISOR}), "other": user("sup.zhao", {Role.SUPERVISOR})}


def draft(**values) -> SupervisorDraft:
    fields = dict(name="王某某", category=Category.INSURED, selection=Selection.OPEN_RECRUITMENT, region_code="640300",
                  appointing_bureau="吴忠市医疗保障局", certificate_number="WZ-2025-001", term_start=date(2025, 3, 1),
                  consent_to_publish=True, contact="13995312345 吴忠市利通区", account_username="sup.wang")
    fields.update(values)
    return SupervisorDraft(**fields)


@pytest.fixture
def supervisor(db_session, keyring, bureau):
    return appoint(db_session, keyring, bureau["admin"], draft())


def test_the_roster_rules(db_session, keyring, bureau, supervisor):
    assert (supervisor.term_end, supervisor.staff_user_id) == (date(2027, 2, 28), bureau["account"].id)
    assert b"13995312345" not in supervisor.sealed_contact
    assert contact_of(db_session, supervisor, bureau["custodian"], staff_private_key(bureau["custodian"])) \
        == "13995312345 吴忠市利通区"
    assert contact_of(db_session, supervisor, bureau["admin"], staff_private_key(bureau["admin"])) is None
    for values, message in [({"certificate_number": "WZ-2025-001"}, "certificate number"),
                            ({"certificate_number": "X2", "account_username": "officer.li"}, "role social supervisor"),
                            ({"certificate_number": "X3", "region_code": "540000"}, "within your own region"),
                            ({"certificate_number": "X4", "name": " "}, "name"),
                            ({"certificate_number": "X5", "account_username": "sup.wang"}, "already belongs")]:
        with pytest.raises(RosterRefused) as caught:
            appoint(db_session, keyring, bureau["admin"], draft(**values))
        db_session.rollback()
        assert message in caught.value.message.msgid
    with pytest.raises(RosterRefused):
        appoint(db_session, keyring, bureau["officer"], draft(certificate_number="X6"))
    db_session.rollback()
    hidden = appoint(db_session, keyring, bureau["admin"], draft(name="赵某", certificate_number="WZ-2025-002",
                                                                  consent_to_publish=False, account_username="sup.zhao"))
    assert [s.name for s in public_roster(db_session, TODAY)] == ["王某某"]  # consent
    terminate(db_session, bureau["admin"], supervisor, TODAY, "本人申请退出")
    assert public_roster(db_session, TODAY + timedelta(days=1)) == []
    assert hidden.consent_to_publish is False
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action.like("supervisor.%"))) == 3


def test_a_supervisor_signs_in_only_during_the_term(db_session, keyring, bureau, supervisor):
    account = bureau["account"]
    assert may_sign_in(db_session, account, TODAY)
    assert not may_sign_in(db_session, account, date(2027, 3, 1))
    assert not may_sign_in(db_session, bureau["other"], TODAY)  # not on the roster
    assert may_sign_in(db_session, bureau["officer"], date(2030, 1, 1))  # other roles are not affected
    renew(db_session, bureau["admin"], supervisor, date(2027, 2, 1))
    assert may_sign_in(db_session, account, date(2027, 3, 1)) and supervisor.renewals == 1


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def test_observations_are_sealed_read_back_and_answered(db_session, keyring, bureau, supervisor):
    account, officer = bureau["account"], bureau["officer"]
    picture = sanitise(_png(), "ward.png")
    logged = log_observation(db_session, keyring, account, ObservationDraft(
        TODAY - timedelta(days=2), ObservationType.SUGGESTION, "医院窗口未公示收费标准。", department="吴忠市医保局经办窗口",
        files=[picture]), TODAY)
    assert "收费".encode() not in logged.sealed_description
    mine = view_observation(db_session, logged, account, staff_private_key(account))
    assert mine.description == "医院窗口未公示收费标准。" and mine.attachments[0]["name"] == picture.name
    assert observation_for(db_session, bureau["other"], logged.id) is None
    officer_view = view_observation(db_session, observation_for(db_session, officer, logged.id), officer,
                                    staff_private_key(officer))
    assert officer_view.description == mine.description
    give_feedback(db_session, officer, staff_private_key(officer), logged, "已通知经办窗口整改。")
    assert view_observation(db_session, logged, account, staff_private_key(account)).feedback == "已通知经办窗口整改。"
    with pytest.raises(RosterRefused):  # neither an institution nor a department
        log_observation(db_session, keyring, account, ObservationDraft(TODAY, ObservationType.SUGGESTION, "x"), TODAY)
    with pytest.raises(RosterRefused):
        log_observation(db_session, keyring, account, ObservationDraft(
            TODAY + timedelta(days=1), ObservationType.SUGGESTION, "x", department="窗口"), TODAY)
    with pytest.raises(RosterRefused):  # after the term
        log_observation(db_session, keyring, account, ObservationDraft(
            TODAY, ObservationType.SUGGESTION, "x", department="窗口"), date(2027, 3, 1))
    assert db_session.scalar(select(func.count()).select_from(Observation)) == 1


def test_a_clue_becomes_a_supervisor_report_the_supervisor_follows(db_session, keyring, bureau, supervisor):
    from portal.reports.services import add_message, open_as_staff

    account, officer = bureau["account"], bureau["officer"]
    clue = log_observation(db_session, keyring, account, ObservationDraft(
        TODAY, ObservationType.CLUE, "药店用医保卡刷生活用品。", department="利通区某药店",
        files=[sanitise(_png(), "receipt.png")]), TODAY)
    suggestion = log_observation(db_session, keyring, account, ObservationDraft(
        TODAY, ObservationType.SUGGESTION, "建议", department="窗口"), TODAY)
    with pytest.raises(RosterRefused):
        escalate(db_session, keyring, account, staff_private_key(account), suggestion, Violation.OTHER, "某药店", TODAY)
    report = escalate(db_session, keyring, account, staff_private_key(account), clue, Violation.OTHER, "利通区某药店", TODAY)
    assert (report.channel, clue.report_id, len(report.attachments)) == (Channel.SUPERVISOR, report.id, 1)
    assert report.acceptance_due is not None
    with pytest.raises(RosterRefused):
        escalate(db_session, keyring, account, staff_private_key(account), clue, Violation.OTHER, "again", TODAY)
    data_key = open_as_staff(report, officer, staff_private_key(officer))
    from portal.reports.models import Author
    from portal.reports.routes import keyring as make_keyring  # noqa: F401
    add_message(db_session, keyring, report, data_key, Author.BUREAU, "已受理，正在核查。")
    view = view_observation(db_session, clue, account, staff_private_key(account))
    assert view.report_status == "received" and [text for _at, text in view.bureau_messages] == ["已受理，正在核查。"]

    report.outcome = Outcome.SUBSTANTIATED
    db_session.commit()
    year = assessments(db_session, bureau["admin"], 2026)
    mine = next(assessment for person, assessment in year if person.id == supervisor.id)
    assert (mine.observations, mine.clues, mine.escalated, mine.substantiated) == (2, 1, 1, 1)
    stats = public_statistics(db_session, [2026])[0]
    assert (stats.supervisors, stats.observations, stats.substantiated) == (1, 2, 1)
    assert db_session.scalar(select(Report.channel)) is Channel.SUPERVISOR
    assert db_session.scalar(select(func.count()).select_from(Supervisor)) == 1


# --- over HTTP ------------------------------------------------------------------------------

def test_roster_pages_observations_and_escalation_over_http(app, db_session, keyring, client):
    import csv

    from tests.reports_helpers import token_from
    from tests.test_staff_auth import _post_login, _client, _signed_in, _signed_in_officer

    from portal.workdays import BEIJING

    beijing_today = datetime.now(BEIJING).date()  # the bureau's date, as the pages use
    admin = _signed_in_officer(app, db_session, "nx.admin", "640000", roles={Role.ADMIN})
    officer = _signed_in_officer(app, db_session, "officer.li", "640300")
    create_user(db_session, username="sup.wang", display_name="", password=PASSWORD, roles={Role.SUPERVISOR},
                region_code="640300")
    refused = _post_login(_client(app), username="sup.wang")  # not on the roster yet
    assert refused.status_code == 400 and "term as a social supervisor is not running" in refused.get_data(as_text=True)

    page = admin.get("/staff/en/supervisors").get_data(as_text=True)
    today = beijing_today.isoformat()
    form = {"csrf_token": token_from(page), "name": "王某某", "category": "insured", "selection": "open_recruitment",
            "region": "640300", "appointing_bureau": "吴忠市医疗保障局", "certificate_number": "WZ-2026-009",
            "term_start": today, "term_end": "", "contact": "13995312345", "account": "sup.wang", "consent": "y"}
    assert admin.post("/staff/en/supervisors", data={**form, "name": ""}).status_code == 400
    assert admin.post("/staff/en/supervisors", data=form).status_code == 302
    notice = admin.post("/staff/en/supervisors/notices", data={
        "csrf_token": token_from(page), "region": "640300", "title_zh": "招募医保基金社会监督员",
        "body_zh": "面向社会公开招募。", "published_on": today,
        "closes_on": (beijing_today + timedelta(days=30)).isoformat()})
    assert notice.status_code == 302
    for lang in ("zh", "bo", "en"):
        public = client.get(f"/{lang}/supervisors").get_data(as_text=True)
        assert "王某某" in public and "招募医保基金社会监督员" in public and "13995312345" not in public

    supervisor = _signed_in(app, "sup.wang")
    page = supervisor.get("/staff/en/observations").get_data(as_text=True)
    logged = supervisor.post("/staff/en/observations", content_type="multipart/form-data", data={
        "csrf_token": token_from(page), "observed_on": today, "type": "clue", "department": "利通区某药店",
        "description": "药店用医保卡刷生活用品。", "evidence": [(io.BytesIO(_png()), "receipt.png")]})
    assert logged.status_code == 302
    address = logged.headers["Location"]
    view = supervisor.get(address).get_data(as_text=True)
    assert "药店用医保卡刷生活用品。" in view and "receipt" in view
    escalated = supervisor.post(address, data={"csrf_token": token_from(view), "action": "escalate",
                                               "category": "other", "institution": "利通区某药店"})
    assert escalated.status_code == 302
    report = db_session.scalar(select(Report))
    assert report.channel is Channel.SUPERVISOR
    officer_view = officer.get(address).get_data(as_text=True)
    assert "药店用医保卡刷生活用品。" in officer_view
    assert officer.post(address, data={"csrf_token": token_from(officer_view), "action": "feedback",
                                       "text": "已转稽核科核查。"}).status_code == 302
    assert "已转稽核科核查。" in supervisor.get(address).get_data(as_text=True)
    outsider = _signed_in_officer(app, db_session, "officer.xz", "540000")
    assert outsider.get(address).status_code == 404

    download = admin.get(f"/staff/en/supervisors/assessment.csv?year={beijing_today.year}")
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert rows[0]["clues"] == "1" and rows[0]["clues_escalated"] == "1"
    assert officer.get("/staff/en/supervisors").status_code == 403
    person = db_session.scalar(select(Supervisor))
    detail = admin.get(f"/staff/en/supervisors/{person.id}").get_data(as_text=True)
    assert admin.post(f"/staff/en/supervisors/{person.id}", data={
        "csrf_token": token_from(detail), "action": "terminate", "reason": "本人申请退出"}).status_code == 302
    db_session.refresh(person)
    assert person.terminated_on == beijing_today


def test_terms_ending_soon_are_listed_for_a_reminder(app, db_session, keyring, bureau):
    from portal.supervisors.services import terms_ending

    soon = appoint(db_session, keyring, bureau["admin"], draft(term_start=date(2025, 1, 1), term_end=date(2026, 12, 31),
                                                               account_username=""))
    appoint(db_session, keyring, bureau["admin"], draft(certificate_number="WZ-2025-002", account_username="",
                                                        term_start=date(2026, 1, 1)))
    assert [person.id for person in terms_ending(db_session, TODAY)] == [soon.id]
    result = app.test_cli_runner().invoke(args=["supervisor-terms"])
    assert result.exit_code == 0 and "term(s) end within 30 days" in result.output


def test_the_upload_sweep_keeps_observation_files(app, db_session, keyring, bureau, supervisor):
    import os
    import time

    logged = log_observation(db_session, keyring, bureau["account"], ObservationDraft(
        TODAY, ObservationType.SUGGESTION, "窗口未公示收费标准。", department="经办窗口",
        files=[sanitise(_png(), "window.png")]), TODAY)
    stored = keyring.upload_folder / logged.attachments[0].storage_name
    old = time.time() - 2 * 3600
    os.utime(stored, (old, old))
    result = app.test_cli_runner().invoke(args=["reports", "sweep"])
    assert result.exit_code == 0 and "0 orphaned file" in result.output
    assert stored.exists()
