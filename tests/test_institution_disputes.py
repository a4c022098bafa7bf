"""Disputes of held institution figures: the institution's own account files one within the
review window, the bureau answers once; the public sees the flag, the comment and the answer;
purchase prices go through the same import and review."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEntry
from portal.institutions.columns import PRICE_COLUMNS
from portal.institutions.disputes import (
    DisputeRefused,
    answer_dispute,
    figures_in_review,
    file_dispute,
    open_disputes,
)
from portal.institutions.importing import import_price_file
from portal.institutions.models import CostReport, FigureDispute, PurchasePrice
from portal.institutions.review import ReviewState
from portal.institutions.services import latest_prices, public_cost_reports
from portal.staff.models import Role, StaffUser
from portal.staff.services import StaffError, create_user, update_user
from portal.text import ImportRejected
from tests.funds_helpers import csv_bytes
from tests.reports_helpers import token_from
from tests.test_institutions import CLI, _import_costs, cost
from tests.test_institutions import register  # noqa: F401  (fixture)
from tests.test_staff_auth import PASSWORD, _client, _signed_in_officer

UTC = timezone.utc
IMPORTED = datetime(2025, 4, 1, 2, tzinfo=UTC)  # 10:00 in Beijing; the review ends 2025-05-17 00:00 Beijing
DURING = IMPORTED + timedelta(days=10)
LAST_MOMENT = datetime(2025, 5, 16, 15, 59, 59, tzinfo=UTC)  # 23:59:59 on the last Beijing day
AFTER = IMPORTED + timedelta(days=50)

PRICE_HEADER = [column.name for column in PRICE_COLUMNS]


def price(**values) -> dict:
    row = {"national_code": "H64032300001", "period": "2024", "item_code": "XJ01CAA040E001010101463",
           "item_name": "阿莫西林胶囊", "specification": "0.25g×24粒", "unit": "盒", "unit_price": "8.6500",
           "centrally_procured": "yes", "sample_data": "yes", "source_document": "示例", "data_as_of": "2024-12-31",
           "correction_reason": ""}
    row.update(values)
    return row


def _import_prices(session, rows, **options):
    return import_price_file(session, io.BytesIO(csv_bytes(rows, PRICE_HEADER)), "prices.csv", CLI, **options)


def _account(session, username="yanchi.hospital", code="H64032300001", region="640323"):
    return create_user(session, username=username, display_name="", password=PASSWORD, roles={Role.INSTITUTION},
                       region_code=region, institution_code=code)


def _editor(session, username="nx.editor", region="640000"):
    return create_user(session, username=username, display_name="", password=PASSWORD, roles={Role.EDITOR},
                       region_code=region)


@pytest.fixture
def held(db_session, register):  # noqa: F811
    _import_costs(db_session, [cost(), cost(period="2023", total_cost="960000.00"),
                               cost(national_code="P64032300002", admissions="", inpatient_cost_per_admission="")],
                  now=IMPORTED)
    return {report.period.code: report for report in db_session.scalars(
        select(CostReport).where(CostReport.national_code == "H64032300001"))}


def _refused(call) -> str:
    with pytest.raises(DisputeRefused) as caught:
        call()
    return caught.value.message.msgid


# --- accounts -------------------------------------------------------------------------------

def test_an_institution_account_speaks_for_one_registered_institution_and_nothing_else(db_session, register):  # noqa: F811
    account = _account(db_session, region="640000")
    assert account.institution_code == "H64032300001"
    assert account.region.code == "640323"  # placed in the institution's region, whatever was chosen

    def refused(**values) -> str:
        arguments = dict(username="x.account", display_name="", password=PASSWORD, roles={Role.INSTITUTION},
                         region_code="640000", institution_code="H64032300001") | values
        with pytest.raises(StaffError) as caught:
            create_user(db_session, **arguments)
        db_session.rollback()
        return caught.value.message.msgid

    assert "cannot have any other role" in refused(roles={Role.INSTITUTION, Role.CASE_OFFICER})
    assert "national code of a designated institution" in refused(institution_code="")
    assert "national code of a designated institution" in refused(institution_code="H99999999999")
    ningxia_admin = create_user(db_session, username="nx.admin", display_name="", password=PASSWORD,
                                roles={Role.ADMIN}, region_code="640000")
    assert "outside your region" in refused(institution_code="H54010000004", within=ningxia_admin.region)
    # A bureau account is linked to no institution, whatever the form sent.
    officer = create_user(db_session, username="nx.officer", display_name="", password=PASSWORD,
                          roles={Role.CASE_OFFICER}, region_code="640000", institution_code="H64032300001")
    assert officer.institution_code is None
    update_user(db_session, ningxia_admin, officer, active=True, roles={Role.INSTITUTION}, region_code="640000",
                institution_code="P64032300002")
    assert (officer.institution_code, officer.roles) == ("P64032300002", {Role.INSTITUTION})


def test_every_role_is_accepted_by_the_migrated_schema(db_session, register):  # noqa: F811
    for role in Role:
        create_user(db_session, username=f"role.{role.value.replace('_', '.')}", display_name="", password=PASSWORD,
                    roles={role}, region_code="640000", institution_code="H64032300001")
    assert db_session.scalar(select(func.count()).select_from(StaffUser)) == len(Role)


# --- filing ---------------------------------------------------------------------------------

def test_the_institution_sees_only_its_own_held_figures_and_disputes_within_the_window(db_session, held):
    account = _account(db_session)
    shown = figures_in_review(db_session, account, "cost", DURING)
    assert [review.figure.period.code for review in shown] == ["2024", "2023"]
    assert {review.state for review in shown} == {ReviewState.IN_REVIEW}
    assert shown[0].last_day == "2025-05-16"

    other = db_session.scalar(select(CostReport).where(CostReport.national_code == "P64032300002"))
    assert "not your institution's" in _refused(
        lambda: file_dispute(db_session, account, "cost", other.id, "错了", DURING))
    assert "not your institution's" in _refused(
        lambda: file_dispute(db_session, account, "bank", held["2024"].id, "错了", DURING))
    assert "Say what is wrong" in _refused(
        lambda: file_dispute(db_session, account, "cost", held["2024"].id, "   ", DURING))
    assert "review period ended on %(day)s" in _refused(
        lambda: file_dispute(db_session, account, "cost", held["2024"].id, "错了", LAST_MOMENT + timedelta(seconds=1)))
    editor = _editor(db_session)
    assert "Only an institution's own account" in _refused(
        lambda: file_dispute(db_session, editor, "cost", held["2024"].id, "错了", DURING))
    assert db_session.scalar(select(func.count()).select_from(FigureDispute)) == 0

    filed = file_dispute(db_session, account, "cost", held["2024"].id, "门诊人次含体检人次，次均费用偏低。", LAST_MOMENT)
    assert filed.comment == "门诊人次含体检人次，次均费用偏低。"
    assert "already been filed" in _refused(
        lambda: file_dispute(db_session, account, "cost", held["2024"].id, "再次", LAST_MOMENT))
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "figures.dispute"))
    assert (entry.actor_id, entry.subject_id) == (account.id, str(held["2024"].id))
    assert "门诊" not in entry.details  # the comment is published, but the audit keeps only what happened

    review = figures_in_review(db_session, account, "cost", LAST_MOMENT)[0]
    assert review.state is ReviewState.DISPUTED_IN_REVIEW and review.dispute.id == filed.id
    # After the window the disputed figures stay on the institution's list; the others leave it.
    assert [r.state for r in figures_in_review(db_session, account, "cost", AFTER)] == [ReviewState.PUBLISHED_DISPUTED]

    suspended = account
    suspended.active = False
    assert "Only an institution's own account" in _refused(
        lambda: figures_in_review(db_session, suspended, "cost", DURING))


def test_a_correction_replaces_the_figures_under_dispute(db_session, held):
    account = _account(db_session)
    _import_costs(db_session, [cost(total_cost="1100000.00")], reason="审计调整", now=DURING)
    assert "correction has replaced" in _refused(
        lambda: file_dispute(db_session, account, "cost", held["2024"].id, "错了", DURING))


# --- answering and what the public sees -----------------------------------------------------

def _public_2024(db_session, now):
    return next((r for r in public_cost_reports(db_session, "H64032300001", now) if r.period.code == "2024"), None)


def test_the_bureau_answers_once_and_the_public_sees_flag_comment_and_answer(db_session, held):
    account = _account(db_session)
    dispute = file_dispute(db_session, account, "cost", held["2024"].id, "门诊人次含体检。", DURING)
    outsider = _editor(db_session, "xz.editor", "540000")
    officer = create_user(db_session, username="nx.officer", display_name="", password=PASSWORD,
                          roles={Role.CASE_OFFICER}, region_code="640000")
    editor = _editor(db_session)
    assert open_disputes(db_session, outsider) == []
    assert [d.id for d in open_disputes(db_session, editor)] == [dispute.id]
    assert "Only the bureau's editors" in _refused(
        lambda: answer_dispute(db_session, officer, dispute.id, False, "维持", AFTER))
    assert "no such dispute in your region" in _refused(
        lambda: answer_dispute(db_session, outsider, dispute.id, False, "维持", AFTER))
    assert "Give the bureau's answer" in _refused(
        lambda: answer_dispute(db_session, editor, dispute.id, False, "", AFTER))

    assert _public_2024(db_session, AFTER) is not None  # published at the end of the window, disputed
    answered = answer_dispute(db_session, editor, dispute.id, False, "经核实，体检人次已按规定剔除，数据无误。",
                              AFTER + timedelta(days=1))
    assert answered.upheld is False and open_disputes(db_session, editor) == []
    assert "already been answered" in _refused(
        lambda: answer_dispute(db_session, editor, dispute.id, True, "改判", AFTER + timedelta(days=2)))
    assert _public_2024(db_session, AFTER + timedelta(days=2)).id == held["2024"].id
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "figures.dispute_answer")) == 1


def test_an_upheld_dispute_withdraws_the_figures_until_a_correction_passes_review(db_session, held):
    account = _account(db_session)
    dispute = file_dispute(db_session, account, "cost", held["2024"].id, "总费用重复计算了一个月。", DURING)
    answer_dispute(db_session, _editor(db_session), dispute.id, True, "核实属实，数据撤回并更正。", DURING + timedelta(days=1))
    assert db_session.get(CostReport, held["2024"].id).withdrawn_at is not None
    assert _public_2024(db_session, AFTER) is None  # never published
    assert [r.period.code for r in public_cost_reports(db_session, "H64032300001", AFTER)] == ["2023"]
    _import_costs(db_session, [cost(total_cost="980000.00")], reason="争议核实后更正", now=DURING + timedelta(days=2))
    corrected = _public_2024(db_session, DURING + timedelta(days=2 + 46))
    assert corrected.total_cost == Decimal("980000.00") and corrected.version == 2


def test_public_pages_and_open_data_carry_the_dispute(app, client, db_session, register):  # noqa: F811
    now = datetime.now(UTC)
    _import_costs(db_session, [cost(), cost(period="2023")], now=now - timedelta(days=60))
    reports = {r.period.code: r for r in db_session.scalars(select(CostReport))}
    account = _account(db_session)
    open_one = file_dispute(db_session, account, "cost", reports["2024"].id, "门诊人次含体检人次。",
                            now - timedelta(days=55))
    answered = file_dispute(db_session, account, "cost", reports["2023"].id, "药占比口径不同。", now - timedelta(days=55))
    answer_dispute(db_session, _editor(db_session), answered.id, False, "口径符合国家规定，数据维持。",
                   now - timedelta(days=1))

    page = client.get("/zh/institutions/H64032300001").get_data(as_text=True)
    assert page.count('class="dispute-flag"') == 1 and "门诊人次含体检人次。" in page
    assert "药占比口径不同。" in page and "口径符合国家规定，数据维持。" in page
    english = client.get("/en/institutions/H64032300001").get_data(as_text=True)
    assert "Disputed by the institution" in english and "The bureau's answer" in english

    data = client.get("/api/v1/costs?national_code=H64032300001").get_json()["data"]
    disputes = {row["period"]: row["dispute"] for row in data}
    assert disputes["2024"] == {"open": True, "comment": open_one.comment, "bureau_answer": None}
    assert disputes["2023"] == {"open": False, "comment": answered.comment, "bureau_answer": "口径符合国家规定，数据维持。"}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/costs.csv?national_code=H64032300001")
                                           .data.decode("utf-8-sig"))))
    assert {row["period"]: row["disputed"] for row in rows} == {"2024": "yes", "2023": "no"}
    # The download with its dispute columns imports again unchanged.
    from portal.institutions.importing import import_cost_file
    again = import_cost_file(db_session, io.BytesIO(client.get("/api/v1/costs.csv").data), "costs.csv", CLI)
    assert (again.added, again.corrected, again.unchanged) == (0, 0, 2)
    assert "filed" not in page and account.username not in page


# --- purchase prices ------------------------------------------------------------------------

def test_purchase_prices_are_imported_all_or_nothing_held_and_published(db_session, register):  # noqa: F811
    with pytest.raises(ImportRejected) as caught:
        _import_prices(db_session, [price(), price(unit_price="8.65001"), price(national_code="H64032399999",
                                                                               item_name="头孢"),
                                    price(centrally_procured="maybe", item_name="布洛芬")])
    assert {(error.row, error.column) for error in caught.value.errors} == {
        (2, "unit_price"), (3, "national_code"), (4, "centrally_procured")}
    with pytest.raises(ImportRejected) as caught:
        _import_prices(db_session, [price(), price(item_code="", unit_price="9.0000")])
    assert {(error.row, error.column) for error in caught.value.errors} == {(2, "item_name")}
    assert db_session.scalar(select(func.count()).select_from(PurchasePrice)) == 0

    summary = _import_prices(db_session, [price(), price(specification="0.5g×12粒", unit_price="9.1000"),
                                          price(item_name="医用外科口罩", item_code="", specification="", unit="个",
                                                unit_price="0.3500", centrally_procured="no"),
                                          price(period="2023", unit_price="12.4000")], now=IMPORTED)
    assert summary.added == 4
    assert latest_prices(db_session, "H64032300001", DURING) == []  # held for review
    shown = latest_prices(db_session, "H64032300001", AFTER)
    assert [(p.item_name, p.specification, p.unit_price) for p in shown] == [
        ("医用外科口罩", "", Decimal("0.3500")), ("阿莫西林胶囊", "0.25g×24粒", Decimal("8.6500")),
        ("阿莫西林胶囊", "0.5g×12粒", Decimal("9.1000"))]
    assert {p.period.code for p in shown} == {"2024"}

    with pytest.raises(ImportRejected):
        _import_prices(db_session, [price(unit_price="7.9000")])  # a correction needs a reason
    assert _import_prices(db_session, [price(unit_price="7.9000")], reason="发票更正",
                          now=DURING).corrected == 1


def test_a_price_can_be_disputed_and_prices_are_open_data(client, db_session, register):  # noqa: F811
    now = datetime.now(UTC)
    _import_prices(db_session, [price(), price(period="2023", unit_price="12.4000")], now=now - timedelta(days=60))
    newest = db_session.scalar(select(PurchasePrice).where(PurchasePrice.year == 2024))
    account = _account(db_session)
    file_dispute(db_session, account, "price", newest.id, "该价格为含税配送价，非采购价。", now - timedelta(days=50))
    page = client.get("/en/institutions/H64032300001").get_data(as_text=True)
    assert 'id="purchase-prices"' in page and "8.65" in page and "该价格为含税配送价，非采购价。" in page
    data = client.get("/api/v1/prices?national_code=H64032300001").get_json()
    assert {row["period"]: row["unit_price"] for row in data["data"]} == {"2024": "8.6500", "2023": "12.4000"}
    assert data["data"][0]["dispute"] is not None or data["data"][1]["dispute"] is not None
    download = client.get("/api/v1/prices.csv")
    again = import_price_file(db_session, io.BytesIO(download.data), "prices.csv", CLI)
    assert (again.added, again.corrected, again.unchanged) == (0, 0, 2)
    assert client.get("/api/v1/schemas/prices.json").get_json()["name"] == "institution-purchase-prices"


def test_cli_imports_prices_with_the_configured_review_period(app, tmp_path, db_session, register):  # noqa: F811
    path = tmp_path / "prices.csv"
    path.write_bytes(csv_bytes([price()], PRICE_HEADER))
    app.config["INSTITUTION_REVIEW_DAYS"] = 10
    result = app.test_cli_runner().invoke(args=["import", "prices", str(path)])
    assert result.exit_code == 0, result.output
    stored = db_session.scalar(select(PurchasePrice))
    assert timedelta(days=10) < stored.review_ends_at - stored.published_at <= timedelta(days=11)


# --- over HTTP ------------------------------------------------------------------------------

def test_the_institution_disputes_over_http_and_sees_nothing_of_the_bureau(app, db_session, register):  # noqa: F811
    from tests.reports_helpers import submit

    _import_costs(db_session, [cost()])  # imported now: in review
    report = db_session.scalar(select(CostReport))
    hospital = _signed_in_officer(app, db_session, "yanchi.hospital", "640323", roles={Role.INSTITUTION},
                                  institution_code="H64032300001")
    page = hospital.get("/staff/en/institution/figures").get_data(as_text=True)
    assert 'id="review-costs"' in page and "Held for review by the institution" in page
    url = f"/staff/en/institution/figures/cost/{report.id}/dispute"
    assert hospital.post(url, data={"comment": "错了"}).status_code == 400  # no CSRF token
    empty = hospital.post(url, data={"comment": " ", "csrf_token": token_from(page)})
    assert empty.status_code == 400 and "Say what is wrong" in empty.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(FigureDispute)) == 0
    filed = hospital.post(url, data={"comment": "次均费用含体检。", "csrf_token": token_from(page)})
    assert filed.status_code == 302
    page = hospital.get("/staff/en/institution/figures").get_data(as_text=True)
    assert "Held for review; disputed by the institution" in page and "次均费用含体检。" in page

    # Reports, their queues and the bureau's pages are not for an institution.
    submit(_client(app), region="640323")
    from portal.reports.models import Report
    locator = db_session.scalar(select(Report.locator))
    assert hospital.get(f"/staff/en/reports/{locator}").status_code == 404
    home = hospital.get("/staff/en/").get_data(as_text=True)
    assert f"reports/{locator}" not in home and "Your institution's figures in review" in home
    for address in ("/staff/en/users", "/staff/en/cases", "/staff/en/institutions/disputes", "/staff/en/funds/import"):
        assert hospital.get(address).status_code == 403

    editor = _signed_in_officer(app, db_session, "nx.editor", "640000", roles={Role.EDITOR})
    queue = editor.get("/staff/en/institutions/disputes").get_data(as_text=True)
    assert "次均费用含体检。" in queue
    dispute = db_session.scalar(select(FigureDispute))
    unanswered = editor.post(f"/staff/en/institutions/disputes/{dispute.id}",
                             data={"answer": "维持", "csrf_token": token_from(queue)})
    assert unanswered.status_code == 400 and "Choose whether the dispute is upheld" in unanswered.get_data(as_text=True)
    done = editor.post(f"/staff/en/institutions/disputes/{dispute.id}",
                       data={"decision": "stands", "answer": "经核实数据无误。", "csrf_token": token_from(queue)})
    assert done.status_code == 302
    db_session.refresh(dispute)
    assert dispute.upheld is False and dispute.answer == "经核实数据无误。"
    assert hospital.get("/staff/en/institution/figures").status_code == 200
    assert editor.get("/staff/en/institution/figures").status_code == 403


# --- staff upload ---------------------------------------------------------------------------

def _upload(client, kind: str, content: bytes, action: str = "publish", reason: str = ""):
    page = client.get(f"/staff/en/institutions/import/{kind}").get_data(as_text=True)
    return client.post(f"/staff/en/institutions/import/{kind}", content_type="multipart/form-data", data={
        "csrf_token": token_from(page), "reason": reason, action: "1", "data_file": (io.BytesIO(content), "f.csv")})


def test_editors_upload_register_costs_and_prices_for_their_region(app, db_session):
    from portal.institutions.models import Institution
    from tests.test_institutions import HEADER, REGISTER, COST_HEADER

    editor = _signed_in_officer(app, db_session, "nx.editor", "640000", roles={Role.EDITOR})
    assert editor.get("/staff/en/institutions/import/banks").status_code == 404
    outside = _upload(editor, "register", csv_bytes(REGISTER, HEADER))  # the last row is in Tibet
    assert outside.status_code == 400 and "region_code" in outside.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(Institution)) == 0
    published = _upload(editor, "register", csv_bytes(REGISTER[:3], HEADER))
    assert published.status_code == 200 and "New figures: 3" in published.get_data(as_text=True)

    checked = _upload(editor, "costs", csv_bytes([cost()], COST_HEADER), action="check")
    assert checked.status_code == 200 and "Check passed: nothing was stored yet" in checked.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(CostReport)) == 0
    assert _upload(editor, "costs", csv_bytes([cost()], COST_HEADER)).status_code == 200
    assert _upload(editor, "prices", csv_bytes([price()], PRICE_HEADER)).status_code == 200
    assert db_session.scalar(select(func.count()).select_from(PurchasePrice)) == 1
    actions = set(db_session.scalars(select(AuditEntry.action).where(AuditEntry.actor_label == "nx.editor")))
    assert {"institutions.import", "costs.import", "prices.import"} <= actions
    officer = _signed_in_officer(app, db_session, "nx.officer", "640000")
    assert officer.get("/staff/en/institutions/import/costs").status_code == 403


def test_cli_creates_an_institution_account(app, db_session, register):  # noqa: F811
    runner = app.test_cli_runner()
    base = ["create-user", "yanchi.hospital", "--role", "institution", "--region", "640000",
            "--password", "a long enough password"]
    refused = runner.invoke(args=base)
    assert refused.exit_code != 0 and "national code of a designated institution" in refused.output
    created = runner.invoke(args=[*base, "--institution", "H64032300001"])
    assert created.exit_code == 0, created.output
    account = db_session.scalar(select(StaffUser).where(StaffUser.username == "yanchi.hospital"))
    assert (account.institution_code, account.region.code) == ("H64032300001", "640323")
