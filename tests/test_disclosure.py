"""Identity disclosure: an officer asks, a custodian approves by re-wrapping the identity key."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.reports.models import Report
from portal.staff.models import Role
from tests.reports_helpers import VALID_ID_NUMBER, submit, token_from
from tests.test_staff_auth import _client, _signed_in_officer


def _signed_in_custodian(app, db_session, username, region):
    return _signed_in_officer(app, db_session, username, region, roles={Role.IDENTITY_CUSTODIAN})


def test_officer_asks_custodian_approves_and_only_then_sees_the_identity(app, db_session):
    officer = _signed_in_officer(app, db_session, "id.officer", "640300")
    custodian = _signed_in_custodian(app, db_session, "id.custodian", "640000")
    submit(_client(app), region="640323", identity_choice="real_name", name="杨某某",
           id_number=VALID_ID_NUMBER, phone="13800138000")
    locator = db_session.scalar(select(Report.locator))

    page = officer.get(f"/staff/en/reports/{locator}").get_data(as_text=True)
    assert "杨某某" not in page and "Yes, sealed" in page
    empty = officer.post(f"/staff/en/reports/{locator}/identity-request", data={"reason": "", "csrf_token": token_from(page)})
    assert empty.status_code == 400
    officer.post(f"/staff/en/reports/{locator}/identity-request",
                 data={"reason": "Need to interview the reporter as a witness.", "csrf_token": token_from(page)})

    queue = custodian.get("/staff/en/disclosures").get_data(as_text=True)
    assert "Need to interview the reporter as a witness." in queue and locator in queue
    assert officer.get("/staff/en/disclosures").status_code == 403  # officers cannot decide
    disclosure_id = re.search(r'name="disclosure" value="(\d+)"', queue).group(1)
    custodian.post("/staff/en/disclosures", data={"disclosure": disclosure_id, "decision": "approve",
                                                  "csrf_token": token_from(queue)})

    page = officer.get(f"/staff/en/reports/{locator}").get_data(as_text=True)
    assert "杨某某" in page and VALID_ID_NUMBER in page
    actions = [e.action for e in db_session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    for expected in ("identity.disclose.request", "identity.disclose.approve", "identity.read"):
        assert expected in actions
    assert app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0


def test_refused_request_gives_nothing_and_anonymous_reports_have_nothing_to_ask(app, db_session):
    officer = _signed_in_officer(app, db_session, "id2.officer", "640300")
    custodian = _signed_in_custodian(app, db_session, "id2.custodian", "640300")
    reporter = _client(app)
    submit(reporter, region="640323", identity_choice="real_name", name="赵某", id_number=VALID_ID_NUMBER,
           phone="13800138000")
    submit(reporter, region="640323")
    named, anonymous = db_session.scalars(select(Report.locator).order_by(Report.id)).all()
    page = officer.get(f"/staff/en/reports/{anonymous}").get_data(as_text=True)
    refused = officer.post(f"/staff/en/reports/{anonymous}/identity-request",
                           data={"reason": "x", "csrf_token": token_from(page)})
    assert refused.status_code == 400 and "anonymous" in refused.get_data(as_text=True)
    officer.post(f"/staff/en/reports/{named}/identity-request", data={"reason": "Witness", "csrf_token": token_from(page)})
    queue = custodian.get("/staff/en/disclosures").get_data(as_text=True)
    disclosure_id = re.search(r'name="disclosure" value="(\d+)"', queue).group(1)
    custodian.post("/staff/en/disclosures", data={"disclosure": disclosure_id, "decision": "refuse",
                                                  "csrf_token": token_from(queue)})
    assert "赵某" not in officer.get(f"/staff/en/reports/{named}").get_data(as_text=True)
    assert "No requests are waiting." in custodian.get("/staff/en/disclosures").get_data(as_text=True)
