"""Browser fixtures: the portal served by a real WSGI server, driven by Debian's Chromium.

The live server shares the session's migrated database with the `app` fixture of
tests/conftest.py. That fixture empties every table after each test, so the regions are
loaded again before each browser test (load_regions upserts by code) and the tables are
emptied afterwards, leaving the database as the other tests expect it.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal.regions.services import load_regions
from tests.conftest import PROJECT_ROOT, _empty_tables, make_test_app, skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"

# Runs before any page script in every frame. DevTools injects it, so the page's CSP does
# not apply to it; it records every violation the page reports.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


@pytest.fixture(scope="module")
def live_app(database_url, tmp_path_factory):
    application = make_test_app(database_url, tmp_path_factory.mktemp("live-instance"))
    yield application
    application.extensions["portal.db"].engine.dispose()


@pytest.fixture(scope="module")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(autouse=True)
def live_regions(live_app, database_url, region_rows):
    """Regions for the live server for one test, then empty tables as the `app` fixture leaves them."""
    with live_app.extensions["portal.db"].session() as session:
        load_regions(session, region_rows)
    yield
    # Idle pooled connections of the live server would hold no locks, but drop them anyway.
    live_app.extensions["portal.db"].engine.dispose()
    _empty_tables(database_url)


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver):
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not installed at {CHROMIUM}")
    chromium = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


class PageWatch:
    """What went wrong while a page loaded: CSP violations, failed or refused requests."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.csp_console: list[str] = []
        self.failed_requests: list[str] = []
        self.bad_responses: list[str] = []
        self.responses: list[tuple[str, int]] = []
        page.on("console", self._console)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _same_origin(self, url: str) -> bool:
        return url == self.base_url or url.startswith(self.base_url + "/")

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_console.append(message.text)

    def _request_failed(self, request) -> None:
        if self._same_origin(request.url):
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _response(self, response) -> None:
        if not self._same_origin(response.url):
            return
        self.responses.append((response.url, response.status))
        path = response.url[len(self.base_url):]
        if path.startswith("/static/") and response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def csp_events(self) -> list[dict]:
        return self.page.evaluate("window.__cspViolations || []")

    def assert_clean(self) -> None:
        assert self.csp_console == [], self.csp_console
        assert self.csp_events() == []
        assert self.failed_requests == []
        assert self.bad_responses == []


@pytest.fixture
def new_context(browser, live_server):
    """Factory for browser contexts (closed after the test) with the CSP recorder installed."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server, **options)
        context.add_init_script(CSP_RECORDER)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def watched_page(new_context, live_server):
    """A page in a fresh context, with a PageWatch recording its problems."""

    def make(**options):
        page = new_context(**options).new_page()
        return page, PageWatch(page, live_server)

    return make


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
