"""Public pages kept rendered for a few seconds and compressed by the app (portal/public_cache.py)."""
import gzip
import time

import brotli
import pytest

from portal.regions.services import region_by_code
from tests.conftest import make_test_app

LIFETIME = 1  # seconds; production uses 10, as long as nginx's microcache


@pytest.fixture
def cached_client(app, database_url, tmp_path):
    """A second app on the test database, with the render cache on (the `app` fixture has it off)."""
    cached = make_test_app(database_url, tmp_path / "cached", PUBLIC_RENDER_CACHE_SECONDS=LIFETIME)
    yield cached.test_client()
    cached.extensions["portal.db"].engine.dispose()


def _rename_zanda(db_session, name: str) -> None:
    region_by_code(db_session, "542522").name_en = name
    db_session.commit()


def test_a_public_page_is_rendered_once_per_lifetime_and_new_data_shows_after_it(cached_client, db_session):
    first = cached_client.get("/en/regions")
    assert first.status_code == 200 and "Tsamda" not in first.get_data(as_text=True)
    _rename_zanda(db_session, "Zanda (Tsamda) County")

    again = cached_client.get("/en/regions")
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    # Someone with a cookie (a reporter, a staff member) always gets a fresh page, as from nginx.
    cached_client.set_cookie("portal_session", "x", domain="localhost")
    assert "Tsamda" in cached_client.get("/en/regions").get_data(as_text=True)
    cached_client.delete_cookie("portal_session", domain="localhost")

    # Another host name (a feed's absolute links) is another page.
    assert "Tsamda" in cached_client.get("/en/regions", base_url="https://other.example").get_data(as_text=True)

    time.sleep(LIFETIME + 0.2)
    fresh = cached_client.get("/en/regions")
    assert "Tsamda" in fresh.get_data(as_text=True) and fresh.headers["ETag"] != first.headers["ETag"]


def test_only_complete_pages_everyone_gets_alike_are_kept(app):
    from flask import Response, session

    from portal.public_cache import _worth_keeping

    with app.test_request_context("/en/regions"):
        assert _worth_keeping("<html>page</html>")
        assert _worth_keeping(Response("page")) and _worth_keeping(("<html>list</html>", 200))
        assert not _worth_keeping(("<html>bad filter</html>", 400))
        assert not _worth_keeping(Response("missing", status=404))
        assert not _worth_keeping(Response(iter([b"a,b\n"]), mimetype="text/csv"))
        with_cookie = Response("page")
        with_cookie.set_cookie("c", "1")
        assert not _worth_keeping(with_cookie)
        session["csrf_token"] = "secret"
        assert not _worth_keeping("<form>token</form>")


@pytest.mark.parametrize("encoding, decompress", [("gzip", gzip.decompress), ("br", brotli.decompress)])
def test_public_pages_are_compressed_with_an_etag_per_encoding(client, encoding, decompress):
    plain = client.get("/zh/")
    packed = client.get("/zh/", headers={"Accept-Encoding": f"{encoding}, deflate"})
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert decompress(packed.get_data()) == plain.get_data()
    assert int(packed.headers["Content-Length"]) == len(packed.get_data()) < len(plain.get_data()) / 2
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + f':{encoding}"'

    revalidated = client.get("/zh/", headers={"Accept-Encoding": encoding, "If-None-Match": packed.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.data == b""
    # The plain ETag does not validate the compressed copy, nor the other way round.
    assert client.get("/zh/", headers={"Accept-Encoding": encoding,
                                       "If-None-Match": plain.headers["ETag"]}).status_code == 200
    assert client.get("/zh/", headers={"If-None-Match": packed.headers["ETag"]}).status_code == 200


def test_the_same_content_is_compressed_once(client):
    compress = client.application.extensions["portal.compress"]
    client.get("/zh/cases", headers={"Accept-Encoding": "gzip"})
    stored = len(compress.cache._cache)
    client.get("/zh/cases", headers={"Accept-Encoding": "gzip"})
    assert len(compress.cache._cache) == stored >= 1


def test_forms_and_staff_pages_are_not_compressed_by_the_app(client):
    # They carry a CSRF token: compressing a secret beside reflected input invites BREACH.
    for path in ("/en/report/new", "/staff/en/login"):
        response = client.get(path, headers={"Accept-Encoding": "gzip, br"})
        assert "Content-Encoding" not in response.headers, path
