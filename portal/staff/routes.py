"""Staff sign-in, enrolment of the second factor, password change, dashboard."""
from __future__ import annotations

from datetime import timedelta
from functools import wraps

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from sqlalchemy import select

from portal import keysessions
from portal.audit import chain
from portal.casework.workflow import OPEN_STATES
from portal.db import get_session
from portal.i18n import format_moment
from portal.keysessions import SessionKind
from portal.regions.services import subtree
from portal.reports.models import STATUS_TEXT
from portal.security import clear_key_cookie, rate_limited, set_key_cookie
from portal.staff import auth
from portal.staff.models import ROLE_LABELS, Role, StaffUser
from portal.staff.services import (
    StaffError,
    create_user,
    open_counts,
    reports_in_scope,
    update_user,
    users_in_scope,
)
from portal.text import N_, Message
from portal.violations import VIOLATION_TEXT

OUTCOME_LABELS = {
    "substantiated": N_("Substantiated"),
    "partly_substantiated": N_("Partly substantiated"),
    "not_substantiated": N_("Not substantiated"),
}

blueprint = Blueprint("staff", __name__, template_folder="templates", url_prefix="/staff")
COOKIE = "portal_staff"


def _idle() -> timedelta:
    return timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])


def signed_in(view):
    """Require a live staff session; the user's private key is then in g.staff_key."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        opened = keysessions.resume(get_session(), SessionKind.STAFF, request.cookies.get(COOKIE), _idle())
        user = get_session().get(StaffUser, opened.subject_id) if opened else None
        if user is None or not user.active:
            return redirect(url_for("staff.login", next=request.path))
        g.staff_user, g.staff_key = user, opened.secret
        return view(*args, **kwargs)

    return wrapper


def audit(action: str, subject_type: str, subject_id, details: dict | None = None, user=None) -> None:
    """Record and commit one audit entry for the signed-in (or given) staff member."""
    actor = user or g.staff_user
    chain.append(get_session(), actor_id=actor.id, actor_label=actor.username, action=action,
                 subject_type=subject_type, subject_id=subject_id, details=details or {})
    get_session().commit()


def _with_staff_session(response, checked: auth.PasswordChecked):
    audit("staff.sign_in", "staff_user", checked.user.id, user=checked.user)
    cookie = keysessions.start(get_session(), SessionKind.STAFF, checked.user.id, checked.private_key,
                               _idle(), timedelta(hours=current_app.config["STAFF_SESSION_HOURS"]))
    set_key_cookie(response, COOKIE, cookie, path="/staff/")
    return response


def _error(error: StaffError) -> str:
    if isinstance(error, auth.AccountLocked):
        return gettext("Too many failed sign-ins. Try again after %(time)s.", time=format_moment(error.until))
    return error.message.render(gettext)


@blueprint.route("/<lang>/login", methods=["GET", "POST"])
@rate_limited("STAFF_SIGN_IN_LIMIT", methods=["POST"])
def login():
    error = None
    if request.method == "POST":
        form = request.form
        try:
            checked = auth.sign_in(get_session(), form.get("username", ""), form.get("password", ""),
                                   form.get("code", ""), current_app.config["SECRET_KEY"])
        except StaffError as refused:
            error = _error(refused)
        else:
            if checked.user.totp_secret_sealed is None:
                session["enrol"] = {"user": checked.user.id, "secret": auth.new_totp_secret()}
                return redirect(url_for("staff.enrol"))
            target = request.args.get("next", "")
            response = redirect(target if target.startswith("/staff/") else url_for("staff.dashboard"))
            return _with_staff_session(response, checked)
    return render_template("staff/login.html", error=error), 400 if error else 200


@blueprint.route("/<lang>/enrol", methods=["GET", "POST"])
@rate_limited("STAFF_SIGN_IN_LIMIT", methods=["POST"])
def enrol():
    pending = session.get("enrol")
    if not pending:
        return redirect(url_for("staff.login"))
    user = get_session().get(StaffUser, pending["user"])
    error = None
    if request.method == "POST":
        try:
            checked = auth.check_password(get_session(), user.username, request.form.get("password", ""))
            codes = auth.complete_enrolment(get_session(), checked.user, pending["secret"],
                                            request.form.get("code", ""), current_app.config["SECRET_KEY"])
        except StaffError as refused:
            error = _error(refused)
        else:
            session.pop("enrol")
            # Password and a fresh code were just proven: sign in straight away.
            response = make_response(render_template("staff/recovery_codes.html", codes=codes))
            return _with_staff_session(response, checked)
    uri = auth.provisioning_uri(user, pending["secret"])
    return render_template("staff/enrol.html", user=user, secret=pending["secret"],
                           qr=segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
                           error=error), 400 if error else 200


@blueprint.post("/<lang>/logout")
def logout():
    keysessions.end(get_session(), request.cookies.get(COOKIE))
    response = redirect(url_for("staff.login"))
    clear_key_cookie(response, COOKIE, path="/staff/")
    return response


@blueprint.route("/<lang>/password", methods=["GET", "POST"])
@signed_in
def password():
    error = done = None
    if request.method == "POST":
        try:
            auth.change_password(get_session(), g.staff_user, request.form.get("current", ""),
                                 request.form.get("new", ""))
        except StaffError as refused:
            error = _error(refused)
        else:
            keysessions.end_all(get_session(), SessionKind.STAFF, g.staff_user.id)
            done = True
    return render_template("staff/password.html", error=error, done=done), 400 if error else 200


@blueprint.get("/<lang>/")
@signed_in
def dashboard():
    from datetime import datetime

    from portal.calendar.services import load_calendar
    from portal.workdays import BEIJING

    from portal.reports.services import REPORT_QUEUE_ROLES

    if not g.staff_user.roles & REPORT_QUEUE_ROLES:
        # Editors, operators and supervisors have no need to know which reports exist.
        return render_template("staff/home.html", role_names=[gettext(ROLE_LABELS[role])
                                                              for role in sorted(g.staff_user.roles)])
    locator = "".join((request.args.get("locator") or "").split())
    if locator:  # find a report by its locator (unique index); outside the scope it answers 404
        return redirect(url_for("staff.report", locator=locator[:10]))
    status = request.args.get("status") or None
    queue = request.args.get("queue") or None
    before = request.args.get("before", type=int)
    today = datetime.now(BEIJING).date()
    # "Due soon": within three working days; where the calendar stops, count calendar days.
    calendar = load_calendar(get_session())
    soon_until = calendar.due_or_none(today, 3) or today + timedelta(days=5)
    from portal.regions.services import region_by_code

    region = region_by_code(get_session(), request.args.get("region", "")) if request.args.get("region") else None
    page = reports_in_scope(get_session(), g.staff_user, status=status, before_id=before, queue=queue,
                            today=today, soon_until=soon_until, within=region)
    counts, queues = open_counts(get_session(), g.staff_user, today, soon_until)
    return render_template("staff/dashboard.html", page=page, counts=counts, queues=queues,
                           queue=queue, status=status, status_text=STATUS_TEXT, violations=VIOLATION_TEXT,
                           regions=subtree(get_session(), g.staff_user.region), region=region,
                           open_states=OPEN_STATES)


def requires_role(*roles: Role):
    """Forbidden (403) unless the signed-in user holds at least one of `roles`."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not g.staff_user.roles & set(roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def _region_options(admin: StaffUser) -> list:
    return subtree(get_session(), admin.region)


def _roles_from(form) -> set[Role]:
    return {Role(value) for value in form.getlist("roles") if value in {r.value for r in Role}}


@blueprint.route("/<lang>/users", methods=["GET", "POST"])
@signed_in
@requires_role(Role.ADMIN)
def users():
    error = None
    if request.method == "POST":
        form = request.form
        try:
            create_user(get_session(), username=form.get("username", "").strip(),
                        display_name=form.get("display_name", "").strip(), password=form.get("password", ""),
                        roles=_roles_from(form), region_code=form.get("region", ""), within=g.staff_user.region,
                        institution_code=form.get("institution_code", ""))
        except StaffError as refused:
            get_session().rollback()
            error = _error(refused)
        else:
            created = get_session().scalar(select(StaffUser).where(StaffUser.username == form.get("username", "").strip()))
            audit("user.create", "staff_user", created.id,
                  {"roles": sorted(r.value for r in created.roles), "region": created.region.code,
                   "institution": created.institution_code})
            return redirect(url_for("staff.users"))
    return render_template("staff/users.html", users=users_in_scope(get_session(), g.staff_user),
                           regions=_region_options(g.staff_user), roles=list(Role), role_labels=ROLE_LABELS,
                           error=error), \
        400 if error else 200


@blueprint.route("/<lang>/users/<int:user_id>", methods=["GET", "POST"])
@signed_in
@requires_role(Role.ADMIN)
def user_detail(user_id: int):
    user = get_session().get(StaffUser, user_id)
    if user is None or not user.region.path.startswith(g.staff_user.region.path):
        abort(404)
    error = None
    if request.method == "POST":
        try:
            update_user(get_session(), g.staff_user, user, active=request.form.get("active") == "y",
                        roles=_roles_from(request.form), region_code=request.form.get("region", ""),
                        institution_code=request.form.get("institution_code", ""))
        except StaffError as refused:
            get_session().rollback()
            error = _error(refused)
        else:
            audit("user.update", "staff_user", user.id, {"active": user.active, "region": user.region.code,
                                                         "roles": sorted(r.value for r in user.roles),
                                                         "institution": user.institution_code})
            if not user.active:
                keysessions.end_all(get_session(), SessionKind.STAFF, user.id)
            return redirect(url_for("staff.users"))
    return render_template("staff/user.html", user=user, regions=_region_options(g.staff_user),
                           roles=list(Role), role_labels=ROLE_LABELS, error=error), 400 if error else 200


@blueprint.route("/<lang>/reports/<locator>", methods=["GET", "POST"])
@signed_in
def report(locator: str):
    from portal.reports import services as report_services
    from portal.reports.models import Author
    from portal.reports.routes import keyring

    found = report_services.report_in_scope(get_session(), g.staff_user, locator)
    if found is None:
        abort(404)  # outside the region looks the same as absent
    try:
        data_key = report_services.open_as_staff(found, g.staff_user, g.staff_key)
    except report_services.KeyNotHeld:
        audit("report.read_refused", "report", found.id, {"reason": "key not held"})
        return render_template("staff/report_locked.html", report=found), 403
    if request.method == "POST":
        text = (request.form.get("message") or "").strip()
        if text:
            report_services.add_message(get_session(), keyring(), found, data_key, Author.BUREAU, text)
            audit("report.reply", "report", found.id)
        return redirect(url_for("staff.report", locator=locator))
    return _report_page(found, data_key)


def _report_page(found, data_key, error: str | None = None, status: int = 200):
    from portal.casework import workflow
    from portal.casework.disclosure import read_identity
    from portal.casework.services import ACTION_LABELS, event_note
    from portal.reports import services as report_services

    view = report_services.reporter_view(found, data_key)
    audit("report.read", "report", found.id)
    identity = read_identity(get_session(), found, g.staff_user, g.staff_key) if found.real_name else None
    history = [(event, event_note(found, data_key, event)) for event in found.events]
    actions = [action for action in ACTION_LABELS if action in workflow.allowed_actions(found.status)]
    return render_template("staff/report.html", report=found, view=view, status_text=STATUS_TEXT,
                           violation=VIOLATION_TEXT[found.category], history=history, actions=actions,
                           action_labels=ACTION_LABELS, outcomes=list(workflow.Outcome),
                           outcome_labels=OUTCOME_LABELS, regions=subtree(get_session(), _root(g.staff_user.region)),
                           identity=identity, colleagues=report_services.colleagues_without_key(get_session(), found),
                           error=error), status


def _opened_report(locator: str):
    """(report, data key) for a POST on a report: 404 outside the scope, 403 without the key."""
    from portal.reports import services as report_services

    found = report_services.report_in_scope(get_session(), g.staff_user, locator)
    if found is None:
        abort(404)
    try:
        return found, report_services.open_as_staff(found, g.staff_user, g.staff_key)
    except report_services.KeyNotHeld:
        abort(403)


def _root(region):
    while region.parent is not None:
        region = region.parent
    return region


@blueprint.post("/<lang>/reports/<locator>/step")
@signed_in
def report_step(locator: str):
    from portal.casework import workflow
    from portal.casework.services import take_step
    from portal.reports.routes import keyring

    found, data_key = _opened_report(locator)
    form = request.form
    try:
        action = workflow.Action(form.get("action", ""))
        transfer = None
        if action is workflow.Action.TRANSFER:
            kind = workflow.TransferKind(form.get("transfer_kind", "other_region"))
            transfer = workflow.TransferTarget(kind, form.get("transfer_region" if kind is workflow.TransferKind.OTHER_REGION
                                                              else "transfer_department", "").strip())
        step = workflow.ActionRequest(
            action, reason=(form.get("note") or "").strip() or None,
            outcome=workflow.Outcome(form["outcome"]) if form.get("outcome") else None,
            transfer_to=transfer, extension_days=form.get("extension_days", type=int))
        take_step(get_session(), keyring(), found, g.staff_user, g.staff_key, step, note=form.get("note", ""),
                  message=form.get("message", ""), merge_into_locator=form.get("merge_into", ""))
    except ValueError as refused:  # IllegalTransition, or a value outside the enums
        message = getattr(refused, "message", None)
        error = message.render(gettext) if message is not None else gettext("This step is not possible.")
        return _report_page(found, data_key, error=error, status=400)
    if found.region.path.startswith(g.staff_user.region.path):
        return redirect(url_for("staff.report", locator=locator))
    return redirect(url_for("staff.dashboard"))  # transferred out of this officer's region


@blueprint.route("/<lang>/calendar", methods=["GET", "POST"])
@signed_in
@requires_role(Role.ADMIN)
def calendar():
    from datetime import date

    from portal.calendar import services as calendar_services
    from portal.calendar.models import CalendarOverride, CalendarYear

    error = None
    if request.method == "POST":
        form = request.form
        try:
            if form.get("kind") == "year":
                year = form.get("year", type=int)
                if not year:
                    raise ValueError
                calendar_services.declare_year(get_session(), g.staff_user, year, form.get("source", ""))
                details = {"year": year}
            else:
                day = date.fromisoformat(form.get("day", ""))
                is_workday = form.get("is_workday") == "y"
                calendar_services.set_day(get_session(), g.staff_user, day, is_workday, form.get("note", ""))
                details = {"day": day.isoformat(), "workday": is_workday}
            get_session().flush()
            updated = calendar_services.refresh_pending_due_dates(get_session(), calendar_services.load_calendar(get_session()))
            audit("calendar.change", "calendar", details.get("year") or details["day"], {**details, "due_dates_filled": updated})
            return redirect(url_for("staff.calendar"))
        except calendar_services.CalendarError as refused:
            get_session().rollback()
            error = refused.message.render(gettext)
        except ValueError:
            get_session().rollback()
            error = gettext("Enter a valid date (YYYY-MM-DD) or year.")
    overrides = list(get_session().scalars(select(CalendarOverride).order_by(CalendarOverride.day.desc()).limit(200)))
    years = list(get_session().scalars(select(CalendarYear).order_by(CalendarYear.year)))
    return render_template("staff/calendar.html", overrides=overrides, years=years, error=error), 400 if error else 200


@blueprint.post("/<lang>/reports/<locator>/identity-request")
@signed_in
def identity_request(locator: str):
    from portal.casework.disclosure import DisclosureError, request_identity

    found, data_key = _opened_report(locator)
    try:
        request_identity(get_session(), found, g.staff_user, g.staff_key, request.form.get("reason", ""))
    except DisclosureError as refused:
        get_session().rollback()
        return _report_page(found, data_key, error=refused.message.render(gettext), status=400)
    return redirect(url_for("staff.report", locator=locator))


@blueprint.route("/<lang>/disclosures", methods=["GET", "POST"])
@signed_in
@requires_role(Role.IDENTITY_CUSTODIAN)
def disclosures():
    from portal.casework.disclosure import (
        DisclosureError,
        decide,
        pending_for,
        reason_of,
    )
    from portal.reports import services as report_services

    error = None
    if request.method == "POST":
        chosen = next((d for d in pending_for(get_session(), g.staff_user)
                       if d.id == request.form.get("disclosure", type=int)), None)
        try:
            if chosen is None:
                abort(404)
            decide(get_session(), chosen, g.staff_user, g.staff_key, approve=request.form.get("decision") == "approve")
        except (DisclosureError, report_services.KeyNotHeld) as refused:
            get_session().rollback()
            error = refused.message.render(gettext) if hasattr(refused, "message") else \
                gettext("You do not hold this report's identity key.")
        else:
            return redirect(url_for("staff.disclosures"))
    rows = []
    for disclosure in pending_for(get_session(), g.staff_user):
        try:
            data_key = report_services.open_as_staff(disclosure.report, g.staff_user, g.staff_key)
            reason = reason_of(disclosure, data_key)
        except report_services.KeyNotHeld:
            reason = None
        rows.append((disclosure, reason))
    return render_template("staff/disclosures.html", rows=rows, error=error), 400 if error else 200


@blueprint.post("/<lang>/reports/<locator>/grant")
@signed_in
def report_grant(locator: str):
    from portal.reports import services as report_services

    found, data_key = _opened_report(locator)
    colleague = get_session().get(StaffUser, request.form.get("colleague", type=int) or 0)
    try:
        if colleague is None:
            raise report_services.ReportError(Message(N_("This colleague cannot be given this report.")))
        report_services.grant_to_colleague(get_session(), found, g.staff_user, g.staff_key, colleague)
    except report_services.ReportError as refused:
        get_session().rollback()
        return _report_page(found, data_key, error=refused.message.render(gettext), status=400)
    audit("report.grant", "report", found.id, {"to": colleague.id})
    return redirect(url_for("staff.report", locator=locator))
