"""Fund pages, downloads, the API and the staff upload show exactly what was imported."""
import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEntry
from portal.funds.export import EXPORT_COLUMNS
from portal.funds.figures import COLUMNS
from portal.funds.importing import import_fund_file
from portal.funds.models import FundFigure
from portal.funds.services import import_published_files
from portal.staff.models import Role
from tests.funds_helpers import CLI, csv_bytes, fund_row, import_csv, xlsx_bytes
from tests.reports_helpers import token_from
from tests.test_staff_auth import _signed_in_officer

PROJECT = Path(__file__).resolve().parents[1]


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def published(db_session):
    import_csv(db_session, [
        fund_row(region_code="640300", period="2023", income="1000000.00", expenditure="900000.00",
                 cumulative_balance="450000.00", sample_data="no", source_document="Wuzhong bulletin 2024"),
        fund_row(region_code="640300", period="2024", income="1200000.50", expenditure="1100000.25",
                 cumulative_balance="550000.75"),
        fund_row(region_code="640500", period="2024", income="800000.00", expenditure="790000.00",
                 cumulative_balance="65000.00"),
        fund_row(region_code="640300", fund_type="maternity", period="2024-Q1", income="10.00",
                 expenditure="5.00"),
    ])


def test_overview_lists_a_years_figures_with_money_formats_in_each_language(client, published):
    english = _text(client.get("/en/funds?year=2024"))
    assert "¥1,200,000.50" in english and "¥1,100,000.25" in english and "¥550,000.75" in english
    assert "Wuzhong" in english and "Zhongwei" in english
    assert "Sample data" in english  # 2024 rows are sample data
    chinese = _text(client.get("/zh/funds?year=2024"))
    assert "¥1,200,000.50" in chinese and "吴忠市" in chinese and "城乡居民基本医疗保险" in chinese
    tibetan = _text(client.get("/bo/funds?year=2024"))
    assert "¥\xa01,200,000.50" in tibetan and "ཝུའུ་ཀྲུང་གྲོང་ཁྱེར" in tibetan
    older = _text(client.get("/en/funds?year=2023"))
    assert "Wuzhong bulletin 2024" in older and "¥1,000,000.00" in older
    assert 'class="sample-data"' not in older  # only real rows: no sample notice


def test_region_page_has_trend_chart_data_and_the_same_numbers_in_its_table(client, published):
    page = _text(client.get("/en/funds/640300?fund_type=resident"))
    spec = json.loads(re.search(r'class="chart-figure">(.*?)</script>', page, re.S).group(1))
    income, expenditure, balance = spec["data"]
    assert income["type"] == "bar" and balance["type"] == "scatter"
    assert income["y"] == [100.0, 120.0] and balance["y"] == [45.0, 55.0]  # ten thousand yuan
    assert "¥1,000,000.00" in page and "¥1,200,000.50" in page
    # Months covered: 550,000.75 / (1,100,000.25 / 12) = 6.0; 450,000 / 75,000 = 6.0
    assert page.count(">6<") + page.count(">6.0<") >= 1
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in page
    assert 'id="plotly-locale"' in page
    assert 'href="#fund-figures"' in page and 'id="fund-figures"' in page


def test_region_page_links_downloads_of_exactly_its_table(client, published):
    page = _text(client.get("/en/funds/640300?fund_type=resident&period_kind=year"))
    link = re.search(r'href="(/api/v1/funds\.csv\?[^"]+)"', page).group(1).replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO(_text(client.get(link)).lstrip("\ufeff"))))
    assert [(row["period"], row["income"]) for row in rows] == [("2023", "1000000.00"), ("2024", "1200000.50")]


def test_quarter_and_month_series_and_unknown_values(client, published):
    page = _text(client.get("/en/funds/640300?fund_type=maternity&period_kind=quarter"))
    assert "2024 Q1" in page and "¥10.00" in page
    assert client.get("/en/funds/640300?fund_type=pension").status_code == 404
    assert client.get("/en/funds/999999").status_code == 404
    assert client.get("/en/funds/640300/resident/2024-Q9").status_code == 404
    empty = _text(client.get("/en/funds/640521"))
    assert "pooled at city or province level" in empty


def test_compare_ranks_regions_for_one_period(client, published):
    page = _text(client.get("/en/funds/compare?fund_type=resident&period=2024&measure=months_covered"))
    spec = json.loads(re.search(r'class="chart-figure">(.*?)</script>', page, re.S).group(1))
    bars = spec["data"][0]
    assert bars["orientation"] == "h"
    assert dict(zip(bars["y"], bars["x"])) == {"Wuzhong": 6.0, "Zhongwei": 1.0}
    assert "¥790,000.00" in page
    cities = _text(client.get("/en/funds/compare?fund_type=resident&period=2024&level=county"))
    assert "No figures have been published for this selection" in cities


def test_a_correction_shows_a_notice_and_keeps_the_history(client, db_session, published):
    import_csv(db_session, [fund_row(region_code="640300", period="2023", income="1000100.00",
                                     expenditure="900000.00", cumulative_balance="450000.00",
                                     sample_data="no", source_document="Wuzhong bulletin 2024")],
               reason="The audited accounts added 100 yuan of interest")
    region = _text(client.get("/en/funds/640300?fund_type=resident"))
    assert "Corrections" in region and "The audited accounts added 100 yuan of interest" in region
    history = _text(client.get("/en/funds/640300/resident/2023"))
    assert "Version 2" in history and "Version 1" in history and "Replaced on" in history
    assert "¥1,000,100.00" in history and "¥1,000,000.00" in history
    versions = json.loads(_text(client.get("/api/v1/funds/640300/resident/2023/versions")))["data"]
    assert [(v["version"], v["income"], v["superseded_at"] is None) for v in versions] == [
        (2, "1000100.00", True), (1, "1000000.00", False)]
    assert versions[0]["correction_reason"] == "The audited accounts added 100 yuan of interest"


def test_json_api_pages_with_a_cursor_and_keeps_amounts_exact(client, published):
    first = json.loads(_text(client.get("/api/v1/funds?limit=3")))
    assert len(first["data"]) == 3 and first["links"]["next"]
    second = json.loads(_text(client.get(first["links"]["next"].replace("http://localhost", ""))))
    assert len(second["data"]) == 1 and second["links"]["next"] is None
    everything = first["data"] + second["data"]
    assert {row["income"] for row in everything} == {"1000000.00", "1200000.50", "800000.00", "10.00"}
    assert first["sample_data_included"] is True
    wuzhong = json.loads(_text(client.get("/api/v1/funds?region=640000&include_subregions=yes&year=2024"
                                          "&period_kind=year")))
    assert {row["region_code"] for row in wuzhong["data"]} == {"640300", "640500"}


@pytest.mark.parametrize("query, parameter", [
    ("fund_type=pension", "fund_type"), ("period=2024-13", "period"), ("region=999999", "region"),
    ("limit=0", "limit"), ("limit=5000", "limit"), ("year=abc", "year"), ("include_subregions=maybe",
                                                                           "include_subregions"),
])
def test_api_rejects_bad_parameters_with_json(client, query, parameter):
    response = client.get(f"/api/v1/funds?{query}")
    assert response.status_code == 400 and response.json["error"]["parameter"] == parameter


def test_a_csv_download_can_be_imported_again_unchanged(client, db_session, published):
    download = client.get("/api/v1/funds.csv")
    assert download.headers["Content-Type"].startswith("text/csv")
    assert "public" in download.headers["Cache-Control"] and "Set-Cookie" not in download.headers
    content = download.get_data()
    header = content.decode("utf-8-sig").splitlines()[0].split(",")
    assert tuple(header) == EXPORT_COLUMNS
    summary = import_fund_file(db_session, io.BytesIO(content), "download.csv", CLI)
    assert (summary.added, summary.corrected, summary.unchanged) == (0, 0, 4)


def test_public_fund_pages_and_api_are_cacheable_and_cookie_free(client, published):
    for url in ("/en/funds", "/zh/funds/640300", "/bo/funds/compare", "/api/v1/funds", "/en/open-data",
                "/api/v1/openapi.json"):
        response = client.get(url)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, url
        assert "public" in response.headers["Cache-Control"] and response.headers["ETag"], url
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_openapi_document_is_valid_and_documents_every_api_route(app, client):
    from openapi_spec_validator import validate

    document = json.loads(_text(client.get("/api/v1/openapi.json")))
    validate(document)
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/")}
    documented = {re.sub(r"\{period_code\}", "{period}", path) for path in document["paths"]}
    routes = {re.sub(r"\{period_code\}", "{period}", route) for route in routes}
    assert routes == documented


def test_schema_document_and_machine_schema_list_every_column(client):
    document = (PROJECT / "disclosures" / "funds.schema.md").read_text(encoding="utf-8")
    machine = json.loads(_text(client.get("/api/v1/schemas/funds.json")))
    for column in COLUMNS:
        assert f"`{column.name}`" in document, column.name
    assert [field["name"] for field in machine["fields"]] == [column.name for column in COLUMNS]
    page = _text(client.get("/zh/open-data"))
    assert "correction_reason" in page and "开放数据" in page


def test_published_files_in_the_repository_import_cleanly(db_session, client):
    summaries = import_published_files(db_session, PROJECT / "disclosures" / "funds")
    assert sum(summary.added for summary in summaries) > 1000
    page = _text(client.get("/zh/funds/640323?fund_type=resident"))
    assert "宁夏回族自治区医疗保障局简报（2021年3月）" in page and "¥16,490,000.00" in page
    assert "8460万元" in page
    critical = _text(client.get("/en/funds/640300?fund_type=critical_illness"))
    assert "¥61,549,488.00" in critical and "73.64%" in critical
    again = import_published_files(db_session, PROJECT / "disclosures" / "funds")
    assert sum(summary.added + summary.corrected for summary in again) == 0


# --- staff upload ---------------------------------------------------------------------------

def _upload(client, content: bytes, filename: str, action: str = "publish", reason: str = ""):
    page = client.get("/staff/en/funds/import").get_data(as_text=True)
    return client.post("/staff/en/funds/import", content_type="multipart/form-data", data={
        "csrf_token": token_from(page), "reason": reason, action: "1",
        "data_file": (io.BytesIO(content), filename)})


def test_only_editors_reach_the_upload_page(app, db_session):
    officer = _signed_in_officer(app, db_session, "case.officer", "640300")
    assert officer.get("/staff/en/funds/import").status_code == 403
    assert app.test_client().get("/staff/en/funds/import").status_code == 302


def test_an_editor_sees_their_tools_not_the_report_queue(app, db_session):
    editor = _signed_in_officer(app, db_session, "wu.editor", "640300", roles={Role.EDITOR})
    page = _text(editor.get("/staff/en/"))
    assert "Publish fund figures" in page and "Editor" in page
    assert "Reports in your region" not in page and "Overdue" not in page


def test_editor_checks_then_publishes_and_the_import_is_audited(app, db_session):
    editor = _signed_in_officer(app, db_session, "wu.editor", "640300", roles={Role.EDITOR})
    content = xlsx_bytes([fund_row(), fund_row(period="2023")])
    checked = _upload(editor, content, "wuzhong.xlsx", action="check")
    assert checked.status_code == 200 and "Check passed: nothing was stored yet" in checked.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(FundFigure)) == 0
    published = _upload(editor, content, "wuzhong.xlsx")
    assert published.status_code == 200 and "New figures: 2" in published.get_data(as_text=True)
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "funds.import"))
    assert entry.actor_label == "wu.editor" and json.loads(entry.details)["added"] == 2


def test_a_rejected_upload_lists_row_errors_in_the_users_language_and_stores_nothing(app, db_session):
    editor = _signed_in_officer(app, db_session, "wu.editor", "640300", roles={Role.EDITOR})
    content = csv_bytes([fund_row(), fund_row(period="2023", income="1,000"), fund_row(region_code="640100")])
    page = editor.get("/staff/zh/funds/import").get_data(as_text=True)
    response = editor.post("/staff/zh/funds/import", content_type="multipart/form-data", data={
        "csrf_token": token_from(page), "publish": "1", "data_file": (io.BytesIO(content), "f.csv")})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "不是以元为单位的金额" in text and "超出您的地区" in text
    assert re.search(r">\s*2\s*</td><td><code>income</code>", text)
    assert db_session.scalar(select(func.count()).select_from(FundFigure)) == 0


def test_wrong_file_type_and_oversized_upload_are_refused(app, db_session):
    app.config["FUND_UPLOAD_MAX_BYTES"] = 10_000
    editor = _signed_in_officer(app, db_session, "wu.editor", "640300", roles={Role.EDITOR})
    wrong = _upload(editor, b"%PDF-1.7", "figures.pdf")
    assert wrong.status_code == 400 and "Only CSV and XLSX files can be imported" in wrong.get_data(as_text=True)
    huge = _upload(editor, csv_bytes([fund_row(period=f"{1991 + n // 12}-{n % 12 + 1:02d}")
                                      for n in range(200)]), "huge.csv")
    assert huge.status_code == 413
    assert db_session.scalar(select(func.count()).select_from(FundFigure)) == 0


def test_cli_import_publishes_and_reports_errors_in_the_chosen_language(app, db_session, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([fund_row()]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([fund_row(income="1,000")]))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["import", "funds", "--dry-run", str(good)])
    assert dry.exit_code == 0 and "1 new" in dry.output and "nothing was stored" in dry.output
    assert db_session.scalar(select(func.count()).select_from(FundFigure)) == 0
    done = runner.invoke(args=["import", "funds", str(good)])
    assert done.exit_code == 0 and "Published good.csv: 1 new" in done.output
    refused = runner.invoke(args=["import", "funds", "--lang", "zh", str(bad)])
    assert refused.exit_code == 1 and "第 1 行" in refused.output and "income" in refused.output
    assert db_session.scalar(select(func.count()).select_from(FundFigure)) == 1
    assert Decimal("1000.00") == db_session.scalar(select(FundFigure.income))


def test_regions_api_gives_the_tree_with_parent_codes(client):
    regions = {row["code"]: row for row in json.loads(_text(client.get("/api/v1/regions")))["data"]}
    assert regions["640000"]["parent_code"] is None and regions["640323"]["parent_code"] == "640300"
    assert regions["542522"]["name"]["zh"] == "札达县" and regions["640300"]["level"] == "city"
    under = json.loads(_text(client.get("/api/v1/regions?under=640300")))["data"]
    assert [row["code"] for row in under] == ["640300", "640323", "640381"]
    assert client.get("/api/v1/regions?under=999999").status_code == 400


def test_streamed_csv_downloads_give_their_database_connection_back(app, client, db_session, published):
    """Flask closes the request's session before the body streams; the download must read with
    a session of its own that is closed when the stream ends, or every download would leave a
    pooled connection idle in a transaction (on PostgreSQL, blocking schema changes)."""
    pool = app.extensions["portal.db"].engine.pool
    db_session.close()
    before = pool.checkedout()
    for url in ("/api/v1/funds.csv", "/api/v1/cases.csv", "/api/v1/institutions.csv", "/api/v1/costs.csv"):
        response = client.get(url)
        assert response.status_code == 200 and response.data.startswith("\ufeff".encode())
        assert pool.checkedout() == before, url
