"""The demo's synthetic typical cases (portal/cases/synthetic.py): deterministic, complete
coverage of the case vocabularies, anonymised, within the Regulation's penalty ranges, and
consistent between fields and texts."""
from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from portal.cases.checks import PENALTY_RANGES, LegalBasis
from portal.cases.content import (
    CaseContent,
    ClueSource,
    ExecutionStatus,
    Handling,
    content_problems,
    content_warnings,
)
from portal.cases.synthetic import REGION_NAMES, SyntheticCase, synthetic_cases
from portal.funds.synthetic import DEMO_REGIONS
from portal.institutions.kinds import InstitutionType
from portal.violations import Violation

ROOT = Path(__file__).resolve().parent.parent
CASES = synthetic_cases()
REGULATION_IN_FORCE = date(2021, 5, 1)


def _id(case: SyntheticCase) -> str:
    return case.content.title_en.split(":")[0]


def _contents() -> list[CaseContent]:
    return [case.content for case in CASES]


def test_deterministic():
    assert synthetic_cases() == synthetic_cases()
    assert synthetic_cases() is not synthetic_cases()


def test_about_thirty_cases_with_unique_titles_and_decisions():
    assert 28 <= len(CASES) <= 32
    assert len({c.title_zh for c in _contents()}) == len(CASES)
    assert len({c.title_en for c in _contents()}) == len(CASES)
    decisions = [c.decision_number for c in _contents() if c.decision_number]
    assert len(decisions) == len(set(decisions))


def test_every_vocabulary_is_covered():
    contents = _contents()
    assert {category for c in contents for category in c.categories} == set(Violation)
    assert {c.institution_type for c in contents} == set(InstitutionType) | {None}
    assert {c.clue_source for c in contents} == set(ClueSource)
    assert {c.legal_basis for c in contents} - {None} == set(LegalBasis)
    assert {c.handling for c in contents} == set(Handling)
    assert {c.execution_status for c in contents} == set(ExecutionStatus)
    assert any(len(c.categories) >= 2 for c in contents)
    assert all(1 <= len(c.categories) <= 3 for c in contents)


def test_regions_and_years_are_spread():
    assert {c.region_code for c in _contents()} == set(DEMO_REGIONS)
    assert {case.published_on.year for case in CASES} == set(range(2021, 2027))
    assert max(Counter(c.region_code for c in _contents()).values()) <= 4


def test_region_names_match_the_published_region_list():
    with open(ROOT / "disclosures" / "regions.csv", encoding="utf-8") as handle:
        rows = {row["code"]: (row["name_zh"], row["name_bo"], row["name_en"]) for row in csv.DictReader(handle)}
    assert set(REGION_NAMES) == set(DEMO_REGIONS)
    for code, names in REGION_NAMES.items():
        assert rows[code] == names


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_no_problems_and_no_warnings(case):
    assert content_problems(case.content) == []
    assert content_warnings(case.content) == []


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_dates(case):
    c = case.content
    assert date(2021, 1, 1) <= case.published_on <= date(2026, 10, 31)
    assert c.violation_start is not None and c.violation_end is not None
    assert c.violation_start <= c.violation_end < case.published_on
    if c.legal_basis is not None:
        # The Regulation's articles apply to conduct after it came into force.
        assert c.violation_start >= REGULATION_IN_FORCE


def test_cases_come_sorted_by_publication_date():
    assert [case.published_on for case in CASES] == sorted(case.published_on for case in CASES)


def test_two_corrections_and_one_withdrawal_on_different_cases():
    corrected = [case for case in CASES if case.correction_note]
    withdrawn = [case for case in CASES if case.withdrawal_reason]
    assert len(corrected) == 2
    assert len(withdrawn) == 1
    assert not set(map(id, corrected)) & set(map(id, withdrawn))
    for text in [case.correction_note for case in corrected] + [withdrawn[0].withdrawal_reason]:
        assert text.strip() == text and any("\u4e00" <= char <= "\u9fff" for char in text)


def test_tibetan_text_missing_for_at_most_two_cases():
    untranslated = [c for c in _contents() if not c.title_bo]
    assert 1 <= len(untranslated) <= 2
    for c in _contents():
        assert bool(c.title_bo) == bool(c.summary_bo)
        assert c.title_zh and c.title_en and c.summary_zh and c.summary_en
    for c in untranslated:
        assert c.institution_name_bo == ""


@pytest.mark.parametrize("case", [case for case in CASES if case.content.summary_bo], ids=_id)
def test_tibetan_follows_the_glossary(case):
    c = case.content
    assert c.title_bo.endswith("ཉེས་དོན")
    if "医保基金" in c.summary_zh:
        assert "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ" in c.summary_bo
    assert "སྨན་བཅོས་འགན་སྲུང་ཅུས" in c.summary_bo
    assert f"སྒོར་ {c.amount_involved:,.2f} " in c.summary_bo
    assert "元" not in c.summary_bo and "医保" not in c.summary_bo
    if c.institution_type is not None:
        assert "དཔེ་གཞི" in c.institution_name_bo


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_institutions_are_fictional_and_people_anonymised(case):
    c = case.content
    if c.institution_type is None:
        assert c.legal_basis is LegalBasis.ART_41
        assert (c.institution_name_zh, c.institution_name_bo, c.institution_name_en, c.institution_code) == (
            "", "", "", "")
        assert "参保人" in c.title_zh and "某" in c.title_zh
    else:
        assert c.legal_basis is not LegalBasis.ART_41
        assert "示例" in c.institution_name_zh and "Sample" in c.institution_name_en
        assert c.institution_name_zh in c.title_zh
        assert c.title_en.startswith(c.institution_name_en)
    assert c.title_zh.endswith("案")
    assert REGION_NAMES[c.region_code][0] in c.title_zh


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_amounts_and_penalties(case):
    c = case.content
    money = [value for value in (c.amount_involved, c.returned_amount, c.fine_amount) if value is not None]
    assert all(value.as_tuple().exponent == -2 for value in money)
    assert Decimal("1000.00") <= c.amount_involved <= Decimal("5000000.00")
    if c.returned_amount is not None:
        assert Decimal(0) < c.returned_amount <= c.amount_involved
    if c.fine_multiple is not None:
        assert c.fine_amount == c.amount_involved * c.fine_multiple
    if c.legal_basis is not None:
        rule = PENALTY_RANGES[c.legal_basis]
        if c.suspension_months is not None:
            assert rule.suspension_months is not None
            assert rule.suspension_months[0] <= c.suspension_months <= rule.suspension_months[1]
        if c.legal_basis is LegalBasis.ART_39:
            assert c.fine_multiple is None and c.fine_amount is not None
            assert rule.fine_amount[0] <= c.fine_amount <= rule.fine_amount[1]
        elif c.fine_multiple is not None:
            assert rule.fine_multiple[0] <= c.fine_multiple <= rule.fine_multiple[1]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_handling_matches_the_outcomes(case):
    c = case.content
    agreement_measures = bool(c.agreement_suspension_days) or c.agreement_terminated
    penalty = c.fine_amount is not None or c.suspension_months is not None
    if c.handling is Handling.AGREEMENT_MEASURES:
        assert agreement_measures and not penalty
        assert c.legal_basis is None and c.decision_number == ""
    else:
        assert c.legal_basis is not None and penalty and c.decision_number
        assert agreement_measures == (c.handling is Handling.BOTH)
    if c.institution_type is None:
        assert not agreement_measures
    if c.execution_status is ExecutionStatus.COMPLETE and c.returned_amount is not None:
        assert c.returned_amount == c.amount_involved


def test_outcome_flags_vary():
    contents = _contents()
    for flag in ("agreement_terminated", "rectification_ordered", "interview_held", "referred_to_police",
                 "notified_health_commission", "discipline_referral"):
        values = {getattr(c, flag) for c in contents}
        assert values == {True, False}, flag
    assert any(c.agreement_suspension_days for c in contents)
    assert any(c.suspension_months and c.institution_type is not None for c in contents)
    assert any(c.suspension_months and c.institution_type is None for c in contents)
    assert any(c.fine_amount is not None and c.fine_multiple is None and c.legal_basis is not LegalBasis.ART_39
               for c in contents)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_texts_state_the_figures_of_the_fields(case):
    c = case.content
    for value in (c.amount_involved, c.returned_amount, c.fine_amount):
        if value is None:
            continue
        assert f"{value}元" in c.summary_zh
        assert f"{value:,.2f} yuan" in c.summary_en
        if c.summary_bo:
            assert f"སྒོར་ {value:,.2f} " in c.summary_bo
    if c.fine_multiple is not None:
        assert f"处{c.fine_multiple.normalize():f}倍罚款" in c.summary_zh
    if c.suspension_months:
        assert f"{c.suspension_months}个月" in c.summary_zh
        assert f"{c.suspension_months} months" in c.summary_en
    if c.agreement_suspension_days:
        assert f"{c.agreement_suspension_days}日" in c.summary_zh
        assert f"{c.agreement_suspension_days} days" in c.summary_en
    if c.legal_basis is not None:
        article = "第" + {38: "三十八", 39: "三十九", 40: "四十", 41: "四十一"}[c.legal_basis.article] + "条"
        assert article in c.summary_zh
        assert f"Article {c.legal_basis.article} of the Regulation" in c.summary_en
    assert "{" not in c.summary_zh + c.summary_en + c.summary_bo


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_summaries_are_a_few_sentences(case):
    sentences = [part for part in case.content.summary_zh.split("。") if part.strip()]
    assert 2 <= len(sentences) <= 5
