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
from portal.institutions.disputes import reviews_of
from portal.institutions.services import (
    RegisterFilter,
    count_register,
    held_cost_reports,
    latest_prices,
    public_cost_reports,
    register_page,
    register_versions,
)
from portal.institutions import charts
from portal.funds.figures import PeriodKind
from portal.institutions.peers import describe
from portal.institutions.services import MONEY_MEASURES, PEER_MEASURES, latest_public_years, peer_comparison
from portal.institutions.services import ranking as ranked_group
from portal.regions.services import all_regions, region_by_code
from portal.query import enum_arg
from portal.security import public_page

blueprint = Blueprint("institutions", __name__, template_folder="templates")


@blueprint.app_context_processor
def _register_labels():
    return {"level_text": lambda value: _(INSTITUTION_LEVEL_TEXT[InstitutionLevel(value)]),
            "ownership_text": lambda value: _(OWNERSHIP_TEXT[value]),
            "agreement_text": lambda value: _(AGREEMENT_STATUS_TEXT[AgreementStatus(value)])}


def register_filter() -> RegisterFilter:
    region = None
    if request.args.get("region"):
        region = region_by_code(get_session(), request.args["region"]) or abort(404)
    return RegisterFilter(region=region, type=enum_arg("type", InstitutionType), level=enum_arg("level", InstitutionLevel),
                          agreement_status=enum_arg("agreement_status", AgreementStatus),
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
    institution = versions[0]
    now = datetime.now(timezone.utc)
    # Years and quarters in full; of months only the newest year (every period is in the open data).
    costs = [*public_cost_reports(session, national_code, now, PeriodKind.YEAR),
             *public_cost_reports(session, national_code, now, PeriodKind.QUARTER),
             *public_cost_reports(session, national_code, now, PeriodKind.MONTH, limit=12)]
    comparison = peer_comparison(session, institution, costs, now)
    words, chart = [], None
    if comparison is not None:
        words = [(measure, describe(_(PEER_MEASURES[measure]), getattr(comparison.report, measure),
                                    comparison.stats[measure]))
                 for measure in PEER_MEASURES if getattr(comparison.report, measure) is not None]
        chart = charts.share_ranges(comparison, _share_labels(), institution.name(current_language()),
                                    current_language())
    prices = latest_prices(session, national_code, now)
    reviews = {(review.kind, review.figure.id): review
               for kind, figures in (("cost", costs), ("price", prices)) for review in reviews_of(session, kind, figures, now)}
    return render_template("institutions/detail.html", institution=institution, versions=versions, costs=costs,
                           held=held_cost_reports(session, national_code, now), comparison=comparison,
                           prices=prices, reviews=reviews,
                           words=words, chart_spec=chart, peer_measures=PEER_MEASURES,
                           money_measures=MONEY_MEASURES)


def _share_labels() -> dict:
    return {"share_drugs": _("Drugs"), "share_consumables": _("Consumables"),
            "share_tests": _("Tests and examinations"), "share_services": _("Medical services"),
            "self_pay_share": _("Self-pay share"), "range": _("Lowest to highest of the peers"),
            "middle": _("Middle half of the peers"), "median": _("Median of the peers"),
            "unit": _("Per cent of the total medical cost")}


@blueprint.get("/<lang>/institutions/ranking")
@public_page
def ranking():
    """Institutions of one type (and grade) in one province ranked by one measure, for journalists."""
    session = get_session()
    now = datetime.now(timezone.utc)
    measure = request.args.get("measure", "share_drugs")
    if measure not in PEER_MEASURES:
        abort(404)
    type_ = enum_arg("type", InstitutionType) or InstitutionType.HOSPITAL
    level = enum_arg("level", InstitutionLevel)
    provinces = [place for place in all_regions(session) if place.parent_id is None]
    province = region_by_code(session, request.args.get("region") or provinces[0].code) if provinces else None
    if province is None or province.parent_id is not None:
        abort(404)
    years = latest_public_years(session, now)
    year = request.args.get("year", type=int) or (years[0] if years else None)
    found = None
    if year is not None:
        found = ranked_group(session, type_, level, province, year, measure, now,
                        offset=max(request.args.get("from", 1, type=int), 1) - 1)
    language = current_language()
    return render_template(
        "institutions/ranking.html", ranking=found, measure=measure, year=year, type_=type_, level=level,
        province=province, money=measure in MONEY_MEASURES,
        measure_options=[(key, _(label)) for key, label in PEER_MEASURES.items()],
        year_options=[(str(option), str(option)) for option in years],
        province_options=[(place.code, place.name(language)) for place in provinces],
        type_options=[(item.value, _(INSTITUTION_TYPE_TEXT[item])) for item in InstitutionType],
        level_options=[(item.value, _(INSTITUTION_LEVEL_TEXT[item])) for item in InstitutionLevel])
