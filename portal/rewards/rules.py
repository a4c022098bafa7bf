"""Reward amounts for verified reports, as data and pure functions. No Flask, no database.

The national measures (医保办发〔2022〕22号, ../shared/domain/rules.md): a one-time reward as a
proportion of the verified amount, at least 200 and at most 200,000 yuan per case, percentages
set by each province; five conditions, all required; exclusions. A rule set is data (the
presets in `disclosures/rewards/rule-sets.json` name their sources); whatever it says, the
national clamp applies last and cannot be configured away.

The computation, in order, each step written to the trace the officers read:
1. eligibility: the five conditions, the exclusions, first reporter (when the set requires it);
2. base: the grade's rate (Guangdong draft: grade 1, 2, 3) or cumulative tiers of the verified
   amount (Beijing: 2% up to 500,000 yuan, 4% of the part above);
3. the grade's floor, the set's floor and cap;
4. the insider uplift (a percentage of the amount so far);
5. the national clamp, 200 to 200,000 yuan;
6. rounding to the fen, half up.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from portal.text import N_, Message, Refused

NATIONAL_MINIMUM = Decimal("200.00")
NATIONAL_MAXIMUM = Decimal("200000.00")
FEN = Decimal("0.01")


class Condition(enum.StrEnum):
    """The five conditions of the national measures; all are required."""

    SPECIFIC_TARGET_AND_EVIDENCE = "specific_target_and_evidence"
    NOT_ALREADY_KNOWN = "not_already_known"
    VERIFIED_WITH_FUND_LOSS = "verified_with_fund_loss"
    REPORTER_WANTS_REWARD_AND_IDENTIFIABLE = "reporter_wants_reward_and_identifiable"
    OTHER_LEGAL_CONDITIONS = "other_legal_conditions"


CONDITION_TEXT: Mapping[Condition, str] = MappingProxyType({
    Condition.SPECIFIC_TARGET_AND_EVIDENCE: N_("The report names a specific target and gives clues with valid evidence."),
    Condition.NOT_ALREADY_KNOWN: N_("Its main facts were not already known to the bureau."),
    Condition.VERIFIED_WITH_FUND_LOSS: N_("It was verified and the violation caused a loss to the fund."),
    Condition.REPORTER_WANTS_REWARD_AND_IDENTIFIABLE: N_(
        "The reporter wants the reward and can be identified as the reporter (an anonymous reporter by the "
        "tracking code)."),
    Condition.OTHER_LEGAL_CONDITIONS: N_("The other conditions set by law and regulation are met."),
})


class Exclusion(enum.StrEnum):
    BUREAU_STAFF = "bureau_staff"  # staff of the bureau or entrusted inspectors
    VIOLATOR_UNDER_INVESTIGATION = "violator_under_investigation"  # confessing or informing while investigated
    FACTS_ALREADY_HELD = "facts_already_held"


EXCLUSION_TEXT: Mapping[Exclusion, str] = MappingProxyType({
    Exclusion.BUREAU_STAFF: N_("The reporter is on the bureau's staff or an inspector it entrusted."),
    Exclusion.VIOLATOR_UNDER_INVESTIGATION: N_(
        "The reporter is a violator who confessed or informed while under investigation."),
    Exclusion.FACTS_ALREADY_HELD: N_("The bureau already held the facts reported."),
})


class Grade(enum.StrEnum):
    FIRST = "1"
    SECOND = "2"
    THIRD = "3"


@dataclass(frozen=True)
class GradeRate:
    rate: Decimal  # per cent of the verified amount
    floor: Decimal = Decimal("0")


@dataclass(frozen=True)
class Tier:
    """`rate` per cent of the part of the verified amount up to `up_to` (None: no upper end)."""

    up_to: Decimal | None
    rate: Decimal


class RuleError(Refused):
    """A rule set that cannot be used."""


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    source: str
    grades: Mapping[Grade, GradeRate] = field(default_factory=dict)  # by grade, or
    tiers: tuple[Tier, ...] = ()  # cumulative tiers
    floor: Decimal = Decimal("0")
    cap: Decimal | None = None
    insider_uplift: Decimal = Decimal("0")  # per cent added for an insider's report
    first_reporter_only: bool = False
    claim_working_days: int = 30

    def __post_init__(self) -> None:
        if bool(self.grades) == bool(self.tiers):
            raise RuleError(Message(N_("A rule set has either rates by grade or tiers of the verified amount.")))
        rates = [grade.rate for grade in self.grades.values()] + [tier.rate for tier in self.tiers]
        if any(not Decimal("0") < rate <= Decimal("100") for rate in rates):
            raise RuleError(Message(N_("Every rate is a percentage above 0 and at most 100.")))
        ends = [tier.up_to for tier in self.tiers]
        if self.tiers and (ends[-1] is not None or any(end is None for end in ends[:-1])
                           or ends[:-1] != sorted(set(ends[:-1])) or (ends[:-1] and ends[0] <= 0)):
            raise RuleError(Message(N_("Tiers rise, each above the last, and the last has no upper end.")))
        if self.floor < 0 or (self.cap is not None and self.cap < self.floor):
            raise RuleError(Message(N_("The floor is at least 0 and the cap, if any, is not below it.")))
        if not Decimal("0") <= self.insider_uplift <= Decimal("100"):
            raise RuleError(Message(N_("The insider uplift is a percentage from 0 to 100.")))
        if not 1 <= self.claim_working_days <= 365:
            raise RuleError(Message(N_("The claim window is 1 to 365 working days.")))


@dataclass(frozen=True)
class Case:
    """What the officer records when a case is concluded as substantiated."""

    verified_amount: Decimal  # yuan
    conditions: frozenset[Condition]
    exclusions: frozenset[Exclusion] = frozenset()
    grade: Grade | None = None
    insider: bool = False
    first_reporter: bool = True


@dataclass(frozen=True)
class Computation:
    eligible: bool
    amount: Decimal  # 0.00 when not eligible
    trace: tuple[Message, ...]


def _yuan(value: Decimal) -> str:
    return f"{value.quantize(FEN, rounding=ROUND_HALF_UP):,}"


def _tiered(amount: Decimal, tiers: tuple[Tier, ...]) -> tuple[Decimal, list[Message]]:
    total, lower, trace = Decimal("0"), Decimal("0"), []
    for tier in tiers:
        upper = amount if tier.up_to is None else min(amount, tier.up_to)
        if upper <= lower:
            break
        part = (upper - lower) * tier.rate / 100
        trace.append(Message(N_("%(rate)s per cent of the part from %(lower)s to %(upper)s yuan: %(part)s yuan."),
                             {"rate": str(tier.rate), "lower": _yuan(lower), "upper": _yuan(upper),
                              "part": _yuan(part)}))
        total += part
        lower = upper
    return total, trace


def compute(rules: RuleSet, case: Case) -> Computation:
    """The reward for a substantiated case under `rules`, with the trace of every step."""
    trace: list[Message] = [Message(N_("Rule set: %(name)s (%(source)s)."), {"name": rules.name,
                                                                            "source": rules.source})]
    missing = [condition for condition in Condition if condition not in case.conditions]
    if missing:
        trace += [Message(N_("Condition not met: %(condition)s"), {"condition": CONDITION_TEXT[condition]})
                  for condition in missing]
    if case.exclusions:
        trace += [Message(N_("Excluded: %(exclusion)s"), {"exclusion": EXCLUSION_TEXT[exclusion]})
                  for exclusion in sorted(case.exclusions)]
    if rules.first_reporter_only and not case.first_reporter:
        trace.append(Message(N_("This rule set rewards only the first reporter of the facts.")))
    if case.verified_amount <= 0:
        trace.append(Message(N_("No fund loss was verified, so there is nothing to reward.")))
    if len(trace) > 1:
        return Computation(False, Decimal("0.00"), tuple(trace))
    trace.append(Message(N_("Verified amount: %(amount)s yuan."), {"amount": _yuan(case.verified_amount)}))

    if rules.grades:
        if case.grade is None or case.grade not in rules.grades:
            raise RuleError(Message(N_("Choose the grade of the case; this rule set rewards by grade.")))
        rate = rules.grades[case.grade]
        amount = case.verified_amount * rate.rate / 100
        trace.append(Message(N_("Grade %(grade)s: %(rate)s per cent, %(amount)s yuan."),
                             {"grade": case.grade.value, "rate": str(rate.rate), "amount": _yuan(amount)}))
        if amount < rate.floor:
            amount = rate.floor
            trace.append(Message(N_("Raised to the grade's floor of %(floor)s yuan."), {"floor": _yuan(rate.floor)}))
    else:
        amount, steps = _tiered(case.verified_amount, rules.tiers)
        trace += steps
    if amount < rules.floor:
        amount = rules.floor
        trace.append(Message(N_("Raised to the rule set's floor of %(floor)s yuan."), {"floor": _yuan(rules.floor)}))
    if rules.cap is not None and amount > rules.cap:
        amount = rules.cap
        trace.append(Message(N_("Lowered to the rule set's cap of %(cap)s yuan."), {"cap": _yuan(rules.cap)}))
    if case.insider and rules.insider_uplift:
        uplift = amount * rules.insider_uplift / 100
        amount += uplift
        trace.append(Message(N_("Insider's report: plus %(rate)s per cent, %(uplift)s yuan."),
                             {"rate": str(rules.insider_uplift), "uplift": _yuan(uplift)}))
    if amount < NATIONAL_MINIMUM:
        amount = NATIONAL_MINIMUM
        trace.append(Message(N_("Raised to the national minimum of 200 yuan.")))
    if amount > NATIONAL_MAXIMUM:
        amount = NATIONAL_MAXIMUM
        trace.append(Message(N_("Lowered to the national maximum of 200,000 yuan.")))
    amount = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    trace.append(Message(N_("Reward: %(amount)s yuan."), {"amount": _yuan(amount)}))
    return Computation(True, amount, tuple(trace))


def rule_set_from_data(data: Mapping) -> RuleSet:
    """A rule set from its JSON form (disclosures/rewards/rule-sets.json); RuleError if wrong."""
    try:
        grades = {Grade(key): GradeRate(Decimal(str(value["rate"])), Decimal(str(value.get("floor", "0"))))
                  for key, value in (data.get("grades") or {}).items()}
        tiers = tuple(Tier(None if tier.get("up_to") is None else Decimal(str(tier["up_to"])),
                           Decimal(str(tier["rate"]))) for tier in data.get("tiers") or ())
        return RuleSet(code=str(data["code"]), name=str(data["name"]), source=str(data["source"]), grades=grades,
                       tiers=tiers, floor=Decimal(str(data.get("floor", "0"))),
                       cap=None if data.get("cap") is None else Decimal(str(data["cap"])),
                       insider_uplift=Decimal(str(data.get("insider_uplift", "0"))),
                       first_reporter_only=bool(data.get("first_reporter_only", False)),
                       claim_working_days=int(data.get("claim_working_days", 30)))
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        if isinstance(error, RuleError):
            raise
        raise RuleError(Message(N_("The rule set is not complete or a number in it is not valid."))) from None


# --- the decision, the claim and the payment --------------------------------------------------

class RewardState(enum.StrEnum):
    PROPOSED = "proposed"  # computed by a case officer (the maker), waiting for a second officer
    RETURNED = "returned"  # the checker sent it back; the maker proposes again
    NOT_ELIGIBLE = "not_eligible"  # the computation found no reward; approved as such
    OPEN_FOR_CLAIM = "open_for_claim"  # approved: the reporter is told and the claim window runs
    CLAIMED = "claimed"  # the reporter gave the payee details
    DECLINED = "declined"  # the reporter does not want it
    PAID = "paid"
    LAPSED = "lapsed"  # the claim window closed without a claim


STATE_TEXT: Mapping[RewardState, str] = MappingProxyType({
    RewardState.PROPOSED: N_("Proposed; waiting for a second officer"),
    RewardState.RETURNED: N_("Returned to the proposing officer"),
    RewardState.NOT_ELIGIBLE: N_("No reward: conditions not met"),
    RewardState.OPEN_FOR_CLAIM: N_("Decided; open for the reporter's claim"),
    RewardState.CLAIMED: N_("Claimed; waiting for payment"),
    RewardState.DECLINED: N_("Declined by the reporter"),
    RewardState.PAID: N_("Paid"),
    RewardState.LAPSED: N_("Lapsed: not claimed in time"),
})


class RewardRefused(Refused):
    """A step on a reward that cannot be taken."""


def state_on(state: RewardState, claim_deadline, today) -> RewardState:
    """The state on `today`: an open reward whose window has closed has lapsed."""
    if state is RewardState.OPEN_FOR_CLAIM and claim_deadline is not None and today > claim_deadline:
        return RewardState.LAPSED
    return state


def check_decision(state: RewardState, maker_id: int, checker_id: int) -> None:
    """A second officer approves or returns a proposal; never the one who proposed it."""
    if state is not RewardState.PROPOSED:
        raise RewardRefused(Message(N_("This reward is not waiting for a decision.")))
    if maker_id == checker_id:
        raise RewardRefused(Message(N_("A second officer must decide: you proposed this reward.")))


def check_claim(state: RewardState, claim_deadline, today) -> None:
    current = state_on(state, claim_deadline, today)
    if current is RewardState.LAPSED:
        raise RewardRefused(Message(N_("The claim window closed on %(day)s; the reward can no longer be claimed."),
                                    {"day": claim_deadline.isoformat()}))
    if current is not RewardState.OPEN_FOR_CLAIM:
        raise RewardRefused(Message(N_("This reward cannot be claimed or declined now.")))


def check_payment(state: RewardState) -> None:
    if state is not RewardState.CLAIMED:
        raise RewardRefused(Message(N_("Only a claimed reward can be paid, and only once.")))
