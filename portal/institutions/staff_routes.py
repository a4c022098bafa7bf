"""Back office for held institution figures: the institution's own account reviews and
disputes them; the bureau's editors answer the disputes."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, g, redirect, render_template, request, url_for

from portal.db import get_session
from portal.institutions.disputes import (
    DisputeRefused,
    answer_dispute,
    figures_in_review,
    file_dispute,
    open_disputes,
    review_of,
)
from portal.institutions.review import MAX_TEXT_LENGTH, REVIEW_STATE_TEXT, ReviewState
from portal.staff.models import Role
from portal.staff.routes import requires_role, signed_in
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
