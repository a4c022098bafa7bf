"""Reward amounts by rule: grades and floors, cumulative tiers, the set's floor and cap, the
insider uplift, first reporter only, the national clamp; the presets file; property tests."""
from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rewards.rules import (
    NATIONAL_MAXIMUM,
    NATIONAL_MINIMUM,
    Case,
    Condition,
    Exclusion,
    Grade,
    GradeRate,
    RuleError,
    RuleSet,
    Tier,
    compute,
    rule_set_from_data,
)

ALL = frozenset(Condition)
PRESETS = {data["code"]: rule_set_from_data(data) for data in json.loads(
    (Path(__file__).parent.parent / "disclosures" / "rewards" / "rule-sets.json").read_text(encoding="utf-8"))["rule_sets"]}


def test_presets_load_and_name_their_sources():
    assert set(PRESETS) == {"guangdong-draft", "beijing-institutions", "beijing-individuals", "insider-uplift-example"}
    assert all(rules.source and rules.claim_working_days == 30 for rules in PRESETS.values())


@pytest.mark.parametrize("preset, case, expected", [
    # Guangdong draft: grade rate, grade floor.
    ("guangdong-draft", Case(D("100000"), ALL, grade=Grade.FIRST), D("3000.00")),
    ("guangdong-draft", Case(D("10000"), ALL, grade=Grade.FIRST), D("400.00")),  # 300 raised to the floor
    ("guangdong-draft", Case(D("5000"), ALL, grade=Grade.THIRD), D("200.00")),  # 50 -> floor 200
    ("guangdong-draft", Case(D("50000000"), ALL, grade=Grade.FIRST), D("200000.00")),  # 1.5 M -> national cap
    # Beijing institutions: 2 % up to 500,000, 4 % of the rest, floor 500.
    ("beijing-institutions", Case(D("400000"), ALL), D("8000.00")),
    ("beijing-institutions", Case(D("800000"), ALL), D("22000.00")),  # 10,000 + 12,000
    ("beijing-institutions", Case(D("10000"), ALL), D("500.00")),
    ("beijing-individuals", Case(D("3333.33"), ALL), D("500.00")),
    ("beijing-individuals", Case(D("12345.67"), ALL), D("1234.57")),  # half up to the fen
    # Insider uplift of 20 %.
    ("insider-uplift-example", Case(D("100000"), ALL, grade=Grade.SECOND, insider=True), D("2400.00")),
    ("insider-uplift-example", Case(D("100000"), ALL, grade=Grade.SECOND), D("2000.00")),
])
def test_preset_amounts(preset, case, expected):
    result = compute(PRESETS[preset], case)
    assert result.eligible and result.amount == expected
    assert result.trace[-1].params == {"amount": f"{expected:,}"}


def test_ineligible_cases_get_nothing_and_say_why():
    rules = PRESETS["beijing-institutions"]
    missing = compute(rules, Case(D("100000"), ALL - {Condition.NOT_ALREADY_KNOWN}))
    assert (missing.eligible, missing.amount) == (False, D("0.00"))
    assert any(step.msgid.startswith("Condition not met") for step in missing.trace)
    staff = compute(rules, Case(D("100000"), ALL, exclusions=frozenset({Exclusion.BUREAU_STAFF})))
    assert not staff.eligible and any(step.msgid.startswith("Excluded") for step in staff.trace)
    second = compute(rules, Case(D("100000"), ALL, first_reporter=False))
    assert not second.eligible
    assert compute(PRESETS["guangdong-draft"], Case(D("100000"), ALL, grade=Grade.FIRST, first_reporter=False)).eligible
    assert not compute(rules, Case(D("0"), ALL)).eligible
    with pytest.raises(RuleError):  # a graded rule set needs the grade
        compute(PRESETS["guangdong-draft"], Case(D("100000"), ALL))


@pytest.mark.parametrize("data", [
    {"code": "x", "name": "x", "source": "x"},  # neither grades nor tiers
    {"code": "x", "name": "x", "source": "x", "tiers": [{"up_to": "100", "rate": "2"}]},  # last tier capped
    {"code": "x", "name": "x", "source": "x", "tiers": [{"up_to": "100", "rate": "2"}, {"up_to": "50", "rate": "3"},
                                                         {"up_to": None, "rate": "4"}]},  # falling
    {"code": "x", "name": "x", "source": "x", "tiers": [{"up_to": None, "rate": "0"}]},
    {"code": "x", "name": "x", "source": "x", "tiers": [{"up_to": None, "rate": "2"}], "floor": "900", "cap": "500"},
    {"code": "x", "name": "x", "source": "x", "tiers": [{"up_to": None, "rate": "abc"}]},
    {"code": "x", "name": "x", "source": "x", "tiers": [{"up_to": None, "rate": "2"}], "claim_working_days": 0},
    {"name": "x", "source": "x", "tiers": [{"up_to": None, "rate": "2"}]},
])
def test_invalid_rule_sets_are_refused(data):
    with pytest.raises(RuleError):
        rule_set_from_data(data)


amounts = st.decimals(min_value=D("0.01"), max_value=D("1000000000"), places=2)
rates = st.decimals(min_value=D("0.01"), max_value=D("100"), places=2)
floors = st.decimals(min_value=D("0"), max_value=D("1000000"), places=2)


@st.composite
def rule_sets(draw):
    if draw(st.booleans()):
        grades = {grade: GradeRate(draw(rates), draw(floors)) for grade in Grade}
        tiers = ()
    else:
        ends = sorted(set(draw(st.lists(st.decimals(min_value=D("1"), max_value=D("10000000"), places=0),
                                        max_size=3))))
        tiers = tuple(Tier(end, draw(rates)) for end in ends) + (Tier(None, draw(rates)),)
        grades = {}
    floor = draw(floors)
    cap = draw(st.one_of(st.none(), st.decimals(min_value=floor, max_value=D("5000000"), places=2)))
    return RuleSet("p", "p", "p", grades=grades, tiers=tiers, floor=floor, cap=cap,
                   insider_uplift=draw(st.decimals(min_value=D("0"), max_value=D("100"), places=2)),
                   first_reporter_only=draw(st.booleans()))


@given(rule_sets(), amounts, st.booleans(), st.sampled_from(list(Grade)))
def test_every_reward_is_within_the_national_clamp_in_fen(rules, amount, insider, grade):
    result = compute(rules, Case(amount, ALL, grade=grade, insider=insider))
    assert result.eligible
    assert NATIONAL_MINIMUM <= result.amount <= NATIONAL_MAXIMUM
    assert result.amount == result.amount.quantize(D("0.01"))


@given(rule_sets(), amounts, amounts, st.sampled_from(list(Grade)))
def test_a_larger_verified_amount_never_gets_a_smaller_reward(rules, first, second, grade):
    low, high = sorted((first, second))
    assert compute(rules, Case(low, ALL, grade=grade)).amount <= compute(rules, Case(high, ALL, grade=grade)).amount


@given(rule_sets(), amounts, st.sampled_from(list(Grade)))
def test_the_insider_uplift_never_lowers_a_reward(rules, amount, grade):
    plain = compute(rules, Case(amount, ALL, grade=grade)).amount
    assert compute(rules, Case(amount, ALL, grade=grade, insider=True)).amount >= plain


@given(st.lists(st.decimals(min_value=D("1"), max_value=D("10000000"), places=0), min_size=1, max_size=3, unique=True),
       rates, amounts)
def test_tiers_equal_the_sum_of_their_parts(ends, rate, amount):
    ends = sorted(ends)
    rules = RuleSet("t", "t", "t", tiers=tuple(Tier(end, rate) for end in ends) + (Tier(None, rate),))
    flat = RuleSet("f", "f", "f", tiers=(Tier(None, rate),))
    # The same rate in every tier is one flat rate, whatever the boundaries.
    assert compute(rules, Case(amount, ALL)).amount == compute(flat, Case(amount, ALL)).amount
