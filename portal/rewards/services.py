"""Rewards: a case officer proposes (the maker), a reward officer decides (the checker, never
the same person), the reporter claims with their tracking code or declines, a reward officer
records the payment. No Flask.

Concurrency: every step locks the reward row (SELECT ... FOR UPDATE on PostgreSQL; SQLite
serialises writers) and checks the state under the lock, so two officers approving at once, or
a claim sent twice, change it once; the unique report_id keeps one reward per report.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from stdnum.cn import ric

from portal import envelope
from portal.audit import chain
from portal.calendar.services import load_calendar
from portal.casework.workflow import CaseState, Outcome
from portal.contact import is_phone_number
from portal.keywraps import record_key, wrap_record
from portal.regions.models import Region
from portal.reports.models import KeyKind, Report
from portal.rewards import rules
from portal.rewards.models import Reward, RewardRuleSet
from portal.rewards.rules import Case, RewardRefused, RewardState, RuleSet
from portal.staff.models import Role, StaffUser
from portal.text import N_, Message
from portal.workdays import bureau_date

SUBJECT = "reward"
SUBSTANTIATED = (Outcome.SUBSTANTIATED, Outcome.PARTLY_SUBSTANTIATED)


def _refuse(msgid: str, **params) -> RewardRefused:
    return RewardRefused(Message(msgid, params))


def load_rule_sets(path: Path, session: Session | None = None) -> dict[str, RuleSet]:
    """The sourced presets of the file, then the rule sets administrators added."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    found = {item["code"]: rules.rule_set_from_data(item) for item in data["rule_sets"]}
    if session is not None:
        for row in session.scalars(select(RewardRuleSet).order_by(RewardRuleSet.code)):
            found.setdefault(row.code, rules.rule_set_from_data(json.loads(row.data)))
    return found


def add_rule_set(session: Session, admin: StaffUser, existing: dict[str, RuleSet], data: dict,
                 now: datetime | None = None) -> RuleSet:
    """An administrator's rule set, checked like the presets; codes are never reused."""
    now = now or datetime.now(timezone.utc)
    if not admin.active or Role.ADMIN not in admin.roles:
        raise _refuse(N_("Only administrators add reward rule sets."))
    rule_set = rules.rule_set_from_data(data)
    if not rule_set.code.replace("-", "").isalnum() or len(rule_set.code) > 40:
        raise _refuse(N_("A rule set code has letters, digits and dashes, at most 40."))
    if rule_set.code in existing:
        raise _refuse(N_("This code is taken: give the new rule set a code of its own."))
    session.add(RewardRuleSet(code=rule_set.code, data=json.dumps(data, ensure_ascii=False), created_by_id=admin.id,
                              created_at=now))
    chain.append(session, actor_id=admin.id, actor_label=admin.username, action="reward.rule_set",
                 subject_type="reward_rule_set", subject_id=rule_set.code, details={}, at=now)
    session.commit()
    return rule_set


def _audit(session, user: StaffUser | None, action: str, reward: Reward, details: dict, at: datetime) -> None:
    chain.append(session, actor_id=user.id if user else None, actor_label=user.username if user else "reporter",
                 action=action, subject_type="reward", subject_id=reward.id, details=details, at=at)


def _locked(session: Session, reward_id: int) -> Reward:
    # populate_existing: a row read earlier in this session is read again under the lock.
    reward = session.scalar(select(Reward).where(Reward.id == reward_id).with_for_update()
                            .execution_options(populate_existing=True))
    if reward is None:
        raise _refuse(N_("There is no such reward."))
    return reward


def _in_scope(reward: Reward, user: StaffUser) -> bool:
    return reward.region.path.startswith(user.region.path)


def _locked_for_reward_officer(session: Session, officer: StaffUser, reward_id: int,
                               not_an_officer: str) -> Reward:
    """The reward, locked, for an active reward officer whose region covers it."""
    if not officer.active or Role.IDENTITY_CUSTODIAN not in officer.roles:
        raise _refuse(not_an_officer)
    reward = _locked(session, reward_id)
    if not _in_scope(reward, officer):
        raise _refuse(N_("There is no such reward."))
    return reward


def propose(session: Session, officer: StaffUser, report: Report, rule_sets: dict[str, RuleSet], rule_set_code: str,
            case: Case, now: datetime | None = None) -> Reward:
    """The maker's step: the computed reward for a report concluded as substantiated."""
    now = now or datetime.now(timezone.utc)
    if not officer.active or Role.CASE_OFFICER not in officer.roles or not report.region.path.startswith(
            officer.region.path):
        raise _refuse(N_("Only case officers of the report's region propose rewards."))
    if report.status is not CaseState.CONCLUDED or report.outcome not in SUBSTANTIATED:
        raise _refuse(N_("A reward is proposed only for a report concluded as substantiated."))
    rule_set = rule_sets.get(rule_set_code)
    if rule_set is None:
        raise _refuse(N_("Choose a reward rule set."))
    result = rules.compute(rule_set, case)
    reward = session.scalar(select(Reward).where(Reward.report_id == report.id).with_for_update())
    if reward is not None and reward.state is not RewardState.RETURNED:
        raise _refuse(N_("A reward is already proposed or decided for this report."))
    if reward is None:
        reward = Reward(report_id=report.id, region_id=report.region_id)
        session.add(reward)
    reward.state, reward.rule_set_code = RewardState.PROPOSED, rule_set.code
    reward.verified_amount, reward.grade, reward.insider = case.verified_amount, case.grade, case.insider
    reward.first_reporter = case.first_reporter
    reward.conditions = ",".join(sorted(case.conditions))
    reward.exclusions = ",".join(sorted(case.exclusions))
    reward.amount = result.amount
    reward.trace = json.dumps([[step.msgid, step.params] for step in result.trace], ensure_ascii=False)
    reward.proposed_by_id, reward.proposed_at = officer.id, now
    reward.decided_by_id = reward.decided_at = None
    try:
        session.flush()
    except IntegrityError:  # proposed at the same moment by a colleague
        session.rollback()
        raise _refuse(N_("A reward is already proposed or decided for this report.")) from None
    _audit(session, officer, "reward.propose", reward, {"amount": str(result.amount), "eligible": result.eligible},
           now)
    session.commit()
    return reward


def trace_of(reward: Reward) -> list[Message]:
    return [Message(msgid, params) for msgid, params in json.loads(reward.trace)]


def decide(session: Session, checker: StaffUser, reward_id: int, rule_sets: dict[str, RuleSet], approve: bool,
           reason: str = "", now: datetime | None = None) -> Reward:
    """The checker's step: approve (the reporter is told and the claim window starts) or
    return to the maker with a reason."""
    now = now or datetime.now(timezone.utc)
    reward = _locked_for_reward_officer(session, checker, reward_id, N_("Only reward officers decide rewards."))
    rules.check_decision(reward.state, reward.proposed_by_id, checker.id)
    if approve:
        if reward.amount > 0:
            window = rule_sets[reward.rule_set_code].claim_working_days
            deadline = load_calendar(session).due_or_none(bureau_date(now), window)
            if deadline is None:
                raise _refuse(N_("The official calendar does not yet cover the claim window: enter next year's "
                                 "holidays in the working-day calendar first."))
            reward.state, reward.claim_deadline = RewardState.OPEN_FOR_CLAIM, deadline
        else:
            reward.state = RewardState.NOT_ELIGIBLE
    else:
        reason = (reason or "").strip()
        if not reason:
            raise _refuse(N_("Say why the proposal is returned."))
        reward.state, reward.return_reason = RewardState.RETURNED, reason[:500]
    reward.decided_by_id, reward.decided_at = checker.id, now
    _audit(session, checker, "reward.approve" if approve else "reward.return", reward,
           {"state": reward.state.value}, now)
    session.commit()
    return reward


def reward_of(session: Session, report: Report) -> Reward | None:
    return session.scalar(select(Reward).where(Reward.report_id == report.id))


@dataclass(frozen=True)
class Payee:
    name: str
    id_number: str
    phone: str
    bank: str
    account: str


def _check_payee(payee: Payee) -> Payee:
    if not payee.name.strip() or not payee.bank.strip():
        raise _refuse(N_("Give the payee's name and bank."))
    if not ric.is_valid(payee.id_number.strip()):
        raise _refuse(N_("This is not a valid resident identity card number."))
    if not is_phone_number(payee.phone):
        raise _refuse(N_("Enter a mobile number (11 digits) or a landline with its area code."))
    account = "".join(payee.account.split())
    if not account.isdigit() or not 10 <= len(account) <= 30:
        raise _refuse(N_("A bank account number has 10 to 30 digits."))
    return Payee(payee.name.strip(), payee.id_number.strip().upper(), payee.phone.strip(), payee.bank.strip(), account)


def claim(session: Session, keyring, report: Report, payee: Payee, now: datetime | None = None) -> Reward:
    """The reporter, signed in with the tracking code, claims: the payee details go into the
    identity envelope, readable by reward officers only."""
    now = now or datetime.now(timezone.utc)
    payee = _check_payee(payee)
    found = reward_of(session, report)
    if found is None:
        raise _refuse(N_("This report has no reward to claim."))
    reward = _locked(session, found.id)
    rules.check_claim(reward.state, reward.claim_deadline, bureau_date(now))
    identity_key = envelope.new_data_key()
    reward.sealed_payee = envelope.seal_json(identity_key, reward.id, "payee", payee.__dict__, SUBJECT)
    wrap_record(session, keyring, SUBJECT, reward.id, reward.region, KeyKind.IDENTITY, identity_key)
    reward.state, reward.claimed_at = RewardState.CLAIMED, now
    _audit(session, None, "reward.claim", reward, {}, now)
    session.commit()
    return reward


def decline(session: Session, report: Report, now: datetime | None = None) -> Reward:
    now = now or datetime.now(timezone.utc)
    found = reward_of(session, report)
    if found is None:
        raise _refuse(N_("This report has no reward to claim."))
    reward = _locked(session, found.id)
    rules.check_claim(reward.state, reward.claim_deadline, bureau_date(now))
    reward.state, reward.declined_at = RewardState.DECLINED, now
    _audit(session, None, "reward.decline", reward, {}, now)
    session.commit()
    return reward


def payee_of(session: Session, reward: Reward, user: StaffUser, private_key: bytes | None) -> dict | None:
    """The payee details, for a reward officer who holds the key; else None."""
    if reward.sealed_payee is None:
        return None
    key = record_key(session, SUBJECT, reward.id, user, private_key, KeyKind.IDENTITY)
    if key is None:
        return None
    return envelope.open_json(key, reward.id, "payee", reward.sealed_payee, SUBJECT)


def record_payment(session: Session, officer: StaffUser, reward_id: int, reference: str, paid_on: date,
                   now: datetime | None = None) -> Reward:
    """A non-cash payment, once: its reference, date and officer."""
    now = now or datetime.now(timezone.utc)
    reward = _locked_for_reward_officer(session, officer, reward_id, N_("Only reward officers record payments."))
    rules.check_payment(reward.state)
    reference = (reference or "").strip()
    if not reference or len(reference) > 60:
        raise _refuse(N_("Give the payment's bank reference (at most 60 characters)."))
    if paid_on > bureau_date(now):
        raise _refuse(N_("The payment date cannot be in the future."))
    reward.state, reward.payment_reference, reward.paid_on, reward.paid_by_id = (
        RewardState.PAID, reference, paid_on, officer.id)
    _audit(session, officer, "reward.pay", reward, {"amount": str(reward.amount)}, now)
    session.commit()
    return reward


def rewards_in_scope(session: Session, user: StaffUser) -> list[Reward]:
    if not user.roles & {Role.CASE_OFFICER, Role.IDENTITY_CUSTODIAN}:
        return []
    return list(session.scalars(select(Reward).join(Reward.region).options(joinedload(Reward.report))
                                .where(Region.path.startswith(user.region.path)).order_by(Reward.id.desc())))


def reward_in_scope(session: Session, user: StaffUser, reward_id: int) -> Reward | None:
    reward = session.get(Reward, reward_id)
    if reward is None or not user.roles & {Role.CASE_OFFICER, Role.IDENTITY_CUSTODIAN} or not _in_scope(reward, user):
        return None
    return reward


def open_for_claims(session: Session, today: date) -> list[tuple[str, date]]:
    """The public notice: locators of substantiated cases with a reward open for claims, and
    the last day to claim; nothing else about them."""
    rows = session.execute(select(Report.locator, Reward.claim_deadline).join(Report, Report.id == Reward.report_id)
                           .where(Reward.state == RewardState.OPEN_FOR_CLAIM, Reward.claim_deadline >= today)
                           .order_by(Reward.claim_deadline, Report.locator))
    return [tuple(row) for row in rows]


@dataclass
class PeriodRow:
    region: str
    decided: int = 0
    decided_total: Decimal = Decimal("0.00")
    claimed: int = 0
    paid: int = 0
    paid_total: Decimal = Decimal("0.00")
    declined: int = 0
    lapsed: int = 0


def period_report(session: Session, user: StaffUser, year: int, today: date) -> list[PeriodRow]:
    """Rewards decided in `year` by region: decided (with amounts), claimed, paid, declined, lapsed."""
    rows: dict[str, PeriodRow] = defaultdict(lambda: PeriodRow(""))
    for reward in rewards_in_scope(session, user):
        if reward.decided_at is None or bureau_date(reward.decided_at).year != year or reward.amount <= 0 \
                or reward.state in (RewardState.PROPOSED, RewardState.RETURNED):
            continue
        row = rows[reward.region.code]
        row.region = reward.region.code
        row.decided += 1
        row.decided_total += reward.amount
        state = rules.state_on(reward.state, reward.claim_deadline, today)
        row.claimed += state in (RewardState.CLAIMED, RewardState.PAID)
        row.paid += state is RewardState.PAID
        row.paid_total += reward.amount if state is RewardState.PAID else Decimal("0")
        row.declined += state is RewardState.DECLINED
        row.lapsed += state is RewardState.LAPSED
    return sorted(rows.values(), key=lambda item: item.region)


def public_totals(session: Session) -> list[tuple[int, int, Decimal]]:
    """(year, rewards paid, total paid) by year of payment, newest first; no individual data."""
    totals: dict[int, list] = defaultdict(lambda: [0, Decimal("0.00")])
    for paid_on, amount in session.execute(select(Reward.paid_on, Reward.amount).where(
            Reward.state == RewardState.PAID)):
        totals[paid_on.year][0] += 1
        totals[paid_on.year][1] += amount
    return [(year, count, total) for year, (count, total) in sorted(totals.items(), reverse=True)]
