"""Fixtures: a real database (SQLite file, or PostgreSQL when TEST_DATABASE_URL is set),
migrated with Alembic once per session and emptied after each test.

PORTAL_TEST_STRICT=1 (set by CI) turns "service missing" skips into failures, so a CI run
cannot go green by skipping Redis, PostgreSQL or browser tests.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import create_engine, text

from portal import create_app, envelope, migrate
from portal.db import make_engine
from portal.models import metadata
from portal.regions.services import load_regions, read_region_file

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REGIONS_FILE = PROJECT_ROOT / "disclosures" / "regions.csv"
STRICT = os.environ.get("PORTAL_TEST_STRICT") == "1"
# A fixed recovery key pair for tests (pytest may import this module twice, as `conftest` and
# as `tests.conftest`, so it must not be random); tests open reports with the private half.
_RECOVERY = X25519PrivateKey.from_private_bytes(hashlib.sha256(b"portal test recovery key").digest())
RECOVERY_PUBLIC_KEY = _RECOVERY.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
RECOVERY_PRIVATE_PEM = _RECOVERY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)


def skip_or_fail(reason: str) -> None:
    if STRICT:
        pytest.fail(f"PORTAL_TEST_STRICT=1 but {reason}")
    pytest.skip(reason)


class ScratchDatabases:
    """Hands out empty databases of the configured kind; removes them at the end."""

    def __init__(self, base_url: str | None, directory: Path):
        self.base_url, self.directory, self.schemas = base_url, directory, []

    @property
    def dialect(self) -> str:
        return "postgresql" if self.base_url else "sqlite"

    def new_url(self) -> str:
        name = f"t_{secrets.token_hex(6)}"
        if not self.base_url:
            return f"sqlite:///{self.directory / (name + '.sqlite3')}"
        engine = create_engine(self.base_url)
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        engine.dispose()
        self.schemas.append(name)
        separator = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{separator}options=-csearch_path%3D{name}"

    def drop_all(self) -> None:
        if not self.schemas:
            return
        engine = create_engine(self.base_url)
        with engine.begin() as connection:
            for name in self.schemas:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        engine.dispose()


@pytest.fixture(scope="session")
def scratch_databases(tmp_path_factory):
    databases = ScratchDatabases(os.environ.get("TEST_DATABASE_URL"), tmp_path_factory.mktemp("db"))
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def database_url(scratch_databases) -> str:
    url = scratch_databases.new_url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def region_rows():
    return read_region_file(REGIONS_FILE)


def _empty_tables(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


def make_test_app(url: str, instance: Path, **overrides):
    config = {
        "TESTING": True,
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secrets.token_bytes(32),
        "RATE_LIMIT_SECRET": secrets.token_bytes(32),
        "RATELIMIT_STORAGE_URI": "memory://",
        "CODE_PEPPER": secrets.token_bytes(32),
        "RECEIPT_SIGNING_KEY": envelope.new_signing_key(),
        "RECOVERY_PUBLIC_KEY": RECOVERY_PUBLIC_KEY,
        "UPLOAD_FOLDER": str(instance / "uploads"),
        # The session cookie is Secure and Flask-WTF checks the Referer on HTTPS: test as HTTPS.
        "PREFERRED_URL_SCHEME": "https",
        # Tests read what they just wrote; test_public_cache.py turns the render cache on.
        "PUBLIC_RENDER_CACHE_SECONDS": 0,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app(database_url, tmp_path, region_rows):
    application = make_test_app(database_url, tmp_path / "instance")
    with application.extensions["portal.db"].session() as session:
        load_regions(session, region_rows)
    yield application
    application.extensions["portal.db"].engine.dispose()
    _empty_tables(database_url)


@pytest.fixture
def client(app):
    client = app.test_client()
    # Flask-WTF wants a same-origin Referer on HTTPS POSTs, as browsers send.
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    return client


@pytest.fixture
def db_session(app):
    with app.extensions["portal.db"].session() as session:
        yield session


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as error:  # any connection failure means no server to test against
        skip_or_fail(f"no Redis at {url} ({error.__class__.__name__})")
    return url


@pytest.fixture
def keyring(app):
    """The report keyring of the test app (pepper, signing key, recovery key, upload folder)."""
    from portal.reports.routes import keyring as make

    with app.test_request_context():
        return make()
