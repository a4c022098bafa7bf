"""The demo's synthetic register of designated institutions (portal/institutions/synthetic.py):
deterministic, valid under the register's columns and rules, covering every type, grade range,
agreement status and demo region, and fictional by name."""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from statistics import median

import pytest

from portal.funds.synthetic import DEMO_REGIONS
from portal.institutions.columns import (
    COST_COLUMNS,
    INSTITUTION_COLUMNS,
    NATIONAL_CODE,
    PRICE_COLUMNS,
    SHARE_COLUMNS,
    AgreementStatus,
    Ownership,
    check_cost_row,
    check_institution_row,
    check_price_row,
)
from portal.institutions.kinds import InstitutionType
from portal.institutions.peers import MIN_PEERS
from portal.institutions.synthetic import (
    COST_YEARS,
    DATA_AS_OF,
    MINIMUM_PER_REGION,
    PRICE_ITEMS,
    PRICE_YEARS,
    cost_rows,
    price_rows,
    register_rows,
    write_csv,
)
from portal.institutions.synthetic import main as synthetic_main
from portal.tabular import ErrorList, read_rows

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILE = ROOT / "disclosures" / "institutions" / "sample-synthetic.csv"
ROWS = register_rows()


def _generated_csv() -> str:
    buffer = io.StringIO()
    write_csv(register_rows(), buffer)
    return buffer.getvalue()


def _parsed() -> list[dict]:
    errors = ErrorList()
    with open(SAMPLE_FILE, "rb") as stream:
        rows = [row for _, row in read_rows(stream, "x.csv", INSTITUTION_COLUMNS, errors, 10_000)]
    assert errors.total == 0, errors.listed[:5]
    return rows


def test_deterministic():
    assert register_rows() == register_rows()
    assert register_rows() is not register_rows()


def test_rows_are_strings_in_column_order():
    names = [column.name for column in INSTITUTION_COLUMNS]
    for row in ROWS:
        assert list(row) == names
        assert all(isinstance(value, str) for value in row.values())


def test_published_file_is_the_generator_output():
    """Regenerate with: python -m portal.institutions.synthetic > disclosures/institutions/sample-synthetic.csv"""
    data = SAMPLE_FILE.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8") == _generated_csv()
    assert data.decode("utf-8").splitlines()[0] == ",".join(column.name for column in INSTITUTION_COLUMNS)


def test_file_reads_without_errors_and_every_row_passes_the_rules():
    rows = _parsed()
    assert len(rows) == len(ROWS)
    for row in rows:
        assert check_institution_row(row, today=DATA_AS_OF) == [], row["national_code"]
        assert row["sample_data"] is True
        assert row["correction_reason"] == ""
        assert row["data_as_of"] == date(2025, 12, 31)
        assert row["source_document"] == "示例数据（合成，非真实名单） Sample data (synthetic)"


def test_about_three_hundred_with_unique_codes_and_names():
    assert 280 <= len(ROWS) <= 320
    codes = [row["national_code"] for row in ROWS]
    assert len(set(codes)) == len(codes)
    assert all(NATIONAL_CODE.fullmatch(code) for code in codes)
    assert len({row["name_zh"] for row in ROWS}) == len(ROWS)
    assert len({row["name_en"] for row in ROWS}) == len(ROWS)


def test_every_region_roughly_in_proportion_to_population():
    per_region = Counter(row["region_code"] for row in ROWS)
    assert set(per_region) == set(DEMO_REGIONS)
    assert min(per_region.values()) >= MINIMUM_PER_REGION
    assert per_region.most_common(1)[0][0] == "640100"
    assert per_region["640300"] > per_region["640323"]
    assert per_region["540100"] > per_region["542522"]


def test_types_levels_and_ownership():
    types = Counter(row["type"] for row in ROWS)
    assert set(types) == set(InstitutionType)
    assert types[InstitutionType.PHARMACY] > types[InstitutionType.HOSPITAL]
    assert types[InstitutionType.CLINIC] > types[InstitutionType.HOSPITAL]
    levels = {row["level"] for row in ROWS} - {""}
    assert len(levels) >= 3
    assert "3a" in levels
    hospitals = [row for row in ROWS if row["type"] == InstitutionType.HOSPITAL]
    assert all(row["level"] for row in hospitals if row["ownership"] == Ownership.PUBLIC)
    assert any("卫生院" in row["name_zh"] for row in ROWS if row["type"] == InstitutionType.COMMUNITY_HEALTH_CENTRE)
    pharmacies = [row for row in ROWS if row["type"] == InstitutionType.PHARMACY]
    assert all(row["level"] == "" for row in pharmacies)
    assert all(row["national_code"].startswith("P") for row in pharmacies)
    forprofit = sum(row["ownership"] == Ownership.PRIVATE_FORPROFIT for row in pharmacies)
    assert forprofit > 0.8 * len(pharmacies)
    assert {row["ownership"] for row in ROWS} == set(Ownership)


def test_agreement_statuses():
    statuses = Counter(row["agreement_status"] for row in ROWS)
    assert set(statuses) == set(AgreementStatus)
    assert statuses[AgreementStatus.ACTIVE] >= 0.85 * len(ROWS)
    for row in ROWS:
        since = date.fromisoformat(row["status_from"])
        if row["agreement_status"] == AgreementStatus.ACTIVE:
            assert date(2019, 1, 1) <= since <= date(2024, 12, 31)
            assert row["status_until"] == ""
        elif row["agreement_status"] == AgreementStatus.SUSPENDED:
            assert since.year == 2025
            assert date.fromisoformat(row["status_until"]) > DATA_AS_OF
        else:
            assert since <= DATA_AS_OF
            assert row["status_until"] == ""


def test_names_and_addresses_are_obviously_fictional():
    for row in ROWS:
        assert "示例" in row["name_zh"], row["name_zh"]
        assert " Sample " in row["name_en"], row["name_en"]
        assert "示例" in row["address_zh"], row["address_zh"]
        if row["region_code"].startswith("54"):
            assert "དཔེ་གཞིའི་" in row["name_bo"], row["name_zh"]
        else:
            assert row["name_bo"] == ""


# Annual cost reports (cost_rows): disclosures/costs/sample-YYYY.csv.

COST_DIR = ROOT / "disclosures" / "costs"
REGISTER = {row["national_code"]: row for row in ROWS}
COST_ROWS = {year: cost_rows(year) for year in COST_YEARS}


def _cost_csv(year: int) -> str:
    buffer = io.StringIO()
    write_csv(cost_rows(year), buffer, COST_COLUMNS)
    return buffer.getvalue()


def _parsed_costs(year: int) -> list[dict]:
    errors = ErrorList()
    with open(COST_DIR / f"sample-{year}.csv", "rb") as stream:
        rows = [row for _, row in read_rows(stream, "x.csv", COST_COLUMNS, errors, 100_000)]
    assert errors.total == 0, errors.listed[:5]
    return rows


def test_cost_years_are_the_published_files():
    assert COST_YEARS == (2021, 2022, 2023, 2024, 2025)
    assert sorted(path.name for path in COST_DIR.glob("sample-*.csv")) == [
        f"sample-{year}.csv" for year in COST_YEARS]
    with pytest.raises(ValueError):
        cost_rows(2020)
    with pytest.raises(ValueError):
        cost_rows(COST_YEARS[-1] + 1)


def test_cost_rows_deterministic():
    for year in COST_YEARS:
        assert cost_rows(year) == COST_ROWS[year]
    # A year does not depend on which other years were generated before it.
    assert cost_rows(2025) == cost_rows(2025) and cost_rows(2021) == COST_ROWS[2021]


def test_cost_rows_are_strings_in_column_order():
    names = [column.name for column in COST_COLUMNS]
    for year, rows in COST_ROWS.items():
        for row in rows:
            assert list(row) == names
            assert all(isinstance(value, str) for value in row.values())
            assert row["period"] == str(year)


@pytest.mark.parametrize("year", COST_YEARS)
def test_published_cost_file_is_the_generator_output(year):
    """Regenerate with: python -m portal.institutions.synthetic costs YEAR > disclosures/costs/sample-YEAR.csv"""
    data = (COST_DIR / f"sample-{year}.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8") == _cost_csv(year)
    assert data.decode("utf-8").splitlines()[0] == ",".join(column.name for column in COST_COLUMNS)


def test_main_writes_the_register_or_a_year_of_costs(capsys):
    assert synthetic_main(["costs", "2023"]) == 0
    assert capsys.readouterr().out == _cost_csv(2023)
    assert synthetic_main([]) == 0
    assert capsys.readouterr().out == _generated_csv()
    assert synthetic_main(["costs", "1999"]) == 2
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("year", COST_YEARS)
def test_cost_file_reads_without_errors_and_every_row_passes_the_rules(year):
    rows = _parsed_costs(year)
    assert len(rows) == len(COST_ROWS[year])
    codes = [row["national_code"] for row in rows]
    assert len(set(codes)) == len(codes)
    for row in rows:
        assert check_cost_row(row) == [], row["national_code"]
        assert check_cost_row(row, today=date(2026, 1, 1)) == [], row["national_code"]
        assert row["national_code"] in REGISTER
        assert row["sample_data"] is True
        assert row["source_document"] == "示例数据（合成，非真实统计） Sample data (synthetic)"
        assert row["data_as_of"] == date(year, 12, 31)
        assert row["correction_reason"] == row["note_zh"] == row["note_bo"] == row["note_en"] == ""
        assert sum(row[name] for name in SHARE_COLUMNS) == Decimal("100.00")
        assert row["total_cost"] >= (row["outpatient_visits"] * row["outpatient_cost_per_visit"]
                                     + (row["admissions"] or 0) * (row["inpatient_cost_per_admission"] or 0))
        assert row["fund_payment"] <= row["total_cost"]


def test_costs_for_the_institutions_whose_agreement_ran_that_year():
    for year, rows in COST_ROWS.items():
        expected = [code for code, institution in REGISTER.items()
                    if institution["agreement_status"] != AgreementStatus.TERMINATED
                    or date.fromisoformat(institution["status_from"]).year >= year]
        assert [row["national_code"] for row in rows] == expected
    statuses = Counter(REGISTER[row["national_code"]]["agreement_status"] for row in COST_ROWS[2025])
    assert statuses[AgreementStatus.SUSPENDED] > 0
    assert len(COST_ROWS[2021]) > len(COST_ROWS[2025])


def _hospital_peer_groups(year: int) -> Counter:
    return Counter((row["national_code"][1:3], REGISTER[row["national_code"]]["level"])
                   for row in COST_ROWS[year]
                   if REGISTER[row["national_code"]]["type"] == InstitutionType.HOSPITAL)


def test_peer_groups_big_enough_for_a_comparison():
    for year in COST_YEARS:
        groups = _hospital_peer_groups(year)
        assert groups[("64", "2a")] >= MIN_PEERS
        big = [group for group, size in groups.items() if size >= MIN_PEERS]
        assert len(big) >= 2
        # Some group has a hospital whose drug share stands out.
        assert any(Decimal(row["share_drugs"]) > 45 for row in COST_ROWS[year]
                   if REGISTER[row["national_code"]]["type"] == InstitutionType.HOSPITAL
                   and (row["national_code"][1:3], REGISTER[row["national_code"]]["level"]) in big)


def _between(value: str, low: float, high: float) -> bool:
    return Decimal(str(low)) <= Decimal(value) <= Decimal(str(high))


def test_cost_magnitudes_by_type_and_grade():
    M = 1_000_000
    for rows in COST_ROWS.values():
        for row in rows:
            institution = REGISTER[row["national_code"]]
            type_, level, code = institution["type"], institution["level"], row["national_code"]
            assert _between(row["self_pay_share"], 3, 15), code
            assert _between(row["in_catalogue_drug_share"], 75, 98), code
            if type_ == InstitutionType.PHARMACY:
                assert _between(row["total_cost"], 0.5 * M, 8 * M), code
                assert row["admissions"] == row["inpatient_cost_per_admission"] == ""
                assert _between(row["share_drugs"], 85, 95), code
                assert row["share_tests"] == row["share_services"] == "0.00"
                assert row["in_catalogue_procedure_share"] == ""
                assert _between(row["fund_payment"], 0, Decimal(row["total_cost"]) * Decimal("0.5")), code
                assert Decimal(row["fund_payment"]) >= Decimal(row["total_cost"]) * Decimal("0.2"), code
                continue
            assert _between(row["in_catalogue_procedure_share"], 80, 98), code
            if type_ == InstitutionType.CLINIC:
                assert _between(row["total_cost"], 0.3 * M, 3 * M), code
                assert row["admissions"] == ""
            elif type_ == InstitutionType.OUTPATIENT_DEPARTMENT:
                assert _between(row["total_cost"], 0.5 * M, 5 * M), code
                assert row["admissions"] == ""
            elif type_ == InstitutionType.COMMUNITY_HEALTH_CENTRE:
                assert _between(row["total_cost"], 3 * M, 25 * M if level.startswith("2") else 15 * M), code
                assert _between(row["outpatient_cost_per_visit"], 80, 160), code
                assert _between(row["inpatient_cost_per_admission"], 2500, 4500), code
            else:
                fund_share = Decimal(row["fund_payment"]) / Decimal(row["total_cost"]) * 100
                assert 45 <= fund_share <= 70, code
                assert int(row["admissions"]) > 0
                if level == "3a":
                    assert _between(row["total_cost"], 1000 * M, 3000 * M), code
                    assert _between(row["outpatient_cost_per_visit"], 350, 500), code
                    assert _between(row["inpatient_cost_per_admission"], 12_000, 20_000), code
                elif level == "2a":
                    assert _between(row["total_cost"], 100 * M, 400 * M), code
                    assert _between(row["outpatient_cost_per_visit"], 200, 300), code
                    assert _between(row["inpatient_cost_per_admission"], 6_000, 9_000), code
                if "Stomatological" not in institution["name_en"]:
                    assert _between(row["share_drugs"], 23, 58), code
                    assert _between(row["share_other"], 0, 12), code


def test_total_cost_grows_three_to_eight_percent_a_year():
    for earlier, later in zip(COST_YEARS, COST_YEARS[1:]):
        before = {row["national_code"]: Decimal(row["total_cost"]) for row in COST_ROWS[earlier]}
        for row in COST_ROWS[later]:
            growth = Decimal(row["total_cost"]) / before[row["national_code"]] - 1
            assert Decimal("0.029") <= growth <= Decimal("0.081"), (row["national_code"], later, growth)


# Purchase prices (price_rows): disclosures/prices/sample-YYYY.csv.

PRICE_DIR = ROOT / "disclosures" / "prices"
PRICE_ROWS = {year: price_rows(year) for year in PRICE_YEARS}
PRICE_SOURCE = "示例数据（合成，非真实采购价格） Sample data (synthetic)"


def _price_csv(year: int) -> str:
    buffer = io.StringIO()
    write_csv(price_rows(year), buffer, PRICE_COLUMNS)
    return buffer.getvalue()


def _parsed_prices(year: int) -> list[dict]:
    errors = ErrorList()
    with open(PRICE_DIR / f"sample-{year}.csv", "rb") as stream:
        rows = [row for _, row in read_rows(stream, "x.csv", PRICE_COLUMNS, errors, 100_000)]
    assert errors.total == 0, errors.listed[:5]
    return rows


def _price_key(row: dict) -> tuple:
    return row["national_code"], row["period"], row["item_name"], row["specification"], row["unit"]


def test_price_years_are_the_published_files():
    assert PRICE_YEARS == (2024, 2025)
    assert sorted(path.name for path in PRICE_DIR.glob("*.csv")) == [f"sample-{year}.csv" for year in PRICE_YEARS]
    for year in (PRICE_YEARS[0] - 1, PRICE_YEARS[-1] + 1):
        with pytest.raises(ValueError):
            price_rows(year)


def test_price_rows_deterministic():
    for year in PRICE_YEARS:
        assert price_rows(year) == PRICE_ROWS[year]
        assert price_rows(year) is not PRICE_ROWS[year]
    # A year does not depend on which other years were generated before it.
    assert price_rows(2025) == price_rows(2025) and price_rows(2024) == PRICE_ROWS[2024]


def test_price_rows_are_strings_in_column_order():
    names = [column.name for column in PRICE_COLUMNS]
    for year, rows in PRICE_ROWS.items():
        for row in rows:
            assert list(row) == names
            assert all(isinstance(value, str) for value in row.values())
            assert row["period"] == str(year)


@pytest.mark.parametrize("year", PRICE_YEARS)
def test_published_price_file_is_the_generator_output(year):
    """Regenerate with: python -m portal.institutions.synthetic prices YEAR > disclosures/prices/sample-YEAR.csv"""
    data = (PRICE_DIR / f"sample-{year}.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8") == _price_csv(year)
    assert data.decode("utf-8").splitlines()[0] == ",".join(column.name for column in PRICE_COLUMNS)


def test_main_writes_a_year_of_prices(capsys):
    assert synthetic_main(["prices", "2024"]) == 0
    assert capsys.readouterr().out == _price_csv(2024)
    assert synthetic_main(["prices", "2021"]) == 2
    assert synthetic_main(["prices"]) == 2
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("year", PRICE_YEARS)
def test_price_file_reads_without_errors_and_every_row_passes_the_rules(year):
    rows = _parsed_prices(year)
    assert len(rows) == len(PRICE_ROWS[year])
    for row in rows:
        assert check_price_row(row) == [], _price_key(row)
        assert check_price_row(row, today=DATA_AS_OF) == [], _price_key(row)
        assert row["national_code"] in REGISTER
        assert row["sample_data"] is True
        assert row["source_document"] == PRICE_SOURCE and "示例" in row["source_document"]
        assert row["data_as_of"] == date(year, 12, 31)
        assert row["unit_price"] > 0
        assert row["correction_reason"] == ""
    assert {row["centrally_procured"] for row in rows} == {True, False}
    # Most drugs have a national code; some consumables have none.
    assert any(row["item_code"] is None for row in rows)
    assert sum(row["item_code"] is not None for row in rows) > len(rows) / 2


def test_price_items_are_a_fixed_list_of_distinct_items():
    assert 40 <= len(PRICE_ITEMS) <= 50
    assert len({(item.name, item.specification, item.unit) for item in PRICE_ITEMS}) == len(PRICE_ITEMS)
    for item in PRICE_ITEMS:
        assert Decimal(item.price) > 0 and Decimal(item.price).as_tuple().exponent >= -4
        assert item.code == "" or item.code[0] in "XZC" and item.code.isalnum(), item.name


def test_price_keys_unique_and_eight_to_fifteen_items_an_institution():
    for year, rows in PRICE_ROWS.items():
        keys = [_price_key(row) for row in rows]
        assert len(set(keys)) == len(keys)
        per_institution = Counter(row["national_code"] for row in rows)
        assert all(8 <= count <= 15 for count in per_institution.values()), year
        # The institutions whose agreement ran that year: those of the cost reports, in their order.
        assert list(per_institution) == [row["national_code"] for row in COST_ROWS[year]]
        assert {REGISTER[code]["type"] for code in per_institution} == set(InstitutionType)
        assert len(rows) > 2000


def test_items_suit_the_kind_of_institution():
    for rows in PRICE_ROWS.values():
        items = defaultdict(set)
        for row in rows:
            items[row["national_code"]].add(row["item_name"])
        for code, bought in items.items():
            institution = REGISTER[code]
            if institution["type"] == InstitutionType.PHARMACY:
                assert not bought & {"冠脉药物洗脱支架", "注射用头孢曲松钠", "0.9%氯化钠注射液", "一次性使用输液器"}, code
            if "冠脉药物洗脱支架" in bought:
                assert institution["type"] == InstitutionType.HOSPITAL and institution["level"] in ("3a", "3b", "3c", "3", "2a")
            if "Eye" in institution["name_en"]:
                assert "人工晶体" in bought, code
            if "Dental" in institution["name_en"] or "Stomatological" in institution["name_en"]:
                assert "口腔种植体系统" in bought, code
        assert any("冠脉药物洗脱支架" in bought for bought in items.values())


def _price_ratios(rows: list[dict]) -> list[tuple[dict, Decimal]]:
    """Each row with its price divided by the median price of its item in the file."""
    by_item = defaultdict(list)
    for row in rows:
        by_item[row["item_name"], row["specification"], row["unit"]].append(row)
    return [(row, Decimal(row["unit_price"]) / median(Decimal(other["unit_price"]) for other in same))
            for same in by_item.values() for row in same]


def test_prices_vary_by_institution_with_a_few_outliers_on_centrally_procured_items():
    outliers_by_year = {}
    for year, rows in PRICE_ROWS.items():
        ratios = _price_ratios(rows)
        outliers = [(row, ratio) for row, ratio in ratios if ratio >= 2]
        for row, ratio in ratios:
            assert Decimal("0.65") <= ratio <= Decimal("1.4") or Decimal(2) <= ratio <= Decimal(3), _price_key(row)
        assert 5 <= len(outliers) <= 0.02 * len(rows), year
        assert all(row["centrally_procured"] == "yes" for row, _ in outliers)
        assert len({row["item_name"] for row, _ in outliers}) >= 3
        spread = [ratio for _, ratio in ratios if ratio < 2]
        assert min(spread) < Decimal("0.8") and max(spread) > Decimal("1.2")
        outliers_by_year[year] = {(row["national_code"], row["item_name"]) for row, _ in outliers}
    # An institution that overpays keeps overpaying (where it still reports).
    assert outliers_by_year[2024] & outliers_by_year[2025]


def test_centrally_procured_items_get_cheaper_the_others_dearer():
    prices = {year: {(row["national_code"], row["item_name"], row["specification"], row["unit"]):
                     Decimal(row["unit_price"]) for row in rows}
              for year, rows in PRICE_ROWS.items()}
    procured = {row["item_name"]: row["centrally_procured"] == "yes" for row in PRICE_ROWS[2024]}
    for key, later in prices[2025].items():
        earlier = prices[2024].get(key)
        if earlier is None:
            continue
        change = later / earlier - 1
        if procured[key[1]]:
            assert Decimal("-0.11") <= change <= Decimal("0.021"), key
        else:
            assert Decimal("-0.021") <= change <= Decimal("0.051"), key


def test_sample_price_file_imports_and_a_download_imports_again(client, db_session):
    from portal.institutions.importing import import_price_file, import_register_file
    from portal.versioned_import import ImportChannel, Importer

    cli = Importer(ImportChannel.CLI)
    with open(SAMPLE_FILE, "rb") as stream:
        assert import_register_file(db_session, stream, SAMPLE_FILE.name, cli).added == len(ROWS)
    path = PRICE_DIR / "sample-2024.csv"
    published = datetime(2025, 3, 31, 2, tzinfo=timezone.utc)  # as the demo imports it: reviewed since
    with open(path, "rb") as stream:
        summary = import_price_file(db_session, stream, path.name, cli, now=published)
    assert (summary.added, summary.corrected, summary.unchanged) == (len(PRICE_ROWS[2024]), 0, 0)
    with open(path, "rb") as stream:  # the same file again changes nothing
        summary = import_price_file(db_session, stream, path.name, cli)
    assert (summary.added, summary.corrected, summary.unchanged) == (0, 0, len(PRICE_ROWS[2024]))

    code = PRICE_ROWS[2024][0]["national_code"]
    download = client.get(f"/api/v1/prices.csv?national_code={code}")
    assert download.status_code == 200
    downloaded = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    expected = [row for row in PRICE_ROWS[2024] if row["national_code"] == code]
    assert sorted((row["item_name"], row["unit_price"]) for row in downloaded) == sorted(
        (row["item_name"], row["unit_price"]) for row in expected)
    summary = import_price_file(db_session, io.BytesIO(download.data), "download.csv", cli)
    assert (summary.added, summary.corrected, summary.unchanged) == (0, 0, len(expected))
