from portal import migrate
from portal.db import make_engine
from tests.conftest import make_test_app


def test_healthz_reports_database_and_current_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"database": "ok", "migrations": "current", "revision": migrate.head_revision()}


def test_healthz_fails_when_migrations_are_behind(scratch_databases, tmp_path):
    url = scratch_databases.new_url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    engine.dispose()
    app = make_test_app(url, tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["migrations"] == "behind"


def test_healthz_fails_when_database_unreachable(tmp_path):
    app = make_test_app("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1", tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"
