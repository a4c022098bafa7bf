"""Public pages of the register of designated institutions."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from portal.db import get_session
from portal.i18n import current_language
from portal.institutions.columns import (
    AGREEMENT_STATUS_TEXT,
    INSTITUTION_LEVEL_TEXT,
    OWNERSHIP_TEXT,
    AgreementStatus,
    InstitutionLevel,
)
from portal.institutions.kinds import INSTITUTION_TYPE_TEXT, InstitutionType
from portal.institutions.services import (
    RegisterFilter,
    count_register,
    held_cost_reports,
    public_cost_reports,
    register_page,
    register_versions,
)
from portal.regions.services import all_regions, region_by_code
from portal.security import public_page

blueprint = Blueprint("institutions", __name__, template_folder="templates")


@blueprint.app_context_processor
def _register_labels():
    return {"level_text": lambda value: _(INSTITUTION_LEVEL_TEXT[InstitutionLevel(value)]),
            "ownership_text": lambda value: _(OWNERSHIP_TEXT[value]),
            "agreement_text": lambda value: _(AGREEMENT_STATUS_TEXT[AgreementStatus(value)])}


def _choice(name: str, enum_class):
    value = request.args.get(name)
    if not value:
        return None
    try:
        return enum_class(value)
    except ValueError:
        abort(404)


def register_filter() -> RegisterFilter:
    region = None
    if request.args.get("region"):
        region = region_by_code(get_session(), request.args["region"]) or abort(404)
    return RegisterFilter(region=region, type=_choice("type", InstitutionType), level=_choice("level", InstitutionLevel),
                          agreement_status=_choice("agreement_status", AgreementStatus),
                          query=(request.args.get("q") or "").strip()[:200])


@blueprint.get("/<lang>/institutions")
@public_page
def index():
    session = get_session()
    selection = register_filter()
    page = register_page(session, selection, after=request.args.get("after") or None)
    language = current_language()
    return render_template(
        "institutions/index.html", page=page, selection=selection, args=selection.query_args(),
        total=count_register(session, selection),
        region_options=[(place.code, place.name(language)) for place in all_regions(session)],
        type_options=[(item.value, _(INSTITUTION_TYPE_TEXT[item])) for item in InstitutionType],
        level_options=[(item.value, _(INSTITUTION_LEVEL_TEXT[item])) for item in InstitutionLevel],
        status_options=[(item.value, _(AGREEMENT_STATUS_TEXT[item])) for item in AgreementStatus])


@blueprint.get("/<lang>/institutions/<national_code>")
@public_page
def detail(national_code: str):
    session = get_session()
    versions = register_versions(session, national_code) or abort(404)
    now = datetime.now(timezone.utc)
    return render_template("institutions/detail.html", institution=versions[0], versions=versions,
                           costs=public_cost_reports(session, national_code, now),
                           held=held_cost_reports(session, national_code, now))
