from sqlalchemy import func, select

from portal.regions.models import Region
from portal.staff.models import Role, StaffUser


def test_init_is_idempotent(app, db_session):
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init"])
        assert result.exit_code == 0, result.output
        assert "14 regions" in result.output
    assert db_session.scalar(select(func.count()).select_from(Region)) == 14


def test_init_with_a_bad_file_reports_rows_and_changes_nothing(app, db_session, tmp_path):
    bad = tmp_path / "regions.csv"
    bad.write_text(
        "code,parent_code,level,name_zh,name_bo,name_en,name_bo_status\n"
        "650000,,province,新疆,,,draft\n"
        "650100,659999,city,乌鲁木齐,,,draft\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["init", "--regions", str(bad)])
    assert result.exit_code == 1
    assert "row 2, column parent_code" in result.output
    assert "nothing was changed" in result.output
    assert db_session.scalar(select(Region).where(Region.code == "650000")) is None


def test_create_user_stores_roles_region_and_sealed_key(app, db_session):
    result = app.test_cli_runner().invoke(
        args=["create-user", "wang.li", "--role", "case_officer", "--role", "hotline_operator",
              "--region", "640300", "--name", "Wang Li", "--password", "a long enough password"]
    )
    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(StaffUser).where(StaffUser.username == "wang.li"))
    assert user.roles == {Role.CASE_OFFICER, Role.HOTLINE_OPERATOR}
    assert user.region.code == "640300"
    assert len(user.public_key) == 32
    assert b"a long enough password" not in user.sealed_private_key


def test_create_user_errors_are_clear(app):
    runner = app.test_cli_runner()
    base = ["create-user", "li.na", "--role", "editor", "--password", "a long enough password"]
    result = runner.invoke(args=[*base, "--region", "999999"])
    assert result.exit_code == 1 and "no region with code 999999" in result.output
    short = runner.invoke(args=["create-user", "li.na", "--role", "editor", "--region", "640000",
                                "--password", "short"])
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    assert runner.invoke(args=[*base, "--region", "640000"]).exit_code == 0
    again = runner.invoke(args=[*base, "--region", "640000"])
    assert again.exit_code == 1 and "is taken" in again.output
    bad_name = runner.invoke(args=["create-user", "Li Na", "--role", "editor", "--region", "640000",
                                   "--password", "a long enough password"])
    assert bad_name.exit_code == 1 and "user name" in bad_name.output


def test_demo_without_serving_loads_everything(app):
    result = app.test_cli_runner().invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "regions" in result.output


def test_development_server_log_has_no_client_address():
    from portal.cli import AddressFreeRequestHandler

    assert AddressFreeRequestHandler.address_string(object.__new__(AddressFreeRequestHandler)) == "-"


def test_demo_command_serves_the_site(tmp_path):
    """The README's first quick-start step, end to end: `portal demo` in a subprocess."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-c", "from portal.cli import main; main()", "demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/bo/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("demo server did not start")
                time.sleep(0.3)
        assert '<html lang="bo"' in body
        assert (tmp_path / "instance" / "portal.sqlite3").exists()
        assert oct((tmp_path / "instance").stat().st_mode & 0o777) == "0o700"
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "127.0.0.1 -" not in output and "GET /bo/" in output  # access log without the address


def test_cli_admin_changes_are_audited(app, db_session):
    from portal.audit.models import AuditEntry

    result = app.test_cli_runner().invoke(args=["create-user", "audited.user", "--role", "editor", "--region",
                                                "640000", "--password", "a long enough password"])
    assert result.exit_code == 0
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "user.create"))
    assert entry.actor_label == "cli" and entry.details_dict == {"roles": ["editor"], "region": "640000"}
