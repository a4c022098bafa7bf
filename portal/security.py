"""Security baseline on every response: headers, CSRF, caching policy, rate limits.

Rate limits are keyed by HMAC(secret, day|client address): Redis only ever holds a
digest that changes daily, never an address.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timezone
from functools import wraps

from flask import Flask, current_app, g, render_template, request
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import public_cache

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

csrf = CSRFProtect()

RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After")


def client_key() -> str:
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    address = request.remote_addr or "-"
    digest = hmac.new(
        current_app.config["RATE_LIMIT_SECRET"], f"{day}|{address}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


def rate_limited(config_key: str, methods: list[str] | None = None):
    """Mark a view with the limit named by a config key, on top of the default; applied per
    app at start-up (the limiter is per app), read from the config at request time."""

    def mark(view):
        view.rate_limits = (*getattr(view, "rate_limits", ()), (config_key, methods))
        return view

    return mark


def accepts_uploads(max_bytes: int | str):
    """Raise the request size limit for one view (evidence files, data files): bytes, or the
    name of the config key holding them. It must be set before CSRF protection reads the
    form, so it is applied in the first before_request."""

    def mark(view):
        view.max_content_length = max_bytes
        return view

    return mark


def _request_size_limit():
    view = current_app.view_functions.get(request.endpoint)
    limit = getattr(view, "max_content_length", None)
    if isinstance(limit, str):
        limit = current_app.config[limit]
    if limit:
        request.max_content_length = limit


def not_rate_limited(view):
    """Exempt a view (health checks polled by the load balancer) from every limit."""
    view.rate_limit_exempt = True
    return view


def public_page(view):
    """A page anyone may cache: no cookie, Cache-Control public, ETag and 304, rendered once
    every few seconds per worker and compressed by the app (portal/public_cache.py)."""
    rendered = public_cache.cached_render(view)

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.public_page = True
        return rendered(*args, **kwargs)

    return wrapper


def set_key_cookie(response, name: str, value: str, path: str) -> None:
    """A cookie that carries a session key: never readable by scripts, never sent cross-site."""
    response.set_cookie(name, value, secure=True, httponly=True, samesite="Strict", path=path)


def clear_key_cookie(response, name: str, path: str) -> None:
    response.delete_cookie(name, path=path, secure=True, httponly=True, samesite="Strict")


def _apply_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["Strict-Transport-Security"] = f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    # Flask-WTF needs a same-origin Referer on HTTPS POSTs, so not no-referrer.
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"

    if request.endpoint == "static":
        if "v" in request.args:
            response.cache_control.public = True
            response.cache_control.max_age = 365 * 24 * 3600
            response.cache_control.immutable = True
        return response
    if g.get("public_page") and response.status_code == 200 and "Set-Cookie" not in headers:
        # One client's remaining allowance is no business of a shared cache (nginx would hand it
        # to everyone; their changing length also upset nginx 1.22's cache, bench/stack.py).
        for name in RATE_LIMIT_HEADERS:
            headers.pop(name, None)
        response.cache_control.public = True
        response.cache_control.max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
        # nginx keeps a public page this long in its microcache (deploy/nginx.conf); it takes
        # this header over Cache-Control and does not pass it on to the browser.
        headers["X-Accel-Expires"] = str(current_app.config["PUBLIC_MICROCACHE_SECONDS"])
        response.vary.add("Accept-Encoding")
        if not response.is_streamed:  # a streamed download is not buffered just to hash it
            response.add_etag()
            response = public_cache.compress(response)
            if response.status_code == 200:
                response.make_conditional(request)
    else:
        response.cache_control.no_store = True
        response.cache_control.private = True
    return response


def init_app(app: Flask) -> Limiter:
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.before_request(_request_size_limit)
    csrf.init_app(app)
    public_cache.init_app(app)
    # Registered before the limiter: Flask runs after_request functions last-registered first,
    # so the baseline sees (and can drop) the limiter's headers.
    app.after_request(_apply_headers)
    limiter = Limiter(key_func=client_key, app=app)

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(429)
    def _too_many(error):
        return render_template("errors/too_many.html"), 429

    return limiter


def apply_route_limits(app: Flask, limiter: Limiter) -> None:
    """Wrap every view marked with @rate_limited; call after all blueprints are registered."""
    for endpoint, view in list(app.view_functions.items()):
        if getattr(view, "rate_limit_exempt", False):
            view = limiter.exempt(view)
        for config_key, methods in getattr(view, "rate_limits", ()):
            limit = limiter.limit(lambda key=config_key: current_app.config[key], methods=methods)
            view = limit(view)
        app.view_functions[endpoint] = view
