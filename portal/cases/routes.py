"""Public pages of the typical cases: the list with filters and search, a permanent page per
case, the Atom feed, enforcement statistics and inspection results."""
from __future__ import annotations

from datetime import datetime, timezone

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _

from portal.cases import charts
from portal.cases.checks import LegalBasis
from portal.cases.content import (
    CASE_OUTCOME_TEXT,
    CLUE_SOURCE_TEXT,
    EXECUTION_STATUS_TEXT,
    HANDLING_TEXT,
    LEGAL_BASIS_TEXT,
    CaseOutcome,
)
from portal.cases.inspections import inspection_rounds
from portal.cases.services import (
    CaseFilter,
    case_statistics,
    case_years,
    count_cases,
    feed_cases,
    filter_from_args,
    parse_cursor,
    public_case,
    published_cases,
)
from portal.db import get_session
from portal.i18n import current_language, format_day, render_message
from portal.institutions.kinds import INSTITUTION_TYPE_TEXT, InstitutionType
from portal.regions.services import all_regions, region_by_code
from portal.security import public_page
from portal.violations import VIOLATION_TEXT, Violation
from portal.workdays import as_utc

blueprint = Blueprint("cases", __name__, template_folder="templates")


@blueprint.app_context_processor
def _case_labels():
    return {"violation_title": lambda value: _(VIOLATION_TEXT[Violation(value)].title),
            "institution_type_text": lambda value: _(INSTITUTION_TYPE_TEXT[InstitutionType(value)]),
            "clue_source_text": lambda value: _(CLUE_SOURCE_TEXT[value]),
            "handling_text": lambda value: _(HANDLING_TEXT[value]),
            "legal_basis_text": lambda value: _(LEGAL_BASIS_TEXT[LegalBasis(value)]),
            "execution_text": lambda value: _(EXECUTION_STATUS_TEXT[value]),
            "outcome_text": lambda value: _(CASE_OUTCOME_TEXT[CaseOutcome(value)])}


def case_filter() -> tuple[CaseFilter, list[str]]:
    selection, problems = filter_from_args(get_session(), request.args)
    return selection, [render_message(message) for _name, message in problems]


def _filter_options() -> dict:
    session = get_session()
    return {
        "region_options": [(place.code, place.name(current_language())) for place in all_regions(session)],
        "year_options": [(str(year), str(year)) for year in case_years(session)],
        "category_options": [(item.value, _(VIOLATION_TEXT[item].title)) for item in Violation],
        "type_options": [(item.value, _(INSTITUTION_TYPE_TEXT[item])) for item in InstitutionType],
        "outcome_options": [(item.value, _(CASE_OUTCOME_TEXT[item])) for item in CaseOutcome],
    }


@blueprint.get("/<lang>/cases")
@public_page
def index():
    selection, problems = case_filter()
    session = get_session()
    page = published_cases(session, selection, after=parse_cursor(request.args.get("after")))
    return render_template("cases/index.html", page=page, selection=selection, problems=problems,
                           total=count_cases(session, selection), args=selection.query_args(),
                           **_filter_options()), 400 if problems else 200


@blueprint.get("/<lang>/cases/<int:case_id>")
@public_page
def detail(case_id: int):
    found = public_case(get_session(), case_id) or abort(404)
    return render_template("cases/detail.html", found=found, case=found.case, revision=found.revision,
                           permalink=url_for("cases.detail", case_id=case_id, _external=True))


def _feed_title(selection: CaseFilter) -> str:
    parts = []
    if selection.region is not None:
        parts.append(selection.region.name(current_language()))
    if selection.category is not None:
        parts.append(_(VIOLATION_TEXT[selection.category].title))
    if selection.query:
        parts.append("“%s”" % selection.query)
    title = _("Typical cases")
    return f"{title}: {' · '.join(parts)}" if parts else title


@blueprint.get("/<lang>/cases/feed.atom")
@public_page
def feed():
    selection, _problems = case_filter()
    language = current_language()
    args = selection.query_args()
    generator = FeedGenerator()
    generator.id(url_for("cases.feed", _external=True, **args))
    generator.title(_feed_title(selection))
    generator.subtitle(_("Fraud cases exposed by the bureau, the penalties imposed and the results of inspections."))
    generator.link(href=url_for("cases.feed", _external=True, **args), rel="self", type="application/atom+xml")
    generator.link(href=url_for("cases.index", _external=True, **args), rel="alternate", type="text/html")
    generator.language({"zh": "zh-Hans"}.get(language, language))
    generator.author({"name": _("Medical Insurance Fund Supervision Portal")})
    entries = feed_cases(get_session(), selection)
    newest = max((found.case.updated_at for found in entries), default=None)
    generator.updated(as_utc(newest) if newest else datetime(2020, 1, 1, tzinfo=timezone.utc))
    for found in reversed(entries):  # feedgen prepends: add oldest first
        revision, case = found.revision, found.case
        entry = generator.add_entry()
        permalink = url_for("cases.detail", case_id=case.id, _external=True)
        entry.id(permalink)
        entry.link(href=permalink, rel="alternate", type="text/html")
        title = revision.text("title", language) or revision.title_zh
        if found.withdrawn:
            title = _("Withdrawn: %(title)s", title=title)
        elif found.corrections:
            title = _("Corrected: %(title)s", title=title)
        if case.sample_data:
            title = _("[Sample data] %(title)s", title=title)
        entry.title(title)
        entry.published(as_utc(case.first_published_at))
        entry.updated(as_utc(case.updated_at))
        summary = revision.text("summary", language) or revision.summary_zh
        if found.withdrawn:
            summary = _("Withdrawn on %(day)s: %(reason)s", day=format_day(case.withdrawn_at),
                        reason=case.withdrawal_reason)
        elif found.corrections:
            latest = found.corrections[-1]
            summary = _("Corrected on %(day)s: %(note)s", day=format_day(latest.at), note=latest.text) + "\n\n" + summary
        entry.summary(summary)
        for category in revision.categories:
            entry.category(term=category.value, label=_(VIOLATION_TEXT[category].title))
    return Response(generator.atom_str(pretty=False), mimetype="application/atom+xml")


@blueprint.get("/<lang>/cases/statistics")
@public_page
def statistics():
    session = get_session()
    region = region_by_code(session, request.args["region"]) or abort(404) if request.args.get("region") else None
    stats = case_statistics(session, CaseFilter(region=region), region)
    language = current_language()
    by_category = sorted(stats.by_category.items(), key=lambda item: (-item[1].cases, list(Violation).index(item[0])))
    year_chart = charts.amounts_by_year(stats.by_year, {"returned": _("Returned to the fund"), "fines": _("Fines"),
                                                        "unit": _("Ten thousand yuan")}, language)
    category_chart = charts.cases_by_category([(_(VIOLATION_TEXT[category].title), tally.cases)
                                               for category, tally in by_category], _("Cases"), language)
    return render_template("cases/statistics.html", stats=stats, region=region, by_category=by_category,
                           by_region=sorted(stats.by_region.items(), key=lambda item: item[0].code),
                           year_chart=year_chart, category_chart=category_chart,
                           region_options=[(place.code, place.name(language)) for place in all_regions(session)],
                           rounds=inspection_rounds(session, region))
