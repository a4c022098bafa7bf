"""Publishing the register of designated institutions from a file (portal.versioned_import):
all rows or none, corrections as new versions, only for regions in the importer's scope."""
from __future__ import annotations

from datetime import date
from typing import IO, Callable

from sqlalchemy.orm import joinedload

from portal.funds.importing import load_regions, region_problems
from portal.institutions.columns import INSTITUTION_COLUMNS, check_institution_row
from portal.institutions.models import (
    COMPARED_COLUMNS,
    Institution,
    InstitutionImport,
    InstitutionImportRow,
)
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
