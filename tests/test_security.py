"""The security baseline of DESIGN.md section 7, checked on real responses."""
import logging
import re

import pytest
import redis
from flask import request, session

from tests.conftest import make_test_app

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _assert_baseline(response):
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert re.fullmatch(r"max-age=(\d+); includeSubDomains", response.headers["Strict-Transport-Security"])
    assert int(response.headers["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 31536000


@pytest.mark.parametrize("path", ["/", "/zh/", "/bo/regions", "/en/translation-status", "/healthz",
                                  "/en/no-such-page", "/static/css/portal.css", "/zh/cases",
                                  "/bo/cases/statistics", "/en/cases/feed.atom", "/api/v1/cases",
                                  "/staff/en/cases"])
def test_every_response_carries_the_baseline(client, path):
    _assert_baseline(client.get(path))


def test_error_and_post_responses_carry_the_baseline(client):
    _assert_baseline(client.post("/en/"))  # 405
    _assert_baseline(client.get("/xx/"))


def test_templates_have_no_inline_script_or_style():
    from pathlib import Path

    for template in Path(__file__).resolve().parent.parent.joinpath("portal").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", text), template
        assert "style=" not in text and "<style" not in text, template
        assert not re.search(r"\son[a-z]+=", text), template


def test_public_pages_are_cacheable_and_cookie_free(client):
    response = client.get("/zh/")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.cache_control.public and response.cache_control.max_age == 300
    etag = response.headers["ETag"]
    again = client.get("/zh/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    changed = client.get("/zh/", headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200
    assert response.headers["X-Accel-Expires"] == "10"  # nginx's microcache, shorter than the browser's
    # A shared cache must not hand one client's allowance to everyone; forms still say it.
    assert not [name for name in response.headers.keys() if name.startswith("X-RateLimit")]
    assert "Retry-After" not in response.headers
    assert "X-RateLimit-Remaining" in client.get("/zh/report/new").headers


def test_forms_reports_and_staff_pages_are_never_microcached(client):
    for path in ("/en/report/new", "/en/report/check", "/staff/en/login"):
        response = client.get(path)
        assert response.cache_control.no_store and "X-Accel-Expires" not in response.headers, path


def test_static_files_are_precompressed_only_where_smaller(tmp_path):
    import gzip

    import brotli

    from portal.static_files import compress_static

    (tmp_path / "css").mkdir()
    css = ("body { color: #123456; }\n" * 200).encode()
    (tmp_path / "css" / "site.css").write_bytes(css)
    (tmp_path / "tiny.js").write_bytes(b"1")
    (tmp_path / "font.woff2").write_bytes(b"\x00" * 500)
    assert compress_static(tmp_path) == 2
    assert gzip.decompress((tmp_path / "css" / "site.css.gz").read_bytes()) == css
    assert brotli.decompress((tmp_path / "css" / "site.css.br").read_bytes()) == css
    assert not (tmp_path / "tiny.js.gz").exists() and not (tmp_path / "font.woff2.gz").exists()


def test_etag_changes_when_content_changes(client, db_session):
    from portal.regions.services import region_by_code

    before = client.get("/en/regions").headers["ETag"]
    region_by_code(db_session, "542522").name_en = "Zanda (Tsamda) County"
    db_session.commit()
    response = client.get("/en/regions", headers={"If-None-Match": before})
    assert response.status_code == 200 and response.headers["ETag"] != before
    assert "Tsamda" in response.get_data(as_text=True)


def test_non_public_responses_are_not_stored(client):
    for path in ("/healthz", "/en/no-such-page", "/"):
        response = client.get(path)
        assert response.cache_control.no_store, path


def test_versioned_static_files_are_immutable(client):
    page = client.get("/en/").get_data(as_text=True)
    css_url = re.search(r'href="(/static/css/portal\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = client.get(css_url)
    assert response.status_code == 200
    assert response.cache_control.immutable and response.cache_control.max_age >= 31536000


def test_session_cookie_flags(app):
    @app.get("/cookie-check")
    def cookie_check():
        session["seen"] = True
        return "ok"

    cookie = app.test_client().get("/cookie-check").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_request_size_is_limited(app):
    @app.post("/<lang>/upload-check")
    def upload_check():
        return str(len(request.form))

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert client.post("/en/upload-check", data={"a": "b"}).status_code == 200
    response = client.post("/en/upload-check", data={"a": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "The upload is too large" in response.get_data(as_text=True)


def _limited_app(database_url, tmp_path, storage, **extra):
    return make_test_app(database_url, tmp_path, RATELIMIT_STORAGE_URI=storage,
                         RATELIMIT_DEFAULT="3 per minute", RATELIMIT_KEY_PREFIX=f"t{tmp_path.name}", **extra)


def test_rate_limit_refuses_with_a_translated_page(database_url, tmp_path):
    client = _limited_app(database_url, tmp_path, "memory://").test_client()
    statuses = [client.get("/bo/regions").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/bo/regions")
    assert "རེ་ཞུ་མང་དྲགས་འདུག" in refused.get_data(as_text=True)
    assert "Retry-After" in refused.headers


def test_health_check_is_not_rate_limited(database_url, tmp_path):
    client = _limited_app(database_url, tmp_path, "memory://").test_client()
    assert {client.get("/healthz").status_code for _ in range(6)} == {200}


@pytest.mark.redis
def test_redis_rate_limit_keys_hold_no_client_address(database_url, tmp_path, redis_url):
    app = _limited_app(database_url, tmp_path, redis_url)
    client = app.test_client()
    address = "203.0.113.77"
    for _ in range(3):
        assert client.get("/en/", environ_base={"REMOTE_ADDR": address}).status_code == 200
    assert client.get("/en/", environ_base={"REMOTE_ADDR": address}).status_code == 429
    # Another client is counted separately.
    assert client.get("/en/", environ_base={"REMOTE_ADDR": "198.51.100.9"}).status_code == 200

    server = redis.Redis.from_url(redis_url)
    keys = [key.decode() for key in server.scan_iter(f"*{app.config['RATELIMIT_KEY_PREFIX']}*")]
    try:
        assert keys, "the limiter should have written counters to Redis"
        for key in keys:
            assert address not in key and "203.0.113" not in key and "198.51.100" not in key
            assert re.search(r"[0-9a-f]{32}", key)
    finally:
        if keys:
            server.delete(*keys)


def test_rate_limits_hold_in_memory_while_redis_is_unreachable(database_url, tmp_path, caplog):
    # Nothing listens on port 1: Redis down or restarting. Pages are served and still limited.
    client = _limited_app(database_url, tmp_path, "redis://127.0.0.1:1/0").test_client()
    address = "203.0.113.78"
    statuses = [client.get("/en/regions", environ_base={"REMOTE_ADDR": address}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert address not in caplog.text


def test_proxy_address_is_used_only_when_trusted(database_url, tmp_path):
    def refused_after_three(client, forwarded_for):
        codes = [client.get("/en/", headers={"X-Forwarded-For": ip}).status_code for ip in forwarded_for]
        return codes

    untrusted = _limited_app(database_url, tmp_path / "a", "memory://").test_client()
    # Without trusted proxies a forged header does not buy fresh limits.
    assert refused_after_three(untrusted, ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"])[-1] == 429
    trusted = _limited_app(database_url, tmp_path / "b", "memory://", TRUSTED_PROXIES=1).test_client()
    assert refused_after_three(trusted, ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]) == [200] * 4


def test_logs_of_a_failing_request_hold_no_address_or_agent(app, caplog):
    @app.get("/<lang>/boom")
    def boom():
        raise RuntimeError("simulated failure")

    client = app.test_client()
    app.testing = False  # let the 500 handler run as in production
    with caplog.at_level(logging.DEBUG):
        response = client.get("/en/boom", environ_base={"REMOTE_ADDR": "192.0.2.55"},
                              headers={"User-Agent": "SecretAgent/7.7", "X-Forwarded-For": "192.0.2.66"})
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    text = caplog.text
    assert "simulated failure" in text  # the failure itself is logged...
    assert "192.0.2" not in text and "SecretAgent" not in text  # ...but not who sent it
