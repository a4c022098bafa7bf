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
    PRICE_COLUMNS,
    check_cost_row,
    check_institution_row,
    check_price_row,
)
from portal.institutions.models import (
    COMPARED_COLUMNS,
    COST_COMPARED_COLUMNS,
    COST_KEY,
    CostImport,
    CostImportRow,
    CostReport,
    Institution,
    InstitutionImport,
    InstitutionImportRow,
    PRICE_COMPARED_COLUMNS,
    PRICE_KEY,
    PriceImport,
    PriceImportRow,
    PurchasePrice,
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
# What a download adds about the institution's dispute (portal.institutions.disputes).
DISPUTE_COLUMNS = ("disputed", "dispute_comment", "bureau_answer")
COST_DERIVED_COLUMNS = ("institution_name_zh", "region_code", "type", "level", "version", "review_ended_at",
                        *DISPUTE_COLUMNS)
PRICE_DERIVED_COLUMNS = ("institution_name_zh", "region_code", "version", "review_ended_at", *DISPUTE_COLUMNS)


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


def _institution_figures_row(row: dict, context: StageContext, problems: list):
    """A cost or price row of an institution of the register, within the importer's scope,
    with its period split into the stored columns."""
    problems = [(column, message.msgid, message.params) for column, message in problems]
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


def _stage_cost_row(row: dict, context: StageContext):
    return _institution_figures_row(row, context, check_cost_row(row, context.today))


def _stage_price_row(row: dict, context: StageContext):
    staged = _institution_figures_row(row, context, check_price_row(row, context.today))
    if isinstance(staged, dict):
        staged["item_code"] = staged["item_code"] or ""
    return staged


def _held_for_review(review_days: int):
    # Stored in UTC: SQLite keeps no offset.
    return lambda now: {"review_ends_at": review_ends(now, review_days).astimezone(timezone.utc)}


def cost_dataset(review_days: int = DEFAULT_REVIEW_DAYS) -> Dataset:
    """Cost reports; every version is held for the institution's review for `review_days`."""
    return Dataset(
        name="costs",
        columns=COST_COLUMNS,
        ignored=COST_DERIVED_COLUMNS,
        batch_model=CostImport,
        staging_model=CostImportRow,
        published_model=CostReport,
        key=COST_KEY,
        compared=COST_COMPARED_COLUMNS,
        stage_row=_stage_cost_row,
        load_lookups=load_register,
        duplicate=("period", N_("The same institution and period are already on row %(row)d."), {}),
        needs_reason=("correction_reason", N_("Figures for this institution and period were imported on %(date)s; "
                                              "a correction needs a reason."), {}),
        published_extras=_held_for_review(review_days),
    )


def import_cost_file(session, stream: IO[bytes], filename: str, importer: Importer, *, reason: str = "",
                     dry_run: bool = False, today: date | None = None, review_days: int = DEFAULT_REVIEW_DAYS,
                     on_progress: Callable[[Progress], None] | None = None, now: datetime | None = None) -> ImportSummary:
    return import_file(cost_dataset(review_days), session, stream, filename, importer, reason=reason,
                       dry_run=dry_run, today=today, on_progress=on_progress, now=now)


def price_dataset(review_days: int = DEFAULT_REVIEW_DAYS) -> Dataset:
    """Purchase prices; held for the institution's review like cost reports."""
    return Dataset(
        name="prices",
        columns=PRICE_COLUMNS,
        ignored=PRICE_DERIVED_COLUMNS,
        batch_model=PriceImport,
        staging_model=PriceImportRow,
        published_model=PurchasePrice,
        key=PRICE_KEY,
        compared=PRICE_COMPARED_COLUMNS,
        stage_row=_stage_price_row,
        load_lookups=load_register,
        duplicate=("item_name", N_("The same institution, period, item, specification and unit are already on "
                                   "row %(row)d."), {}),
        needs_reason=("correction_reason", N_("This price was imported on %(date)s; a correction needs a "
                                              "reason."), {}),
        published_extras=_held_for_review(review_days),
    )


def import_price_file(session, stream: IO[bytes], filename: str, importer: Importer, *, reason: str = "",
                      dry_run: bool = False, today: date | None = None, review_days: int = DEFAULT_REVIEW_DAYS,
                      on_progress: Callable[[Progress], None] | None = None, now: datetime | None = None) -> ImportSummary:
    return import_file(price_dataset(review_days), session, stream, filename, importer, reason=reason,
                       dry_run=dry_run, today=today, on_progress=on_progress, now=now)
