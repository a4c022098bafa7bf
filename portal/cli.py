"""The `portal` command: init, demo, create-user (plus Flask's run, shell, routes)."""
from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup
from werkzeug.serving import WSGIRequestHandler, run_simple

from portal import migrate
from portal.db import get_database
from portal.staff.models import Role
from portal.text import ImportRejected
from portal.versioned_import import ImportChannel, Importer


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


def _audit_cli(session, action: str, subject_type: str, subject_id, details: dict) -> None:
    from portal.audit import chain

    chain.append(session, actor_id=None, actor_label="cli", action=action, subject_type=subject_type,
                 subject_id=subject_id, details=details)
    session.commit()


def _cli_gettext(language: str):
    """Messages of Flask-free code in the operator's language (en, zh or bo)."""
    from babel.support import Translations

    if language == "en":
        return lambda message: message
    return Translations.load(current_app.config["BABEL_TRANSLATION_DIRECTORIES"], [language]).gettext


def _report_import_errors(error: ImportRejected, path: Path, language: str = "en") -> None:
    gettext = _cli_gettext(language)
    for row_error in error.errors:
        where = (gettext("row %(row)d, column %(column)s") % {"row": row_error.row, "column": row_error.column}
                 if row_error.row else gettext("column %(column)s") % {"column": row_error.column})
        click.echo(f"  {path}: {where}: {row_error.message.render(gettext)}", err=True)
    if error.total > len(error.errors):
        click.echo("  " + gettext("… and %(count)d more errors.") % {"count": error.total - len(error.errors)},
                   err=True)
    _fail(gettext("%(file)s has %(count)d error(s); nothing was changed.") % {"file": path, "count": error.total})


def _cli_language() -> str:
    """The operator's language from PORTAL_CLI_LANG or LANG (zh_CN.UTF-8 -> zh), else English."""
    wanted = os.environ.get("PORTAL_CLI_LANG") or os.environ.get("LANG", "")
    code = wanted.split("_")[0].split(".")[0].lower()
    return code if code in ("zh", "bo") else "en"


def create_recovery_key(app: Flask, private_key_out: Path) -> Path:
    """Write the private half once to `private_key_out` (0600, never overwritten) and the public
    half to the instance folder, where submissions read it."""
    from portal import envelope
    from portal.config import RECOVERY_PUBLIC_KEY_FILE

    public_file = Path(app.instance_path) / RECOVERY_PUBLIC_KEY_FILE
    if public_file.exists() or app.config["RECOVERY_PUBLIC_KEY"]:
        raise click.ClickException("a recovery key is already configured; it is never replaced here")
    public, private_pem = envelope.generate_recovery_keypair()
    fd = os.open(private_key_out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_pem)
    public_file.write_text(public.hex())
    app.config["RECOVERY_PUBLIC_KEY"] = public
    return public_file


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
        if not current_app.config["RECOVERY_PUBLIC_KEY"]:
            demo_key = Path(current_app.instance_path) / "DEMO-recovery-private-key.pem"
            create_recovery_key(current_app, demo_key)
            click.secho(f"Demo recovery key created; its private half is in {demo_key}. "
                        "A real bureau keeps it offline (portal keys init-recovery).", fg="yellow")
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

    importing = AppGroup("import", help="Publish disclosure files.")
    app.cli.add_command(importing)

    def run_import(path: Path, dry_run: bool, reason: str, language: str | None, import_function, importer,
                   describe) -> None:
        """One versioned import with a progress bar, errors in the operator's language and a summary."""
        language = language or _cli_language()
        with click.progressbar(length=path.stat().st_size if path.suffix.lower() == ".csv" else 0,
                               label=f"Reading {path.name}", file=sys.stderr) as bar:
            def progress(step):
                bar.length = step.total or bar.length
                bar.update(step.done - bar.pos)

            with get_database().session() as session, open(path, "rb") as handle:
                try:
                    summary = import_function(session, handle, path.name, importer, reason=reason,
                                              dry_run=dry_run, on_progress=progress)
                except ImportRejected as error:
                    bar.render_finish()
                    _report_import_errors(error, path, language)
                    return
            bar.update(max(bar.length - bar.pos, 0))
        verb = "Would publish" if dry_run else "Published"
        click.echo(f"{verb} {path.name}: {summary.added} new, {summary.corrected} corrected, "
                   f"{summary.unchanged} unchanged of {summary.rows_in_file} rows"
                   + ("; nothing was stored (dry run)." if dry_run else f" (import {summary.import_id})."))
        for correction in summary.corrections:
            changes = ", ".join(f"{name} {correction.before[name]} -> {correction.after[name]}"
                                for name in correction.before)
            click.echo(f"  {describe(correction.record)}: {changes}")

    def import_options(command):
        command = click.option("--lang", "language", type=click.Choice(["en", "zh", "bo"]), default=None,
                               help="Language of error messages (default: from PORTAL_CLI_LANG or LANG).")(command)
        command = click.option("--reason", default="", help="Correction reason for rows that change published "
                                                            "records and give none of their own.")(command)
        command = click.option("--dry-run", is_flag=True,
                               help="Check the file and show what would change; store nothing.")(command)
        return click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))(command)

    @importing.command("funds")
    @import_options
    def import_funds_command(path: Path, dry_run: bool, reason: str, language: str | None):
        """Validate and publish a CSV or XLSX file of fund figures (all rows or none)."""
        from portal.funds.importing import import_fund_file

        run_import(path, dry_run, reason, language, import_fund_file,
                   Importer(ImportChannel.CLI, max_rows=current_app.config["FUND_IMPORT_MAX_ROWS"]),
                   lambda figure: f"{figure.region.code} {figure.fund_type} {figure.period.code}")

    @importing.command("institutions")
    @import_options
    def import_institutions_command(path: Path, dry_run: bool, reason: str, language: str | None):
        """Validate and publish a CSV or XLSX file of the designated institutions register (all rows or none)."""
        from portal.institutions.importing import import_register_file

        run_import(path, dry_run, reason, language, import_register_file,
                   Importer(ImportChannel.CLI, max_rows=current_app.config["FUND_IMPORT_MAX_ROWS"]),
                   lambda institution: institution.national_code)

    def import_held_figures(path, dry_run, reason, language, import_function, describe):
        run_import(path, dry_run, reason, language,
                   partial(import_function, review_days=current_app.config["INSTITUTION_REVIEW_DAYS"]),
                   Importer(ImportChannel.CLI, max_rows=current_app.config["FUND_IMPORT_MAX_ROWS"]), describe)

    @importing.command("costs")
    @import_options
    def import_costs_command(path: Path, dry_run: bool, reason: str, language: str | None):
        """Validate and import a CSV or XLSX file of institutions' cost reports (all rows or none); each
        version is held for the institution's review before it is published."""
        from portal.institutions.importing import import_cost_file

        import_held_figures(path, dry_run, reason, language, import_cost_file,
                            lambda report: f"{report.national_code} {report.period.code}")

    @importing.command("prices")
    @import_options
    def import_prices_command(path: Path, dry_run: bool, reason: str, language: str | None):
        """Validate and import a CSV or XLSX file of institutions' purchase prices (all rows or none); each
        version is held for the institution's review before it is published."""
        from portal.institutions.importing import import_price_file

        import_held_figures(path, dry_run, reason, language, import_price_file,
                            lambda price: f"{price.national_code} {price.period.code} {price.item_name}")

    @importing.command("inspections")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--lang", "language", type=click.Choice(["en", "zh", "bo"]), default=None,
                  help="Language of error messages (default: from PORTAL_CLI_LANG or LANG).")
    def import_inspections_command(path: Path, language: str | None):
        """Validate and publish a CSV or XLSX file of random inspection results (all rows or none)."""
        from portal.cases.inspections import import_inspection_file

        with get_database().session() as session, open(path, "rb") as handle:
            try:
                result = import_inspection_file(session, handle, path.name)
            except ImportRejected as error:
                _report_import_errors(error, path, language or _cli_language())
                return
            session.commit()
        click.echo(f"Published {path.name}: {result.added} new, {result.replaced} replaced inspection rounds.")

    keys = AppGroup("keys", help="The bureau's recovery key.")
    app.cli.add_command(keys)

    @keys.command("init-recovery")
    @click.option("--private-key-out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help="Where to write the private key, once, for offline keeping.")
    def init_recovery_command(private_key_out: Path):
        """Create the bureau's recovery key pair; every report key is also wrapped to it."""
        if private_key_out.exists():
            _fail(f"{private_key_out} exists; choose a new file")
        public_file = create_recovery_key(current_app, private_key_out)
        click.echo(f"Private key written to {private_key_out}: move it offline now (USB key in a safe).")
        click.echo(f"Public key written to {public_file}.")

    @keys.command("grant")
    @click.argument("username")
    @click.option("--recovery-key", "recovery_key_file", required=True,
                  type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="The bureau's recovery private key (PEM), brought from offline storage.")
    def grant_command(username: str, recovery_key_file: Path):
        """Give a staff member the report keys their role and region entitle them to."""
        from sqlalchemy import select

        from portal import envelope
        from portal.reports.services import grant_with_recovery
        from portal.staff.models import StaffUser

        private = envelope.load_recovery_private_key(recovery_key_file.read_bytes())
        with get_database().session() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == username))
            if user is None:
                _fail(f"no staff user {username}")
            count = grant_with_recovery(session, private, user)
            _audit_cli(session, "keys.grant", "staff_user", user.id, {"granted": count})
        click.echo(f"Granted {count} report key(s) to {username}.")

    audit = AppGroup("audit", help="The hash-chained audit log.")
    app.cli.add_command(audit)

    @audit.command("verify")
    @click.option("--expected-head", default=None,
                  help="Hex hash of the last entry as recorded outside the database, to detect truncation.")
    def audit_verify_command(expected_head: str | None):
        """Walk the whole chain; report the first broken link."""
        from portal.audit.chain import format_result, verify

        with get_database().session() as session:
            result = verify(session, expected_head=expected_head)
        click.echo(format_result(result))
        if not result.ok:
            sys.exit(1)

    reports = AppGroup("reports", help="Reports.")
    app.cli.add_command(reports)

    @reports.command("verify-receipt")
    @click.argument("token")
    def verify_receipt_command(token: str):
        """Check a reporter's proof of submission against this server's signing key."""
        from portal import envelope

        public = envelope.signing_public_key(current_app.config["RECEIPT_SIGNING_KEY"])
        try:
            receipt = envelope.verify_receipt(public, token)
        except (envelope.EnvelopeError, ValueError):
            _fail("the proof is NOT valid for this server's key")
        click.echo(f"Valid proof: report digest {receipt.digest.hex()} submitted at {receipt.submitted_at}.")

    @reports.command("sweep")
    def sweep_command():
        """Remove expired sessions and sealed files no report or observation refers to."""
        from datetime import timedelta

        from portal import keysessions
        from portal.sealed_files import sweep_orphans

        with get_database().session() as session:
            expired = keysessions.sweep(session)
            orphans = sweep_orphans(session, Path(current_app.config["UPLOAD_FOLDER"]),
                                           timedelta(hours=1))
        click.echo(f"Removed {expired} expired session(s) and {orphans} orphaned file(s).")

    @app.cli.command("compress-static")
    def compress_static_command():
        """Write .gz and .br copies beside every text static file, for nginx's gzip_static and
        brotli_static (run once per release, after installing)."""
        from portal.static_files import compress_static

        written = compress_static(Path(current_app.static_folder))
        click.echo(f"{written} compressed copies written in {current_app.static_folder}.")

    @app.cli.command("supervisor-terms")
    def supervisor_terms_command():
        """List social supervisors whose term ends within 30 days (for a daily reminder by cron)."""
        from datetime import datetime

        from portal.supervisors.services import terms_ending
        from portal.workdays import BEIJING

        with get_database().session() as session:
            due = terms_ending(session, datetime.now(BEIJING).date())
            for person in due:
                click.echo(f"{person.term_end.isoformat()}  {person.region.code}  {person.certificate_number}  "
                           f"{person.name}")
            click.echo(f"{len(due)} term(s) end within 30 days: renew or let them end at /staff/<lang>/supervisors.")

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", "roles", multiple=True, required=True,
                  type=click.Choice([role.value for role in Role]), help="Repeat for several roles.")
    @click.option("--region", "region_code", required=True, help="Region code of the user's scope.")
    @click.option("--name", "display_name", default="", help="Display name.")
    @click.option("--institution", "institution_code", default="",
                  help="National code of the institution an `institution` account speaks for.")
    @click.password_option(help="Prompted for when not given.")
    def create_user_command(username, roles, region_code, display_name, institution_code, password):
        """Create a staff account (its key pair is sealed under the password)."""
        from portal.staff.services import StaffError, create_user

        with get_database().session() as session:
            try:
                user = create_user(session, username=username, display_name=display_name,
                                   password=password, roles={Role(role) for role in roles},
                                   region_code=region_code, institution_code=institution_code)
            except StaffError as error:
                _fail(error.message.render(lambda s: s))
            _audit_cli(session, "user.create", "staff_user", user.id,
                       {"roles": sorted(roles), "region": region_code})
            click.echo(f"Created {user.username} ({', '.join(sorted(roles))}) for region {region_code}.")


def main() -> None:
    from portal import create_app

    FlaskGroup(create_app=create_app, add_version_option=False, load_dotenv=False,
               help="Medical-insurance fund supervision portal.")(prog_name="portal")
