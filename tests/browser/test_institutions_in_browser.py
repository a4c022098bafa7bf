"""The peer comparison chart in Debian's Chromium under the strict CSP, and the register pages
with scripts off."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.test_institutions import _import, _import_costs, cost, entry

pytestmark = pytest.mark.browser


@pytest.fixture
def peers(live_app):
    with live_app.extensions["portal.db"].session() as session:
        rows = [entry(national_code=f"H6403230001{number}", name_zh=f"示例医院{number}", name_en=f"Sample {number}")
                for number in range(6)]
        _import(session, rows)
        _import_costs(session, [cost(national_code=row["national_code"], share_drugs=f"{20 + 5 * number}.00",
                                     share_services=str(Decimal("40.00") - 5 * number))
                                for number, row in enumerate(rows)],
                      now=datetime.now(timezone.utc) - timedelta(days=60))


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_peer_chart_draws_with_zero_csp_violations(watched_page, artifacts, peers, lang):
    page, watch = watched_page()
    assert page.goto(f"/{lang}/institutions/H64032300015").status == 200
    page.wait_for_selector("figure.chart.chart-drawn", timeout=15_000)
    # Four traces: range, middle half, median, the institution; five measures with peers.
    assert page.locator("figure.chart g.trace.scatter").count() == 4
    assert page.locator("#peer-figures tbody tr").count() == 7
    page.screenshot(path=str(artifacts / f"institution-peers-{lang}.png"), full_page=True)
    watch.assert_clean()


def test_register_and_ranking_work_with_javascript_off(new_context, peers):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/institutions")
    page.fill("#filter-q", "示例医院3")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#institutions tbody tr")).to_have_count(1)
    page.click("#institutions tbody a")
    expect(page.locator("h1")).to_contain_text("Sample 3")
    page.click("text=Ranking of these institutions")
    expect(page.locator("#ranking tbody tr").first).to_contain_text("Sample 5")


def test_purchase_prices_and_a_dispute_flag_show_with_javascript_off(new_context, live_app, peers):
    from sqlalchemy import select

    from portal.institutions.disputes import file_dispute
    from portal.institutions.models import CostReport
    from portal.staff.models import Role
    from portal.staff.services import create_user
    from tests.test_institution_disputes import _import_prices, price
    from tests.test_staff_auth import PASSWORD

    now = datetime.now(timezone.utc)
    with live_app.extensions["portal.db"].session() as session:
        _import_prices(session, [price(national_code="H64032300012"),
                                 price(national_code="H64032300012", item_name="医用外科口罩", item_code="",
                                       specification="", unit="个", unit_price="0.3500", centrally_procured="no")],
                       now=now - timedelta(days=60))
        account = create_user(session, username="sample.hospital", display_name="", password=PASSWORD,
                              roles={Role.INSTITUTION}, region_code="640323", institution_code="H64032300012")
        report = session.scalar(select(CostReport).where(CostReport.national_code == "H64032300012"))
        file_dispute(session, account, "cost", report.id, "药品占比含代煎中药费用，口径不同。", now - timedelta(days=55))
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/bo/institutions/H64032300012")
    expect(page.locator("#purchase-prices tbody tr")).to_have_count(2)
    expect(page.locator("#cost-reports .dispute-flag")).to_contain_text("药品占比含代煎中药费用")
    page.goto("/en/institutions/H64032300012")
    expect(page.locator("#cost-reports .dispute-flag")).to_contain_text("Disputed by the institution")
