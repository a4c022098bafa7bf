"""Case steps through the staff pages: the workflow's rules, sealed notes, messages to the
reporter, transfers that re-route and re-grant keys, merges, and the audit trail."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.reports.models import Recipient, Report, ReportStatus
from tests.reports_helpers import code_from, open_report, submit, token_from
from tests.test_staff_auth import _client, _signed_in_officer


def _step(client, locator, **data):
    page = client.get(f"/staff/en/reports/{locator}").get_data(as_text=True)
    return client.post(f"/staff/en/reports/{locator}/step", data={**data, "csrf_token": token_from(page)})


def test_a_case_from_receipt_to_conclusion(app, db_session):
    officer = _signed_in_officer(app, db_session, "case.officer", "640300")
    reporter = _client(app)
    code = code_from(submit(reporter, region="640323").get_data(as_text=True))
    locator = db_session.scalar(select(Report.locator))

    refused = _step(officer, locator, action="conclude", outcome="substantiated")
    assert refused.status_code == 400 and "not possible" in refused.get_data(as_text=True)
    assert _step(officer, locator, action="start_review").status_code == 302
    assert _step(officer, locator, action="accept", note="Clear evidence: ward records.",
                 message="Your report has been accepted.").status_code == 302
    assert _step(officer, locator, action="start_investigation").status_code == 302
    assert _step(officer, locator, action="extend", extension_days="40", note="More time").status_code == 400
    assert _step(officer, locator, action="extend", extension_days="10", note="Records held by a third party").status_code == 302
    report = db_session.scalar(select(Report))
    db_session.refresh(report)
    # Due 40 working days from now: in 2027 the official calendar is not published yet, so the
    # date stays pending instead of being guessed.
    assert report.extension_days == 10
    assert report.investigation_due is None or report.investigation_due > date.today()
    assert _step(officer, locator, action="extend", extension_days="5", note="Again").status_code == 400
    assert _step(officer, locator, action="conclude", outcome="substantiated",
                 message="The hospital repaid the fund.").status_code == 302

    report = db_session.scalar(select(Report))
    db_session.refresh(report)
    assert report.status is ReportStatus.CONCLUDED and report.outcome.value == "substantiated"
    assert report.extension_days == 10
    staff_page = officer.get(f"/staff/en/reports/{locator}").get_data(as_text=True)
    assert "Clear evidence: ward records." in staff_page  # the sealed note, opened for staff
    assert all(event.sealed_note is None or b"ward records" not in event.sealed_note for event in report.events)

    open_report(reporter, code)
    status = reporter.get("/en/report/status").get_data(as_text=True)
    assert "Your report has been accepted." in status and "The hospital repaid the fund." in status
    assert "Concluded" in status and "Being investigated" in status
    assert "Clear evidence" not in status  # notes are for staff only

    transitions = [e.details_dict["action"] for e in db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "report.transition").order_by(AuditEntry.id))]
    assert transitions == ["start_review", "accept", "start_investigation", "extend", "conclude"]


def test_transfer_reroutes_and_grants_the_key_to_the_receiving_region(app, db_session):
    sender = _signed_in_officer(app, db_session, "wuzhong.officer", "640300")
    receiver = _signed_in_officer(app, db_session, "zhongwei.officer", "640500")
    submit(_client(app), region="640323")
    locator = db_session.scalar(select(Report.locator))
    assert receiver.get(f"/staff/en/reports/{locator}").status_code == 404
    _step(sender, locator, action="start_review")
    moved = _step(sender, locator, action="transfer", transfer_kind="other_region", transfer_region="640521",
                  note="Happened in Zhongning", message="Your report was passed to the Zhongning bureau.")
    assert moved.status_code == 302
    report = db_session.scalar(select(Report))
    db_session.refresh(report)
    assert report.region.code == "640521" and report.status is ReportStatus.TRANSFERRED
    assert any(w.recipient is Recipient.STAFF and w.staff_user_id is not None for w in report.key_wraps)
    opened = receiver.get(f"/staff/en/reports/{locator}")
    assert opened.status_code == 200 and "never had" in opened.get_data(as_text=True)
    assert sender.get(f"/staff/en/reports/{locator}").status_code == 404


def test_merging_a_duplicate(app, db_session):
    officer = _signed_in_officer(app, db_session, "merge.officer", "640300")
    reporter = _client(app)
    submit(reporter, region="640323")
    submit(reporter, region="640323")
    first, second = db_session.scalars(select(Report.locator).order_by(Report.id)).all()
    assert _step(officer, second, action="merge", merge_into=second, note="dup").status_code == 400
    assert _step(officer, second, action="merge", merge_into=first, note="Same ward").status_code == 302
    duplicate = db_session.scalar(select(Report).where(Report.locator == second))
    db_session.refresh(duplicate)
    assert duplicate.status is ReportStatus.MERGED
    assert duplicate.merged_into_id == db_session.scalar(select(Report.id).where(Report.locator == first))


def test_new_due_soon_and_overdue_queues(app, db_session):
    from datetime import timedelta

    officer = _signed_in_officer(app, db_session, "queue.officer", "640300")
    reporter = _client(app)
    for _ in range(3):
        submit(reporter, region="640323")
    late, soon, fresh = db_session.scalars(select(Report).order_by(Report.id)).all()
    from datetime import datetime

    from portal.workdays import BEIJING

    today = datetime.now(BEIJING).date()  # the bureau's date, as the queues use
    late.acceptance_due = today - timedelta(days=1)
    soon.acceptance_due = today
    fresh.acceptance_due = today + timedelta(days=30)
    db_session.commit()
    page = officer.get("/staff/en/").get_data(as_text=True)
    assert "New: 3" in page and "Overdue: 1" in page and "Due within 3 working days: 1" in page
    overdue = officer.get("/staff/en/?queue=overdue").get_data(as_text=True)
    assert late.locator in overdue and soon.locator not in overdue and fresh.locator not in overdue
    due_soon = officer.get("/staff/en/?queue=due_soon").get_data(as_text=True)
    assert soon.locator in due_soon and late.locator not in due_soon


def test_queue_by_region_stays_inside_the_officers_scope(app, db_session):
    officer = _signed_in_officer(app, db_session, "region.officer", "640300")
    reporter = _client(app)
    submit(reporter, region="640323")
    submit(reporter, region="640381")
    submit(reporter, region="542522")
    yanchi, qingtongxia, zanda = db_session.scalars(select(Report.locator).order_by(Report.id)).all()
    page = officer.get("/staff/en/?region=640381").get_data(as_text=True)
    assert qingtongxia in page and yanchi not in page
    outside = officer.get("/staff/en/?region=540000").get_data(as_text=True)  # falls back to own scope
    assert zanda not in outside and yanchi in outside


def test_open_a_report_by_locator_from_the_dashboard(app, db_session):
    officer = _signed_in_officer(app, db_session, "find.officer", "640300")
    submit(_client(app), region="640323")
    locator = db_session.scalar(select(Report.locator))
    found = officer.get(f"/staff/en/?locator={locator[:5]} {locator[5:]}")
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/staff/en/reports/{locator}")
