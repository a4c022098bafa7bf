"""The report desk: thin views over portal.reports.services."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from wtforms.fields.choices import SelectChoice

from portal import keysessions
from portal.casework.workflow import ClockRules
from portal.db import get_session
from portal.i18n import current_language, format_moment
from portal.keysessions import SessionKind
from portal.regions.services import provinces
from portal.reports import attachments, services
from portal.reports.forms import DETAIL_FIELDS, ReportForm
from portal.reports.models import STATUS_TEXT, Author, Report
from portal.security import (
    accepts_uploads,
    clear_key_cookie,
    public_page,
    rate_limited,
    set_key_cookie,
)
from portal.violations import VIOLATION_TEXT, Violation
from portal.workdays import bureau_date

blueprint = Blueprint("reports", __name__, template_folder="templates")

COOKIE = "portal_reporter"
UPLOAD_LIMIT = attachments.MAX_TOTAL_BYTES + 1024 * 1024


def keyring() -> services.Keyring:
    config = current_app.config
    return services.Keyring(
        pepper=config["CODE_PEPPER"],
        receipt_signing_key=config["RECEIPT_SIGNING_KEY"],
        recovery_public_key=config["RECOVERY_PUBLIC_KEY"],
        upload_folder=Path(config["UPLOAD_FOLDER"]),
        rules=ClockRules(acceptance_days=config["REPORT_ACCEPTANCE_WORKING_DAYS"]),
    )


def _idle() -> timedelta:
    return timedelta(minutes=current_app.config["REPORTER_SESSION_MINUTES"])


def _region_choices(lang: str) -> list[SelectChoice]:
    """Every region, grouped by province; a report may name a city or a county."""
    choices = [SelectChoice("", gettext("Choose a region"))]
    for province in provinces(get_session()):
        group = province.name(lang)
        choices.append(SelectChoice(province.code, province.name(lang), optgroup=group))
        for city in province.children:
            choices.append(SelectChoice(city.code, city.name(lang), optgroup=group))
            choices += [SelectChoice(county.code, f"{city.name(lang)} › {county.name(lang)}", optgroup=group)
                        for county in city.children]
    return choices


def _form() -> ReportForm:
    form = ReportForm()
    form.region.choices = _region_choices(current_language())
    form.category.choices = [SelectChoice(v.value, gettext(VIOLATION_TEXT[v].title)) for v in Violation]
    return form


def _chosen_labels(form: ReportForm) -> dict[str, str]:
    labels = {}
    for name in ("region", "category"):
        chosen = next((c for c in form[name].choices if c.value == form[name].data), None)
        labels[name] = chosen.label if chosen else ""
    return labels


def _draft(form: ReportForm) -> services.ReportDraft:
    identity = None
    if form.identity_choice.data == "real_name":
        identity = services.Identity(form.name.data.strip(), form.id_number.data.strip().upper(),
                                     form.phone.data.strip(), (form.address.data or "").strip())
    return services.ReportDraft(
        region_code=form.region.data, category=Violation(form.category.data),
        institution=form.institution.data.strip(), narrative=form.narrative.data.strip(),
        place=(form.place.data or "").strip(), period=(form.period.data or "").strip(),
        amount=form.amount.data if form.amount.data is None else Decimal(form.amount.data),
        identity=identity, reward_wanted=bool(form.reward_wanted.data),
    )


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store, private"
    return response


@blueprint.get("/<lang>/report")
@public_page
def start():
    return render_template("reports/start.html", violations=[(v, VIOLATION_TEXT[v]) for v in Violation])


@blueprint.route("/<lang>/report/new", methods=["GET", "POST"])
@rate_limited("REPORT_SUBMIT_LIMIT", methods=["POST"])
@accepts_uploads(UPLOAD_LIMIT)
def new():
    form = _form()
    if request.method == "GET":
        return render_template("reports/details.html", form=form)
    stage = form.stage.data
    if stage == "edit" or not form.validate_details():
        return render_template("reports/details.html", form=form), (200 if stage == "edit" else 400)
    if stage != "confirm":
        return render_template("reports/confirm.html", form=form, detail_fields=DETAIL_FIELDS,
                               notice=attachments.METADATA_NOTICE, chosen=_chosen_labels(form))
    errors = []
    if not form.confirm.data:
        errors.append(gettext("Tick the confirmation to send your report."))
    files = []
    try:
        files = attachments.clean_uploads(form.evidence.data)
    except attachments.AttachmentRejected as error:
        errors.append(error.message.render(gettext))
    if errors:
        return render_template("reports/confirm.html", form=form, detail_fields=DETAIL_FIELDS,
                               notice=attachments.METADATA_NOTICE, chosen=_chosen_labels(form),
                               errors=errors), 400
    submitted = services.submit_report(get_session(), keyring(), _draft(form), files)
    return _no_store(Response(render_template("reports/receipt.html", submitted=submitted)))


@blueprint.post("/<lang>/report/receipt.txt")
def receipt_download():
    """The receipt as a text file: the code and proof the reporter just saw, nothing looked up."""
    from portal import envelope
    from portal.reports.tracking import CodeFormatError, parse_code

    try:
        code = parse_code(request.form.get("code", ""))
        proof = envelope.verify_receipt(envelope.signing_public_key(current_app.config["RECEIPT_SIGNING_KEY"]),
                                        request.form.get("proof", ""))
    except (CodeFormatError, envelope.EnvelopeError, ValueError):
        abort(400)
    body = render_template("reports/receipt.txt", code=code, token=request.form["proof"], receipt=proof)
    response = Response(body.replace("\n", "\r\n"), mimetype="text/plain")
    response.headers["Content-Disposition"] = "attachment; filename=report-receipt.txt"
    return _no_store(response)


@blueprint.route("/<lang>/report/check", methods=["GET", "POST"])
@rate_limited("REPORT_CODE_CHECK_LIMIT", methods=["POST"])
def check():
    error = None
    if request.method == "POST":
        try:
            report, data_key = services.open_with_code(get_session(), keyring(), request.form.get("code", ""))
        except services.CodeLocked as locked:
            error = gettext("Too many wrong tries: this tracking code is locked until %(time)s.",
                            time=format_moment(locked.until))
        except services.ReportError as refused:
            error = refused.message.render(gettext)
        else:
            cookie = keysessions.start(get_session(), SessionKind.REPORTER, report.id, data_key, _idle(),
                                       absolute=timedelta(hours=2))
            response = redirect(url_for("reports.change_code" if report.code_must_change else "reports.status"))
            set_key_cookie(response, COOKIE, cookie, path="/")
            return response
    return _no_store(Response(render_template("reports/check.html", error=error),
                              status=400 if error else 200))


def _reporter():
    opened = keysessions.resume(get_session(), SessionKind.REPORTER, request.cookies.get(COOKIE), _idle())
    if opened is None:
        flash(gettext("For your safety you were signed out. Enter your tracking code again."))
        return None
    report = get_session().get(Report, opened.subject_id)
    if report.code_must_change and request.endpoint != "reports.change_code":
        abort(redirect(url_for("reports.change_code")))  # a code read aloud is changed before anything else
    return report, opened.secret


@blueprint.route("/<lang>/report/new-code", methods=["GET", "POST"])
def change_code():
    opened = _reporter()
    if opened is None:
        return redirect(url_for("reports.check"))
    report, data_key = opened
    code = None
    if request.method == "POST" and report.code_must_change:
        code = services.rotate_code(get_session(), keyring(), report, data_key)
    elif not report.code_must_change:
        return redirect(url_for("reports.status"))
    return _no_store(Response(render_template("reports/new_code.html", code=code)))


@blueprint.get("/<lang>/report/status")
def status():
    opened = _reporter()
    if opened is None:
        return redirect(url_for("reports.check"))
    report, data_key = opened
    view = services.reporter_view(report, data_key)
    proof = services.proof_of_submission(keyring(), report, data_key)
    return _no_store(Response(render_template(
        "reports/status.html", view=view, proof=proof, violation=VIOLATION_TEXT[view.category], status_text=STATUS_TEXT,
        notice=attachments.METADATA_NOTICE, reward=_reward_view(report))))


def _reward_view(report):
    """The reward as the reporter sees it: nothing while the bureau is still deciding."""
    from portal.rewards import services as rewards
    from portal.rewards.rules import RewardState, state_on

    reward = rewards.reward_of(get_session(), report)
    if reward is None or reward.state in (RewardState.PROPOSED, RewardState.RETURNED):
        return None
    return {"state": state_on(reward.state, reward.claim_deadline, bureau_date(datetime.now(timezone.utc))).value,
            "amount": reward.amount, "deadline": reward.claim_deadline, "paid_on": reward.paid_on}


@blueprint.post("/<lang>/report/reward")
@rate_limited("REPORT_SUBMIT_LIMIT")
def reward_claim():
    """Claim (payee details into the identity envelope) or decline the reward."""
    from portal.rewards import services as rewards
    from portal.rewards.rules import RewardRefused

    opened = _reporter()
    if opened is None:
        return redirect(url_for("reports.check"))
    report, _data_key = opened
    form = request.form
    try:
        if form.get("decision") == "decline":
            rewards.decline(get_session(), report)
            flash(gettext("You declined the reward. Thank you for your report."))
        else:
            rewards.claim(get_session(), keyring(), report, rewards.Payee(
                form.get("payee_name", ""), form.get("payee_id_number", ""), form.get("payee_phone", ""),
                form.get("payee_bank", ""), form.get("payee_account", "")))
            flash(gettext("Your claim was received. The bureau pays by bank transfer; the payment will show here."))
    except RewardRefused as refused:
        get_session().rollback()
        flash(refused.message.render(gettext), "error")
    return redirect(url_for("reports.status", _anchor="reward"))


@blueprint.post("/<lang>/report/status/message")
@rate_limited("REPORT_SUBMIT_LIMIT")
@accepts_uploads(UPLOAD_LIMIT)
def send_message():
    opened = _reporter()
    if opened is None:
        return redirect(url_for("reports.check"))
    report, data_key = opened
    text = (request.form.get("message") or "").strip()
    try:
        files = attachments.clean_uploads(request.files.getlist("evidence"))
    except attachments.AttachmentRejected as error:
        flash(error.message.render(gettext), "error")
        return redirect(url_for("reports.status"))
    if not text and not files:
        flash(gettext("Write a message or choose a file to send."), "error")
    elif len(text) > 8000:
        flash(gettext("A message may be at most 8,000 characters."), "error")
    else:
        services.add_message(get_session(), keyring(), report, data_key, Author.REPORTER, text, files)
        flash(gettext("Your message was sent to the bureau."))
    return redirect(url_for("reports.status"))


@blueprint.get("/<lang>/report/attachment/<int:attachment_id>")
def attachment(attachment_id: int):
    opened = _reporter()
    if opened is None:
        return redirect(url_for("reports.check"))
    report, data_key = opened
    try:
        view, data = services.read_attachment(keyring(), report, data_key, attachment_id)
    except LookupError:
        abort(404)
    response = Response(data, mimetype=view.media_type)
    response.headers["Content-Disposition"] = "attachment; filename=evidence" + _extension(view.media_type)
    return _no_store(response)


def _extension(media_type: str) -> str:
    return {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}.get(
        media_type, ".bin")


@blueprint.post("/<lang>/report/sign-out")
def sign_out():
    keysessions.end(get_session(), request.cookies.get(COOKIE))
    response = redirect(url_for("reports.check"))
    clear_key_cookie(response, COOKIE, path="/")
    return response
