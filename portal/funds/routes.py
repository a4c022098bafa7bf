"""Public fund pages: overview, a region's trend, comparison of regions, version history."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from portal.db import get_session
from portal.funds import charts
from portal.funds.figures import (
    FUND_TYPE_TEXT,
    PERIOD_KIND_TEXT,
    FundType,
    Period,
    PeriodKind,
)
from portal.funds.services import (
    FundFilter,
    annual_years,
    corrected_figures,
    figures,
    funds_of_region,
    periods_of,
    regions_with_figures,
    versions,
)
from portal.i18n import current_language
from portal.regions.models import LEVEL_TEXT, RegionLevel
from portal.regions.services import region_by_code
from portal.query import enum_arg
from portal.security import public_page
from portal.tabular import CellError

blueprint = Blueprint("funds", __name__, template_folder="templates")

MEASURES = ("months_covered", "income", "expenditure", "cumulative_balance")


def period_label(period: Period) -> str:
    if period.kind is PeriodKind.QUARTER:
        return _("%(year)d Q%(quarter)d", year=period.year, quarter=period.number)
    if period.kind is PeriodKind.MONTH:
        return _("%(year)d-%(month)02d", year=period.year, month=period.number)
    return _("Year %(year)d", year=period.year)


@blueprint.app_template_filter("period")
def _period_filter(period: Period) -> str:
    return period_label(period)


@blueprint.app_context_processor
def _fund_labels():
    return {"fund_type_text": lambda fund: _(FUND_TYPE_TEXT[FundType(fund)]),
            "fund_options": lambda: [(fund.value, _(FUND_TYPE_TEXT[fund])) for fund in FundType]}


def _period_arg(name: str = "period") -> Period | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return Period.parse(value)
    except CellError:
        abort(404)


def _chart_labels() -> dict:
    return {"income": _("Income"), "expenditure": _("Expenditure"),
            "cumulative_balance": _("Cumulative balance"), "unit": _("Ten thousand yuan")}


@blueprint.get("/<lang>/funds")
@public_page
def index():
    session = get_session()
    # One fund by default: a province's counties times eight funds is a page too long to read.
    fund_type = enum_arg("fund_type", FundType, FundType.RESIDENT) if request.args.get("fund_type") != "" else None
    years = annual_years(session, fund_type)
    year = request.args.get("year", type=int) or (years[0] if years else None)
    selection = FundFilter(fund_type=fund_type, period_kind=PeriodKind.YEAR, year=year)
    rows = figures(session, selection) if year else []
    return render_template("funds/index.html", rows=rows, year=year, fund_type=fund_type,
                           year_options=[(option, str(option)) for option in years],
                           download_args=selection.query_args(), regions=regions_with_figures(session))


@blueprint.get("/<lang>/funds/compare")
@public_page
def compare():
    session = get_session()
    fund_type = enum_arg("fund_type", FundType, FundType.RESIDENT)
    kind = enum_arg("period_kind", PeriodKind, PeriodKind.YEAR)
    available = periods_of(session, fund_type, kind)
    period = _period_arg() or (available[0] if available else None)
    if period is not None and period.kind is not kind:
        kind = period.kind
        available = periods_of(session, fund_type, kind)
    level = enum_arg("level", RegionLevel)
    measure = request.args.get("measure", MEASURES[0])
    if measure not in MEASURES:
        abort(404)
    selection = FundFilter(fund_type=fund_type, period=period, level=level)
    rows = figures(session, selection) if period else []
    measure_titles = {"months_covered": _("Months of expenditure the balance covers"),
                      "income": _("Income, ten thousand yuan"),
                      "expenditure": _("Expenditure, ten thousand yuan"),
                      "cumulative_balance": _("Cumulative balance, ten thousand yuan")}
    chart = charts.comparison(rows, measure, measure_titles[measure], current_language())
    return render_template("funds/compare.html", rows=rows, chart_spec=chart, fund_type=fund_type, period=period,
                           period_options=[(option.code, period_label(option)) for option in available],
                           level=level, level_options=[(option.value, _(LEVEL_TEXT[option]))
                                                       for option in RegionLevel],
                           measure=measure, measures=measure_titles,
                           measure_options=list(measure_titles.items()),
                           download_args=selection.query_args())


@blueprint.get("/<lang>/funds/<region_code>")
@public_page
def region(region_code: str):
    session = get_session()
    place = region_by_code(session, region_code) or abort(404)
    available = funds_of_region(session, place)
    fund_type = enum_arg("fund_type", FundType, next(iter(available), None))
    if available and fund_type not in available:
        abort(404)
    kinds = available.get(fund_type, set())
    kind = enum_arg("period_kind", PeriodKind, PeriodKind.YEAR if PeriodKind.YEAR in kinds or not kinds
                   else min(kinds))
    selection = FundFilter(region=place, fund_type=fund_type, period_kind=kind)
    rows = figures(session, selection) if fund_type else []
    chart = charts.trend(rows, period_label, _chart_labels(), current_language()) if rows else None
    return render_template("funds/region.html", place=place, rows=rows, chart_spec=chart, fund_type=fund_type,
                           kind=kind, available=available,
                           kind_options=[(option.value, _(PERIOD_KIND_TEXT[option]))
                                         for option in PeriodKind if option in kinds],
                           corrections=corrected_figures(session, place),
                           download_args=selection.query_args())


@blueprint.get("/<lang>/funds/<region_code>/<fund_type>/<period_code>")
@public_page
def history(region_code: str, fund_type: str, period_code: str):
    session = get_session()
    place = region_by_code(session, region_code) or abort(404)
    try:
        fund, period = FundType(fund_type), Period.parse(period_code)
    except (ValueError, CellError):
        abort(404)
    found = versions(session, place, fund, period) or abort(404)
    return render_template("funds/history.html", place=place, fund_type=fund, period=period, versions=found)

