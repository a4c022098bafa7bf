"""Back office for 12345 work orders: operators enter them, case officers handle them."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from portal.db import get_session
from portal.hotline.forms import OrderForm
from portal.i18n import current_language
from portal.hotline.rules import (
    ACTION_TEXT,
    EVENT_TEXT,
    ORDER_STATE_TEXT,
    REQUEST_TYPE_TEXT,
    SATISFACTION_TEXT,
    OrderAction,
    OrderRefused,
    OrderState,
    RequestType,
    Satisfaction,
    allowed_actions,
)
from portal.hotline.services import (
    DuplicateOrder,
    OrderDraft,
    enter_order,
    order_in_scope,
    orders_in_scope,
    take_step,
    view_order,
)
from portal.regions.services import subtree
from portal.reports.routes import keyring
from portal.security import public_page
from portal.staff.models import Role
from portal.staff.routes import audit, requires_role, signed_in
from portal.violations import VIOLATION_TEXT, Violation
from portal.workdays import BEIJING

blueprint = Blueprint("hotline", __name__, template_folder="templates")


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store, private"
    return response


@blueprint.get("/staff/<lang>/hotline")
@signed_in
@requires_role(Role.HOTLINE_OPERATOR, Role.CASE_OFFICER)
def orders():
    state = request.args.get("state") or None
    if state is not None and state not in {s.value for s in OrderState}:
        abort(404)
    rows = orders_in_scope(get_session(), g.staff_user, OrderState(state) if state else None,
                           before_id=request.args.get("before", type=int))
    return render_template("hotline/orders.html", rows=rows, state=state, state_text=ORDER_STATE_TEXT,
                           type_text=REQUEST_TYPE_TEXT, states=list(OrderState),
                           may_enter=Role.HOTLINE_OPERATOR in g.staff_user.roles)


def _form() -> OrderForm:
    form = OrderForm()
    regions = subtree(get_session(), g.staff_user.region)
    form.region.choices = [SelectChoice("", _("Choose a region"))] + [
        SelectChoice(region.code, region.name(current_language())) for region in regions]
    form.request_type.choices = [(item.value, _(REQUEST_TYPE_TEXT[item])) for item in RequestType]
    form.category.choices = [SelectChoice("", _("Not a report"))] + [
        SelectChoice(item.value, _(VIOLATION_TEXT[item].title)) for item in Violation]
    if request.method == "GET":
        form.called_at.data = datetime.now(BEIJING).replace(second=0, microsecond=0, tzinfo=None)
    return form


@blueprint.route("/staff/<lang>/hotline/new", methods=["GET", "POST"])
@signed_in
@requires_role(Role.HOTLINE_OPERATOR)
def new():
    form = _form()
    error = None
    if form.validate_on_submit():
        draft = OrderDraft(
            order_number=form.order_number.data, called_at=form.called_at.data.replace(tzinfo=BEIJING),
            region_code=form.region.data, request_type=RequestType(form.request_type.data), matter=form.matter.data,
            place=form.place.data or "", caller_name=form.caller_name.data or "",
            caller_phone=form.caller_phone.data or "", confidential=form.confidential.data,
            no_reply=form.no_reply.data, category=Violation(form.category.data) if form.category.data else None,
            institution=form.institution.data or "")
        try:
            entered = enter_order(get_session(), keyring(), g.staff_user, draft)
        except DuplicateOrder as duplicate:
            flash(duplicate.message.render(_))
            return redirect(url_for("hotline.order", order_id=duplicate.order_id))
        except OrderRefused as refused:
            get_session().rollback()
            error = refused.message.render(_)
        else:
            return _no_store(Response(render_template("hotline/entered.html", order=entered.order, code=entered.code,
                                                      type_text=REQUEST_TYPE_TEXT)))
    status = 400 if form.is_submitted() else 200
    return render_template("hotline/new.html", form=form, error=error), status


def _order_page(found, error: str | None = None, status: int = 200):
    view = view_order(found, g.staff_user, g.staff_key)
    audit("hotline.read" if view.readable else "hotline.status", "hotline_order", found.id)
    return render_template(
        "hotline/order.html", view=view, error=error, state_text=ORDER_STATE_TEXT, type_text=REQUEST_TYPE_TEXT,
        satisfaction_text=SATISFACTION_TEXT, satisfactions=list(Satisfaction),
        actions=allowed_actions(found.state) if Role.CASE_OFFICER in g.staff_user.roles and view.readable else (),
        Action=OrderAction, event_text=EVENT_TEXT, action_text=ACTION_TEXT), status


@blueprint.get("/staff/<lang>/hotline/<int:order_id>")
@signed_in
def order(order_id: int):
    found = order_in_scope(get_session(), g.staff_user, order_id) or abort(404)
    return _order_page(found)


@blueprint.post("/staff/<lang>/hotline/<int:order_id>/step")
@signed_in
@requires_role(Role.CASE_OFFICER)
def step(order_id: int):
    found = order_in_scope(get_session(), g.staff_user, order_id) or abort(404)
    action = request.form.get("action")
    if action not in {item.value for item in OrderAction}:
        abort(400)
    satisfaction = request.form.get("satisfaction")
    try:
        take_step(get_session(), g.staff_user, g.staff_key, found, OrderAction(action), request.form.get("text", ""),
                  Satisfaction(satisfaction) if satisfaction in {s.value for s in Satisfaction} else None)
    except OrderRefused as refused:
        get_session().rollback()
        return _order_page(found, refused.message.render(_), 400)
    return redirect(url_for("hotline.order", order_id=order_id))


@blueprint.get("/<lang>/hotline")
@public_page
def info():
    """For callers: what happens when a report is made through 12345."""
    return render_template("hotline/info.html")
