"""Editors write typical cases, and a second editor reviews them before they go on line."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from portal.cases.content import content_warnings
from portal.cases.editorial import (
    EDITORIAL_ACTION_TEXT,
    EDITORIAL_EVENT_TEXT,
    EDITORIAL_STATE_TEXT,
    EditorialAction,
    EditorialRefused,
    EditorialState,
    allowed_actions,
)
from portal.cases.forms import CaseForm, StepForm
from portal.cases.models import TypicalCase
from portal.cases.services import (
    CaseRefused,
    Editor,
    cases_for_editor,
    create_case,
    in_scope,
    pending_revision,
    save_revision,
    state_counts,
    take_step,
)
from portal.db import get_session
from portal.i18n import current_language, render_message
from portal.regions.services import subtree
from portal.staff.models import Role
from portal.staff.routes import requires_role, signed_in

blueprint = Blueprint("cases_staff", __name__, template_folder="templates")
EDITABLE_STATES = (EditorialState.DRAFT, EditorialState.CORRECTION_DRAFT)

@blueprint.context_processor
def _editorial_labels():
    return {"editorial_state_text": EDITORIAL_STATE_TEXT, "editorial_action_text": EDITORIAL_ACTION_TEXT,
            "editorial_event_text": EDITORIAL_EVENT_TEXT, "editorial_states": list(EDITORIAL_STATE_TEXT.items())}


def _editor() -> Editor:
    user = g.staff_user
    return Editor(id=user.id, label=user.username, is_editor=Role.EDITOR in user.roles, scope_path=user.region.path)


def _case_in_scope(case_id: int) -> TypicalCase:
    case = get_session().get(TypicalCase, case_id)
    if case is None or not in_scope(_editor(), case.region):
        abort(404)  # outside the scope, a case does not exist
    return case


def _form() -> CaseForm:
    form = CaseForm()
    form.fill_choices(subtree(get_session(), g.staff_user.region), current_language())
    return form


def _now() -> datetime:
    return datetime.now(timezone.utc)


@blueprint.get("/staff/<lang>/cases")
@signed_in
@requires_role(Role.EDITOR)
def queue():
    state = request.args.get("state") or None
    if state is not None and state not in {item.value for item in EditorialState}:
        abort(404)
    editor = _editor()
    session = get_session()
    return render_template("cases/staff_queue.html", rows=cases_for_editor(session, editor,
                                                                          EditorialState(state) if state else None),
                           counts=state_counts(session, editor), state=state)


@blueprint.route("/staff/<lang>/cases/new", methods=["GET", "POST"])
@signed_in
@requires_role(Role.EDITOR)
def new():
    form = _form()
    if form.validate_on_submit():
        session = get_session()
        try:
            case = create_case(session, _editor(), form.content(), _now())
        except CaseRefused as refused:
            session.rollback()
            _show_refusal(form, refused)
        else:
            session.commit()
            return redirect(url_for("cases_staff.edit", case_id=case.id))
    return render_template("cases/staff_edit.html", form=form, case=None, warnings=[]), 400 if form.errors else 200


def _show_refusal(form: CaseForm, refused: CaseRefused) -> None:
    for name, message in refused.messages:
        field = getattr(form, name, None) or form.region_code
        field.errors = [*field.errors, render_message(message)]


def _shown_revision(case: TypicalCase):
    return pending_revision(case) or next(row for row in case.revisions if row.number == case.published_number)


def _edit_page(case: TypicalCase, form: CaseForm, status: int = 200, step_form: StepForm | None = None,
               step_error: str | None = None):
    revision = _shown_revision(case)
    return render_template("cases/staff_edit.html", form=form, case=case, revision=revision,
                           editable=case.state in EDITABLE_STATES, warnings=content_warnings(revision.content()),
                           step_form=step_form or StepForm(), step_error=step_error,
                           actions=sorted(allowed_actions(case.state), key=list(EditorialAction).index),
                           saved=request.args.get("saved")), status


@blueprint.route("/staff/<lang>/cases/<int:case_id>", methods=["GET", "POST"])
@signed_in
@requires_role(Role.EDITOR)
def edit(case_id: int):
    session = get_session()
    case = _case_in_scope(case_id)
    form = _form()
    if request.method == "GET":
        form.fill_from(_shown_revision(case).content())
        return _edit_page(case, form)
    if case.state not in EDITABLE_STATES:
        abort(409)
    if not form.validate_on_submit():
        return _edit_page(case, form, 400)
    try:
        save_revision(session, case, _editor(), form.content(), _now())
    except CaseRefused as refused:
        session.rollback()
        _show_refusal(form, refused)
        return _edit_page(_case_in_scope(case_id), form, 400)
    session.commit()
    return redirect(url_for("cases_staff.edit", case_id=case.id, saved=1))


@blueprint.post("/staff/<lang>/cases/<int:case_id>/step")
@signed_in
@requires_role(Role.EDITOR)
def step(case_id: int):
    session = get_session()
    case = _case_in_scope(case_id)
    form = StepForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        action = EditorialAction(form.action.data)
    except ValueError:
        abort(400)
    text = (form.text.data or "").strip() or None
    try:
        take_step(session, case, _editor(), action, _now(), comment=text, note=text, reason=text)
    except EditorialRefused as refused:
        session.rollback()
        case = _case_in_scope(case_id)
        view_form = _form()
        view_form.fill_from(_shown_revision(case).content())
        return _edit_page(case, view_form, 409, form, render_message(refused.message))
    session.commit()
    return redirect(url_for("cases_staff.edit", case_id=case.id))
