"""Typical cases stored in the real database: the editorial flow as editors drive it, what
the public sees at each step, filters, search, keyset pages, statistics, inspection rounds."""
from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEntry
from portal.cases.content import CaseOutcome
from portal.cases.editorial import EditorialAction, EditorialRefused, EditorialState
from portal.cases.inspections import import_inspection_file, import_inspection_files, inspection_rounds
from portal.cases.models import CaseRevision, InspectionRound, TypicalCase
from portal.cases.services import (CaseFilter, CaseRefused, all_published_cases, case_statistics, create_case,
                                   feed_cases, filter_from_args, public_case, published_cases, save_revision,
                                   take_step)
from portal.institutions.kinds import InstitutionType
from portal.regions.services import region_by_code
from portal.staff.models import Role
from portal.text import ImportRejected
from portal.violations import Violation
from tests.cases_helpers import NOW, content, editor, published_case

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def editors(db_session):
    return (editor(db_session, "ed.a"), editor(db_session, "ed.b"), editor(db_session, "ed.c", "540000"))


def _visible_titles(session, selection=None):
    return [found.revision.title_zh for found in published_cases(session, selection or CaseFilter()).rows]


def test_a_case_goes_on_line_only_after_a_second_editor_approves_it(db_session, editors):
    author, reviewer, _ = editors
    case = create_case(db_session, author, content(), NOW)
    db_session.commit()
    assert case.state is EditorialState.DRAFT and public_case(db_session, case.id) is None
    take_step(db_session, case, author, EditorialAction.SUBMIT, NOW)
    db_session.commit()
    with pytest.raises(EditorialRefused) as refused:
        take_step(db_session, case, author, EditorialAction.APPROVE, NOW)
    assert "second editor" in refused.value.message.msgid
    db_session.rollback()
    assert _visible_titles(db_session) == []

    take_step(db_session, case, reviewer, EditorialAction.APPROVE, NOW + timedelta(hours=1))
    db_session.commit()
    found = public_case(db_session, case.id)
    assert found.case.state is EditorialState.PUBLISHED and found.revision.number == 1
    assert found.case.published_on == date(2026, 3, 2)  # the Beijing date of the approval
    assert _visible_titles(db_session) == ["盐池县某医院虚构医药服务项目骗取医保基金案"]
    actions = list(db_session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "typical_case")))
    assert actions == ["cases.create", "cases.submit", "cases.approve"]


def test_whoever_wrote_part_of_a_version_cannot_approve_it(db_session, editors):
    author, coauthor, _ = editors
    third = editor(db_session, "ed.d")
    case = create_case(db_session, author, content(), NOW)
    save_revision(db_session, case, coauthor, content(title_zh="改过的标题"), NOW)
    take_step(db_session, case, author, EditorialAction.SUBMIT, NOW)
    with pytest.raises(EditorialRefused):
        take_step(db_session, case, coauthor, EditorialAction.APPROVE, NOW)
    take_step(db_session, case, third, EditorialAction.APPROVE, NOW)
    assert case.state is EditorialState.PUBLISHED and case.revisions[0].title_zh == "改过的标题"


def test_editors_act_only_in_their_region_and_only_editors_act(db_session, editors):
    author, _, tibet = editors
    with pytest.raises(CaseRefused) as refused:
        create_case(db_session, tibet, content(region_code="640323"), NOW)
    assert refused.value.messages[0][0] == "region_code"
    case = create_case(db_session, author, content(), NOW)
    take_step(db_session, case, author, EditorialAction.SUBMIT, NOW)
    with pytest.raises(EditorialRefused) as outside:
        take_step(db_session, case, tibet, EditorialAction.APPROVE, NOW)
    assert "outside your scope" in outside.value.message.msgid
    officer = editor(db_session, "officer", roles=frozenset({Role.CASE_OFFICER}))
    with pytest.raises(EditorialRefused):
        take_step(db_session, case, officer, EditorialAction.APPROVE, NOW)
    with pytest.raises(CaseRefused):
        create_case(db_session, officer, content(), NOW)


def test_a_failed_save_stores_nothing(db_session, editors):
    author, _, _ = editors
    case = create_case(db_session, author, content(), NOW)
    db_session.commit()
    with pytest.raises(CaseRefused) as refused:
        save_revision(db_session, case, author, content(title_zh=" ", categories=frozenset()), NOW)
    assert {name for name, _ in refused.value.messages} == {"title_zh", "categories"}
    db_session.rollback()
    assert db_session.get(CaseRevision, case.revisions[0].id).title_zh.startswith("盐池县")


def test_a_correction_stays_invisible_until_approved_then_shows_its_note(db_session, editors):
    author, reviewer, _ = editors
    case = published_case(db_session, author, reviewer)
    take_step(db_session, case, reviewer, EditorialAction.OPEN_CORRECTION, NOW, note="更正处罚金额。")
    corrected = content(fine_amount=Decimal("300000.00"), fine_multiple=Decimal("3"))
    save_revision(db_session, case, reviewer, corrected, NOW)
    take_step(db_session, case, reviewer, EditorialAction.SUBMIT, NOW)
    db_session.commit()
    seen = public_case(db_session, case.id)
    assert seen.revision.number == 1 and seen.revision.fine_amount == Decimal("200000.00") and not seen.corrections

    with pytest.raises(EditorialRefused):
        take_step(db_session, case, reviewer, EditorialAction.APPROVE, NOW)
    take_step(db_session, case, author, EditorialAction.APPROVE, NOW + timedelta(days=1))
    db_session.commit()
    seen = public_case(db_session, case.id)
    assert seen.revision.number == 2 and seen.revision.fine_amount == Decimal("300000.00")
    assert [event.text for event in seen.corrections] == ["更正处罚金额。"]
    # Revision 1 is kept as it was published.
    first = db_session.scalars(select(CaseRevision).where(CaseRevision.case_id == case.id,
                                                          CaseRevision.number == 1)).one()
    assert first.fine_amount == Decimal("200000.00")


def test_a_discarded_correction_leaves_the_published_text(db_session, editors):
    author, reviewer, _ = editors
    case = published_case(db_session, author, reviewer)
    take_step(db_session, case, author, EditorialAction.OPEN_CORRECTION, NOW, note="试改")
    save_revision(db_session, case, author, content(title_zh="错误的更正"), NOW)
    take_step(db_session, case, author, EditorialAction.DISCARD_CORRECTION, NOW)
    db_session.commit()
    assert db_session.scalar(select(func.count()).select_from(CaseRevision)
                             .where(CaseRevision.case_id == case.id)) == 1
    assert public_case(db_session, case.id).revision.title_zh.startswith("盐池县")


def test_a_withdrawn_case_keeps_its_address_and_leaves_the_list(db_session, editors):
    author, reviewer, _ = editors
    case = published_case(db_session, author, reviewer)
    take_step(db_session, case, author, EditorialAction.REQUEST_WITHDRAWAL, NOW, reason="处罚决定已被撤销。")
    db_session.commit()
    assert _visible_titles(db_session)  # still on line while the request waits
    with pytest.raises(EditorialRefused):
        take_step(db_session, case, author, EditorialAction.APPROVE_WITHDRAWAL, NOW)
    take_step(db_session, case, reviewer, EditorialAction.APPROVE_WITHDRAWAL, NOW + timedelta(days=2))
    db_session.commit()
    assert _visible_titles(db_session) == []
    seen = public_case(db_session, case.id)
    assert seen.withdrawn and seen.case.withdrawal_reason == "处罚决定已被撤销。"
    assert [found.withdrawn for found in feed_cases(db_session, CaseFilter())] == [True]
    with pytest.raises(EditorialRefused):
        take_step(db_session, case, reviewer, EditorialAction.OPEN_CORRECTION, NOW, note="x")


@pytest.fixture
def catalogue(db_session, editors):
    """Four published cases in different places, years, categories, types and outcomes."""
    author, reviewer, tibet = editors
    tibet_reviewer = editor(db_session, "ed.e", "540000")
    published_case(db_session, author, reviewer, at=NOW.replace(year=2024))
    published_case(db_session, author, reviewer, content(
        region_code="640521", title_zh="中宁县某药店串换药品案", title_bo="", summary_bo="", title_en="", summary_en="",
        institution_name_zh="中宁县示例药店", institution_type=InstitutionType.PHARMACY,
        categories=frozenset({Violation.ITEM_SUBSTITUTION, Violation.NON_COVERED_SETTLED}),
        amount_involved=Decimal("8000.00"), returned_amount=Decimal("8000.00"), fine_amount=None,
        fine_multiple=None, suspension_months=None, legal_basis=None, agreement_suspension_days=30,
        summary_zh="该药店将保健品串换为目录内药品结算，金额8000元，折合100%。"), at=NOW.replace(year=2025))
    published_case(db_session, tibet, tibet_reviewer, content(
        region_code="540100", title_zh="拉萨市参保人冒名就医案", title_en="Lhasa: a card lent", summary_en="", title_bo="ལྷ་ས་གྲོང་ཁྱེར་གྱི་མིང་གཞན་བཀོལ་ནས་སྨན་བཅོས་བྱས་པའི་ཉེས་དོན",
        institution_name_zh="", institution_name_bo="", institution_type=None, legal_basis=None,
        categories=frozenset({Violation.LENT_INSURANCE_CARD}), amount_involved=Decimal("2500.00"),
        fine_amount=None, fine_multiple=None, suspension_months=3, referred_to_police=True))
    draft = create_case(db_session, author, content(title_zh="未发布的草稿"), NOW)
    db_session.commit()
    return draft


@pytest.mark.parametrize("args, expected", [
    ({}, {"盐池县某医院", "中宁县某药店", "拉萨市参保人"}),
    ({"region": "640000"}, {"盐池县某医院", "中宁县某药店"}),
    ({"region": "640521"}, {"中宁县某药店"}),
    ({"year": "2025"}, {"中宁县某药店"}),
    ({"category": "non_covered_settled"}, {"中宁县某药店"}),
    ({"institution_type": "hospital"}, {"盐池县某医院"}),
    ({"outcome": "suspension"}, {"中宁县某药店", "拉萨市参保人", "盐池县某医院"}),
    ({"outcome": "police"}, {"拉萨市参保人"}),
    ({"outcome": "fine"}, {"盐池县某医院"}),
    ({"amount_min": "5000", "amount_max": "10000"}, {"中宁县某药店"}),
    ({"amount_min": "100000"}, {"盐池县某医院"}),
    ({"q": "串换"}, {"中宁县某药店"}),
    ({"q": "ＰＨＡＲＭＡＣＹ"}, set()),  # full-width Latin is folded, but no case says pharmacy in English
    ({"q": "services NEVER"}, {"盐池县某医院"}),  # every term, any case
    ({"q": "མིང་གཞན"}, {"拉萨市参保人"}),  # Tibetan text is searched too
    ({"q": "100%"}, {"中宁县某药店"}),  # % is a character, not a wildcard
    ({"q": "_"}, set()),
    ({"q": "草稿"}, set()),  # drafts are not searchable
])
def test_filters_and_search(db_session, catalogue, args, expected):
    selection, problems = filter_from_args(db_session, args)
    assert problems == []
    titles = {title[:6] for title in _visible_titles(db_session, selection)}
    assert titles == {title[:6] for title in expected}


def test_unreadable_filter_arguments_are_named_and_left_out(db_session, catalogue):
    selection, problems = filter_from_args(db_session, {"amount_min": "lots", "category": "theft",
                                                        "year": "20x5", "region": "999999"})
    assert [name for name, _ in problems] == ["region", "year", "category", "amount_min"]
    assert selection == CaseFilter()


def test_keyset_pages_cover_every_case_once(db_session, editors):
    author, reviewer, _ = editors
    for number in range(23):
        published_case(db_session, author, reviewer, content(title_zh=f"案{number:02d}"),
                       at=NOW - timedelta(days=number // 3))
    first = published_cases(db_session, CaseFilter(), limit=10)
    titles = [found.revision.title_zh for found in first.rows]
    after = first.next_after
    while after:
        from portal.cases.services import parse_cursor

        page = published_cases(db_session, CaseFilter(), parse_cursor(after), limit=10)
        titles += [found.revision.title_zh for found in page.rows]
        after = page.next_after
    assert sorted(titles) == [f"案{number:02d}" for number in range(23)]
    assert titles == [found.revision.title_zh for found in all_published_cases(db_session, CaseFilter(), batch=7)]


def test_statistics_add_up_the_published_cases(db_session, catalogue):
    stats = case_statistics(db_session, CaseFilter())
    assert stats.total.cases == 3
    assert stats.total.returned == Decimal("208000.00")  # 100,000 + 8,000 + 100,000 (the Lhasa case's)
    assert stats.total.fines == Decimal("200000.00")  # only the Yanchi case was fined
    assert sorted(stats.by_year) == [2024, 2025, 2026]
    assert stats.by_category[Violation.ITEM_SUBSTITUTION].cases == 1
    assert {region.code: tally.cases for region, tally in stats.by_region.items()} == {"640000": 2, "540000": 1}
    ningxia = region_by_code(db_session, "640000")
    by_city = case_statistics(db_session, CaseFilter(region=ningxia), ningxia)
    assert {region.code: tally.cases for region, tally in by_city.by_region.items()} == {"640300": 1, "640500": 1}
    assert stats.by_category[Violation.FICTITIOUS_SERVICES].suspensions == 1
    assert CaseOutcome.POLICE in public_case(db_session, db_session.scalars(
        select(TypicalCase.id).where(TypicalCase.region.has(code="540100"))).one()).revision.outcomes


def test_inspection_rounds_import_all_or_nothing_and_re_import_changes_nothing(db_session):
    results = import_inspection_files(db_session, PROJECT_ROOT / "disclosures" / "inspections")
    db_session.commit()
    assert sum(result.added for result in results) == db_session.scalar(
        select(func.count()).select_from(InspectionRound)) >= 2
    zhongning = inspection_rounds(db_session, region_by_code(db_session, "640521"))
    assert [(r.institutions_checked, r.recovered_amount, r.suspended, r.notified, r.interviewed, r.sample_data)
            for r in zhongning] == [(266, Decimal("675500.00"), 6, 22, 22, False)]
    audits = db_session.scalar(select(func.count()).select_from(AuditEntry))
    again = import_inspection_files(db_session, PROJECT_ROOT / "disclosures" / "inspections")
    assert all(result.added == result.replaced == 0 for result in again)
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)) == audits

    header = (PROJECT_ROOT / "disclosures" / "inspections" / "zhongning-real.csv").read_text().splitlines()[0]
    bad = "\n".join([header,
                     "640100,r1,一轮,,,2024-01-01,2024-12-31,10,5,100.00,1,1,1,文件,2024-12-31,no",
                     "640100,r2,二轮,,,2024-05-01,2024-01-01,10,50,abc,,,,文件,2024-12-31,no"])
    with pytest.raises(ImportRejected) as rejected:
        import_inspection_file(db_session, io.BytesIO(bad.encode()), "bad.csv")
    assert {(error.row, error.column) for error in rejected.value.errors} == {(2, "recovered_amount")}
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(InspectionRound).where(
        InspectionRound.round_code == "r1")) == 0


def test_inspection_schema_document_lists_exactly_the_columns():
    from portal.cases.inspections import COLUMNS

    document = (PROJECT_ROOT / "disclosures" / "inspections.schema.md").read_text(encoding="utf-8")
    listed = [line.split("|")[1].strip() for line in document.splitlines()
              if line.startswith("| ") and not line.startswith("| column")]
    assert listed == [column.name for column in COLUMNS]
    assert [column.name for column in COLUMNS if column.required] == [
        line.split("|")[1].strip() for line in document.splitlines() if line.startswith("| ")
        and line.split("|")[2].strip() == "yes"]
