"""Publishing fund figures from a file (portal.versioned_import): all rows or none,
corrections as new versions, only for regions in the importer's scope."""
from __future__ import annotations

from datetime import date
from typing import IO, Callable

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.funds.export import DERIVED_COLUMNS
from portal.funds.figures import COLUMNS, Period, check_row
from portal.funds.models import COMPARED_COLUMNS, FundFigure, FundImport, FundImportRow
from portal.regions.models import Region
from portal.tabular import Progress
from portal.text import N_
from portal.versioned_import import (
    Dataset,
    Importer,
    ImportSummary,
    StageContext,
    import_file,
)

__all__ = ["FUND_DATASET", "Importer", "ImportSummary", "import_fund_file", "region_problems"]


def region_problems(row: dict, context: StageContext, column: str = "region_code") -> tuple[list, tuple | None]:
    """([problems], (region_id, path)) for the row's region code: known, and in the importer's scope."""
    region = context.lookups["regions"].get(row[column])
    if region is None:
        return [(column, N_("Unknown region code: it must be one of the regions this portal serves."), {})], None
    if context.importer.scope_path and not region[1].startswith(context.importer.scope_path):
        return [(column, N_("This region is outside your region; you cannot publish figures for it."), {})], None
    return [], region


def load_regions(session) -> dict:
    return {"regions": {code: (region_id, path) for code, region_id, path
                        in session.execute(select(Region.code, Region.id, Region.path))}}


def _stage_fund_row(row: dict, context: StageContext):
    problems = check_row(row, context.today)
    region_found, region = region_problems(row, context)
    problems += region_found
    if problems:
        return problems
    period: Period = row.pop("period")
    del row["region_code"]
    row.update(region_id=region[0], period_kind=period.kind, year=period.year, period_number=period.number,
               correction_reason=row["correction_reason"] or context.reason)
    return row


FUND_DATASET = Dataset(
    name="funds",
    columns=COLUMNS,
    ignored=DERIVED_COLUMNS,
    batch_model=FundImport,
    staging_model=FundImportRow,
    published_model=FundFigure,
    key=("region_id", "fund_type", "period_kind", "year", "period_number"),
    compared=COMPARED_COLUMNS,
    stage_row=_stage_fund_row,
    load_lookups=load_regions,
    listing_options=(joinedload(FundFigure.region),),
    duplicate=("period", N_("The same region, fund and period are already on row %(row)d."), {}),
    needs_reason=("correction_reason", N_("Figures for this region, fund and period were published on %(date)s; "
                                          "a correction needs a reason."), {}),
)


def import_fund_file(session, stream: IO[bytes], filename: str, importer: Importer, *, reason: str = "",
                     dry_run: bool = False, today: date | None = None,
                     on_progress: Callable[[Progress], None] | None = None) -> ImportSummary:
    """Validate and publish a file of fund figures in one transaction (see versioned_import)."""
    return import_file(FUND_DATASET, session, stream, filename, importer, reason=reason, dry_run=dry_run,
                       today=today, on_progress=on_progress)
