"""The register of designated institutions: import through the shared versioned import
(all-or-nothing, corrections as versions, scope), public list and entry pages, open data."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEntry
from portal.institutions.columns import COST_COLUMNS, INSTITUTION_COLUMNS
from portal.institutions.importing import import_cost_file, import_register_file
from portal.institutions.models import CostReport, Institution, InstitutionImportRow
from portal.institutions.review import review_ends
from portal.institutions.services import held_cost_reports, public_cost_reports
from portal.text import ImportRejected
from portal.versioned_import import ImportChannel, Importer
from portal.workdays import as_utc
from tests.funds_helpers import csv_bytes

HEADER = [column.name for column in INSTITUTION_COLUMNS]
CLI = Importer(ImportChannel.CLI)


def entry(**values) -> dict:
    row = {"national_code": "H64032300001", "name_zh": "盐池县示例人民医院", "name_bo": "", "name_en": "Yanchi Sample Hospital",
           "type": "hospital", "level": "2a", "ownership": "public", "region_code": "640323",
           "address_zh": "盐池县示例路1号", "agreement_status": "active", "status_from": "2020-01-01",
           "status_until": "", "sample_data": "yes", "source_document": "示例名单", "data_as_of": "2025-12-31",
           "correction_reason": ""}
    row.update(values)
    return row


def _import(session, rows, importer=CLI, **options):
    return import_register_file(session, io.BytesIO(csv_bytes(rows, HEADER)), "register.csv", importer, **options)


def _errors(caught) -> set:
    return {(error.row, error.column) for error in caught.value.errors}


REGISTER = [
    entry(),
    entry(national_code="P64032300002", name_zh="盐池县示例大药房", name_en="Yanchi Sample Pharmacy", type="pharmacy",
          level="", ownership="private_forprofit"),
    entry(national_code="H64052100003", name_zh="中宁县示例诊所", name_en="", type="clinic", level="",
          region_code="640521", agreement_status="suspended", status_from="2025-03-01", status_until="2025-09-01"),
    entry(national_code="H54010000004", name_zh="拉萨市示例医院", name_bo="ལྷ་ས་དཔེ་གཞིའི་སྨན་ཁང", level="3a",
          name_en="Lhasa Sample Hospital",
          region_code="540100"),
]


def test_register_import_is_versioned_and_all_or_nothing(db_session):
    summary = _import(db_session, REGISTER)
    assert (summary.added, summary.corrected, summary.unchanged) == (4, 0, 0)
    assert _import(db_session, REGISTER).unchanged == 4  # re-importing changes nothing

    with pytest.raises(ImportRejected) as caught:
        _import(db_session, [entry(agreement_status="terminated", status_from="2025-06-01")])
    assert _errors(caught) == {(1, "correction_reason")}
    with pytest.raises(ImportRejected) as caught:
        _import(db_session, [entry(national_code="P64032300009"), entry(), entry(region_code="999999"),
                             entry(national_code="H64032300005", region_code="640521")])
    assert _errors(caught) == {(1, "type"), (3, "region_code"), (4, "region_code")}
    with pytest.raises(ImportRejected) as caught:
        _import(db_session, [entry(), entry(national_code="P64032300009", type="pharmacy", level=""), entry()])
    assert _errors(caught) == {(3, "national_code")}
    assert db_session.scalar(select(func.count()).select_from(InstitutionImportRow)) == 0

    summary = _import(db_session, [entry(agreement_status="terminated", status_from="2025-06-01")],
                      reason="协议已解除")
    assert (summary.corrected, summary.corrections[0].before) == (
        1, {"agreement_status": summary.corrections[0].record.agreement_status, "status_from":
            summary.corrections[0].record.status_from})
    versions = db_session.scalars(select(Institution).where(Institution.national_code == "H64032300001")
                                  .order_by(Institution.version)).all()
    assert [(v.version, v.agreement_status.value, v.superseded_at is None) for v in versions] == [
        (1, "active", False), (2, "terminated", True)]
    assert versions[1].correction_reason == "协议已解除"
    assert db_session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "institutions.import")) == 3


def test_staff_scope_limits_the_regions_an_import_may_touch(db_session):
    ningxia_only = Importer(ImportChannel.UPLOAD, scope_path="/640000/")
    with pytest.raises(ImportRejected) as caught:
        _import(db_session, REGISTER, ningxia_only)
    assert _errors(caught) == {(4, "region_code")}


@pytest.fixture
def register(db_session):
    _import(db_session, REGISTER)


@pytest.mark.parametrize("query, expected", [
    ("", {"H64032300001", "P64032300002", "H64052100003", "H54010000004"}),
    ("region=640300", {"H64032300001", "P64032300002"}),
    ("type=pharmacy", {"P64032300002"}),
    ("level=3a", {"H54010000004"}),
    ("agreement_status=suspended", {"H64052100003"}),
    ("q=示例大药房", {"P64032300002"}),
    ("q=YANCHI+sample", {"H64032300001", "P64032300002"}),
    ("q=ལྷ་ས", {"H54010000004"}),
    ("q=H640521", {"H64052100003"}),
])
def test_register_list_filters_and_search(client, register, query, expected):
    page = client.get(f"/zh/institutions?{query}").get_data(as_text=True)
    shown = {code for code in ("H64032300001", "P64032300002", "H64052100003", "H54010000004")
             if f"/zh/institutions/{code}" in page}
    assert shown == expected
    assert "<script" not in page and "sample-tag" in page


def test_register_pages_in_every_language_and_history(client, db_session, register):
    _import(db_session, [entry(name_zh="盐池县示例第一人民医院")], reason="更名")
    for lang in ("zh", "bo", "en"):
        page = client.get(f"/{lang}/institutions/H64032300001")
        assert page.status_code == 200 and "H64032300001" in page.get_data(as_text=True)
    page = client.get("/zh/institutions/H64032300001").get_data(as_text=True)
    assert "盐池县示例第一人民医院" in page and "更名" in page
    assert client.get("/zh/institutions/H00000000000").status_code == 404
    assert client.get("/zh/institutions?type=bank").status_code == 404


def test_register_open_data_pages_and_round_trip(client, db_session, register):
    first = client.get("/api/v1/institutions?limit=3").get_json()
    assert len(first["data"]) == 3 and first["sample_data_included"] is True
    rest = client.get(first["links"]["next"].replace("https://localhost", "")).get_json()
    codes = [row["national_code"] for row in first["data"] + rest["data"]]
    assert codes == sorted(codes) and len(codes) == 4 and rest["links"]["next"] is None
    assert client.get("/api/v1/institutions?type=bank").status_code == 400

    download = client.get("/api/v1/institutions.csv?region=640000")
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert [row["national_code"] for row in rows] == ["H64032300001", "H64052100003", "P64032300002"]
    # The download imports again unchanged.
    summary = import_register_file(db_session, io.BytesIO(download.data), "download.csv", CLI)
    assert (summary.added, summary.corrected, summary.unchanged) == (0, 0, 3)


def test_cli_imports_a_register_file(app, tmp_path, db_session):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(REGISTER, HEADER))
    result = app.test_cli_runner().invoke(args=["import", "institutions", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 new" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([entry(national_code="X1")], HEADER))
    result = app.test_cli_runner().invoke(args=["import", "institutions", str(bad), "--lang", "zh"])
    assert result.exit_code != 0 and "national_code" in result.output


COST_HEADER = [column.name for column in COST_COLUMNS]


def cost(**values) -> dict:
    row = {"national_code": "H64032300001", "period": "2024", "total_cost": "1000000.00", "outpatient_visits": "2000",
           "outpatient_cost_per_visit": "150.00", "admissions": "100", "inpatient_cost_per_admission": "6500.00",
           "share_drugs": "30.00", "share_consumables": "15.00", "share_tests": "20.00", "share_services": "30.00",
           "share_other": "5.00", "in_catalogue_drug_share": "85.00", "in_catalogue_procedure_share": "90.00",
           "fund_payment": "650000.00", "self_pay_share": "8.00", "sample_data": "yes", "source_document": "示例",
           "data_as_of": "2024-12-31", "correction_reason": "", "note_zh": "", "note_bo": "", "note_en": ""}
    row.update(values)
    return row


def _import_costs(session, rows, importer=CLI, **options):
    return import_cost_file(session, io.BytesIO(csv_bytes(rows, COST_HEADER)), "costs.csv", importer, **options)


def test_cost_figures_are_held_for_review_then_published_and_a_correction_waits_its_turn(db_session, register):
    summary = _import_costs(db_session, [cost(), cost(period="2023", total_cost="960000.00")])
    assert summary.added == 2
    imported = datetime.now(timezone.utc)
    assert public_cost_reports(db_session, "H64032300001", imported) == []
    assert held_cost_reports(db_session, "H64032300001", imported) == 2
    report = db_session.scalars(select(CostReport)).first()
    assert as_utc(report.review_ends_at) == review_ends(as_utc(report.published_at), 45)

    after_review = imported + timedelta(days=46)
    assert [r.period.code for r in public_cost_reports(db_session, "H64032300001", after_review)] == ["2024", "2023"]

    _import_costs(db_session, [cost(total_cost="1200000.00")], reason="审计调整", now=imported + timedelta(days=30))
    # During the correction's own review the public keeps seeing the figures that passed review.
    shown = public_cost_reports(db_session, "H64032300001", after_review)
    assert [(r.period.code, r.total_cost) for r in shown] == [("2024", Decimal("1000000.00")),
                                                                ("2023", Decimal("960000.00"))]
    later = imported + timedelta(days=30 + 46)
    assert public_cost_reports(db_session, "H64032300001", later)[0].total_cost == Decimal("1200000.00")


def test_cost_rows_need_a_registered_institution_in_scope_and_consistent_figures(db_session, register):
    with pytest.raises(ImportRejected) as caught:
        _import_costs(db_session, [cost(national_code="H64032399999"), cost(share_drugs="60.00"),
                                   cost(national_code="H54010000004")],
                      Importer(ImportChannel.UPLOAD, scope_path="/640000/"))
    assert _errors(caught) == {(1, "national_code"), (2, "share_drugs"), (3, "national_code")}
    assert db_session.scalar(select(func.count()).select_from(CostReport)) == 0


def test_institution_page_shows_only_reviewed_costs(client, db_session, register):
    _import_costs(db_session, [cost()], review_days=1)
    page = client.get("/en/institutions/H64032300001").get_data(as_text=True)
    assert "1 period of figures is in the institution" in page and 'id="cost-reports"' not in page


def test_institution_page_shows_reviewed_costs_in_every_language(client, db_session, register):
    _import_costs(db_session, [cost()], now=datetime.now(timezone.utc) - timedelta(days=60))
    for lang in ("zh", "bo", "en"):
        page = client.get(f"/{lang}/institutions/H64032300001").get_data(as_text=True)
        assert 'id="cost-reports"' in page and "650,000.00" in page and "30" in page


@pytest.fixture
def peers(db_session):
    """Six grade-2a hospitals in Ningxia with reviewed 2024 figures, drug shares 20..45."""
    rows = [entry(national_code=f"H6403230001{number}", name_zh=f"示例医院{number}", name_en=f"Sample {number}")
            for number in range(6)]
    _import(db_session, rows)
    shares = ["20.00", "25.00", "30.00", "35.00", "40.00", "45.00"]
    costs = [cost(national_code=row["national_code"], share_drugs=share,
                  share_services=str(Decimal("50.00") - Decimal(share) + Decimal("10.00")))
             for row, share in zip(rows, shares)]
    _import_costs(db_session, costs, now=datetime.now(timezone.utc) - timedelta(days=60))
    return rows


def test_institution_page_compares_with_peers_in_words_chart_and_table(client, peers):
    page = client.get("/en/institutions/H64032300015").get_data(as_text=True)
    assert "The drug share is above the upper quartile" in page and "5 other institutions" in page
    assert 'id="peer-figures"' in page and 'class="chart-figure"' in page
    lowest = client.get("/zh/institutions/H64032300010").get_data(as_text=True)
    assert 'id="peer-figures"' in lowest


def test_ranking_orders_peers_by_the_measure(client, peers):
    page = client.get("/en/institutions/ranking?measure=share_drugs&type=hospital&level=2a&region=640000&year=2024")
    html = page.get_data(as_text=True)
    order = [html.index(f"Sample {number}<") for number in range(6)]
    assert order == sorted(order, reverse=True)  # 45 % first
    assert "Median 32.5" in html
    assert client.get("/en/institutions/ranking?measure=beds").status_code == 404
    assert client.get("/en/institutions/ranking?region=640300").status_code == 404  # not a province


def test_cost_open_data_has_only_reviewed_figures_and_imports_again(client, db_session, peers):
    _import_costs(db_session, [cost(national_code="H64032300010", period="2025", data_as_of="2025-12-31")])
    data = client.get("/api/v1/costs?limit=4").get_json()
    assert len(data["data"]) == 4 and data["links"]["next"]
    rest = client.get(data["links"]["next"].replace("https://localhost", "")).get_json()
    periods = {(row["national_code"], row["period"]) for row in data["data"] + rest["data"]}
    assert len(periods) == 6 and ("H64032300010", "2025") not in periods  # still in review
    assert client.get("/api/v1/costs?national_code=H64032300012").get_json()["data"][0]["share_drugs"] == "30.00"
    download = client.get("/api/v1/costs.csv?type=hospital&year=2024")
    summary = import_cost_file(db_session, io.BytesIO(download.data), "download.csv", CLI)
    assert (summary.added, summary.corrected, summary.unchanged) == (0, 0, 6)


def test_ranking_pages_and_the_years_with_reviewed_figures(client, db_session, peers):
    from portal.institutions.services import latest_public_years, ranking
    from portal.regions.services import region_by_code
    from portal.institutions.kinds import InstitutionType

    now = datetime.now(timezone.utc)
    _import_costs(db_session, [cost(national_code="H64032300010", period="2023")], now=now - timedelta(days=400))
    _import_costs(db_session, [cost(national_code="H64032300010", period="2025", data_as_of="2025-12-31")])
    assert latest_public_years(db_session, now) == [2024, 2023]  # 2025 is still in review
    ningxia = region_by_code(db_session, "640000")
    first = ranking(db_session, InstitutionType.HOSPITAL, None, ningxia, 2024, "share_drugs", now, limit=4)
    rest = ranking(db_session, InstitutionType.HOSPITAL, None, ningxia, 2024, "share_drugs", now, offset=4, limit=4)
    assert [position for position, *_ in first.rows + rest.rows] == [1, 2, 3, 4, 5, 6]
    assert first.total == rest.total == 6 and first.stats.median == rest.stats.median == Decimal("32.5")
    assert [institution.national_code for _, institution, _ in first.rows][0] == "H64032300015"
    page = client.get("/en/institutions/ranking?measure=share_drugs&type=hospital&region=640000&year=2024&from=5")
    html = page.get_data(as_text=True)
    assert "Positions 5 to 6 of 6." in html and "Higher positions" in html and "Sample 1<" in html
    assert "Sample 5<" not in html
