"""12345 hotline work orders: the rules (order numbers, states, the 5-working-day reply
clock over holidays), entering orders of every type, duplicates, read-out codes and their
forced change, operators who cannot read back what they typed, the steps of the cycle."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEntry
from portal.hotline import rules
from portal.hotline.models import HotlineOrder
from portal.hotline.rules import OrderAction, OrderRefused, OrderState, RequestType, Satisfaction
from portal.hotline.services import DuplicateOrder, OrderDraft, enter_order, take_step, view_order
from portal.reports.models import Channel, Report
from portal.staff.models import Role
from portal.staff.services import create_user
from portal.violations import Violation
from portal.workdays import WorkdayCalendar
from tests.reports_helpers import staff_private_key
from tests.test_staff_auth import PASSWORD

UTC = timezone.utc


# --- rules ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, stored", [
    ("JN20261207000123", "JN20261207000123"),
    (" jn2026 1207 000123 ", "JN20261207000123"),
    ("ＪＮ２０２６１２０７０００１２３", "JN20261207000123"),  # full-width, as Chinese input methods type it
    ("12345-2026-000001", "12345-2026-000001"),
])
def test_order_numbers_are_folded_to_one_form(text, stored):
    assert rules.order_number(text) == stored


@pytest.mark.parametrize("text", ["", "12345", "ABCDEFGH12", "JN2026/1207", "-202612070001", "1" * 33])
def test_malformed_order_numbers_are_refused(text):
    with pytest.raises(OrderRefused):
        rules.order_number(text)


def test_the_order_cycle():
    with pytest.raises(OrderRefused):
        rules.step(OrderState.OPEN, OrderAction.REPLY, text="  ")
    assert rules.step(OrderState.OPEN, OrderAction.REPLY, text=" 已答复 ") == (rules.Step(OrderState.REPLIED), "已答复")
    assert rules.step(OrderState.OPEN, OrderAction.SEND_BACK, text="属卫健委职责")[0].state is OrderState.RETURNED
    with pytest.raises(OrderRefused):
        rules.step(OrderState.REPLIED, OrderAction.FOLLOW_UP)
    assert rules.step(OrderState.REPLIED, OrderAction.FOLLOW_UP,
                      satisfaction=Satisfaction.BASICALLY_SATISFIED)[0].state is OrderState.CLOSED
    with pytest.raises(OrderRefused):  # an unsatisfied follow-up says why
        rules.step(OrderState.REPLIED, OrderAction.FOLLOW_UP, satisfaction=Satisfaction.UNSATISFIED)
    assert rules.step(OrderState.REPLIED, OrderAction.FOLLOW_UP, text="未解决",
                      satisfaction=Satisfaction.UNSATISFIED)[0] == rules.Step(OrderState.OPEN, reopened=True)
    for state, action in [(OrderState.REPLIED, OrderAction.REPLY), (OrderState.CLOSED, OrderAction.FOLLOW_UP),
                          (OrderState.RETURNED, OrderAction.REPLY), (OrderState.OPEN, OrderAction.FOLLOW_UP)]:
        with pytest.raises(OrderRefused):
            rules.step(state, action, text="x", satisfaction=Satisfaction.SATISFIED)
    with pytest.raises(OrderRefused):
        rules.step(OrderState.OPEN, OrderAction.REPLY, text="长" * (rules.MAX_REPLY_LENGTH + 1))


@pytest.mark.parametrize("received, due", [
    (date(2026, 9, 28), date(2026, 10, 10)),  # over the National Day week, to a make-up Saturday
    (date(2026, 12, 7), date(2026, 12, 14)),  # an ordinary week
    (date(2026, 2, 13), date(2026, 2, 27)),  # Spring Festival 2026
])
def test_reply_period_counts_working_days_over_holidays(received, due):
    assert rules.reply_due(WorkdayCalendar(), received) == due


def test_reply_period_is_unknown_where_the_calendar_stops():
    assert rules.reply_due(WorkdayCalendar(), date(2026, 12, 28)) is None


# --- services -------------------------------------------------------------------------------

@pytest.fixture
def people(db_session):
    def user(name, roles, region="640300"):
        return create_user(db_session, username=name, display_name="", password=PASSWORD, roles=set(roles),
                           region_code=region)

    return {"operator": user("op.zhang", {Role.HOTLINE_OPERATOR}),
            "officer": user("officer.li", {Role.CASE_OFFICER}),
            "both": user("op.officer", {Role.HOTLINE_OPERATOR, Role.CASE_OFFICER}),
            "custodian": user("custodian.ma", {Role.IDENTITY_CUSTODIAN}),
            "tibet": user("op.lhasa", {Role.HOTLINE_OPERATOR}, "540000")}


NOW = datetime(2026, 12, 7, 2, 30, tzinfo=UTC)  # Monday 10:30 in Beijing


def draft(**values) -> OrderDraft:
    fields = dict(order_number="YC20261207000001", called_at=NOW - timedelta(minutes=20), region_code="640323",
                  request_type=RequestType.COMPLAINT, matter="药店收费不给发票，多收了钱。", place="盐池县花马池镇",
                  caller_name="马某某", caller_phone="139 5953 1234", no_reply=False)
    fields.update(values)
    return OrderDraft(**fields)


@pytest.mark.parametrize("request_type", [t for t in RequestType if t is not RequestType.REPORT])
def test_each_non_report_type_becomes_a_sealed_work_order_with_a_reply_clock(db_session, keyring, people, request_type):
    entered = enter_order(db_session, keyring, people["operator"], draft(request_type=request_type), NOW)
    order = entered.order
    assert entered.code is None and order.report_id is None
    assert (order.state, order.reply_due, order.caller_named) == (OrderState.OPEN, date(2026, 12, 14), True)
    assert b"\xe8\x8d\xaf" not in order.sealed_matter  # 药: sealed, not stored
    officer_view = view_order(order, people["officer"], staff_private_key(people["officer"]))
    assert officer_view.matter == {"matter": "药店收费不给发票，多收了钱。", "place": "盐池县花马池镇"}
    assert officer_view.caller is None  # the caller is in the identity envelope
    custodian = view_order(order, people["custodian"], staff_private_key(people["custodian"]))
    assert custodian.caller == {"name": "马某某", "phone": "139 5953 1234"}
    # The operator typed it and cannot read it back.
    operator_view = view_order(order, people["operator"], staff_private_key(people["operator"]))
    assert (operator_view.readable, operator_view.matter, operator_view.caller) == (False, None, None)
    assert [event.action for event in operator_view.events] == ["entered"]
    # ... unless also a case officer of the region.
    assert view_order(order, people["both"], staff_private_key(people["both"])).readable


def test_a_report_order_becomes_a_hotline_report_with_a_code_to_read_aloud(db_session, keyring, people):
    entered = enter_order(db_session, keyring, people["operator"], draft(
        request_type=RequestType.REPORT, category=Violation.FICTITIOUS_SERVICES, institution="盐池县某诊所",
        matter="诊所用我的医保卡刷了没做过的理疗。"), NOW)
    report = db_session.get(Report, entered.order.report_id)
    assert report.channel is Channel.HOTLINE and report.code_must_change and report.real_name
    assert entered.code.locator == report.locator and len(entered.code.grouped()) == 6
    assert entered.order.sealed_matter is None and entered.order.sealed_caller is None  # they are in the report
    assert report.acceptance_due is not None  # the same clocks as a web report
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "hotline.enter")) == 1


def test_a_refused_report_order_stores_neither_order_nor_report(db_session, keyring, people):
    with pytest.raises(OrderRefused):
        enter_order(db_session, keyring, people["operator"], draft(request_type=RequestType.REPORT,
                                                                   institution="某诊所"), NOW)
    with pytest.raises(OrderRefused):
        enter_order(db_session, keyring, people["operator"], draft(called_at=NOW + timedelta(hours=1)), NOW)
    with pytest.raises(OrderRefused):
        enter_order(db_session, keyring, people["tibet"], draft(), NOW)  # Ningxia is outside Tibet's scope
    with pytest.raises(OrderRefused):
        enter_order(db_session, keyring, people["officer"], draft(), NOW)  # not an operator
    assert db_session.scalar(select(func.count()).select_from(HotlineOrder)) == 0
    assert db_session.scalar(select(func.count()).select_from(Report)) == 0


def test_a_duplicate_order_number_opens_the_existing_order(db_session, keyring, people):
    first = enter_order(db_session, keyring, people["operator"], draft(), NOW).order
    with pytest.raises(DuplicateOrder) as caught:
        enter_order(db_session, keyring, people["both"], draft(order_number="yc 2026 1207 000001",
                                                               matter="另一个来电"), NOW)
    assert caught.value.order_id == first.id
    assert db_session.scalar(select(func.count()).select_from(HotlineOrder)) == 1


def test_reply_follow_up_reopen_and_send_back(db_session, keyring, people):
    officer, key = people["officer"], staff_private_key(people["officer"])
    order = enter_order(db_session, keyring, people["operator"], draft(), NOW).order
    with pytest.raises(OrderRefused):
        take_step(db_session, people["operator"], staff_private_key(people["operator"]), order, OrderAction.REPLY,
                  "已处理", now=NOW)
    take_step(db_session, officer, key, order, OrderAction.REPLY, "已责令药店退还多收费用并开具发票。", now=NOW + timedelta(days=2))
    assert order.state is OrderState.REPLIED
    friday = datetime(2026, 12, 11, 2, tzinfo=UTC)
    take_step(db_session, officer, key, order, OrderAction.FOLLOW_UP, "来电人表示尚未退款。",
              Satisfaction.UNSATISFIED, now=friday)
    assert (order.state, order.times_reopened, order.reply_due) == (OrderState.OPEN, 1, date(2026, 12, 18))
    take_step(db_session, officer, key, order, OrderAction.REPLY, "已退款。", now=friday + timedelta(days=3))
    take_step(db_session, officer, key, order, OrderAction.FOLLOW_UP, "", Satisfaction.SATISFIED,
              now=friday + timedelta(days=4))
    assert (order.state, order.satisfaction) == (OrderState.CLOSED, Satisfaction.SATISFIED)
    texts = [(event.action, event.text) for event in view_order(order, officer, key).events]
    assert texts == [("entered", None), ("reply", "已责令药店退还多收费用并开具发票。"),
                     ("follow_up", "来电人表示尚未退款。"), ("reopened", None), ("reply", "已退款。"),
                     ("follow_up", None)]
    assert [event.text for event in view_order(order, people["operator"], staff_private_key(people["operator"])).events] \
        == [None] * 6
    actions = list(db_session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "hotline_order")
                                      .order_by(AuditEntry.id)))
    assert actions == ["hotline.enter", "hotline.reply", "hotline.follow_up", "hotline.reply", "hotline.follow_up"]

    other = enter_order(db_session, keyring, people["operator"], draft(order_number="YC20261207000002"), NOW).order
    take_step(db_session, officer, key, other, OrderAction.SEND_BACK, "属市场监管部门职责，退回12345重新派单。", now=NOW)
    assert other.state is OrderState.RETURNED
    with pytest.raises(OrderRefused):
        take_step(db_session, officer, key, other, OrderAction.REPLY, "答复", now=NOW)


# --- over HTTP ------------------------------------------------------------------------------

def _form(page: str, **values) -> dict:
    from tests.reports_helpers import token_from

    data = {"csrf_token": token_from(page), "order_number": "YC20261207000009",
            "called_at": datetime.now(UTC).astimezone(__import__("portal.workdays", fromlist=["BEIJING"]).BEIJING)
            .strftime("%Y-%m-%dT%H:%M"),
            "region": "640323", "request_type": "complaint", "matter": "定点药店拒绝刷医保卡。", "place": "盐池县",
            "category": "", "institution": "", "caller_name": "", "caller_phone": ""}
    data.update(values)
    return data


def test_operator_enters_orders_reads_out_a_code_and_cannot_reread_the_content(app, db_session):
    import re

    from tests.reports_helpers import token_from
    from tests.test_staff_auth import _client, _signed_in_officer

    operator = _signed_in_officer(app, db_session, "op.zhang", "640300", roles={Role.HOTLINE_OPERATOR})
    officer = _signed_in_officer(app, db_session, "officer.li", "640300", roles={Role.CASE_OFFICER})
    page = operator.get("/staff/en/hotline/new").get_data(as_text=True)
    assert 'autofocus' in page and 'name="order_number"' in page
    assert operator.post("/staff/en/hotline/new", data={**_form(page), "csrf_token": ""}).status_code == 400
    refused = operator.post("/staff/en/hotline/new", data=_form(page, order_number="12"))
    assert refused.status_code == 400 and "6 to 32 letters" in refused.get_data(as_text=True)

    saved = operator.post("/staff/en/hotline/new", data=_form(page))
    assert saved.status_code == 200 and "no-store" in saved.headers["Cache-Control"]
    order = db_session.scalar(select(HotlineOrder))
    status_page = operator.get(f"/staff/en/hotline/{order.id}").get_data(as_text=True)
    assert "定点药店拒绝刷医保卡" not in status_page and "you see its status only" in status_page
    assert "定点药店拒绝刷医保卡" in officer.get(f"/staff/en/hotline/{order.id}").get_data(as_text=True)
    duplicate = operator.post("/staff/en/hotline/new", data=_form(page, order_number="yc20261207000009"))
    assert duplicate.status_code == 302 and duplicate.headers["Location"].endswith(f"/staff/en/hotline/{order.id}")
    assert "already entered" in operator.get(duplicate.headers["Location"]).get_data(as_text=True)
    assert operator.post(f"/staff/en/hotline/{order.id}/step", data={
        "action": "reply", "text": "x", "csrf_token": token_from(status_page)}).status_code == 403

    # A report: the code, large and grouped, to read aloud; the caller must change it.
    report_page = operator.post("/staff/en/hotline/new", data=_form(
        page, order_number="YC20261207000010", request_type="report", category="fictitious_services",
        institution="盐池县某诊所", matter="诊所刷了我没做过的理疗。")).get_data(as_text=True)
    groups = re.findall(r"<span>(\d{4})</span>", report_page)
    assert len(groups) == 6 and "Read the code to the caller" in report_page
    caller = _client(app)
    check = caller.get("/zh/report/check").get_data(as_text=True)
    opened = caller.post("/zh/report/check", data={"code": " ".join(groups), "csrf_token": token_from(check)})
    assert opened.headers["Location"].endswith("/zh/report/new-code")
    assert caller.get("/zh/report/status").headers["Location"].endswith("/zh/report/new-code")
    prompt = caller.get("/zh/report/new-code").get_data(as_text=True)
    rotated = caller.post("/zh/report/new-code", data={"csrf_token": token_from(prompt)}).get_data(as_text=True)
    new_groups = re.findall(r"<span>(\d{4})</span>", rotated)
    assert len(new_groups) == 6 and new_groups[:2] == groups[:2] and new_groups != groups  # same locator
    assert caller.get("/zh/report/status").status_code == 200
    fresh = _client(app)
    check = fresh.get("/en/report/check").get_data(as_text=True)
    old = fresh.post("/en/report/check", data={"code": " ".join(groups), "csrf_token": token_from(check)})
    assert old.status_code == 400  # the code read aloud no longer works
    new = fresh.post("/en/report/check", data={"code": " ".join(new_groups), "csrf_token": token_from(check)})
    assert new.headers["Location"].endswith("/en/report/status")

    # The officer replies; the order page shows it; the list shows the state.
    officer_page = officer.get(f"/staff/en/hotline/{order.id}").get_data(as_text=True)
    assert officer.post(f"/staff/en/hotline/{order.id}/step", data={
        "action": "reply", "text": "已约谈药店负责人。", "csrf_token": token_from(officer_page)}).status_code == 302
    listing = operator.get("/staff/en/hotline").get_data(as_text=True)
    assert "YC20261207000009" in listing and "waiting for the follow-up call" in listing
    assert "已约谈" not in operator.get(f"/staff/en/hotline/{order.id}").get_data(as_text=True)
    editor = _signed_in_officer(app, db_session, "nx.editor", "640000", roles={Role.EDITOR})
    assert editor.get("/staff/en/hotline").status_code == 403
    assert editor.get(f"/staff/en/hotline/{order.id}").status_code == 404
    for lang in ("zh", "bo"):
        assert operator.get(f"/staff/{lang}/hotline/new").status_code == 200


def test_the_public_page_tells_callers_what_happens_and_the_home_page_links_it(client):
    for lang in ("zh", "bo", "en"):
        page = client.get(f"/{lang}/hotline")
        assert page.status_code == 200 and "12345" in page.get_data(as_text=True)
        assert f'href="/{lang}/hotline"' in client.get(f"/{lang}/").get_data(as_text=True)
    assert "new code" in client.get("/en/hotline").get_data(as_text=True)
