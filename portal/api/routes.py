"""Open data: read-only JSON and CSV at stable, language-free URLs under /api/v1/,
described by openapi.json, and a page that explains them."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from sqlalchemy.orm import Session

from portal.cases.export import CSV_COLUMNS as CASE_CSV_COLUMNS
from portal.cases.export import csv_record as case_csv_record
from portal.cases.export import inspection_record
from portal.cases.export import json_record as case_json_record
from portal.cases.inspections import COLUMNS as INSPECTION_COLUMNS
from portal.cases.inspections import inspection_rounds
from portal.cases.services import (
    CaseFilter,
    all_published_cases,
    filter_from_args,
    parse_cursor,
    public_case,
    published_cases,
)
from portal.db import get_session
from portal.funds.export import EXPORT_COLUMNS, csv_record, json_record
from portal.funds.figures import COLUMNS as FUND_COLUMNS
from portal.funds.figures import FundType, Period, PeriodKind
from portal.funds.services import FundFilter, figures, stream_figures, versions
from portal.institutions.columns import (
    COST_COLUMNS,
    INSTITUTION_COLUMNS,
    PRICE_COLUMNS,
    AgreementStatus,
    InstitutionLevel,
)
from portal.institutions.export import COST_EXPORT_COLUMNS, PRICE_EXPORT_COLUMNS
from portal.institutions.export import EXPORT_COLUMNS as REGISTER_EXPORT_COLUMNS
from portal.institutions.export import cost_csv_record as cost_csv
from portal.institutions.export import cost_json_record as cost_json
from portal.institutions.export import csv_record as register_csv
from portal.institutions.export import json_record as register_json
from portal.institutions.export import price_csv_record, price_json_record
from portal.institutions.models import CostReport, PurchasePrice
from portal.institutions.kinds import InstitutionType
from portal.institutions.services import (
    FigureFilter,
    RegisterFilter,
    all_register_entries,
    register_page,
)
from portal.regions.models import Region, RegionLevel
from portal.regions.services import all_regions, region_by_code, subtree
from portal.security import public_page
from portal.tabular import CellError, json_schema

blueprint = Blueprint("api", __name__, template_folder="templates", url_prefix="")

OPENAPI_FILE = Path(__file__).with_name("openapi.json")
PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name, self.message = name, message


@blueprint.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter):
    return {"error": {"parameter": error.name, "message": error.message}}, 400


def _enum_arg(name: str, enum_class):
    value = request.args.get(name)
    if not value:
        return None
    try:
        return enum_class(value)
    except ValueError:
        raise BadParameter(name, f"one of {', '.join(member.value for member in enum_class)}") from None


def _int_arg(name: str, default: int | None = None, low: int = 0, high: int = 10**12) -> int | None:
    value = request.args.get(name)
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadParameter(name, f"a whole number from {low} to {high}")
    return int(value)


def _fund_filter() -> FundFilter:
    session = get_session()
    region = None
    if request.args.get("region"):
        region = region_by_code(session, request.args["region"])
        if region is None:
            raise BadParameter("region", "an administrative code listed by /api/v1/regions")
    period = None
    if request.args.get("period"):
        try:
            period = Period.parse(request.args["period"])
        except CellError:
            raise BadParameter("period", "2020, 2020-Q3 or 2020-07") from None
    subregions = request.args.get("include_subregions", "no")
    if subregions not in ("yes", "no"):
        raise BadParameter("include_subregions", "yes or no")
    return FundFilter(region=region, include_subregions=subregions == "yes",
                      fund_type=_enum_arg("fund_type", FundType),
                      period_kind=_enum_arg("period_kind", PeriodKind),
                      year=_int_arg("year", low=1990, high=2100), period=period,
                      level=_enum_arg("level", RegionLevel))


@blueprint.get("/<lang>/open-data")
@public_page
def index():
    return render_template("api/index.html", fund_columns=FUND_COLUMNS, inspection_columns=INSPECTION_COLUMNS,
                           institution_columns=INSTITUTION_COLUMNS, cost_columns=COST_COLUMNS,
                           price_columns=PRICE_COLUMNS, review_days=current_app.config["INSTITUTION_REVIEW_DAYS"])


@blueprint.get("/api/v1/openapi.json")
@public_page
def openapi():
    return Response(OPENAPI_FILE.read_bytes(), mimetype="application/json")


@blueprint.get("/api/v1/schemas/funds.json")
@public_page
def funds_schema():
    return {"name": "fund-figures", "format": ["csv", "xlsx"], "encoding": "utf-8 or gb18030",
            "fields": json_schema(FUND_COLUMNS),
            "derived_fields_in_downloads": [name for name in EXPORT_COLUMNS
                                            if name not in {column.name for column in FUND_COLUMNS}]}


@blueprint.get("/api/v1/regions")
@public_page
def regions():
    session = get_session()
    code = request.args.get("under")
    if code:
        root = region_by_code(session, code)
        if root is None:
            raise BadParameter("under", "an administrative code listed by /api/v1/regions")
        found = subtree(session, root)
    else:
        found = all_regions(session)
    return {"data": [_region_record(region) for region in found]}


def _region_record(region: Region) -> dict:
    # The parent's code is the path's second-last segment: no query per region.
    parent_code = region.path.strip("/").split("/")[-2] if region.parent_id is not None else None
    return {"code": region.code, "parent_code": parent_code,
            "level": region.level.value,
            "name": {"zh": region.name_zh, "bo": region.name_bo, "en": region.name_en}}


@blueprint.get("/api/v1/funds")
@public_page
def funds_json():
    selection = _fund_filter()
    limit = _int_arg("limit", PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    after = _int_arg("after")
    rows = figures(get_session(), selection, limit=limit + 1, after_id=after or 0)
    page, more = rows[:limit], len(rows) > limit
    next_url = None
    if more:
        args = {**request.args.to_dict(), "after": page[-1].id, "limit": limit}
        next_url = url_for("api.funds_json", _external=True, **args)
    return {
        "data": [json_record(figure) for figure in page],
        "sample_data_included": any(figure.sample_data for figure in page),
        "links": {"next": next_url, "csv": url_for("api.funds_csv", _external=True,
                                                    **{k: v for k, v in request.args.items()
                                                       if k not in ("after", "limit")})},
    }


@blueprint.get("/api/v1/funds.csv")
@public_page
def funds_csv():
    selection = _fund_filter()
    return _csv_download("fund-figures.csv", EXPORT_COLUMNS,
                         lambda session: (csv_record(figure) for figure in stream_figures(session, selection)))


def _csv_download(filename: str, columns, records: Callable[[Session], Iterable[dict]]) -> Response:
    """`records(session)` (dicts, produced lazily) streamed as CSV in constant memory.

    Flask tears the request's app context down (closing its session) when the view returns,
    before the server sends the body; stream_with_context pushes it again for the generator.
    The records must be read with a session taken inside the generator, which that second
    teardown closes: a session captured by the view would be reopened by the first query and
    never closed, holding a pooled connection idle in a transaction."""

    def chunks():
        session = get_session()
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        buffer.write("\ufeff")  # spreadsheets on Chinese Windows read UTF-8 only with a BOM
        writer.writeheader()
        for number, record in enumerate(records(session), start=1):
            writer.writerow(record)
            if number % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(stream_with_context(chunks()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blueprint.get("/api/v1/funds/<region_code>/<fund_type>/<period_code>/versions")
@public_page
def fund_versions(region_code: str, fund_type: str, period_code: str):
    session = get_session()
    region = region_by_code(session, region_code)
    try:
        fund, period = FundType(fund_type), Period.parse(period_code)
    except (ValueError, CellError):
        abort(404)
    found = versions(session, region, fund, period) if region else []
    if not found:
        abort(404)
    return {"data": [{**json_record(figure),
                      "superseded_at": figure.superseded_at.isoformat() if figure.superseded_at else None}
                     for figure in found]}



def _case_filter() -> CaseFilter:
    selection, problems = filter_from_args(get_session(), request.args)
    if problems:
        name, message = problems[0]
        raise BadParameter(name, message.render(lambda text: text))
    return selection


def _case_json(found) -> dict:
    return case_json_record(found.case, found.revision, found.corrections,
                            url_for("cases.detail", lang="zh", case_id=found.case.id, _external=True))


@blueprint.get("/api/v1/cases")
@public_page
def cases_json():
    selection = _case_filter()
    limit = _int_arg("limit", PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    after = request.args.get("after")
    cursor = parse_cursor(after)
    if after and cursor is None:
        raise BadParameter("after", "the cursor given in links.next")
    page = published_cases(get_session(), selection, cursor, limit)
    filters = {key: value for key, value in request.args.items() if key not in ("after", "limit")}
    return {
        "data": [_case_json(found) for found in page.rows],
        "sample_data_included": any(found.case.sample_data for found in page.rows),
        "links": {"next": url_for("api.cases_json", _external=True, **filters, after=page.next_after, limit=limit)
                  if page.next_after else None,
                  "csv": url_for("api.cases_csv", _external=True, **filters)},
    }


@blueprint.get("/api/v1/cases/<int:case_id>")
@public_page
def case_json(case_id: int):
    found = public_case(get_session(), case_id)
    if found is None:
        abort(404)
    return {"data": _case_json(found)}


@blueprint.get("/api/v1/cases.csv")
@public_page
def cases_csv():
    selection = _case_filter()
    return _csv_download("typical-cases.csv", CASE_CSV_COLUMNS,
                         lambda session: (case_csv_record(_case_json(found))
                                          for found in all_published_cases(session, selection)))


@blueprint.get("/api/v1/inspections")
@public_page
def inspections_json():
    region = None
    if request.args.get("region"):
        region = region_by_code(get_session(), request.args["region"])
        if region is None:
            raise BadParameter("region", "an administrative code listed by /api/v1/regions")
    rounds = inspection_rounds(get_session(), region)
    return {"data": [inspection_record(round_) for round_ in rounds],
            "sample_data_included": any(round_.sample_data for round_ in rounds)}


@blueprint.get("/api/v1/schemas/inspections.json")
@public_page
def inspections_schema():
    return {"name": "inspection-rounds", "format": ["csv", "xlsx"], "encoding": "utf-8 or gb18030",
            "fields": json_schema(INSPECTION_COLUMNS)}


def _register_filter() -> RegisterFilter:
    session = get_session()
    region = None
    if request.args.get("region"):
        region = region_by_code(session, request.args["region"])
        if region is None:
            raise BadParameter("region", "an administrative code listed by /api/v1/regions")
    return RegisterFilter(region=region, type=_enum_arg("type", InstitutionType),
                          level=_enum_arg("level", InstitutionLevel),
                          agreement_status=_enum_arg("agreement_status", AgreementStatus),
                          query=(request.args.get("q") or "").strip()[:200])


@blueprint.get("/api/v1/institutions")
@public_page
def institutions_json():
    selection = _register_filter()
    limit = _int_arg("limit", PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    page = register_page(get_session(), selection, request.args.get("after") or None, limit)
    filters = {key: value for key, value in request.args.items() if key not in ("after", "limit")}
    return {
        "data": [register_json(institution) for institution in page.rows],
        "sample_data_included": any(institution.sample_data for institution in page.rows),
        "links": {"next": url_for("api.institutions_json", _external=True, **filters, after=page.next_after,
                                  limit=limit) if page.next_after else None,
                  "csv": url_for("api.institutions_csv", _external=True, **filters)},
    }


@blueprint.get("/api/v1/institutions.csv")
@public_page
def institutions_csv():
    selection = _register_filter()
    return _csv_download("designated-institutions.csv", REGISTER_EXPORT_COLUMNS,
                         lambda session: (register_csv(institution)
                                          for institution in all_register_entries(session, selection)))


@blueprint.get("/api/v1/schemas/institutions.json")
@public_page
def institutions_schema():
    return {"name": "designated-institutions", "format": ["csv", "xlsx"], "encoding": "utf-8 or gb18030",
            "fields": json_schema(INSTITUTION_COLUMNS)}


def _figure_filter(model: type) -> FigureFilter:
    code = request.args.get("national_code") or None
    return FigureFilter(register=_register_filter(), national_code=code, year=_int_arg("year", low=1990, high=2100),
                        model=model)


def _figures_json(model: type, record: Callable, endpoint: str, csv_endpoint: str) -> dict:
    selection = _figure_filter(model)
    limit = _int_arg("limit", PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    rows = selection.rows(get_session(), datetime.now(timezone.utc), _int_arg("after") or 0, limit + 1)
    page, more = rows[:limit], len(rows) > limit
    filters = {key: value for key, value in request.args.items() if key not in ("after", "limit")}
    return {
        "data": [record(figure, institution, dispute) for figure, institution, dispute in page],
        "sample_data_included": any(figure.sample_data for figure, _institution, _dispute in page),
        "links": {"next": url_for(endpoint, _external=True, **filters, after=page[-1][0].id, limit=limit)
                  if more else None,
                  "csv": url_for(csv_endpoint, _external=True, **filters)},
    }


def _figures_csv(filename: str, model: type, columns: tuple[str, ...], record: Callable):
    selection = _figure_filter(model)
    now = datetime.now(timezone.utc)
    return _csv_download(filename, columns, lambda session: (record(*row) for row in selection.all_rows(session, now)))


@blueprint.get("/api/v1/costs")
@public_page
def costs_json():
    return _figures_json(CostReport, cost_json, "api.costs_json", "api.costs_csv")


@blueprint.get("/api/v1/costs.csv")
@public_page
def costs_csv():
    return _figures_csv("institution-costs.csv", CostReport, COST_EXPORT_COLUMNS, cost_csv)


@blueprint.get("/api/v1/prices")
@public_page
def prices_json():
    return _figures_json(PurchasePrice, price_json_record, "api.prices_json", "api.prices_csv")


@blueprint.get("/api/v1/prices.csv")
@public_page
def prices_csv():
    return _figures_csv("institution-purchase-prices.csv", PurchasePrice, PRICE_EXPORT_COLUMNS, price_csv_record)


@blueprint.get("/api/v1/schemas/prices.json")
@public_page
def prices_schema():
    return {"name": "institution-purchase-prices", "format": ["csv", "xlsx"], "encoding": "utf-8 or gb18030",
            "fields": json_schema(PRICE_COLUMNS)}


@blueprint.get("/api/v1/schemas/costs.json")
@public_page
def costs_schema():
    return {"name": "institution-costs", "format": ["csv", "xlsx"], "encoding": "utf-8 or gb18030",
            "fields": json_schema(COST_COLUMNS)}
