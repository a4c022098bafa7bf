"""Importing fund figures: validation with row-and-column errors, all-or-nothing, versions."""
import io
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEntry
from portal.funds.figures import FundType, Period, PeriodKind, months_covered
from portal.funds.importing import Importer, import_fund_file
from portal.funds.models import FundFigure, FundImport, FundImportRow
from portal.versioned_import import ImportChannel
from portal.regions.services import region_by_code
from portal.tabular import LISTED_ERRORS, CellError
from portal.text import ImportRejected
from tests.funds_helpers import CLI, HEADER, csv_bytes, fund_row, import_csv, xlsx_bytes


def _nothing_stored(session):
    session.rollback()
    for model in (FundFigure, FundImport, FundImportRow):
        assert session.scalar(select(func.count()).select_from(model)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def _errors(caught) -> set[tuple[int, str]]:
    return {(error.row, error.column) for error in caught.value.errors}


def _current(session, region="640300", fund="resident", period="2024"):
    parsed = Period.parse(period)
    return session.scalar(select(FundFigure).where(
        FundFigure.region_id == region_by_code(session, region).id, FundFigure.fund_type == fund,
        FundFigure.period_kind == parsed.kind, FundFigure.year == parsed.year,
        FundFigure.period_number == parsed.number, FundFigure.superseded_at.is_(None)))


def test_periods_parse_and_print():
    assert Period.parse("2020") == Period(2020, PeriodKind.YEAR, 0)
    assert Period.parse("2020-Q3").code == "2020-Q3"
    assert Period.parse("2020-07").first_day.isoformat() == "2020-07-01"
    assert Period.parse("2021-Q4").first_day.isoformat() == "2021-10-01"
    for bad in ("20", "2020-Q5", "2020-13", "2020-7", "Q3-2020", "1800"):
        with pytest.raises(CellError):
            Period.parse(bad)


def test_months_covered_is_balance_over_average_monthly_expenditure():
    assert months_covered(Decimal("16490000"), Decimal("84600000"), 12) == Decimal("2.3")
    assert months_covered(Decimal("3000"), Decimal("3000"), 3) == Decimal("3.0")
    assert months_covered(None, Decimal("1"), 12) is None
    assert months_covered(Decimal("1"), Decimal("0"), 12) is None


def test_a_valid_file_is_published_with_exact_decimals_and_derived_balance(db_session):
    summary = import_csv(db_session, [
        fund_row(income="61549488.00", expenditure="45323600.01", insured_persons="1183644"),
        fund_row(period="2024-Q1", income="0.10", expenditure="0.20"),
    ])
    assert (summary.added, summary.corrected, summary.unchanged) == (2, 0, 0)
    figure = _current(db_session)
    assert figure.income == Decimal("61549488.00")
    assert figure.period_balance == Decimal("16225887.99")
    assert figure.insured_persons == 1183644
    assert figure.version == 1 and figure.correction_reason == ""
    quarter = _current(db_session, period="2024-Q1")
    assert quarter.period_balance == Decimal("-0.10")
    assert db_session.scalar(select(func.count()).select_from(FundImportRow)) == 0
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "funds.import"))
    assert entry.actor_label == "cli"


@pytest.mark.parametrize("column, value", [
    ("income", "1,000.00"), ("income", "12.345"), ("income", "-5"), ("income", "abc"),
    ("expenditure", "1e5"), ("insured_persons", "12.5"), ("data_as_of", "2024/12/31"),
    ("fund_type", "pension"), ("period", "2024-Q5"), ("sample_data", "maybe"),
    ("region_code", "999999"), ("source_document", ""), ("period_balance", "150.00"),
    ("data_as_of", "2023-12-31"), ("data_as_of", "2099-01-01"), ("returns", "5000.00"),
])
def test_a_bad_cell_names_its_row_and_column_and_stores_nothing(db_session, column, value):
    rows = [fund_row(period="2023"), fund_row(**{column: value})]
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, rows)
    assert (2, column) in _errors(caught)
    _nothing_stored(db_session)


def test_every_row_error_is_reported_not_only_the_first(db_session):
    rows = [fund_row(period=str(2000 + n), income="x") for n in range(5)]
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, rows)
    assert _errors(caught) == {(n, "income") for n in range(1, 6)}


def test_errors_are_listed_up_to_a_cap_and_counted_in_full(db_session):
    rows = [fund_row(period=str(1991 + n % 100), fund_type="x") for n in range(LISTED_ERRORS + 50)]
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, rows)
    assert len(caught.value.errors) == LISTED_ERRORS
    assert caught.value.total == LISTED_ERRORS + 50


def test_a_row_without_any_figure_is_refused(db_session):
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, [fund_row(income="", expenditure="", cumulative_balance="")])
    assert _errors(caught) == {(1, "income")}


def test_duplicate_period_in_one_file_is_refused(db_session):
    rows = [fund_row(), fund_row(period="2023"), fund_row(income="999.00", period_balance="")]
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, rows)
    assert _errors(caught) == {(3, "period")}
    assert "1" in str(caught.value.errors[0].message.params)
    _nothing_stored(db_session)


@pytest.mark.parametrize("header", [
    [name for name in HEADER if name != "period"],
    HEADER + ["remarks"],
    ["region", "fund", "period"],
])
def test_a_wrong_header_is_refused(db_session, header):
    with pytest.raises(ImportRejected) as caught:
        import_fund_file(db_session, io.BytesIO(csv_bytes([fund_row()], header=header)), "f.csv", CLI)
    assert all(error.row == 0 for error in caught.value.errors)
    _nothing_stored(db_session)


@pytest.mark.parametrize("content", [b"", b"\n\n", ",".join(HEADER).encode() + b"\n"])
def test_an_empty_file_is_refused(db_session, content):
    with pytest.raises(ImportRejected):
        import_fund_file(db_session, io.BytesIO(content), "f.csv", CLI)
    _nothing_stored(db_session)


def test_a_file_over_the_row_limit_is_refused(db_session):
    rows = [fund_row(period=f"2024-{month:02d}") for month in range(1, 13)]
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, rows, importer=Importer(ImportChannel.CLI, max_rows=10))
    assert "10" in caught.value.errors[0].message.render(lambda s: s)
    _nothing_stored(db_session)


def test_other_formats_and_broken_files_are_refused(db_session):
    for content, name in ((b"%PDF-1.7", "funds.pdf"), (b"not a zip", "funds.xlsx"),
                          (b"a,b\x00c\n", "funds.csv")):
        with pytest.raises(ImportRejected):
            import_fund_file(db_session, io.BytesIO(content), name, CLI)
    _nothing_stored(db_session)


def test_an_error_in_the_last_row_rolls_back_rows_already_staged(db_session):
    periods = [f"{year}-{month:02d}" for year in range(1991, 2025) for month in range(1, 13)]
    rows = [fund_row(period=period, fund_type=fund, region_code=region)
            for region in ("640000", "640100", "640200", "640300") for fund in FundType
            for period in periods]
    assert len(rows) > 2 * 5000  # more than one staging batch
    rows.append(fund_row(period="2024", income="bad"))
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, rows)
    assert _errors(caught) == {(len(rows), "income")}
    _nothing_stored(db_session)


def test_gb18030_and_bom_csv_files_are_read(db_session):
    note = "盐池县城乡居民医保"
    for encoding, period in (("gb18030", "2022"), ("utf-8-sig", "2023")):
        content = csv_bytes([fund_row(period=period, note_zh=note)], encoding=encoding)
        import_fund_file(db_session, io.BytesIO(content), "f.csv", CLI)
        assert _current(db_session, period=period).note_zh == note


def test_xlsx_with_typed_cells_gives_the_same_figures_as_csv(db_session):
    rows = [fund_row(income="84600000.50", expenditure="1234.56", insured_persons="1183644",
                     cumulative_balance="-20.00", note_bo="བོད་ཡིག")]
    import_fund_file(db_session, io.BytesIO(xlsx_bytes(rows)), "funds.xlsx", CLI)
    figure = _current(db_session)
    assert figure.income == Decimal("84600000.50")
    assert figure.period_balance == Decimal("84598765.94")
    assert figure.cumulative_balance == Decimal("-20.00")
    assert figure.data_as_of.isoformat() == "2024-12-31"
    assert figure.note_bo == "བོད་ཡིག"


def test_xlsx_errors_name_rows_and_columns_too(db_session):
    with pytest.raises(ImportRejected) as caught:
        import_fund_file(db_session, io.BytesIO(xlsx_bytes([fund_row(), fund_row(period="2023", income="12.345")])),
                         "funds.xlsx", CLI)
    assert _errors(caught) == {(2, "income")}


def test_reimporting_the_same_file_changes_nothing(db_session):
    rows = [fund_row(), fund_row(period="2023")]
    import_csv(db_session, rows)
    summary = import_csv(db_session, rows)
    assert (summary.added, summary.corrected, summary.unchanged) == (0, 0, 2)
    assert db_session.scalar(select(func.count()).select_from(FundFigure)) == 2


def test_a_correction_needs_a_reason_and_keeps_the_old_version(db_session):
    import_csv(db_session, [fund_row()])
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, [fund_row(income="1100.00")])
    assert _errors(caught) == {(1, "correction_reason")}
    assert _current(db_session).income == Decimal("1000.00")

    summary = import_csv(db_session, [fund_row(income="1100.00"), fund_row(period="2023")],
                         reason="Audited accounts replace the provisional figures")
    assert (summary.added, summary.corrected, summary.unchanged) == (1, 1, 0)
    assert summary.corrections[0].before == {"income": Decimal("1000.00"), "period_balance": Decimal("200.00")}
    current = _current(db_session)
    assert (current.version, current.income) == (2, Decimal("1100.00"))
    assert current.correction_reason == "Audited accounts replace the provisional figures"
    versions = db_session.scalars(select(FundFigure).where(FundFigure.year == 2024)
                                  .order_by(FundFigure.version)).all()
    assert [v.income for v in versions] == [Decimal("1000.00"), Decimal("1100.00")]
    assert versions[0].superseded_at is not None
    assert _current(db_session, period="2023").correction_reason == ""


def test_a_reason_in_the_row_wins_over_the_file_reason(db_session):
    import_csv(db_session, [fund_row()])
    import_csv(db_session, [fund_row(income="900.00", correction_reason="Row reason")], reason="File reason")
    assert _current(db_session).correction_reason == "Row reason"


def test_a_dry_run_reports_the_changes_and_stores_nothing(db_session):
    import_csv(db_session, [fund_row()])
    before = db_session.scalar(select(func.count()).select_from(AuditEntry))
    summary = import_csv(db_session, [fund_row(income="1100.00"), fund_row(period="2023")],
                         reason="r", dry_run=True)
    assert (summary.added, summary.corrected, summary.dry_run) == (1, 1, True)
    assert summary.import_id is None
    assert _current(db_session).income == Decimal("1000.00")
    assert _current(db_session, period="2023") is None
    assert db_session.scalar(select(func.count()).select_from(FundImport)) == 1
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_an_upload_is_limited_to_the_editors_region(db_session):
    wuzhong = region_by_code(db_session, "640300")
    editor = Importer(ImportChannel.UPLOAD, actor_id=None, actor_label="editor", scope_path=wuzhong.path)
    with pytest.raises(ImportRejected) as caught:
        import_csv(db_session, [fund_row(region_code="640323"), fund_row(region_code="640100")],
                   importer=editor)
    assert _errors(caught) == {(2, "region_code")}
