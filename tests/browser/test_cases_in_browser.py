"""Typical cases in Debian's Chromium: statistics charts drawn under the strict CSP, and the list,
filters, search and case pages working with scripts off."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.cases.inspections import import_inspection_files
from portal.cases.services import load_sample_cases
from portal.cases.synthetic import synthetic_cases
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.browser


@pytest.fixture
def sample_cases(live_app):
    with live_app.extensions["portal.db"].session() as session:
        load_sample_cases(session, synthetic_cases())
        import_inspection_files(session, PROJECT_ROOT / "disclosures" / "inspections")
        session.commit()


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_statistics_charts_draw_beside_their_tables(watched_page, artifacts, sample_cases, lang):
    page, watch = watched_page()
    assert page.goto(f"/{lang}/cases/statistics").status == 200
    page.wait_for_selector("figure.chart.chart-drawn", timeout=15_000)
    years = page.locator("#cases-by-year tbody tr").count()
    assert page.locator("figure.chart").first.locator("g.trace.bars").count() == 2
    assert page.locator("figure.chart").first.locator("g.trace.bars").first.locator(".point path").count() == years
    categories = page.locator("#cases-by-category tbody tr").count()
    assert categories == 20  # the sample covers every violation category
    assert page.locator("figure.chart").nth(1).locator("g.trace.bars .point path").count() == categories
    page.screenshot(path=str(artifacts / f"cases-statistics-{lang}.png"), full_page=True)
    watch.assert_clean()


def test_case_list_filters_and_search_work_with_javascript_off(new_context, sample_cases):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/zh/cases")
    expect(page.locator("p.sample-data")).to_be_visible()
    page.select_option("#filter-institution_type", "pharmacy")
    page.click("form.filters button[type=submit]")
    titles = page.locator("ol.case-list h2 a").all_inner_texts()
    assert titles and all("药" in title for title in titles)
    wanted = titles[-1]
    page.fill("#filter-q", wanted)
    page.select_option("#filter-institution_type", "")
    page.click("form.filters button[type=submit]")
    assert page.locator("ol.case-list h2 a").all_inner_texts() == [wanted]
    first = page.locator("ol.case-list h2 a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(title)
    expect(page.locator("p.citation")).to_contain_text("/zh/cases/")
