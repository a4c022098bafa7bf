"""Columns of the institution files (register, cost reports, purchase prices): cells, rules
across cells, and the schema documents that describe them."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from portal.funds.figures import Period
from portal.institutions.columns import (
    AGREEMENT_STATUS_TEXT,
    AGREEMENT_STATUS_ZH,
    COST_COLUMNS,
    INSTITUTION_COLUMNS,
    INSTITUTION_LEVEL_TEXT,
    INSTITUTION_LEVEL_ZH,
    OWNERSHIP_TEXT,
    PRICE_COLUMNS,
    AgreementStatus,
    InstitutionLevel,
    Ownership,
    check_cost_row,
    check_institution_row,
    check_price_row,
    percent,
    price,
)
from portal.tabular import CellError, ErrorList, json_schema, read_rows
from portal.text import ImportRejected, Message

DISCLOSURES = Path(__file__).resolve().parent.parent / "disclosures"
TODAY = date(2025, 6, 30)


def institution(**values) -> dict:
    row = {
        "national_code": "H64032300012", "name_zh": "示例县人民医院", "name_bo": "", "name_en": "",
        "type": "hospital", "level": "2a", "ownership": "public", "region_code": "640323",
        "address_zh": "示例镇", "agreement_status": "active", "status_from": "2021-01-01",
        "status_until": "", "sample_data": "yes", "source_document": "Test register 2024",
        "data_as_of": "2024-12-31",
    }
    row.update(values)
    return row


def pharmacy(**values) -> dict:
    return institution(**{"national_code": "P64030000045", "name_zh": "示例大药房", "type": "pharmacy",
                          "level": "", "ownership": "private_forprofit", "region_code": "640300",
                          **values})


def cost(**values) -> dict:
    row = {
        "national_code": "H64032300012", "period": "2024-Q3", "total_cost": "1000000.00",
        "outpatient_visits": "2000", "outpatient_cost_per_visit": "150.00", "admissions": "80",
        "inpatient_cost_per_admission": "8000.00", "share_drugs": "28.50", "share_consumables": "17.20",
        "share_tests": "22.10", "share_services": "27.40", "share_other": "4.80",
        "in_catalogue_drug_share": "91.30", "in_catalogue_procedure_share": "95.60",
        "fund_payment": "620000.00", "self_pay_share": "6.20", "sample_data": "yes",
        "source_document": "Test report 2024-Q3", "data_as_of": "2024-12-31",
        "correction_reason": "", "note_zh": "", "note_bo": "", "note_en": "",
    }
    row.update(values)
    return row


def purchase(**values) -> dict:
    row = {
        "national_code": "H64032300012", "period": "2024", "item_code": "", "item_name": "阿莫西林胶囊",
        "specification": "0.25g×24粒", "unit": "盒", "unit_price": "8.6500", "centrally_procured": "yes",
        "sample_data": "yes", "source_document": "Test price list 2024", "data_as_of": "2024-12-31",
    }
    row.update(values)
    return row


def csv_bytes(columns, rows: list[dict]) -> bytes:
    header = [column.name for column in columns]
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(_quoted(str(row.get(name, ""))) for name in header))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(mark in value for mark in ',"\n') else value


CHECKS = {INSTITUTION_COLUMNS: check_institution_row, COST_COLUMNS: check_cost_row,
          PRICE_COLUMNS: check_price_row}


def read(columns, rows: list[dict]) -> tuple[list[dict], list[tuple[int, str, str]]]:
    """Parse rows as an import would and apply the row rules: the parsed rows and every
    (row, column, msgid) error, cell errors and rule errors alike."""
    errors = ErrorList()
    parsed = []
    for number, row in read_rows(io.BytesIO(csv_bytes(columns, rows)), "test.csv", columns, errors, 1000):
        for column, message in CHECKS[columns](row, today=TODAY):
            errors.add(number, column, message)
        parsed.append(row)
    return parsed, [(error.row, error.column, error.message.msgid) for error in errors.listed]


def error_cells(columns, rows: list[dict]) -> set[tuple[int, str]]:
    return {(row, column) for row, column, _ in read(columns, rows)[1]}


# --- valid files --------------------------------------------------------------------------------

def test_valid_register_rows_pass():
    rows = [
        institution(),
        pharmacy(),
        pharmacy(national_code="P64032300007", region_code="640323", level="ungraded"),
        institution(national_code="H64032300013", type="clinic", level="", ownership=""),
        institution(national_code="H64032300014", agreement_status="suspended", status_from="2024-03-01",
                    status_until="2024-09-01"),
        institution(national_code="H64032300015", agreement_status="terminated", status_from="2023-05-10"),
        institution(national_code="H64032300016", type="community_health_centre", level="1a"),
    ]
    parsed, errors = read(INSTITUTION_COLUMNS, rows)
    assert errors == []
    assert len(parsed) == len(rows)
    assert parsed[0]["level"] == InstitutionLevel.GRADE_2A
    assert parsed[0]["status_until"] is None
    assert parsed[4]["agreement_status"] == AgreementStatus.SUSPENDED
    assert parsed[3]["ownership"] is None and parsed[1]["ownership"] == Ownership.PRIVATE_FORPROFIT


def test_valid_cost_rows_pass():
    rows = [
        cost(),
        cost(national_code="P64030000045", period="2024", outpatient_visits="", outpatient_cost_per_visit="",
             admissions="", inpatient_cost_per_admission="", share_drugs="", share_consumables="",
             share_tests="", share_services="", share_other=""),
        cost(period="2024-07", total_cost="", fund_payment="", outpatient_visits="",
             admissions="", share_drugs="99.60", share_consumables="0", share_tests="0",
             share_services="0", share_other="0", data_as_of="2024-07-31"),
        cost(period="2024-Q2", share_drugs="40", share_consumables="", share_tests="", share_services="",
             share_other=""),
    ]
    parsed, errors = read(COST_COLUMNS, rows)
    assert errors == []
    assert parsed[0]["period"] == Period.parse("2024-Q3")
    assert parsed[0]["share_drugs"] == Decimal("28.50")
    assert parsed[0]["outpatient_visits"] == 2000


def test_valid_price_rows_pass():
    rows = [purchase(), purchase(item_code="XA01ABC123A001010100001", unit_price="0.0125",
                                 centrally_procured="no", specification="")]
    parsed, errors = read(PRICE_COLUMNS, rows)
    assert errors == []
    assert parsed[0]["unit_price"] == Decimal("8.6500")
    assert parsed[0]["centrally_procured"] is True and parsed[1]["centrally_procured"] is False
    assert parsed[1]["unit_price"] == Decimal("0.0125")


# --- cells --------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["H6403230001", "H640323000123", "X64032300012", "h64032300012",
                                  "H64032300001234", "H6403230001A", "64032300012"])
def test_national_code_is_letter_and_eleven_digits(code):
    assert error_cells(INSTITUTION_COLUMNS, [institution(national_code=code)]) == {(1, "national_code")}


def test_register_cells():
    rows = [
        institution(name_zh=""),
        institution(type="hotel"),
        institution(level="3s"),
        institution(ownership="state"),
        institution(region_code="64032"),
        institution(agreement_status="paused"),
        institution(status_from="2021-02-30"),
        institution(data_as_of=""),
        institution(sample_data="maybe"),
    ]
    assert error_cells(INSTITUTION_COLUMNS, rows) == {
        (1, "name_zh"), (2, "type"), (3, "level"), (4, "ownership"), (5, "region_code"),
        (6, "agreement_status"), (7, "status_from"), (8, "data_as_of"), (9, "sample_data")}


@pytest.mark.parametrize("text, value", [("0", Decimal("0.00")), ("100", Decimal("100.00")),
                                         ("32.75", Decimal("32.75")), ("7.5", Decimal("7.50")),
                                         ("", None)])
def test_percent_parses(text, value):
    assert percent(text) == value


@pytest.mark.parametrize("text", ["100.01", "101", "-1", "32.755", "32,75", "32.75%", "1e2", ".5"])
def test_percent_rejects(text):
    with pytest.raises(CellError) as caught:
        percent(text)
    assert "percentage" in caught.value.message.msgid


@pytest.mark.parametrize("text", ["8.65001", "-1.00", "1,000.00", "¥8.65", "8.6.5"])
def test_price_rejects(text):
    with pytest.raises(CellError):
        price(text)


def test_cost_and_price_cells():
    assert error_cells(COST_COLUMNS, [
        cost(period="2024-Q5"), cost(share_tests="22.1%"), cost(total_cost="1,000,000"),
        cost(outpatient_visits="2000.5"), cost(national_code=""),
    ]) == {(1, "period"), (2, "share_tests"), (3, "total_cost"), (4, "outpatient_visits"),
           (5, "national_code")}
    assert error_cells(PRICE_COLUMNS, [
        purchase(unit_price="8.65001"), purchase(centrally_procured=""), purchase(item_code="XA-01"),
        purchase(unit=""), purchase(item_name=""),
    ]) == {(1, "unit_price"), (2, "centrally_procured"), (3, "item_code"), (4, "unit"), (5, "item_name")}


# --- register rules -----------------------------------------------------------------------------

def test_pharmacy_letter_goes_with_pharmacy_type():
    rows = [institution(type="pharmacy", level=""), pharmacy(national_code="H64030000045"),
            institution(national_code="P64032300012")]
    assert error_cells(INSTITUTION_COLUMNS, rows) == {(1, "type"), (2, "type"), (3, "type")}


def test_code_region_digits_are_the_region_code():
    _, errors = read(INSTITUTION_COLUMNS, [institution(region_code="640300")])
    assert [(row, column) for row, column, _ in errors] == [(1, "region_code")]
    row = {"national_code": "H64032300012", "region_code": "640300"}
    [(column, message)] = check_institution_row(row)
    assert column == "region_code" and message.params == {"region": "640323"}


def test_pharmacy_has_no_grade():
    assert error_cells(INSTITUTION_COLUMNS, [pharmacy(level="3a"), pharmacy(level="1")]) == {
        (1, "level"), (2, "level")}
    assert error_cells(INSTITUTION_COLUMNS, [pharmacy(level="ungraded"), pharmacy(level="")]) == set()


def test_status_dates():
    rows = [
        institution(agreement_status="suspended", status_from=""),
        institution(agreement_status="terminated", status_from=""),
        institution(status_from="2024-05-01", status_until="2024-04-30"),
        institution(agreement_status="terminated", status_from="2024-05-01", status_until="2027-05-01"),
        institution(agreement_status="active", status_from=""),
        institution(agreement_status="suspended", status_from="2024-05-01", status_until="2024-05-01"),
    ]
    assert error_cells(INSTITUTION_COLUMNS, rows) == {
        (1, "status_from"), (2, "status_from"), (3, "status_until"), (4, "status_until")}


def test_register_data_date_not_in_future():
    assert error_cells(INSTITUTION_COLUMNS, [institution(data_as_of="2025-07-01")]) == {(1, "data_as_of")}
    assert check_institution_row({"data_as_of": date(2099, 1, 1)}) == []  # no today, no check


# --- cost rules ---------------------------------------------------------------------------------

@pytest.mark.parametrize("shares, ok", [
    (("28.50", "17.20", "22.10", "27.40", "4.80"), True),    # 100.00
    (("28.50", "17.20", "22.10", "27.40", "5.30"), True),    # 100.50
    (("28.50", "17.20", "22.10", "27.40", "4.30"), True),    # 99.50
    (("28.50", "17.20", "22.10", "27.40", "5.31"), False),   # 100.51
    (("28.50", "17.20", "22.10", "27.40", "4.29"), False),   # 99.49
    (("28.5", "17.2", "22.1", "27.4", "48"), False),         # 143.2
    (("60", "41", "", "", ""), False),                       # some given, over 100.5
    (("60", "40.5", "", "", ""), True),                      # some given, up to 100.5
])
def test_cost_shares_add_up_to_100(shares, ok):
    values = dict(zip(("share_drugs", "share_consumables", "share_tests", "share_services", "share_other"),
                      shares))
    assert error_cells(COST_COLUMNS, [cost(**values)]) == (set() if ok else {(1, "share_drugs")})


def test_fund_payment_within_total_cost():
    assert error_cells(COST_COLUMNS, [cost(fund_payment="1000000.01")]) == {(1, "fund_payment")}
    assert error_cells(COST_COLUMNS, [cost(fund_payment="1000000.00")]) == set()


def test_averages_do_not_exceed_total_cost():
    # 2000 visits × 150 = 300,000 and 80 admissions × 8,000 = 640,000: 940,000 of 1,000,000.
    assert error_cells(COST_COLUMNS, [cost(outpatient_cost_per_visit="185.00")]) == set()  # 1,010,000
    assert error_cells(COST_COLUMNS, [cost(outpatient_cost_per_visit="185.01")]) == {(1, "total_cost")}
    # A total given in ten-thousand yuan (万元) by mistake.
    _, errors = read(COST_COLUMNS, [cost(total_cost="100.00", fund_payment="62.00")])
    assert [(row, column) for row, column, _ in errors] == [(1, "total_cost")]
    # Only one part given: outpatient alone.
    only_outpatient = cost(admissions="", outpatient_visits="7000")  # 1,050,000
    assert error_cells(COST_COLUMNS, [only_outpatient]) == {(1, "total_cost")}
    assert error_cells(COST_COLUMNS, [cost(admissions="", outpatient_cost_per_visit="")]) == set()


def test_cost_row_needs_a_figure():
    blank = {name: "" for name in ("total_cost", "outpatient_visits", "outpatient_cost_per_visit", "admissions",
                                   "inpatient_cost_per_admission", "share_drugs", "share_consumables",
                                   "share_tests", "share_services", "share_other", "in_catalogue_drug_share",
                                   "in_catalogue_procedure_share", "fund_payment", "self_pay_share")}
    assert error_cells(COST_COLUMNS, [cost(**blank)]) == {(1, "total_cost")}
    assert error_cells(COST_COLUMNS, [cost(**{**blank, "self_pay_share": "3.10"})]) == set()


def test_cost_and_price_data_dates():
    assert error_cells(COST_COLUMNS, [cost(data_as_of="2024-06-30"), cost(data_as_of="2025-07-01"),
                                      cost(data_as_of="2024-07-01")]) == {(1, "data_as_of"), (2, "data_as_of")}
    assert error_cells(PRICE_COLUMNS, [purchase(data_as_of="2023-12-31"), purchase(data_as_of="2025-07-01"),
                                       purchase(period="2024-03", data_as_of="2024-03-01")]) == {
        (1, "data_as_of"), (2, "data_as_of")}


def test_every_rule_of_a_file_is_reported_and_the_file_rejected():
    rows = [cost(), cost(fund_payment="2000000.00", share_other="10.00")]
    _, errors = read(COST_COLUMNS, rows)
    assert {(row, column) for row, column, _ in errors} == {(2, "fund_payment"), (2, "share_drugs")}
    listed = ErrorList()
    for row, column, msgid in errors:
        listed.add(row, column, Message(msgid))
    with pytest.raises(ImportRejected):
        listed.raise_if_any()


def test_messages_render_with_their_parameters():
    [(column, message)] = check_cost_row({**_parsed_cost(), "share_other": Decimal("10.00")})
    assert column == "share_drugs"
    assert message.render(lambda text: text).endswith("they add up to 105.20.")
    [(column, message)] = check_cost_row({**_parsed_cost(), "total_cost": Decimal("100.00")})
    assert "more than 1% above" in message.render(lambda text: text)


def _parsed_cost() -> dict:
    [row], errors = read(COST_COLUMNS, [cost()])
    assert errors == []
    return {**row, "fund_payment": None}


# --- codes and schema documents -----------------------------------------------------------------

def test_every_code_has_a_label_and_a_chinese_term():
    assert set(INSTITUTION_LEVEL_TEXT) == set(INSTITUTION_LEVEL_ZH) == set(InstitutionLevel)
    assert set(OWNERSHIP_TEXT) == set(Ownership)
    assert set(AGREEMENT_STATUS_TEXT) == set(AGREEMENT_STATUS_ZH) == set(AgreementStatus)
    assert INSTITUTION_LEVEL_ZH[InstitutionLevel.GRADE_3A] == "三级甲等"
    assert INSTITUTION_LEVEL_ZH[InstitutionLevel.UNGRADED] == "未定级"
    assert all(value.isascii() for value in InstitutionLevel)


@pytest.mark.parametrize("columns", [INSTITUTION_COLUMNS, COST_COLUMNS, PRICE_COLUMNS])
def test_columns_describe_themselves(columns):
    names = [column.name for column in columns]
    assert len(set(names)) == len(names)
    fields = json_schema(columns)
    assert all(field["description"] for field in fields)
    for column in columns:
        if column.example:  # every example is a valid cell
            column.parse(column.example)


def schema_tables(document: str) -> list[list[tuple[str, str]]]:
    """(column, required) of each column table ("| column | required | …") of a schema document."""
    tables: list[list[tuple[str, str]]] = []
    current = None
    for line in (DISCLOSURES / document).read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            current = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if current is None:  # the header row starts a table
            current = [] if cells[:2] == ["column", "required"] else False
            if current is not False:
                tables.append(current)
            continue
        if current is False or set(cells[0]) <= set("-: "):
            continue
        current.append((cells[0].strip("`"), cells[1]))
    return tables


@pytest.mark.parametrize("document, columns_of_tables", [
    ("institutions.schema.md", [INSTITUTION_COLUMNS]),
    ("costs.schema.md", [COST_COLUMNS]),
    ("prices.schema.md", [PRICE_COLUMNS]),
])
def test_schema_documents_list_exactly_the_columns(document, columns_of_tables):
    tables = schema_tables(document)
    assert len(tables) == len(columns_of_tables)
    for table, columns in zip(tables, columns_of_tables):
        assert [name for name, _ in table] == [column.name for column in columns]
        assert [required for _, required in table] == ["yes" if column.required else "no"
                                                       for column in columns]


def test_schema_documents_state_the_rules():
    register = (DISCLOSURES / "institutions.schema.md").read_text(encoding="utf-8")
    costs = (DISCLOSURES / "costs.schema.md").read_text(encoding="utf-8")
    assert "12 characters" in register and "`P` if and only if" in register
    for level in InstitutionLevel:
        assert f"`{level.value}` {INSTITUTION_LEVEL_ZH[level]}" in register
    assert "add up to 100 within\n  ±0.5" in costs
