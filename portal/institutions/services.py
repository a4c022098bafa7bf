"""Reading the published register of designated institutions. No Flask."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from portal.institutions.columns import AgreementStatus, InstitutionLevel
from portal.institutions.importing import import_register_file
from portal.institutions.kinds import InstitutionType
from portal.institutions.models import Institution, InstitutionImportChannel
from portal.regions.models import Region
from portal.search import contains_all
from portal.versioned_import import Importer, ImportSummary

PAGE_SIZE = 50


@dataclass(frozen=True)
class RegisterFilter:
    region: Region | None = None  # with its subregions
    type: InstitutionType | None = None
    level: InstitutionLevel | None = None
    agreement_status: AgreementStatus | None = None
    query: str = ""

    def statement(self) -> Select:
        statement = select(Institution).where(Institution.superseded_at.is_(None))
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
            summaries.append(import_register_file(session, handle, path.name, Importer(InstitutionImportChannel.CLI)))
    return summaries
