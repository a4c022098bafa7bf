"""Back office for held institution figures: the institution's own account reviews and
disputes them; the bureau's editors answer the disputes."""
from __future__ import annotations

from datetime import datetime, timezone
from functools import partial

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import get_session
from portal.institutions.disputes import (
    DisputeRefused,
    answer_dispute,
    figures_in_review,
    file_dispute,
    open_disputes,
    review_of,
)
from portal.funds.routes import period_label
from portal.i18n import current_language
from portal.institutions.importing import import_cost_file, import_price_file, import_register_file
from portal.institutions.review import MAX_TEXT_LENGTH, REVIEW_STATE_TEXT, ReviewState
from portal.staff.models import Role
from portal.security import accepts_uploads
from portal.staff.routes import requires_role, signed_in
from portal.staff.uploads import UPLOAD_LIMIT_KEY, upload_page
from portal.text import N_, Message

blueprint = Blueprint("institutions_staff", __name__, template_folder="templates")


def _figures_page(error: tuple[str, int, str] | None = None):
    """The institution's figures in review; `error` is (kind, figure id, message) of a refused dispute."""
    session, now = get_session(), datetime.now(timezone.utc)
    return render_template(
        "institutions/staff_figures.html", costs=figures_in_review(session, g.staff_user, "cost", now),
        prices=figures_in_review(session, g.staff_user, "price", now), error=error,
        state_text=REVIEW_STATE_TEXT, open_state=ReviewState.IN_REVIEW, max_length=MAX_TEXT_LENGTH,
    ), 400 if error else 200


@blueprint.get("/staff/<lang>/institution/figures")
@signed_in
@requires_role(Role.INSTITUTION)
def figures():
    return _figures_page()


@blueprint.post("/staff/<lang>/institution/figures/<kind>/<int:figure_id>/dispute")
@signed_in
@requires_role(Role.INSTITUTION)
def dispute(kind: str, figure_id: int):
    try:
        file_dispute(get_session(), g.staff_user, kind, figure_id, request.form.get("comment", ""),
                     datetime.now(timezone.utc))
    except DisputeRefused as refused:
        get_session().rollback()
        return _figures_page((kind, figure_id, refused.message))
    return redirect(url_for("institutions_staff.figures", _anchor=f"{kind}-{figure_id}"))


def _disputes_page(error: tuple[int, str] | None = None):
    session, now = get_session(), datetime.now(timezone.utc)
    rows = []
    for found in open_disputes(session, g.staff_user):
        kind = "cost" if found.cost_report_id is not None else "price"
        rows.append(review_of(kind, found.cost_report or found.purchase_price, found, now))
    return render_template("institutions/staff_disputes.html", rows=rows, error=error, state_text=REVIEW_STATE_TEXT,
                           max_length=MAX_TEXT_LENGTH), 400 if error else 200


@blueprint.get("/staff/<lang>/institutions/disputes")
@signed_in
@requires_role(Role.EDITOR)
def disputes():
    return _disputes_page()


@blueprint.post("/staff/<lang>/institutions/disputes/<int:dispute_id>")
@signed_in
@requires_role(Role.EDITOR)
def answer(dispute_id: int):
    decision = request.form.get("decision")
    try:
        if decision not in ("upheld", "stands"):
            raise DisputeRefused(Message(N_("Choose whether the dispute is upheld or the figures stand.")))
        answer_dispute(get_session(), g.staff_user, dispute_id, decision == "upheld", request.form.get("answer", ""),
                       datetime.now(timezone.utc))
    except DisputeRefused as refused:
        get_session().rollback()
        return _disputes_page((dispute_id, refused.message))
    return redirect(url_for("institutions_staff.disputes"))


def _upload_kinds() -> dict:
    """Uploadable files: (title, import function, describe a corrected record, schema anchor, CLI command)."""
    review_days = current_app.config["INSTITUTION_REVIEW_DAYS"]
    return {
        "register": (_("Publish the register of designated institutions"), import_register_file,
                     lambda institution: f"{institution.national_code} {institution.name(current_language())}",
                     "institution-schema", "portal import institutions"),
        "costs": (_("Import institutions' cost reports"), partial(import_cost_file, review_days=review_days),
                  lambda report: f"{report.national_code} {period_label(report.period)}",
                  "cost-schema", "portal import costs"),
        "prices": (_("Import institutions' purchase prices"), partial(import_price_file, review_days=review_days),
                   lambda price: f"{price.national_code} {period_label(price.period)} {price.item_name}",
                   "price-schema", "portal import prices"),
    }


@blueprint.route("/staff/<lang>/institutions/import/<kind>", methods=["GET", "POST"])
@accepts_uploads(UPLOAD_LIMIT_KEY)
@signed_in
@requires_role(Role.EDITOR)
def upload(kind: str):
    found = _upload_kinds().get(kind) or abort(404)
    title, import_function, describe, anchor, command = found
    return upload_page(title=title, import_function=import_function, describe=describe,
                       schema_url=url_for("api.index", _anchor=anchor), cli_command=command)
