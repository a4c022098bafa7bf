"""Plotly's static assets under the strict CSP: the vendored bundle, its stylesheet, charts.js.

plotly.js injects its stylesheet as a <style> element at run time, which `style-src 'self'`
blocks. static/css/plotly.css holds the same rules; pages link it with id
"plotly.js-style-global" and class "no-inline-styles", which makes plotly.js skip the
injection. These tests keep that file equal to what the vendored bundle injects, so a version
bump that changes plotly's CSS fails here, and check that charts.js draws under the real CSP.

After bumping the bundle, regenerate the stylesheet with
    python -m tests.browser.test_plotly_assets

The pages here are served by Playwright routes: no live server or database is needed.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
STATIC = PROJECT_ROOT / "static"
BUNDLE = STATIC / "vendor" / "plotly" / "plotly-basic.min.js"
BUNDLE_README = STATIC / "vendor" / "plotly" / "README.md"
PLOTLY_CSS = STATIC / "css" / "plotly.css"
GLOBAL_STYLE_ID = "plotly.js-style-global"

ORIGIN = "http://portal.test"
BLANK_PAGE = "<!doctype html><html><head><meta charset=utf-8><title>blank</title></head><body></body></html>"
DRAW_BAR = """() => {
  const holder = document.createElement("div");
  document.body.append(holder);
  return Plotly.newPlot(holder, [{type: "bar", x: ["a", "b", "c"], y: [3, 1, 2]}], {}, {})
    .then(() => true);
}"""
STYLE_ELEMENTS = """() => [...document.querySelectorAll("style")].map((style) => ({
  id: style.id, rules: style.sheet ? [...style.sheet.cssRules].map((rule) => rule.cssText) : null,
}))"""
PARSE_CSS = """(css) => {
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
  return [...style.sheet.cssRules].map((rule) => rule.cssText);
}"""
# Counts rules in a constructed sheet, which a page's CSP does not block.
COUNT_RULES = """(css) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  return sheet.cssRules.length;
}"""
# Records plotly's insertRule calls with the rule text as plotly wrote it; plotly.css keeps
# that text rather than Chromium's serialisation, which drops prefixes other browsers use.
CAPTURE_INSERT_RULE = """() => {
  window.__insertRuleCalls = [];
  const insertRule = CSSStyleSheet.prototype.insertRule;
  CSSStyleSheet.prototype.insertRule = function (rule, index) {
    window.__insertRuleCalls.push({rule, index: index || 0, owner: this.ownerNode && this.ownerNode.id});
    return insertRule.call(this, rule, index);
  };
}"""


@pytest.fixture(autouse=True)
def live_regions():
    """Overrides the package's autouse fixture: these tests need no live server or database."""
    yield


def bundle_version() -> str:
    with BUNDLE.open("rb") as bundle:
        header = bundle.read(300).decode("ascii", "replace")
    match = re.search(r"plotly\.js \(basic - minified\) v(\S+)", header)
    assert match, f"no version in the header of {BUNDLE}: {header!r}"
    return match.group(1)


def figure_json(figure: dict) -> str:
    """JSON safe inside <script type="application/json"> (as Jinja's tojson escapes it)."""
    return json.dumps(figure).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def new_blank_page(browser):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.set_content(BLANK_PAGE)
    return context, page


def captured_plotly_rules(browser) -> list[str]:
    """The rules the bundle inserts into its global sheet on a blank page, as plotly writes
    them, in the order the sheet ends up with (plotly inserts each rule at index 0)."""
    context, page = new_blank_page(browser)
    try:
        page.evaluate(CAPTURE_INSERT_RULE)
        page.add_script_tag(path=str(BUNDLE))
        page.evaluate(DRAW_BAR)
        calls = page.evaluate("window.__insertRuleCalls")
    finally:
        context.close()
    sheet: list[str] = []
    for call in calls:
        assert call["owner"] == GLOBAL_STYLE_ID, call
        sheet.insert(call["index"], call["rule"])
    return sheet


def plotly_css_text(rules: list[str], version: str) -> str:
    header = f"""/*
 * Generated from plotly.js {version} (static/vendor/plotly/plotly-basic.min.js): the rules plotly.js
 * inserts at run time into <style id="{GLOBAL_STYLE_ID}">, captured from its insertRule calls
 * on a blank page in headless Chromium while it draws a bar chart, in the order of the sheet it
 * builds. Pages link this file as
 *   <link rel="stylesheet" id="{GLOBAL_STYLE_ID}" class="no-inline-styles" href="/static/css/plotly.css">
 * so plotly.js skips that injection, which the CSP (style-src 'self') would block.
 * Do not edit: regenerate with `python -m tests.browser.test_plotly_assets` after a bump.
 */
"""
    return header + "\n".join(rules) + "\n"


# --- the vendored files -------------------------------------------------------------------


def test_bundle_is_the_plotly_js_version_of_plotly_py():
    from plotly.offline import get_plotlyjs_version

    assert bundle_version() == get_plotlyjs_version()
    assert f"plotly.js {bundle_version()} " in PLOTLY_CSS.read_text(encoding="utf-8")


def test_bundle_sha256_matches_its_readme():
    match = re.search(r"sha256[^\n]*?\b([0-9a-f]{64})\b", BUNDLE_README.read_text(encoding="utf-8"))
    assert match, f"no sha256 in {BUNDLE_README}"
    assert hashlib.sha256(BUNDLE.read_bytes()).hexdigest() == match.group(1)


# --- in the browser -----------------------------------------------------------------------


@pytest.mark.browser
def test_plotly_css_holds_exactly_the_rules_plotly_injects(browser):
    context, page = new_blank_page(browser)
    try:
        page.add_script_tag(path=str(BUNDLE))
        assert page.evaluate(DRAW_BAR)
        injected = page.evaluate(STYLE_ELEMENTS)
        page.set_content(BLANK_PAGE)
        ours = page.evaluate(PARSE_CSS, PLOTLY_CSS.read_text(encoding="utf-8"))
    finally:
        context.close()

    # Only the global sheet: a new one (the map bundles' hash-named sheet, say) needs a file too.
    assert [style["id"] for style in injected] == [GLOBAL_STYLE_ID]
    theirs = injected[0]["rules"]
    assert theirs, "plotly injected an empty sheet"
    assert set(theirs) - set(ours) == set(), "rules plotly injects that plotly.css lacks"
    assert set(ours) - set(theirs) == set(), "rules in plotly.css that plotly does not inject"
    assert ours == theirs, "same rules, different order"


class StaticSite:
    """Serves pages under ORIGIN with the portal's CSP, and static/ from the working tree."""

    def __init__(self, browser):
        from portal.security import CONTENT_SECURITY_POLICY
        from tests.browser.conftest import CSP_RECORDER

        self.csp = CONTENT_SECURITY_POLICY
        self.pages: dict[str, str] = {}
        self.context = browser.new_context()
        self.context.set_default_timeout(10_000)
        self.context.add_init_script(CSP_RECORDER)
        self.context.route(f"{ORIGIN}/**", self._serve)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def _serve(self, route) -> None:
        path = route.request.url[len(ORIGIN):].split("?")[0]
        if path in self.pages:
            route.fulfill(
                status=200,
                headers={"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": self.csp},
                body=self.pages[path],
            )
        elif path.startswith("/static/") and (STATIC / path[len("/static/"):]).is_file():
            route.fulfill(path=str(STATIC / path[len("/static/"):]))
        else:
            route.fulfill(status=404, body="not found")

    def open(self, html: str):
        self.pages["/"] = html
        self.page.goto(f"{ORIGIN}/")
        return self.page

    def csp_violations(self) -> list[dict]:
        return self.page.evaluate("window.__cspViolations")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def site(browser):
    static_site = StaticSite(browser)
    yield static_site
    static_site.close()


def chart_page(figures: list[dict], *, locale: dict | None = None, with_plotly: bool = True) -> str:
    """A page as the portal's templates must write it."""
    plotly_tags = (
        f'<link rel="stylesheet" id="{GLOBAL_STYLE_ID}" class="no-inline-styles" href="/static/css/plotly.css">\n'
        '<script src="/static/vendor/plotly/plotly-basic.min.js" defer></script>\n'
        if with_plotly
        else ""
    )
    locale_block = (
        f'<script type="application/json" id="plotly-locale">{figure_json(locale)}</script>\n' if locale else ""
    )
    blocks = "\n".join(
        '<figure class="chart"><div class="chart-canvas"></div>'
        f'<script type="application/json" class="chart-figure">{figure_json(figure)}</script>'
        f"<figcaption>Chart {number}</figcaption></figure>"
        for number, figure in enumerate(figures, 1)
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>charts</title>\n'
        f"{plotly_tags}"
        '<script src="/static/js/charts.js" defer></script>\n'
        f"</head><body>\n{locale_block}{blocks}\n</body></html>"
    )


BAR = {
    "data": [{"type": "bar", "x": ["A", "B", "C"], "y": [3, 1, 2], "name": "</script> & more"}],
    "layout": {"title": {"text": "Bars"}},
}
SCATTER = {"data": [{"type": "scatter", "x": [1, 2, 3], "y": [2, 3, 1]}], "layout": {}}


@pytest.mark.browser
def test_charts_js_draws_under_the_csp_without_injecting_a_style(site):
    with_modebar = dict(SCATTER, config={"displayModeBar": True})
    page = site.open(chart_page([BAR, SCATTER, with_modebar]))
    page.wait_for_function("document.querySelectorAll('figure.chart.chart-drawn').length === 3")

    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert page.locator("figure.chart").nth(0).locator(".chart-canvas svg.main-svg g.trace.bars .point path").count() == 3
    assert page.locator("figure.chart").nth(1).locator("g.trace.scatter").count() == 1
    # Config defaults, with the figure's own config merged over them.
    assert page.locator("figure.chart").nth(0).locator(".modebar").count() == 0
    assert page.locator("figure.chart").nth(2).locator(".modebar").count() == 1
    assert page.locator("figure.chart").nth(2).locator(".modebar-btn--logo").count() == 0
    # plotly.css arrived and applies (a rule of plotly's global sheet).
    position = page.eval_on_selector("figure.chart .main-svg", "svg => getComputedStyle(svg).position")
    assert position == "absolute"
    # With the class on the guard plotly leaves the linked sheet alone (without it, plotly
    # would insertRule its rules into that sheet).
    linked_rules = page.evaluate(
        "document.getElementById('plotly.js-style-global').sheet.cssRules.length"
    )
    assert linked_rules == page.evaluate(COUNT_RULES, PLOTLY_CSS.read_text(encoding="utf-8"))
    # Hover: the modebar's hover styles and a hover label are drawn without a violation.
    page.locator("figure.chart").nth(2).locator(".chart-canvas").hover()
    page.locator("figure.chart").nth(0).locator(".point path").nth(0).hover(force=True)  # plotly listens on its drag layer
    page.locator("figure.chart").nth(0).locator("g.hovertext").wait_for()
    assert site.csp_violations() == []
    assert site.errors == []


@pytest.mark.browser
def test_charts_js_registers_the_page_locale_for_every_chart(site):
    locale = {
        "name": "xx-test",
        "dictionary": {"Autoscale": "Autoscale (xx)"},
        "format": {"decimal": ",", "thousands": "."},
    }
    halves = {"data": [{"type": "bar", "x": ["A", "B"], "y": [0.5, 2.5]}], "layout": {}}
    page = site.open(chart_page([halves, halves], locale=locale))
    page.wait_for_function("document.querySelectorAll('figure.chart.chart-drawn').length === 2")

    assert page.evaluate(
        "[...document.querySelectorAll('.chart-canvas')].map(gd => gd._context.locale)"
    ) == ["xx-test", "xx-test"]
    ticks = page.locator("figure.chart").nth(1).locator("g.ytick text").all_text_contents()
    assert "0,5" in ticks, ticks
    assert site.csp_violations() == []
    assert site.errors == []


@pytest.mark.browser
def test_charts_js_does_nothing_without_plotly(site):
    page = site.open(chart_page([BAR], with_plotly=False))
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert page.locator("figure.chart-drawn, svg, style").count() == 0
    assert site.csp_violations() == []
    assert site.errors == []


def main() -> None:
    """Regenerate static/css/plotly.css from the vendored bundle."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            rules = captured_plotly_rules(chromium)
        finally:
            chromium.close()
    PLOTLY_CSS.write_text(plotly_css_text(rules, bundle_version()), encoding="utf-8")
    print(f"wrote {PLOTLY_CSS}: {len(rules)} rules from plotly.js {bundle_version()}")


if __name__ == "__main__":
    main()
