"""The demo's synthetic register of designated institutions (portal/institutions/synthetic.py):
deterministic, valid under the register's columns and rules, covering every type, grade range,
agreement status and demo region, and fictional by name."""
from __future__ import annotations

import io
from collections import Counter
from datetime import date
from pathlib import Path

from portal.funds.synthetic import DEMO_REGIONS
from portal.institutions.columns import (
    INSTITUTION_COLUMNS,
    NATIONAL_CODE,
    AgreementStatus,
    Ownership,
    check_institution_row,
)
from portal.institutions.kinds import InstitutionType
from portal.institutions.synthetic import DATA_AS_OF, MINIMUM_PER_REGION, register_rows, write_csv
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
