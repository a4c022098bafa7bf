"""Fund charts in Debian's Chromium: drawn under the strict CSP in zh and bo, and the page still
carries every number with scripts off."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.funds.services import import_published_files
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.browser


@pytest.fixture
def fund_figures(live_app):
    with live_app.extensions["portal.db"].session() as session:
        import_published_files(session, PROJECT_ROOT / "disclosures" / "funds")


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_region_trend_chart_draws_with_zero_csp_violations(watched_page, artifacts, fund_figures, lang):
    page, watch = watched_page()
    response = page.goto(f"/{lang}/funds/640100?fund_type=resident")
    assert response.status == 200
    page.wait_for_selector("figure.chart.chart-drawn", timeout=15_000)
    # Seven annual periods: seven income bars, seven expenditure bars, one balance line.
    assert page.locator("figure.chart g.trace.bars").count() == 2
    assert page.locator("figure.chart g.trace.bars").first.locator(".point path").count() == 7
    assert page.locator("figure.chart g.trace.scatter path.js-line").count() == 1
    # Plotly's stylesheet came from our static file, not an injected <style>.
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert page.evaluate("document.getElementById('plotly.js-style-global').sheet.cssRules.length") > 50
    # The same periods as in the table beside it, in the page's language.
    ticks = page.eval_on_selector_all("figure.chart .xtick text", "els => els.map(e => e.textContent)")
    headers = page.locator("#fund-figures tbody tr td:first-child").all_inner_texts()
    assert ticks == headers and len(ticks) == 7
    if lang == "bo":
        assert page.evaluate("document.documentElement.lang") == "bo"
    page.screenshot(path=str(artifacts / f"funds-region-{lang}.png"), full_page=True)
    watch.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_comparison_chart_draws_one_bar_per_region(watched_page, artifacts, fund_figures, lang):
    page, watch = watched_page()
    page.goto(f"/{lang}/funds/compare?fund_type=resident&period=2025&level=city")
    page.wait_for_selector("figure.chart.chart-drawn", timeout=15_000)
    rows = page.locator("#fund-figures tbody tr").count()
    assert rows == 6  # four Ningxia cities, Lhasa and Ngari
    assert page.locator("figure.chart g.trace.bars .point path").count() == rows
    page.screenshot(path=str(artifacts / f"funds-compare-{lang}.png"), full_page=True)
    watch.assert_clean()


def test_fund_pages_work_with_javascript_off(new_context, fund_figures):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/zh/funds/640300?fund_type=critical_illness")
    # No chart, no empty box: the table has the real figures and their source.
    expect(page.locator("div.chart-canvas")).to_be_hidden()
    table = page.locator("#fund-figures")
    expect(table).to_contain_text("¥61,549,488.00")
    expect(table).to_contain_text("宁夏回族自治区医疗保障局简报（2021年3月）")
    # Filters are a plain GET form.
    page.select_option("#filter-fund_type", "resident")
    page.click("form.filters button[type=submit]")
    expect(page.locator("h2").first).to_contain_text("城乡居民基本医疗保险")
    expect(page.locator("p.sample-data")).to_be_visible()
