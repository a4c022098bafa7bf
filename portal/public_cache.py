"""Public pages under load: each worker renders a public page once every few seconds and
compresses each version of it once.

A television report can send a whole province to the same few pages. nginx's microcache
(deploy/nginx.conf) absorbs most of that, but every node still renders each page once per
microcache period per encoding, and a node without nginx in front renders on every request.
So the app keeps a rendered public page for `PUBLIC_RENDER_CACHE_SECONDS` (as long as the
microcache: publishing new data shows within that time, as it does through nginx) and keeps
the gzip and brotli copies of each version, keyed by its ETag (a digest of the content), so a
stale copy can never be served.

Only public pages are compressed by the app. They hold no secret, so compression cannot leak
one (BREACH); nginx gzips the rest as before.
"""
from __future__ import annotations

from cachelib import SimpleCache
from flask import Flask, current_app, g, request, session
from flask.wrappers import Response
from flask_caching import Cache
from flask_compress import Compress

rendered_pages = Cache()

COMPRESSED_COPIES = 1000  # per worker; a page is 10-100 KB compressed


def init_app(app: Flask) -> None:
    seconds = app.config["PUBLIC_RENDER_CACHE_SECONDS"]
    app.config.update(
        CACHE_TYPE="SimpleCache",  # per worker; _bypass skips it when the lifetime is 0
        CACHE_DEFAULT_TIMEOUT=seconds,
        CACHE_THRESHOLD=app.config["PUBLIC_RENDER_CACHE_PAGES"],
        COMPRESS_REGISTER=False,  # public pages only, called from security._apply_headers
        COMPRESS_STREAMS=False,  # downloads stream through nginx's gzip
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_LEVEL=6,
        COMPRESS_BR_LEVEL=5,
        COMPRESS_CACHE_BACKEND=lambda: SimpleCache(threshold=COMPRESSED_COPIES, default_timeout=0),
        COMPRESS_CACHE_KEY=lambda _request: g.public_page_etag,
    )
    rendered_pages.init_app(app)
    app.extensions["portal.compress"] = Compress(app)


def _bypass() -> bool:
    """Requests that must reach the view: not a plain read, or from someone with a cookie
    (a reporter or a staff member), as nginx's microcache does."""
    return (
        not current_app.config["PUBLIC_RENDER_CACHE_SECONDS"]
        or request.method not in ("GET", "HEAD")
        or bool(request.cookies)
    )


def _page_key(*_args, **_kwargs) -> str:
    """The whole address as the client sent it: a page with absolute links (feeds, permalinks)
    rendered for one host name is never served for another."""
    return f"page:{request.scheme}://{request.host}{request.full_path}"


def _worth_keeping(result) -> bool:
    """Only a complete page that everyone gets alike: no error, no stream, nothing that
    touched the session (a form's CSRF token would otherwise be handed to everyone)."""
    if session.modified:
        return False
    if isinstance(result, tuple):  # (body, status), as a list with a filter error returns
        return len(result) == 2 and isinstance(result[0], str) and result[1] == 200
    if isinstance(result, str):
        return True
    return (
        isinstance(result, Response)
        and result.status_code == 200
        and not result.is_streamed
        and "Set-Cookie" not in result.headers
    )


def cached_render(view):
    return rendered_pages.cached(make_cache_key=_page_key, unless=_bypass, response_filter=_worth_keeping)(view)


def compress(response: Response) -> Response:
    """Compress a public response the client accepts compressed, with an ETag per encoding
    ("<digest>:gzip"), and answer If-None-Match for that ETag with 304."""
    g.public_page_etag = response.get_etag()[0]
    return current_app.extensions["portal.compress"].after_request(response)
