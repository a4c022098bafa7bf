"""The portal in a real browser: languages, CSP, Tibetan shaping, no-JS use, phone layout."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HTML_LANG = {"zh": "zh-Hans", "bo": "bo", "en": "en"}
H1_TEXT = {
    "zh": "医保基金监管公开平台",
    "bo": "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལྟ་རྟོག་དོ་དམ་དྲ་ཚིགས",
    "en": "Medical Insurance Fund Supervision Portal",
}


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.parametrize("lang", ["zh", "bo", "en"])
def test_home_renders_without_csp_violations_or_failed_requests(watched_page, artifacts, lang):
    page, watch = watched_page()
    response = page.goto(f"/{lang}/")
    assert response.status == 200
    page.evaluate("document.fonts.ready.then(() => true)")

    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[lang])
    heading = page.locator("h1")
    expect(heading).to_be_visible()
    expect(heading).to_have_text(H1_TEXT[lang])

    # The stylesheet really arrived, and was applied (the header is the accent blue).
    statuses = {path_of(url).split("?")[0]: status for url, status in watch.responses}
    assert statuses.get("/static/css/portal.css") == 200
    header_background = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
    assert header_background == "rgb(11, 79, 138)"

    page.screenshot(path=str(artifacts / f"home-{lang}.png"), full_page=True)
    watch.assert_clean()


def test_csp_recorder_sees_a_violation(watched_page):
    """Guard for the test above: an inline style attribute must be reported by both channels."""
    page, watch = watched_page()
    page.goto("/en/")
    page.evaluate(
        """() => {
            const holder = document.createElement("div");
            holder.innerHTML = '<span style="color: red">inline</span>';
            document.body.append(holder);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert watch.csp_events()[0]["directive"].startswith("style-src")
    for _ in range(40):  # console messages arrive asynchronously
        if watch.csp_console:
            break
        page.wait_for_timeout(50)
    assert any("style-src" in text for text in watch.csp_console), watch.csp_console


def test_tibetan_is_shaped_with_the_bundled_webfont(watched_page):
    page, watch = watched_page()
    page.goto("/bo/")
    page.evaluate("document.fonts.ready.then(() => true)")

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]
    h1 = cdp.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": "h1"})["nodeId"]
    assert h1, "no h1 on /bo/"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]
    cdp.detach()
    tibetan = [f for f in fonts if f["familyName"] == "Noto Serif Tibetan" and f["isCustomFont"]]
    assert tibetan, f"h1 not rendered with the webfont: {fonts}"
    # Every glyph of the heading but the odd space comes from the webfont.
    assert tibetan[0]["glyphCount"] >= 0.9 * sum(f["glyphCount"] for f in fonts), fonts

    served = {path_of(url).split("?")[0] for url, status in watch.responses if status == 200}
    assert "/static/fonts/NotoSerifTibetan-700.woff2" in served

    # ཧ + ཱ + ུ + ྃ stack on one base letter; unshaped they would sit side by side
    # (or show as dotted circles / boxes), several times the width of ཧ alone.
    widths = page.evaluate(
        """async () => {
            await document.fonts.load('48px "Noto Serif Tibetan"', "ཧཱུྃ");
            const measure = (text) => {
                const span = document.createElement("span");
                span.textContent = text;
                span.lang = "bo";
                Object.assign(span.style, {
                    position: "absolute", left: "0", top: "0", whiteSpace: "nowrap",
                    fontFamily: '"Noto Serif Tibetan"', fontSize: "48px", fontWeight: "400",
                });
                document.body.append(span);
                const width = span.getBoundingClientRect().width;
                span.remove();
                return width;
            };
            return {stacked: measure("ཧཱུྃ"), base: measure("ཧ")};
        }"""
    )
    assert widths["base"] > 10, widths
    assert widths["stacked"] < 1.5 * widths["base"], widths
    watch.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chinese_and_english_pages_fetch_only_the_small_tibetan_label_font(watched_page, lang):
    page, watch = watched_page()
    page.goto(f"/{lang}/")
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = {path_of(url).split("?")[0] for url, _ in watch.responses if "/static/fonts/" in url}
    assert fonts == {"/static/fonts/NotoSerifTibetan-label.woff2"}
    watch.assert_clean()


def test_language_switcher_works_without_javascript(watched_page, live_server):
    page, watch = watched_page(java_script_enabled=False)
    page.goto("/en/")
    page.get_by_role("navigation").get_by_role("link", name="བོད་ཡིག").click()
    expect(page).to_have_url(f"{live_server}/bo/")
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    expect(page.locator("h1")).to_have_text(H1_TEXT["bo"])
    # Let the Tibetan webfonts arrive: leaving the page earlier aborts them (ERR_ABORTED), which
    # the watch would count as a failed request on a busy machine.
    page.wait_for_load_state("networkidle")

    page.goto("/en/regions")
    expect(page.locator("h2", has_text="Ningxia")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="中文").click()
    expect(page).to_have_url(f"{live_server}/zh/regions")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h2", has_text="宁夏回族自治区")).to_be_visible()
    assert watch.csp_console == [] and watch.failed_requests == [] and watch.bad_responses == []


@pytest.mark.parametrize("lang", ["bo", "zh"])
def test_phone_layout_has_no_horizontal_scroll_and_a_working_skip_link(watched_page, lang):
    page, watch = watched_page(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page.goto(f"/{lang}/")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    skip = page.locator("a.skip-link")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/#main$"))
    assert page.evaluate("document.activeElement.id") == "main"
    expect(skip).not_to_be_in_viewport()
    watch.assert_clean()


@pytest.mark.parametrize(
    "options, landing",
    [
        ({"locale": "bo-CN"}, "/bo/"),
        ({"extra_http_headers": {"Accept-Language": "bo-CN,bo;q=0.9"}}, "/bo/"),
        ({"locale": "en-GB"}, "/en/"),
    ],
    ids=["locale-bo-CN", "header-bo-CN", "locale-en-GB"],
)
def test_root_redirects_by_accept_language(watched_page, options, landing):
    page, watch = watched_page(**options)
    response = page.goto("/")
    assert path_of(page.url) == landing
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.url.endswith("/")
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[landing.strip("/")])
    watch.assert_clean()
