"""Settings read from the environment, with safe defaults for the embedded demo.

Secrets that must never sit in the database (session key, rate-limit key, later the
tracking-code pepper) come from the environment or from files in the instance folder,
created with mode 0600 on first use.
"""
from __future__ import annotations

import os
import secrets as _random
from pathlib import Path
from portal.institutions.review import DEFAULT_REVIEW_DAYS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RECOVERY_PUBLIC_KEY_FILE = "recovery_public_key"

# Documented in the README's configuration table; keep the two in step.
ENVIRONMENT_SETTINGS = {
    "DATABASE_URL": "SQLAlchemy URL; default an SQLite file in the instance folder",
    "REDIS_URL": "Redis for rate limits (memory:// per process when unset)",
    "PORTAL_SECRET_KEY": "Flask session/CSRF key; default a generated instance file",
    "PORTAL_RATE_LIMIT_SECRET": "key for HMAC of client addresses in rate limits",
    "PORTAL_LANGUAGES": "enabled languages, comma separated (zh,bo,en)",
    "PORTAL_DEFAULT_LANGUAGE": "language for / when Accept-Language matches none",
    "PORTAL_TRUSTED_PROXIES": "number of reverse proxies in front (X-Forwarded-For/Proto)",
    "PORTAL_RATE_LIMIT_DEFAULT": "default per-client limit on every route",
    "PORTAL_INSTANCE_PATH": "instance folder (database, secrets)",
    "PORTAL_CODE_PEPPER": "pepper of the tracking-code KDF (hex); default a generated instance file",
    "PORTAL_RECEIPT_SIGNING_KEY": "Ed25519 key signing proofs of submission (hex); default generated",
    "PORTAL_RECOVERY_PUBLIC_KEY": "the bureau's offline recovery public key (hex); default instance file",
    "PORTAL_UPLOAD_FOLDER": "where sealed attachments are written; default instance/uploads",
    "PORTAL_REPORT_SUBMIT_LIMIT": "limit on report form posts and follow-ups per client",
    "PORTAL_REPORT_CODE_CHECK_LIMIT": "limit on tracking-code checks per client",
    "PORTAL_FUND_UPLOAD_MAX_BYTES": "largest data file (funds, institutions, costs, prices) a staff upload takes",
    "PORTAL_FUND_IMPORT_MAX_ROWS": "most rows a fund data file may have (upload and CLI)",
    "PORTAL_INSTITUTION_REVIEW_DAYS": "days imported cost figures and prices are held for the institution's review",
}


def read_or_create_secret(directory: Path, name: str, nbytes: int = 32) -> bytes:
    """Return the secret stored in directory/name, creating it (0600) if absent."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / name
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    value = _random.token_bytes(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value.hex())
    return value


def settings_from_environment(instance_path: Path, environ: dict[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    secrets_dir = instance_path / "secrets"

    def secret(variable: str, filename: str) -> bytes:
        if env.get(variable):
            return env[variable].encode()
        return read_or_create_secret(secrets_dir, filename)

    def key(variable: str, filename: str) -> bytes:
        if env.get(variable):
            return bytes.fromhex(env[variable])
        return read_or_create_secret(secrets_dir, filename)

    recovery_file = instance_path / RECOVERY_PUBLIC_KEY_FILE
    if env.get("PORTAL_RECOVERY_PUBLIC_KEY"):
        recovery_public_key = bytes.fromhex(env["PORTAL_RECOVERY_PUBLIC_KEY"])
    elif recovery_file.exists():
        recovery_public_key = bytes.fromhex(recovery_file.read_text().strip())
    else:
        recovery_public_key = None

    languages = tuple(
        code.strip() for code in env.get("PORTAL_LANGUAGES", "zh,bo,en").split(",") if code.strip()
    )
    redis_url = env.get("REDIS_URL", "")
    return {
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.sqlite3'}",
        "SECRET_KEY": secret("PORTAL_SECRET_KEY", "secret_key"),
        "RATE_LIMIT_SECRET": secret("PORTAL_RATE_LIMIT_SECRET", "rate_limit_secret"),
        "LANGUAGES": languages,
        "DEFAULT_LANGUAGE": env.get("PORTAL_DEFAULT_LANGUAGE", languages[0]),
        "TRUSTED_PROXIES": int(env.get("PORTAL_TRUSTED_PROXIES", "0")),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_DEFAULT": env.get("PORTAL_RATE_LIMIT_DEFAULT", "300 per minute"),
        # Per client (HMAC of the address), on top of the default. Mobile carriers put many
        # people behind one address, so these stay generous; brute force on a code is stopped by
        # the per-report lock-out, not by these.
        "REPORT_SUBMIT_LIMIT": env.get("PORTAL_REPORT_SUBMIT_LIMIT", "30 per hour;200 per day"),
        "REPORT_CODE_CHECK_LIMIT": env.get("PORTAL_REPORT_CODE_CHECK_LIMIT", "30 per hour;200 per day"),
        "STAFF_SIGN_IN_LIMIT": env.get("PORTAL_STAFF_SIGN_IN_LIMIT", "20 per hour;100 per day"),
        "CODE_PEPPER": key("PORTAL_CODE_PEPPER", "code_pepper"),
        "RECEIPT_SIGNING_KEY": key("PORTAL_RECEIPT_SIGNING_KEY", "receipt_signing_key"),
        "RECOVERY_PUBLIC_KEY": recovery_public_key,
        "UPLOAD_FOLDER": env.get("PORTAL_UPLOAD_FOLDER") or str(instance_path / "uploads"),
        "FUND_UPLOAD_MAX_BYTES": int(env.get("PORTAL_FUND_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)),
        "FUND_IMPORT_MAX_ROWS": int(env.get("PORTAL_FUND_IMPORT_MAX_ROWS", 2_000_000)),
        # As long as nginx's microcache (deploy/nginx.conf): new data shows within this time.
        "PUBLIC_RENDER_CACHE_SECONDS": int(env.get("PORTAL_PUBLIC_RENDER_CACHE_SECONDS", 10)),
        "PUBLIC_RENDER_CACHE_PAGES": int(env.get("PORTAL_PUBLIC_RENDER_CACHE_PAGES", 2000)),
        "INSTITUTION_REVIEW_DAYS": int(env.get("PORTAL_INSTITUTION_REVIEW_DAYS", DEFAULT_REVIEW_DAYS)),
    }


DEFAULTS = {
    # A reporter on a slow link may take a long time over a form.
    "WTF_CSRF_TIME_LIMIT": 4 * 3600,
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Strict",
    "SESSION_COOKIE_NAME": "portal_session",
    "PERMANENT_SESSION_LIFETIME": 30 * 60,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_KEY_PREFIX": "portal-rl",
    # Redis down or restarting: each worker counts in its own memory until Redis answers again
    # (Flask-Limiter checks every few seconds), rather than refusing every request.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    "PUBLIC_CACHE_SECONDS": 300,
    "PUBLIC_MICROCACHE_SECONDS": 10,
    "HSTS_SECONDS": 2 * 365 * 24 * 3600,
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
    "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
    "REGIONS_FILE": str(PROJECT_ROOT / "disclosures" / "regions.csv"),
    "FUND_FILES_DIR": str(PROJECT_ROOT / "disclosures" / "funds"),
    "INSTITUTION_FILES_DIR": str(PROJECT_ROOT / "disclosures" / "institutions"),
    "COST_FILES_DIR": str(PROJECT_ROOT / "disclosures" / "costs"),
    "PRICE_FILES_DIR": str(PROJECT_ROOT / "disclosures" / "prices"),
    "REWARD_RULE_SETS_FILE": str(PROJECT_ROOT / "disclosures" / "rewards" / "rule-sets.json"),
    "INSPECTION_FILES_DIR": str(PROJECT_ROOT / "disclosures" / "inspections"),
    "REPORT_ACCEPTANCE_WORKING_DAYS": 15,
    "REPORTER_SESSION_MINUTES": 15,
    "STAFF_IDLE_MINUTES": 15,
    "STAFF_SESSION_HOURS": 10,
}
