"""The `portal` command: init, demo, create-user (plus Flask's run, shell, routes)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from werkzeug.serving import WSGIRequestHandler, run_simple

from portal import migrate
from portal.db import get_database
from portal.staff.models import Role
from portal.text import ImportRejected


def _fail(message: str) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(1)


def initialise(app: Flask, regions_file: Path | None = None) -> str:
    """Migrate to head and load the region tree; safe to run again."""
    from portal.regions.services import load_regions, read_region_file

    database = get_database()
    migrate.upgrade(database.engine)
    path = regions_file or Path(app.config["REGIONS_FILE"])
    rows = read_region_file(path)
    with database.session() as session:
        count = load_regions(session, rows)
    return f"Database at revision {migrate.current_revision(database.engine)}; {count} regions from {path}."


class AddressFreeRequestHandler(WSGIRequestHandler):
    """The development server's access log without the client's address."""

    def address_string(self) -> str:
        return "-"


def _report_import_errors(error: ImportRejected, path: Path) -> None:
    for row_error in error.errors:
        where = f"row {row_error.row}, column {row_error.column}" if row_error.row else f"column {row_error.column}"
        click.echo(f"  {path}: {where}: {row_error.message.render(lambda s: s)}", err=True)
    _fail(f"{path} has {len(error.errors)} error(s); nothing was changed.")


def init_app(app: Flask) -> None:
    @app.cli.command("init")
    @click.option("--regions", "regions_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="Region tree CSV (default: disclosures/regions.csv).")
    def init_command(regions_file: Path | None):
        """Create or upgrade the database and load the region tree."""
        try:
            click.echo(initialise(current_app, regions_file))
        except ImportRejected as error:
            _report_import_errors(error, regions_file or Path(current_app.config["REGIONS_FILE"]))

    @app.cli.command("demo")
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=5000, show_default=True, type=int)
    @click.option("--no-serve", is_flag=True, help="Load the demo data and exit.")
    def demo_command(host: str, port: int, no_serve: bool):
        """Initialise, load sample data and run the development server."""
        from portal.demo import load_demo_data

        click.echo(initialise(current_app))
        with get_database().session() as session:
            for line in load_demo_data(session):
                click.echo(line)
        if no_serve:
            return
        click.secho(f"\nThe portal is running: open http://{host}:{port}/ (Ctrl+C stops it).", fg="green")
        click.echo(f"  Chinese  http://{host}:{port}/zh/\n  Tibetan  http://{host}:{port}/bo/\n"
                   f"  English  http://{host}:{port}/en/\n")
        # Secure cookies work on http://127.0.0.1 in browsers (a trustworthy origin).
        run_simple(host, port, current_app._get_current_object(), threaded=True, use_reloader=False,
                   request_handler=AddressFreeRequestHandler)

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", "roles", multiple=True, required=True,
                  type=click.Choice([role.value for role in Role]), help="Repeat for several roles.")
    @click.option("--region", "region_code", required=True, help="Region code of the user's scope.")
    @click.option("--name", "display_name", default="", help="Display name.")
    @click.password_option(help="Prompted for when not given.")
    def create_user_command(username, roles, region_code, display_name, password):
        """Create a staff account (its key pair is sealed under the password)."""
        from portal.staff.services import StaffError, create_user

        with get_database().session() as session:
            try:
                user = create_user(session, username=username, display_name=display_name,
                                   password=password, roles={Role(role) for role in roles},
                                   region_code=region_code)
            except StaffError as error:
                _fail(error.message.render(lambda s: s))
            click.echo(f"Created {user.username} ({', '.join(sorted(roles))}) for region {region_code}.")


def main() -> None:
    from portal import create_app

    FlaskGroup(create_app=create_app, add_version_option=False, load_dotenv=False,
               help="Medical-insurance fund supervision portal.")(prog_name="portal")
