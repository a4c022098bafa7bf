"""Rewards: maker and checker, the claim window over holidays, the payee sealed from case
officers, a claim after the window refused with its date, declined rewards, payment once,
public notices and totals; concurrent approvals and claims change a reward once."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEntry
from portal.casework.workflow import CaseState, Outcome
from portal.reports.models import Report
from portal.reports.services import Identity, ReportDraft, submit_report
from portal.rewards.models import Reward
from portal.rewards.rules import Case, Condition, Grade, RewardRefused, RewardState
from portal.rewards.services import (
    Payee,
    claim,
    decide,
    decline,
    load_rule_sets,
    open_for_claims,
    payee_of,
    period_report,
    propose,
    public_totals,
    record_payment,
)
from portal.staff.models import Role
from portal.staff.services import create_user
from portal.violations import Violation
from tests.reports_helpers import VALID_ID_NUMBER, staff_private_key
from tests.test_staff_auth import PASSWORD

UTC = timezone.utc
RULE_SETS = load_rule_sets(__import__("pathlib").Path(__file__).parent.parent / "disclosures" / "rewards"
                           / "rule-sets.json")
CASE = Case(Decimal("100000.00"), frozenset(Condition), grade=Grade.FIRST)
PAYEE = Payee("张三", VALID_ID_NUMBER, "13995312345", "中国工商银行吴忠分行", "6222 0212 3456 7890 123")


@pytest.fixture
def people(db_session):
    def user(name, roles, region="640300"):
        return create_user(db_session, username=name, display_name="", password=PASSWORD, roles=set(roles),
                           region_code=region)

    return {"maker": user("officer.li", {Role.CASE_OFFICER}), "other_officer": user("officer.ma", {Role.CASE_OFFICER}),
            "checker": user("reward.wang", {Role.IDENTITY_CUSTODIAN}),
            "both": user("reward.li", {Role.IDENTITY_CUSTODIAN, Role.CASE_OFFICER}),
            "checker2": user("reward.zhao", {Role.IDENTITY_CUSTODIAN})}


@pytest.fixture
def concluded(db_session, keyring, people):
    """A report concluded as substantiated (the case steps are tested in test_casework)."""
    submit_report(db_session, keyring, ReportDraft("640323", Violation.FICTITIOUS_SERVICES, "某诊所", "虚构理疗。",
                                                   identity=Identity("张三", VALID_ID_NUMBER, "13995312345", ""),
                                                   reward_wanted=True))
    report = db_session.scalar(select(Report))
    report.status, report.outcome = CaseState.CONCLUDED, Outcome.SUBSTANTIATED
    db_session.commit()
    return report


APPROVED_AT = datetime(2026, 9, 25, 2, tzinfo=UTC)  # Mid-Autumn Festival, before the National Day week


def test_maker_and_checker_and_the_claim_window_over_holidays(db_session, people, concluded):
    with pytest.raises(RewardRefused):
        propose(db_session, people["checker"], concluded, RULE_SETS, "guangdong-draft", CASE)
    reward = propose(db_session, people["maker"], concluded, RULE_SETS, "guangdong-draft", CASE, now=APPROVED_AT)
    assert (reward.state, reward.amount) == (RewardState.PROPOSED, Decimal("3000.00"))
    with pytest.raises(RewardRefused):  # one reward per report
        propose(db_session, people["other_officer"], concluded, RULE_SETS, "guangdong-draft", CASE)
    with pytest.raises(RewardRefused) as caught:  # never the maker
        decide(db_session, people["maker"], reward.id, RULE_SETS, True, now=APPROVED_AT)
    db_session.rollback()
    returned = decide(db_session, people["checker"], reward.id, RULE_SETS, False, "核定金额有误", now=APPROVED_AT)
    assert returned.state is RewardState.RETURNED
    again = propose(db_session, people["both"], concluded, RULE_SETS, "guangdong-draft",
                    Case(Decimal("90000.00"), frozenset(Condition), grade=Grade.FIRST), now=APPROVED_AT)
    with pytest.raises(RewardRefused) as caught:  # the same person cannot do both, whatever roles they hold
        decide(db_session, people["both"], again.id, RULE_SETS, True, now=APPROVED_AT)
    assert "second officer" in caught.value.message.msgid
    db_session.rollback()
    approved = decide(db_session, people["checker"], again.id, RULE_SETS, True, now=APPROVED_AT)
    # 30 working days from 2026-09-25 over the National Day week and its make-up Saturday
    # (counted independently with chinese_calendar: 2026-11-12).
    assert (approved.state, approved.amount, approved.claim_deadline) == (
        RewardState.OPEN_FOR_CLAIM, Decimal("2700.00"), date(2026, 11, 12))
    assert open_for_claims(db_session, date(2026, 10, 1)) == [(concluded.locator, date(2026, 11, 12))]
    actions = list(db_session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "reward")))
    assert actions == ["reward.propose", "reward.return", "reward.propose", "reward.approve"]


def test_claim_is_sealed_from_case_officers_and_paid_once(db_session, keyring, people, concluded):
    reward = propose(db_session, people["maker"], concluded, RULE_SETS, "guangdong-draft", CASE, now=APPROVED_AT)
    decide(db_session, people["checker"], reward.id, RULE_SETS, True, now=APPROVED_AT)
    with pytest.raises(RewardRefused):
        claim(db_session, keyring, concluded, Payee("张三", "123", "13995312345", "工行", "6222021234567890123"),
              now=APPROVED_AT + timedelta(days=3))
    claimed = claim(db_session, keyring, concluded, PAYEE, now=APPROVED_AT + timedelta(days=3))
    assert claimed.state is RewardState.CLAIMED and b"6222" not in claimed.sealed_payee
    assert payee_of(db_session, claimed, people["checker"], staff_private_key(people["checker"]))["account"] \
        == "6222021234567890123"
    assert payee_of(db_session, claimed, people["maker"], staff_private_key(people["maker"])) is None
    with pytest.raises(RewardRefused):  # a second claim
        claim(db_session, keyring, concluded, PAYEE, now=APPROVED_AT + timedelta(days=4))
    db_session.rollback()
    with pytest.raises(RewardRefused):
        record_payment(db_session, people["maker"], reward.id, "HX2026100812", date(2026, 10, 8),
                       now=APPROVED_AT + timedelta(days=14))
    db_session.rollback()
    paid = record_payment(db_session, people["checker"], reward.id, "HX2026100812", date(2026, 10, 8),
                          now=APPROVED_AT + timedelta(days=14))
    assert paid.state is RewardState.PAID
    with pytest.raises(RewardRefused):
        record_payment(db_session, people["checker2"], reward.id, "HX-again", date(2026, 10, 9),
                       now=APPROVED_AT + timedelta(days=14))
    db_session.rollback()
    assert public_totals(db_session) == [(2026, 1, Decimal("3000.00"))]
    rows = period_report(db_session, people["checker"], 2026, date(2026, 12, 1))
    assert [(row.decided, row.claimed, row.paid, row.paid_total) for row in rows] == [(1, 1, 1, Decimal("3000.00"))]


def test_a_claim_after_the_window_is_refused_with_its_date_and_a_decline_is_kept(db_session, keyring, people,
                                                                                  concluded):
    reward = propose(db_session, people["maker"], concluded, RULE_SETS, "guangdong-draft", CASE, now=APPROVED_AT)
    decide(db_session, people["checker"], reward.id, RULE_SETS, True, now=APPROVED_AT)
    late = datetime(2026, 11, 12, 16, tzinfo=UTC)  # 00:00 on 13 November in Beijing
    with pytest.raises(RewardRefused) as caught:
        claim(db_session, keyring, concluded, PAYEE, now=late)
    assert caught.value.message.params == {"day": "2026-11-12"}
    db_session.rollback()
    assert open_for_claims(db_session, date(2026, 11, 13)) == []
    rows = period_report(db_session, people["checker"], 2026, date(2026, 11, 13))
    assert [(row.decided, row.lapsed) for row in rows] == [(1, 1)]
    on_time = datetime(2026, 11, 12, 15, 59, tzinfo=UTC)
    assert decline(db_session, concluded, now=on_time).state is RewardState.DECLINED
    with pytest.raises(RewardRefused):
        claim(db_session, keyring, concluded, PAYEE, now=on_time)


def test_not_eligible_rewards_and_reports_not_substantiated(db_session, people, concluded):
    reward = propose(db_session, people["maker"], concluded, RULE_SETS, "beijing-institutions",
                     Case(Decimal("100000.00"), frozenset(Condition) - {Condition.NOT_ALREADY_KNOWN}), now=APPROVED_AT)
    assert reward.amount == Decimal("0.00")
    assert decide(db_session, people["checker"], reward.id, RULE_SETS, True, now=APPROVED_AT).state \
        is RewardState.NOT_ELIGIBLE
    concluded.outcome = Outcome.NOT_SUBSTANTIATED
    db_session.commit()
    db_session.delete(reward)
    db_session.commit()
    with pytest.raises(RewardRefused):
        propose(db_session, people["maker"], concluded, RULE_SETS, "guangdong-draft", CASE)


def _concurrently(app, first, second) -> list:
    """Run two calls in two threads, each with its own session, started together."""
    results, barrier = [None, None], threading.Barrier(2)

    def run(index, call):
        with app.extensions["portal.db"].session() as session:
            barrier.wait()
            try:
                results[index] = call(session)
            except RewardRefused as refused:
                session.rollback()
                results[index] = refused
            except Exception as error:  # noqa: BLE001 - a lock timeout on SQLite is a refusal too
                session.rollback()
                results[index] = error

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_approvals_or_two_claims_at_once_change_a_reward_once(app, db_session, keyring, people, concluded,
                                                                  database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("real concurrent transactions: PostgreSQL (TEST_DATABASE_URL)")
    reward_id = propose(db_session, people["maker"], concluded, RULE_SETS, "guangdong-draft", CASE,
                        now=APPROVED_AT).id
    checker, checker2 = people["checker"].id, people["checker2"].id
    db_session.close()

    def approve(user_id):
        def call(session):
            from portal.staff.models import StaffUser

            return decide(session, session.get(StaffUser, user_id), reward_id, RULE_SETS, True, now=APPROVED_AT).state

        return call

    results = _concurrently(app, approve(checker), approve(checker2))
    assert sorted(type(result).__name__ for result in results) == ["RewardRefused", "RewardState"]
    assert db_session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "reward.approve")) == 1

    def claim_once(session):
        return claim(session, keyring, session.get(Report, concluded.id), PAYEE, now=APPROVED_AT + timedelta(days=2)).state

    results = _concurrently(app, claim_once, claim_once)
    assert sorted(type(result).__name__ for result in results) == ["RewardRefused", "RewardState"]
    assert db_session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "reward.claim")) == 1
    assert db_session.scalar(select(Reward.state)) is RewardState.CLAIMED


def test_the_whole_reward_over_http(app, db_session, client):
    from tests.reports_helpers import code_from, open_report, submit, token_from
    from tests.test_staff_auth import _client, _signed_in_officer

    maker = _signed_in_officer(app, db_session, "officer.li", "640300")
    checker = _signed_in_officer(app, db_session, "reward.wang", "640300", roles={Role.IDENTITY_CUSTODIAN})
    reporter = _client(app)
    code = code_from(submit(reporter, region="640323", reward_wanted="y").get_data(as_text=True))
    report = db_session.scalar(select(Report))
    report.status, report.outcome = CaseState.CONCLUDED, Outcome.SUBSTANTIATED
    db_session.commit()

    page = maker.get(f"/staff/en/reports/{report.locator}").get_data(as_text=True)
    assert f"/staff/en/rewards/propose/{report.locator}" in page
    form = maker.get(f"/staff/en/rewards/propose/{report.locator}").get_data(as_text=True)
    data = {"csrf_token": token_from(form), "rule_set": "guangdong-draft", "verified_amount": "100,000.00",
            "grade": "2", "conditions": [item.value for item in Condition], "first_reporter": "y"}
    assert maker.post(f"/staff/en/rewards/propose/{report.locator}", data={**data, "verified_amount": "1e3x"}
                      ).status_code == 400
    proposed = maker.post(f"/staff/en/rewards/propose/{report.locator}", data=data)
    assert proposed.status_code == 302
    reward_page = proposed.headers["Location"]
    shown = checker.get(reward_page).get_data(as_text=True)
    assert "2,000.00" in shown and "Grade 2: 2 per cent" in shown
    assert maker.post(reward_page, data={"csrf_token": token_from(shown), "action": "approve"}).status_code == 400
    from portal.calendar.services import load_calendar
    from portal.workdays import bureau_date

    if load_calendar(db_session).due_or_none(bureau_date(datetime.now(UTC)), 30) is None:
        # The claim window runs into a year whose official schedule is not entered: never guessed.
        refused = checker.post(reward_page, data={"csrf_token": token_from(shown), "action": "approve"})
        assert refused.status_code == 400 and "does not yet cover the claim window" in refused.get_data(as_text=True)
        from portal.calendar.services import declare_year, set_day

        next_year = bureau_date(datetime.now(UTC)).year + 1
        set_day(db_session, None, date(next_year, 1, 1), False, "元旦")
        declare_year(db_session, None, next_year, f"test schedule for {next_year}")
        db_session.commit()
    assert checker.post(reward_page, data={"csrf_token": token_from(shown), "action": "approve"}).status_code == 302
    assert report.locator in client.get("/en/rewards").get_data(as_text=True)

    open_report(reporter, code)
    status = reporter.get("/en/report/status").get_data(as_text=True)
    assert 'id="reward"' in status and "Claim the reward" in status
    claimed = reporter.post("/en/report/reward", data={
        "csrf_token": token_from(status), "decision": "claim", "payee_name": "张三", "payee_id_number": VALID_ID_NUMBER,
        "payee_phone": "13995312345", "payee_bank": "工行吴忠分行", "payee_account": "6222021234567890123"})
    assert claimed.status_code == 302
    assert "the bureau will pay it by bank transfer" in reporter.get("/en/report/status").get_data(as_text=True)
    assert "6222021234567890123" in checker.get(reward_page).get_data(as_text=True)
    assert "6222021234567890123" not in maker.get(reward_page).get_data(as_text=True)
    shown = checker.get(reward_page).get_data(as_text=True)
    assert checker.post(reward_page, data={"csrf_token": token_from(shown), "action": "pay",
                                           "reference": "HX20261207001",
                                           "paid_on": datetime.now(UTC).date().isoformat()}).status_code == 302
    public = client.get("/en/rewards").get_data(as_text=True)
    assert report.locator not in public and "2,000.00" in public
    assert "was paid on" in reporter.get("/en/report/status").get_data(as_text=True)
    csv_text = checker.get(f"/staff/en/rewards/report.csv?year={datetime.now(UTC).year}").data.decode("utf-8-sig")
    assert "640323" in csv_text or "640300" in csv_text
    for lang in ("zh", "bo"):
        assert client.get(f"/{lang}/rewards").status_code == 200


def test_administrators_add_rule_sets_checked_like_the_presets(app, db_session, keyring, people, concluded):
    from pathlib import Path

    from portal.rewards.services import add_rule_set

    admin = create_user(db_session, username="nx.admin", display_name="", password=PASSWORD, roles={Role.ADMIN},
                        region_code="640000")
    path = Path(app.config["REWARD_RULE_SETS_FILE"])
    data = {"code": "ningxia-2027", "name": "宁夏 5 %", "source": "test notice", "tiers": [{"up_to": None, "rate": "5"}],
            "cap": "100000", "claim_working_days": 20}
    with pytest.raises(RewardRefused):
        add_rule_set(db_session, people["maker"], load_rule_sets(path, db_session), data)
    with pytest.raises(RewardRefused):  # the code of a preset
        add_rule_set(db_session, admin, load_rule_sets(path, db_session), {**data, "code": "guangdong-draft"})
    with pytest.raises(Exception):  # a rule set the rules refuse
        add_rule_set(db_session, admin, load_rule_sets(path, db_session), {**data, "cap": "-1"})
    db_session.rollback()
    add_rule_set(db_session, admin, load_rule_sets(path, db_session), data)
    rule_sets = load_rule_sets(path, db_session)
    reward = propose(db_session, people["maker"], concluded, rule_sets, "ningxia-2027",
                     Case(Decimal("10000000"), frozenset(Condition)), now=APPROVED_AT)
    assert reward.amount == Decimal("100000.00")  # 500,000 capped by the set at 100,000


def test_the_rule_sets_page_lists_and_adds(app, db_session):
    from tests.reports_helpers import token_from
    from tests.test_staff_auth import _signed_in_officer

    admin = _signed_in_officer(app, db_session, "nx.admin", "640000", roles={Role.ADMIN})
    page = admin.get("/staff/en/rewards/rules").get_data(as_text=True)
    assert "guangdong-draft" in page and "200.00" in page
    form = {"csrf_token": token_from(page), "code": "wuzhong-2027", "name": "Wuzhong by grade", "source": "test",
            "method": "grades", "rate_1": "4", "floor_1": "500", "rate_2": "3", "rate_3": "2",
            "claim_working_days": "30"}
    bad = admin.post("/staff/en/rewards/rules", data={**form, "rate_2": "200"})
    assert bad.status_code == 400 and "percentage above 0 and at most 100" in bad.get_data(as_text=True)
    assert admin.post("/staff/en/rewards/rules", data=form).status_code == 302
    assert "wuzhong-2027" in admin.get("/staff/en/rewards/rules").get_data(as_text=True)
    officer = _signed_in_officer(app, db_session, "officer.li", "640300")
    assert officer.get("/staff/en/rewards/rules").status_code == 403
