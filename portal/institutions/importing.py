"""Publishing the register of designated institutions from a file (portal.versioned_import):
all rows or none, corrections as new versions, only for regions in the importer's scope."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import IO, Callable

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.funds.importing import load_regions, region_problems
from portal.institutions.columns import (
    COST_COLUMNS,
    INSTITUTION_COLUMNS,
    check_cost_row,
    check_institution_row,
)
from portal.institutions.models import (
    COMPARED_COLUMNS,
    COST_COMPARED_COLUMNS,
    CostImport,
    CostImportRow,
    CostReport,
    Institution,
    InstitutionImport,
    InstitutionImportRow,
)
from portal.institutions.review import DEFAULT_REVIEW_DAYS, review_ends
from portal.regions.models import Region
from portal.search import normalised
from portal.tabular import Progress
from portal.text import N_
from portal.versioned_import import (
    Dataset,
    Importer,
    ImportSummary,
    StageContext,
    import_file,
)

DERIVED_COLUMNS = ("region_name_zh", "version", "published_at")
COST_DERIVED_COLUMNS = ("institution_name_zh", "region_code", "type", "level", "version", "review_ended_at")


def _stage_register_row(row: dict, context: StageContext):
    problems = [(column, message.msgid, message.params) for column, message
                in check_institution_row(row, context.today)]
    region_found, region = region_problems(row, context)
    problems += region_found
    if problems:
        return problems
    del row["region_code"]
    row.update(region_id=region[0], correction_reason=row["correction_reason"] or context.reason,
               search_text=normalised(" ".join((row["national_code"], row["name_zh"], row["name_bo"] or "",
                                                row["name_en"] or ""))))
    return row


REGISTER_DATASET = Dataset(
    name="institutions",
    columns=INSTITUTION_COLUMNS,
    ignored=DERIVED_COLUMNS,
    batch_model=InstitutionImport,
    staging_model=InstitutionImportRow,
    published_model=Institution,
    key=("national_code",),
    compared=COMPARED_COLUMNS,
    stage_row=_stage_register_row,
    load_lookups=load_regions,
    listing_options=(joinedload(Institution.region),),
    duplicate=("national_code", N_("The same national code is already on row %(row)d."), {}),
    needs_reason=("correction_reason", N_("This institution's register entry was published on %(date)s; a "
                                          "correction needs a reason."), {}),
)


def import_register_file(session, stream: IO[bytes], filename: str, importer: Importer, *, reason: str = "",
                         dry_run: bool = False, today: date | None = None,
                         on_progress: Callable[[Progress], None] | None = None) -> ImportSummary:
    return import_file(REGISTER_DATASET, session, stream, filename, importer, reason=reason, dry_run=dry_run,
                       today=today, on_progress=on_progress)


def load_register(session) -> dict:
    """Current national codes with their region path, for cost and price files."""
    statement = (select(Institution.national_code, Region.path).join(Region, Region.id == Institution.region_id)
                 .where(Institution.superseded_at.is_(None)))
    return {"institutions": dict(session.execute(statement).all())}


def _stage_cost_row(row: dict, context: StageContext):
    problems = [(column, message.msgid, message.params) for column, message in check_cost_row(row, context.today)]
    path = context.lookups["institutions"].get(row["national_code"])
    if path is None:
        problems.append(("national_code", N_("No designated institution has this national code: publish it in the "
                                             "register first."), {}))
    elif context.importer.scope_path and not path.startswith(context.importer.scope_path):
        problems.append(("national_code", N_("This institution is outside your region; you cannot publish "
                                             "figures for it."), {}))
    if problems:
        return problems
    period = row.pop("period")
    row.update(period_kind=period.kind, year=period.year, period_number=period.number,
               correction_reason=row["correction_reason"] or context.reason)
    return row


def cost_dataset(review_days: int = DEFAULT_REVIEW_DAYS) -> Dataset:
    """Cost reports; every version is held for the institution's review for `review_days`."""
    return Dataset(
        name="costs",
        columns=COST_COLUMNS,
        ignored=COST_DERIVED_COLUMNS,
        batch_model=CostImport,
        staging_model=CostImportRow,
        published_model=CostReport,
        key=("national_code", "period_kind", "year", "period_number"),
        compared=COST_COMPARED_COLUMNS,
        stage_row=_stage_cost_row,
        load_lookups=load_register,
        duplicate=("period", N_("The same institution and period are already on row %(row)d."), {}),
        needs_reason=("correction_reason", N_("Figures for this institution and period were imported on %(date)s; "
                                              "a correction needs a reason."), {}),
        # Stored in UTC: SQLite keeps no offset.
        published_extras=lambda now: {"review_ends_at": review_ends(now, review_days).astimezone(timezone.utc)},
    )


def import_cost_file(session, stream: IO[bytes], filename: str, importer: Importer, *, reason: str = "",
                     dry_run: bool = False, today: date | None = None, review_days: int = DEFAULT_REVIEW_DAYS,
                     on_progress: Callable[[Progress], None] | None = None, now: datetime | None = None) -> ImportSummary:
    return import_file(cost_dataset(review_days), session, stream, filename, importer, reason=reason,
                       dry_run=dry_run, today=today, on_progress=on_progress, now=now)
