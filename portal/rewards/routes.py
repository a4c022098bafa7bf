"""Rewards: the public page (rules, cases open for claims, totals paid) and the back office
(propose, decide, pay, report)."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import get_session
from portal.reports import services as report_services
from portal.rewards import services
from portal.rewards.rules import (
    CONDITION_TEXT,
    EXCLUSION_TEXT,
    NATIONAL_MAXIMUM,
    NATIONAL_MINIMUM,
    STATE_TEXT,
    Case,
    Condition,
    Exclusion,
    Grade,
    RewardRefused,
    RuleError,
    state_on,
)
from portal.security import public_page
from portal.staff.models import Role
from portal.staff.routes import audit, requires_role, signed_in
from portal.text import N_, Message
from portal.workdays import bureau_date

blueprint = Blueprint("rewards", __name__, template_folder="templates")


def _rule_sets():
    return services.load_rule_sets(Path(current_app.config["REWARD_RULE_SETS_FILE"]), get_session())


def _today() -> date:
    return bureau_date(datetime.now(timezone.utc))


@blueprint.get("/<lang>/rewards")
@public_page
def index():
    return render_template("rewards/index.html", notices=services.open_for_claims(get_session(), _today()),
                           totals=services.public_totals(get_session()), minimum=NATIONAL_MINIMUM,
                           maximum=NATIONAL_MAXIMUM, conditions=[CONDITION_TEXT[item] for item in Condition],
                           exclusions=[EXCLUSION_TEXT[item] for item in Exclusion])


@blueprint.get("/staff/<lang>/rewards")
@signed_in
@requires_role(Role.CASE_OFFICER, Role.IDENTITY_CUSTODIAN)
def staff_index():
    today = _today()
    return render_template("rewards/staff_index.html", rewards=services.rewards_in_scope(get_session(), g.staff_user),
                           state_text=STATE_TEXT, state_of=lambda reward: state_on(reward.state, reward.claim_deadline,
                                                                                   today),
                           rule_sets=_rule_sets())


def _case_from(form) -> Case:
    try:
        amount = Decimal(form.get("verified_amount", "").replace(",", ""))
    except InvalidOperation:
        raise RewardRefused(Message(N_("Write the verified amount in yuan, e.g. 125000.00."))) from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise RewardRefused(Message(N_("Write the verified amount in yuan, e.g. 125000.00.")))
    grade = form.get("grade") or None
    return Case(verified_amount=amount,
                conditions=frozenset(Condition(value) for value in form.getlist("conditions") if value in set(Condition)),
                exclusions=frozenset(Exclusion(value) for value in form.getlist("exclusions") if value in set(Exclusion)),
                grade=Grade(grade) if grade in set(Grade) else None, insider=form.get("insider") == "y",
                first_reporter=form.get("first_reporter") == "y")


@blueprint.route("/staff/<lang>/rewards/propose/<locator>", methods=["GET", "POST"])
@signed_in
@requires_role(Role.CASE_OFFICER)
def propose(locator: str):
    report = report_services.report_in_scope(get_session(), g.staff_user, locator) or abort(404)
    error = None
    if request.method == "POST":
        try:
            reward = services.propose(get_session(), g.staff_user, report, _rule_sets(), request.form.get("rule_set", ""),
                                      _case_from(request.form))
        except (RewardRefused, RuleError) as refused:
            get_session().rollback()
            error = refused.message.render(_)
        else:
            return redirect(url_for("rewards.staff_reward", reward_id=reward.id))
    return render_template("rewards/propose.html", report=report, rule_sets=_rule_sets(), error=error,
                           conditions=list(Condition), condition_text=CONDITION_TEXT, exclusions=list(Exclusion),
                           exclusion_text=EXCLUSION_TEXT, grades=list(Grade)), 400 if error else 200


@blueprint.route("/staff/<lang>/rewards/<int:reward_id>", methods=["GET", "POST"])
@signed_in
@requires_role(Role.CASE_OFFICER, Role.IDENTITY_CUSTODIAN)
def staff_reward(reward_id: int):
    reward = services.reward_in_scope(get_session(), g.staff_user, reward_id) or abort(404)
    error = None
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action in ("approve", "return"):
                services.decide(get_session(), g.staff_user, reward.id, _rule_sets(), action == "approve",
                                request.form.get("reason", ""))
            elif action == "pay":
                try:
                    paid_on = date.fromisoformat(request.form.get("paid_on", ""))
                except ValueError:
                    raise RewardRefused(Message(N_("Give the date of the payment."))) from None
                services.record_payment(get_session(), g.staff_user, reward.id, request.form.get("reference", ""),
                                        paid_on)
            else:
                abort(400)
        except RewardRefused as refused:
            get_session().rollback()
            error = refused.message.render(_)
        else:
            return redirect(url_for("rewards.staff_reward", reward_id=reward.id))
    payee = services.payee_of(get_session(), reward, g.staff_user, g.staff_key)
    if payee is not None:
        audit("reward.payee_read", "reward", reward.id)
    return render_template("rewards/staff_reward.html", reward=reward, payee=payee, error=error,
                           trace=services.trace_of(reward), state_text=STATE_TEXT,
                           state=state_on(reward.state, reward.claim_deadline, _today()),
                           is_checker=Role.IDENTITY_CUSTODIAN in g.staff_user.roles,
                           today=_today()), 400 if error else 200


def _period_rows(year: int) -> list:
    return services.period_report(get_session(), g.staff_user, year, _today())


@blueprint.get("/staff/<lang>/rewards/report")
@signed_in
@requires_role(Role.CASE_OFFICER, Role.IDENTITY_CUSTODIAN)
def period():
    year = request.args.get("year", type=int) or _today().year
    return render_template("rewards/period.html", rows=_period_rows(year), year=year)


@blueprint.get("/staff/<lang>/rewards/report.csv")
@signed_in
@requires_role(Role.CASE_OFFICER, Role.IDENTITY_CUSTODIAN)
def period_csv():
    year = request.args.get("year", type=int) or _today().year
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["year", "region_code", "decided", "decided_total", "claimed", "paid", "paid_total", "declined",
                     "lapsed"])
    for row in _period_rows(year):
        writer.writerow([year, row.region, row.decided, row.decided_total, row.claimed, row.paid, row.paid_total,
                         row.declined, row.lapsed])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename=rewards-{year}.csv"
    response.headers["Cache-Control"] = "no-store, private"
    return response


@blueprint.route("/staff/<lang>/rewards/rules", methods=["GET", "POST"])
@signed_in
@requires_role(Role.ADMIN)
def rule_sets():
    """The rule sets in force; administrators add one (percentages by grade or tiers, floor,
    cap, insider uplift, first reporter only, claim window)."""
    error = None
    if request.method == "POST":
        form = request.form
        data = {"code": form.get("code", "").strip(), "name": form.get("name", "").strip(),
                "source": form.get("source", "").strip(), "floor": form.get("floor") or "0",
                "cap": form.get("cap") or None, "insider_uplift": form.get("insider_uplift") or "0",
                "first_reporter_only": form.get("first_reporter_only") == "y",
                "claim_working_days": form.get("claim_working_days") or "30"}
        if form.get("method") == "grades":
            data["grades"] = {grade.value: {"rate": form.get(f"rate_{grade.value}") or "0",
                                            "floor": form.get(f"floor_{grade.value}") or "0"} for grade in Grade}
        else:
            data["tiers"] = [{"up_to": form.get(f"up_to_{index}") or None, "rate": form.get(f"tier_rate_{index}")}
                             for index in range(3) if form.get(f"tier_rate_{index}")]
        try:
            if not data["code"] or not data["name"] or not data["source"]:
                raise RewardRefused(Message(N_("Give the rule set a code, a name and its source.")))
            services.add_rule_set(get_session(), g.staff_user, _rule_sets(), data)
        except (RewardRefused, RuleError) as refused:
            get_session().rollback()
            error = refused.message.render(_)
        else:
            return redirect(url_for("rewards.rule_sets"))
    return render_template("rewards/rule_sets.html", rule_sets=_rule_sets(), error=error, grades=list(Grade),
                           minimum=NATIONAL_MINIMUM, maximum=NATIONAL_MAXIMUM), 400 if error else 200
