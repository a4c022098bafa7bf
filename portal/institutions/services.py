"""Reading the published register of designated institutions. No Flask."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from datetime import datetime
from pathlib import Path

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from portal.institutions.columns import AgreementStatus, InstitutionLevel
from portal.institutions.importing import import_register_file
from portal.institutions.kinds import InstitutionType
from portal.funds.figures import Period, PeriodKind
from portal.institutions.models import COST_KEY, PRICE_KEY, CostReport, FigureDispute, Institution, PurchasePrice
from portal.institutions.peers import PeerStats, peer_stats, rank
from portal.regions.models import Region
from portal.regions.services import region_by_code
from portal.search import contains_all
from portal.text import N_
from portal.versioned_import import Importer, ImportChannel, ImportSummary

PAGE_SIZE = 50


@dataclass(frozen=True)
class RegisterFilter:
    region: Region | None = None  # with its subregions
    type: InstitutionType | None = None
    level: InstitutionLevel | None = None
    agreement_status: AgreementStatus | None = None
    query: str = ""

    def statement(self) -> Select:
        return self.apply(select(Institution))

    def apply(self, statement: Select) -> Select:
        """`statement` (which selects from Institution) limited to current entries of this filter."""
        statement = statement.where(Institution.superseded_at.is_(None))
        if self.region is not None:
            statement = statement.join(Region, Region.id == Institution.region_id).where(
                Region.path.startswith(self.region.path, autoescape=True))
        for name in ("type", "level", "agreement_status"):
            if getattr(self, name) is not None:
                statement = statement.where(getattr(Institution, name) == getattr(self, name))
        if self.query:
            statement = statement.where(contains_all(Institution.search_text, self.query))
        return statement

    def query_args(self) -> dict:
        args = {"region": self.region.code if self.region else None, "q": self.query or None,
                **{name: getattr(self, name).value if getattr(self, name) else None
                   for name in ("type", "level", "agreement_status")}}
        return {key: value for key, value in args.items() if value is not None}


@dataclass(frozen=True)
class RegisterPage:
    rows: list[Institution]
    next_after: str | None  # the national code to continue after


def register_page(session: Session, selection: RegisterFilter, after: str | None = None,
                  limit: int = PAGE_SIZE) -> RegisterPage:
    """Current entries ordered by national code, keyset pages."""
    statement = selection.statement().options(joinedload(Institution.region))
    if after:
        statement = statement.where(Institution.national_code > after)
    rows = list(session.scalars(statement.order_by(Institution.national_code).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return RegisterPage(rows, rows[-1].national_code if more else None)


def all_register_entries(session: Session, selection: RegisterFilter, batch: int = 1000):
    """Every current entry of the selection by national code, a page at a time (for downloads)."""
    after = None
    while True:
        page = register_page(session, selection, after, batch)
        yield from page.rows
        if page.next_after is None:
            return
        after = page.next_after


def count_register(session: Session, selection: RegisterFilter) -> int:
    return session.scalar(select(func.count()).select_from(selection.statement().subquery())) or 0


def register_versions(session: Session, national_code: str) -> list[Institution]:
    """Every published version of one entry, newest first; empty if the code is unknown."""
    statement = (select(Institution).options(joinedload(Institution.region))
                 .where(Institution.national_code == national_code).order_by(Institution.version.desc()))
    return list(session.scalars(statement))


def import_published_register(session: Session, directory: Path) -> list[ImportSummary]:
    """Import every register file of `directory`; re-running changes nothing."""
    summaries = []
    for path in sorted(directory.glob("*.csv")):
        with open(path, "rb") as handle:
            summaries.append(import_register_file(session, handle, path.name, Importer(ImportChannel.CLI)))
    return summaries


def public_cost_reports(session: Session, national_code: str, now: datetime,
                        kind: PeriodKind | None = None, limit: int | None = None) -> list[CostReport]:
    """The institution's cost figures the public may see at `now`: for each period the newest
    version whose review period has ended (a correction under review leaves the previous
    version on line), newest period first; of one kind of period and the `limit` newest if
    given."""
    statement = (_public_reports(now).where(CostReport.national_code == national_code)
                 .order_by(CostReport.year.desc(), CostReport.period_kind, CostReport.period_number.desc()))
    if kind is not None:
        statement = statement.where(CostReport.period_kind == kind)
    return list(session.scalars(statement.limit(limit)))


def held_cost_reports(session: Session, national_code: str, now: datetime) -> int:
    """How many of the institution's current figures are still in their review period."""
    return session.scalar(select(func.count()).select_from(CostReport).where(
        CostReport.national_code == national_code, CostReport.superseded_at.is_(None),
        CostReport.review_ends_at > now)) or 0


# Measures compared with peers and ranked, with their labels (the label starts a sentence).
PEER_MEASURES = {
    "share_drugs": N_("The drug share"),
    "share_consumables": N_("The consumables share"),
    "share_tests": N_("The share of tests and examinations"),
    "share_services": N_("The share of medical services"),
    "self_pay_share": N_("The self-pay share"),
    "outpatient_cost_per_visit": N_("The cost per outpatient visit"),
    "inpatient_cost_per_admission": N_("The cost per admission"),
}
MONEY_MEASURES = ("outpatient_cost_per_visit", "inpatient_cost_per_admission")
_PEER_COLUMN = {measure: index for index, measure in enumerate(PEER_MEASURES, start=1)}
SHARE_MEASURES = ("share_drugs", "share_consumables", "share_tests", "share_services", "self_pay_share")


def _visible(model, now: datetime):
    return and_(model.review_ends_at <= now, or_(model.withdrawn_at.is_(None), model.withdrawn_at > now))


def public_versions(model, key: tuple[str, ...], now: datetime) -> Select:
    """For each record of held figures (cost reports, purchase prices), the newest version the
    public may see at `now`: its review has ended and the bureau has not withdrawn it."""
    newer = aliased(model)
    newer_public = exists().where(*(getattr(newer, name) == getattr(model, name) for name in key),
                                  newer.version > model.version, _visible(newer, now))
    return select(model).where(_visible(model, now), ~newer_public)


def _public_reports(now: datetime) -> Select:
    return public_versions(CostReport, COST_KEY, now)


def latest_prices(session: Session, national_code: str, now: datetime) -> list[PurchasePrice]:
    """The institution's public purchase prices of its newest period with any, by item (the
    page shows these; the open data has every period)."""
    public = public_versions(PurchasePrice, PRICE_KEY, now).where(PurchasePrice.national_code == national_code)
    newest = session.execute(public.with_only_columns(PurchasePrice.year, PurchasePrice.period_kind,
                                                      PurchasePrice.period_number)
                             .order_by(PurchasePrice.year.desc(), PurchasePrice.period_kind,
                                       PurchasePrice.period_number.desc()).limit(1)).first()
    if newest is None:
        return []
    statement = public.where(PurchasePrice.year == newest.year, PurchasePrice.period_kind == newest.period_kind,
                             PurchasePrice.period_number == newest.period_number)
    return list(session.scalars(statement.order_by(PurchasePrice.item_name, PurchasePrice.specification,
                                                   PurchasePrice.unit)))


@dataclass(frozen=True)
class PeerGroup:
    """Institutions of one type and grade in one province with public figures for one period:
    one row per institution with its national code and its PEER_MEASURES (columns only, no
    ORM objects: a province may have thousands of pharmacies)."""

    type: InstitutionType
    level: InstitutionLevel | None
    province: Region
    period: Period
    rows: list[tuple]  # (national_code, *PEER_MEASURES)

    def values(self, measure: str) -> list[tuple[str, Decimal | None]]:
        column = _PEER_COLUMN[measure]
        return [(row[0], row[column]) for row in self.rows]


def province_of(session: Session, region: Region) -> Region:
    code = region.path.strip("/").split("/")[0]
    return region_by_code(session, code)


def peer_group(session: Session, type_: InstitutionType, level: InstitutionLevel | None, province: Region,
               period: Period, now: datetime, any_level: bool = False) -> PeerGroup:
    """`level` None means ungraded institutions, or with `any_level` every grade (rankings)."""
    reports = _public_reports(now).where(CostReport.period_kind == period.kind, CostReport.year == period.year,
                                         CostReport.period_number == period.number).subquery()
    statement = (select(reports.c.national_code, *(reports.c[measure] for measure in PEER_MEASURES))
                 .join(Institution, Institution.national_code == reports.c.national_code)
                 .join(Region, Region.id == Institution.region_id)
                 .where(Institution.superseded_at.is_(None), Institution.type == type_,
                        Region.path.startswith(province.path, autoescape=True))
                 .order_by(reports.c.national_code))
    if not any_level:
        statement = statement.where(Institution.level.is_(None) if level is None else Institution.level == level)
    return PeerGroup(type_, level, province, period, [tuple(row) for row in session.execute(statement)])


RANKING_PAGE = 100


@dataclass(frozen=True)
class Ranking:
    rows: list[tuple[int, Institution, Decimal]]  # (position, institution, value) of this page
    stats: PeerStats | None
    total: int  # institutions with a figure
    offset: int


def ranking(session: Session, type_: InstitutionType, level: InstitutionLevel | None, province: Region,
            year: int, measure: str, now: datetime, offset: int = 0, limit: int = RANKING_PAGE) -> Ranking:
    """One measure of one type (and grade) in one province, highest first, a page at a time;
    the statistics are over the whole group."""
    group = peer_group(session, type_, level, province, Period(year, PeriodKind.YEAR, 0), now, any_level=level is None)
    values = group.values(measure)
    ranked = rank(values)
    shown = ranked[offset:offset + limit]
    institutions = {institution.national_code: institution for institution in session.scalars(
        select(Institution).options(joinedload(Institution.region))
        .where(Institution.superseded_at.is_(None), Institution.national_code.in_([code for _, code, _ in shown])))}
    return Ranking([(position, institutions[code], value) for position, code, value in shown],
                   peer_stats(value for _code, value in values), len(ranked), offset)


@dataclass(frozen=True)
class PeerComparison:
    group: PeerGroup
    report: CostReport  # the institution's own figures
    stats: dict[str, PeerStats | None]  # by measure; None: too few peers have a figure


def peer_comparison(session: Session, institution: Institution, reports: list[CostReport],
                    now: datetime) -> PeerComparison | None:
    """The institution's latest public annual figures against its peers, or None without any."""
    annual = [report for report in reports if report.period_kind is PeriodKind.YEAR]
    if not annual:
        return None
    report = max(annual, key=lambda item: item.year)
    group = peer_group(session, institution.type, institution.level, province_of(session, institution.region),
                       report.period, now)
    stats = {measure: peer_stats(value for _code, value in group.values(measure))
             if getattr(report, measure) is not None else None for measure in PEER_MEASURES}
    return PeerComparison(group, report, stats)


def latest_public_years(session: Session, now: datetime, oldest: int = 1990) -> list[int]:
    """Years with annual figures past their review, newest first. One index probe per year
    (ix_cost_report_year_review) rather than a scan of every version of every report."""
    years: list[int] = []
    before = 2100
    while (year := session.scalar(select(func.max(CostReport.year)).where(
            CostReport.period_kind == PeriodKind.YEAR, CostReport.year < before, CostReport.year >= oldest,
            CostReport.review_ends_at <= now))) is not None:
        years.append(year)
        before = year
    return years


@dataclass(frozen=True)
class FigureFilter:
    """Reviewed figures (cost reports or purchase prices) of current register entries: the
    open data."""

    register: RegisterFilter
    national_code: str | None = None
    year: int | None = None
    model: type = CostReport

    def rows(self, session: Session, now: datetime, after_id: int = 0, limit: int = PAGE_SIZE) -> list[tuple]:
        """A page of (figures, institution, dispute or None), in the order the figures were stored."""
        key, disputed = ((COST_KEY, FigureDispute.cost_report_id) if self.model is CostReport
                         else (PRICE_KEY, FigureDispute.purchase_price_id))
        public = aliased(self.model, public_versions(self.model, key, now).subquery())
        statement = self.register.apply(
            select(public, Institution, FigureDispute)
            .join(Institution, Institution.national_code == public.national_code)
            .outerjoin(FigureDispute, disputed == public.id))
        if self.national_code:
            statement = statement.where(public.national_code == self.national_code)
        if self.year is not None:
            statement = statement.where(public.year == self.year)
        statement = (statement.options(joinedload(Institution.region)).where(public.id > after_id)
                     .order_by(public.id).limit(limit))
        return [tuple(row) for row in session.execute(statement)]

    def all_rows(self, session: Session, now: datetime, batch: int = 1000):
        after = 0
        while page := self.rows(session, now, after, batch):
            yield from page
            after = page[-1][0].id
