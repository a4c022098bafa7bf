"""What the fund pages, downloads and API read: current figures by region, fund and period,
their versions, and the files the demo publishes."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from portal.funds.figures import FundType, Period, PeriodKind
from portal.funds.importing import Importer, ImportSummary, import_fund_file
from portal.funds.models import FundFigure
from portal.regions.models import Region, RegionLevel
from portal.versioned_import import ImportChannel


@dataclass(frozen=True)
class FundFilter:
    """A selection of current figures; every table and download is one of these."""

    region: Region | None = None
    include_subregions: bool = False
    fund_type: FundType | None = None
    period_kind: PeriodKind | None = None
    year: int | None = None
    period: Period | None = None
    level: RegionLevel | None = None

    def statement(self) -> Select:
        statement = (
            select(FundFigure)
            .join(FundFigure.region)
            .options(contains_eager(FundFigure.region))
            .where(FundFigure.superseded_at.is_(None))
        )
        if self.region is not None:
            statement = statement.where(
                Region.path.startswith(self.region.path) if self.include_subregions
                else FundFigure.region_id == self.region.id)
        if self.fund_type is not None:
            statement = statement.where(FundFigure.fund_type == self.fund_type)
        if self.period is not None:
            statement = statement.where(FundFigure.period_kind == self.period.kind,
                                        FundFigure.year == self.period.year,
                                        FundFigure.period_number == self.period.number)
        else:
            if self.period_kind is not None:
                statement = statement.where(FundFigure.period_kind == self.period_kind)
            if self.year is not None:
                statement = statement.where(FundFigure.year == self.year)
        if self.level is not None:
            statement = statement.where(Region.level == self.level)
        return statement.order_by(Region.path, FundFigure.fund_type, FundFigure.year,
                                  FundFigure.period_kind, FundFigure.period_number)

    def query_args(self) -> dict:
        """The open-data query (/api/v1/funds) for this selection, so a table's download holds
        exactly its rows; portal.api.routes parses it back."""
        args = {
            "region": self.region.code if self.region is not None else None,
            "include_subregions": "yes" if self.include_subregions else None,
            "fund_type": self.fund_type.value if self.fund_type is not None else None,
            "period": self.period.code if self.period is not None else None,
            "period_kind": self.period_kind.value if self.period_kind is not None else None,
            "year": self.year,
            "level": self.level.value if self.level is not None else None,
        }
        return {name: value for name, value in args.items() if value is not None}


def figures(session: Session, selection: FundFilter, limit: int | None = None,
            after_id: int | None = None) -> list[FundFigure]:
    statement = selection.statement()
    if after_id is not None:
        statement = statement.where(FundFigure.id > after_id).order_by(None).order_by(FundFigure.id)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def stream_figures(session: Session, selection: FundFilter) -> Iterator[FundFigure]:
    """Every figure of a selection, fetched in chunks (a download may be a million rows)."""
    yield from session.scalars(selection.statement().execution_options(yield_per=2000))


def annual_years(session: Session, fund_type: FundType | None = None) -> list[int]:
    statement = (select(FundFigure.year).distinct()
                 .where(FundFigure.superseded_at.is_(None), FundFigure.period_kind == PeriodKind.YEAR)
                 .order_by(FundFigure.year.desc()))
    if fund_type is not None:  # then a range of ix_fund_figure_period, not the whole table
        statement = statement.where(FundFigure.fund_type == fund_type)
    return list(session.scalars(statement))


def periods_of(session: Session, fund_type: FundType, kind: PeriodKind) -> list[Period]:
    statement = (select(FundFigure.year, FundFigure.period_number).distinct()
                 .where(FundFigure.superseded_at.is_(None), FundFigure.fund_type == fund_type,
                        FundFigure.period_kind == kind)
                 .order_by(FundFigure.year.desc(), FundFigure.period_number.desc()))
    return [Period(year, kind, number) for year, number in session.execute(statement)]


def funds_of_region(session: Session, region: Region) -> dict[FundType, set[PeriodKind]]:
    """Which funds a region has figures for, and at which period lengths."""
    statement = (select(FundFigure.fund_type, FundFigure.period_kind).distinct()
                 .where(FundFigure.region_id == region.id, FundFigure.superseded_at.is_(None)))
    found: dict[FundType, set[PeriodKind]] = {}
    for fund_type, kind in session.execute(statement):
        found.setdefault(fund_type, set()).add(kind)
    return {fund: found[fund] for fund in FundType if fund in found}


def regions_with_figures(session: Session) -> list[Region]:
    # One index probe per region (ix_fund_figure_current leads with region_id), not a DISTINCT
    # over every figure.
    published = exists().where(FundFigure.region_id == Region.id, FundFigure.superseded_at.is_(None))
    return list(session.scalars(select(Region).where(published).order_by(Region.path)))


def corrected_figures(session: Session, region: Region) -> list[FundFigure]:
    """Current figures of a region that replaced earlier ones, newest correction first."""
    statement = (select(FundFigure)
                 .where(FundFigure.region_id == region.id, FundFigure.superseded_at.is_(None),
                        FundFigure.version > 1)
                 .order_by(FundFigure.published_at.desc()))
    return list(session.scalars(statement))


def versions(session: Session, region: Region, fund_type: FundType, period: Period) -> list[FundFigure]:
    statement = (select(FundFigure)
                 .options(joinedload(FundFigure.region))
                 .where(FundFigure.region_id == region.id, FundFigure.fund_type == fund_type,
                        FundFigure.period_kind == period.kind, FundFigure.year == period.year,
                        FundFigure.period_number == period.number)
                 .order_by(FundFigure.version.desc()))
    return list(session.scalars(statement))


def published_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.glob("*") if path.suffix.lower() in (".csv", ".xlsx"))


def import_published_files(session: Session, directory: Path) -> list[ImportSummary]:
    """Import every data file of `directory` (the demo's and a fresh install's published
    figures). Re-running changes nothing: unchanged rows are skipped."""
    summaries = []
    for path in published_files(directory):
        with open(path, "rb") as handle:
            summaries.append(import_fund_file(session, handle, path.name, Importer(ImportChannel.CLI)))
    return summaries


def count_current(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(FundFigure)
                          .where(FundFigure.superseded_at.is_(None))) or 0
