"""Social supervisors: the public roster, the bureau's roster pages, supervisors' observations."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import get_session
from portal.regions.services import subtree
from portal.reports import attachments
from portal.reports.models import STATUS_TEXT as REPORT_STATUS_TEXT
from portal.reports.routes import UPLOAD_LIMIT, keyring
from portal.security import accepts_uploads, public_page
from portal.staff.models import Role
from portal.staff.routes import audit, requires_role, signed_in
from portal.supervisors import services
from portal.supervisors.rules import (
    CATEGORY_TEXT,
    OBSERVATION_TYPE_TEXT,
    SELECTION_TEXT,
    STATUS_TEXT,
    Category,
    ObservationType,
    RosterRefused,
    Selection,
    reminder_due,
    status_on,
)
from portal.text import N_, Message
from portal.violations import VIOLATION_TEXT, Violation
from portal.workdays import BEIJING

blueprint = Blueprint("supervisors", __name__, template_folder="templates")


def _today() -> date:
    return datetime.now(BEIJING).date()


@blueprint.app_context_processor
def _labels():
    return {"category_text": lambda value: _(CATEGORY_TEXT[Category(value)]),
            "observation_type_text": lambda value: _(OBSERVATION_TYPE_TEXT[ObservationType(value)])}


@blueprint.get("/<lang>/supervisors")
@public_page
def roster():
    today = _today()
    return render_template("supervisors/roster.html", supervisors=services.public_roster(get_session(), today),
                           notices=services.open_notices(get_session(), today),
                           statistics=services.public_statistics(get_session(), [today.year - 2, today.year - 1,
                                                                                 today.year]))


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.form.get(name, ""))
    except ValueError:
        return None


def _roster_page(error: str | None = None, status: int = 200):
    today = _today()
    people = services.roster(get_session(), g.staff_user)
    return render_template("supervisors/staff_roster.html", people=people, today=today, error=error,
                           status_of=lambda person: status_on(person.term, today),
                           reminder=lambda person: reminder_due(person.term, today), status_text=STATUS_TEXT,
                           categories=list(Category), selections=list(Selection), selection_text=SELECTION_TEXT,
                           regions=subtree(get_session(), g.staff_user.region)), status


@blueprint.route("/staff/<lang>/supervisors", methods=["GET", "POST"])
@signed_in
@requires_role(Role.ADMIN)
def staff_roster():
    if request.method == "GET":
        return _roster_page()
    form = request.form
    try:
        start = _date("term_start")
        if start is None or form.get("category") not in set(Category) or form.get("selection") not in set(Selection):
            raise RosterRefused(Message(N_("Fill in every field of the appointment.")))
        services.appoint(get_session(), keyring(), g.staff_user, services.SupervisorDraft(
            name=form.get("name", ""), category=Category(form["category"]), selection=Selection(form["selection"]),
            region_code=form.get("region", ""), appointing_bureau=form.get("appointing_bureau", ""),
            certificate_number=form.get("certificate_number", ""), term_start=start, term_end=_date("term_end"),
            consent_to_publish=form.get("consent") == "y", contact=form.get("contact", ""),
            account_username=form.get("account", "")))
    except RosterRefused as refused:
        get_session().rollback()
        return _roster_page(refused.message.render(_), 400)
    return redirect(url_for("supervisors.staff_roster"))


@blueprint.post("/staff/<lang>/supervisors/notices")
@signed_in
@requires_role(Role.ADMIN)
def notice():
    form = request.form
    try:
        published, closes = _date("published_on"), _date("closes_on")
        if published is None or closes is None:
            raise RosterRefused(Message(N_("Give the dates of the notice.")))
        services.publish_notice(get_session(), g.staff_user, form.get("region", ""), form.get("title_zh", ""),
                                form.get("body_zh", ""), published, closes, form.get("title_bo", ""),
                                form.get("body_bo", ""), form.get("title_en", ""), form.get("body_en", ""))
    except RosterRefused as refused:
        get_session().rollback()
        return _roster_page(refused.message.render(_), 400)
    return redirect(url_for("supervisors.staff_roster"))


@blueprint.route("/staff/<lang>/supervisors/<int:supervisor_id>", methods=["GET", "POST"])
@signed_in
@requires_role(Role.ADMIN)
def staff_supervisor(supervisor_id: int):
    person = services.supervisor_in_scope(get_session(), g.staff_user, supervisor_id) or abort(404)
    error = None
    if request.method == "POST":
        try:
            if request.form.get("action") == "renew":
                services.renew(get_session(), g.staff_user, person, _today())
            elif request.form.get("action") == "terminate":
                services.terminate(get_session(), g.staff_user, person, _today(), request.form.get("reason", ""))
            else:
                abort(400)
        except RosterRefused as refused:
            get_session().rollback()
            error = refused.message.render(_)
        else:
            return redirect(url_for("supervisors.staff_supervisor", supervisor_id=supervisor_id))
    contact = services.contact_of(get_session(), person, g.staff_user, g.staff_key)
    if contact is not None:
        audit("supervisor.contact_read", "supervisor", person.id)
    today = _today()
    return render_template("supervisors/staff_supervisor.html", person=person, contact=contact, error=error,
                           status=status_on(person.term, today), status_text=STATUS_TEXT,
                           selection_text=SELECTION_TEXT), 400 if error else 200


ASSESSMENT_COLUMNS = ("certificate_number", "name", "category", "region_code", "term_start", "term_end", "year",
                      "observations", "clues", "clues_escalated", "clues_substantiated", "inspections_joined")


def _assessment_rows(year: int) -> list[dict]:
    return [{"certificate_number": person.certificate_number, "name": person.name, "category": person.category.value,
             "region_code": person.region.code, "term_start": person.term_start.isoformat(),
             "term_end": person.term_end.isoformat(), "year": year, "observations": result.observations,
             "clues": result.clues, "clues_escalated": result.escalated, "clues_substantiated": result.substantiated,
             "inspections_joined": result.inspections_joined}
            for person, result in services.assessments(get_session(), g.staff_user, year)]


@blueprint.get("/staff/<lang>/supervisors/assessment")
@signed_in
@requires_role(Role.ADMIN)
def assessment():
    year = request.args.get("year", type=int) or _today().year
    return render_template("supervisors/assessment.html", rows=_assessment_rows(year), year=year)


@blueprint.get("/staff/<lang>/supervisors/assessment.csv")
@signed_in
@requires_role(Role.ADMIN)
def assessment_csv():
    year = request.args.get("year", type=int) or _today().year
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ASSESSMENT_COLUMNS)
    writer.writeheader()
    writer.writerows(_assessment_rows(year))
    audit("supervisor.assessment_export", "supervisor", "all", {"year": year})
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename=supervisor-assessment-{year}.csv"
    response.headers["Cache-Control"] = "no-store, private"
    return response


# --- observations ---------------------------------------------------------------------------

def _observations_page(error: str | None = None, status: int = 200):
    return render_template("supervisors/observations.html",
                           rows=services.observations_for(get_session(), g.staff_user), error=error,
                           types=list(ObservationType), may_log=Role.SUPERVISOR in g.staff_user.roles,
                           today=_today()), status


@blueprint.route("/staff/<lang>/observations", methods=["GET", "POST"])
@accepts_uploads(UPLOAD_LIMIT)
@signed_in
@requires_role(Role.SUPERVISOR, Role.CASE_OFFICER)
def observations():
    if request.method == "GET":
        return _observations_page()
    if Role.SUPERVISOR not in g.staff_user.roles:
        abort(403)
    form = request.form
    try:
        observed = _date("observed_on")
        if observed is None or form.get("type") not in set(ObservationType):
            raise RosterRefused(Message(N_("Give the date and the type of the observation.")))
        files = attachments.clean_uploads(request.files.getlist("evidence"))
        created = services.log_observation(get_session(), keyring(), g.staff_user, services.ObservationDraft(
            observed, ObservationType(form["type"]), form.get("description", ""),
            institution_code=form.get("institution_code", ""), department=form.get("department", ""),
            files=files), _today())
    except attachments.AttachmentRejected as rejected:
        return _observations_page(rejected.message.render(_), 400)
    except RosterRefused as refused:
        get_session().rollback()
        return _observations_page(refused.message.render(_), 400)
    return redirect(url_for("supervisors.observation", observation_id=created.id))


def _observation_page(found, error: str | None = None, status: int = 200):
    view = services.view_observation(get_session(), found, g.staff_user, g.staff_key)
    audit("observation.read", "observation", found.id)
    return render_template("supervisors/observation.html", view=view, error=error,
                           violations=[(item.value, _(VIOLATION_TEXT[item].title)) for item in Violation],
                           is_author=found.supervisor.staff_user_id == g.staff_user.id,
                           is_officer=Role.CASE_OFFICER in g.staff_user.roles,
                           report_status_text={state.value: label for state, (label, _line) in REPORT_STATUS_TEXT.items()}), status


@blueprint.route("/staff/<lang>/observations/<int:observation_id>", methods=["GET", "POST"])
@signed_in
@requires_role(Role.SUPERVISOR, Role.CASE_OFFICER)
def observation(observation_id: int):
    found = services.observation_for(get_session(), g.staff_user, observation_id) or abort(404)
    if request.method == "POST":
        try:
            if request.form.get("action") == "feedback":
                services.give_feedback(get_session(), g.staff_user, g.staff_key, found, request.form.get("text", ""))
            elif request.form.get("action") == "escalate":
                category = request.form.get("category")
                if category not in set(Violation):
                    raise RosterRefused(Message(N_("Choose what kind of fraud the clue is about.")))
                services.escalate(get_session(), keyring(), g.staff_user, g.staff_key, found, Violation(category),
                                  request.form.get("institution", ""), _today())
            else:
                abort(400)
        except RosterRefused as refused:
            get_session().rollback()
            return _observation_page(found, refused.message.render(_), 400)
        return redirect(url_for("supervisors.observation", observation_id=observation_id))
    return _observation_page(found)


@blueprint.get("/staff/<lang>/observations/<int:observation_id>/files/<int:attachment_id>")
@signed_in
@requires_role(Role.SUPERVISOR, Role.CASE_OFFICER)
def observation_file(observation_id: int, attachment_id: int):
    found = services.observation_for(get_session(), g.staff_user, observation_id) or abort(404)
    try:
        meta, content = services.read_observation_file(get_session(), keyring(), found, g.staff_user, g.staff_key,
                                                       attachment_id)
    except LookupError:
        abort(404)
    audit("observation.file_read", "observation", found.id)
    response = Response(content, mimetype=meta["type"])
    response.headers["Content-Disposition"] = "attachment; filename=observation" + meta["name"][meta["name"].rfind("."):]
    response.headers["Cache-Control"] = "no-store, private"
    return response
