"""Publishing fund figures from a file: all rows or none, corrections as new versions.

The rows go through a staging table inside the import's transaction, so a file of a million
rows is checked for duplicates and compared with what is published by the database, in
bounded memory, and a rejected or dry-run import leaves no trace.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import IO, Callable

from sqlalchemy import and_, case, delete, exists, func, insert, literal, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from portal import tabular
from portal.audit import chain
from portal.funds.export import DERIVED_COLUMNS
from portal.funds.figures import COLUMNS, FundType, Period, check_row
from portal.funds.models import COMPARED_COLUMNS, FundFigure, FundImport, FundImportRow, ImportChannel
from portal.regions.models import Region
from portal.tabular import ErrorList, Progress
from portal.text import Message, N_

BATCH = 5000
KEY = ("region_id", "fund_type", "period_kind", "year", "period_number")
STAGED_VALUES = KEY + COMPARED_COLUMNS + ("correction_reason",)
LISTED_CORRECTIONS = 20


@dataclass(frozen=True)
class Correction:
    region: Region
    fund_type: FundType
    period: Period
    before: dict
    after: dict


@dataclass
class ImportSummary:
    filename: str
    sha256: str
    rows_in_file: int = 0
    added: int = 0
    corrected: int = 0
    unchanged: int = 0
    dry_run: bool = False
    import_id: int | None = None
    corrections: list[Correction] = field(default_factory=list)


@dataclass(frozen=True)
class Importer:
    """Who imports and how: a CLI run (no actor, every region) or a staff upload (the
    editor's region subtree only)."""

    channel: ImportChannel
    actor_id: int | None = None
    actor_label: str = "cli"
    scope_path: str | None = None
    max_rows: int = 2_000_000


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _matches(staged, figure):
    return and_(*(getattr(staged, column) == getattr(figure, column) for column in KEY))


def _changed(staged, figure):
    return or_(*(getattr(staged, column).is_distinct_from(getattr(figure, column))
                 for column in COMPARED_COLUMNS))


def _replaces(staged, figure):
    """The staged row would replace this figure: same period, currently published, different."""
    return and_(_matches(staged, figure), figure.superseded_at.is_(None), _changed(staged, figure))


def import_fund_file(session: Session, stream: IO[bytes], filename: str, importer: Importer, *,
                     reason: str = "", dry_run: bool = False, today: date | None = None,
                     on_progress: Callable[[Progress], None] | None = None) -> ImportSummary:
    """Validate and publish a file of fund figures in one transaction. Raises ImportRejected
    (nothing stored) listing row-and-column errors. A dry run reports what would change and
    stores nothing."""
    now = datetime.now(timezone.utc)
    today = today or now.date()
    summary = ImportSummary(filename=filename, sha256=_sha256(stream), dry_run=dry_run)
    try:
        batch_import = FundImport(filename=filename[:255], sha256=summary.sha256,
                                  channel=importer.channel, imported_by_id=importer.actor_id,
                                  imported_at=now)
        session.add(batch_import)
        session.flush()
        errors = ErrorList()
        summary.rows_in_file = _stage(session, stream, filename, importer, batch_import.id, errors,
                                      today, reason, on_progress)
        if session.get_bind().dialect.name == "postgresql":
            # The planner's statistics still say the staging table is empty: without them it
            # joins a million staged rows by nested loops over the wrong index (minutes, not
            # seconds). ANALYZE inside the transaction sees the rows staged in it.
            session.execute(text("ANALYZE fund_import_row"))
        _check_duplicates(session, batch_import.id, errors)
        _check_corrections(session, batch_import.id, errors)
        errors.raise_if_any()
        summary.corrections = _listed_corrections(session, batch_import.id)
        _publish(session, batch_import, summary, now)
        if dry_run:
            session.rollback()
            return summary
        chain.append(session, actor_id=importer.actor_id, actor_label=importer.actor_label,
                     action="funds.import", subject_type="fund_import", subject_id=batch_import.id,
                     details={"file": filename[:255], "sha256": summary.sha256,
                              "added": summary.added, "corrected": summary.corrected,
                              "unchanged": summary.unchanged})
        session.commit()
        summary.import_id = batch_import.id
        return summary
    except BaseException:
        session.rollback()
        raise


def _stage(session, stream, filename, importer, import_id, errors, today, reason, on_progress) -> int:
    regions = {code: (region_id, path) for code, region_id, path
               in session.execute(select(Region.code, Region.id, Region.path))}
    batch: list[dict] = []
    rows = 0
    for number, row in tabular.read_rows(stream, filename, COLUMNS, errors, importer.max_rows,
                                         on_progress, ignored=DERIVED_COLUMNS):
        rows += 1
        problems = check_row(row, today)
        region = regions.get(row["region_code"])
        if region is None:
            problems.append(("region_code", N_("Unknown region code: it must be one of the "
                                               "regions this portal serves."), {}))
        elif importer.scope_path and not region[1].startswith(importer.scope_path):
            problems.append(("region_code", N_("This region is outside your region; you cannot "
                                               "publish figures for it."), {}))
        for column, msgid, params in problems:
            errors.add(number, column, Message(msgid, params))
        if problems or errors.total:
            continue  # once the file is rejected, staging more rows is wasted work
        period: Period = row.pop("period")
        del row["region_code"]
        row.update(import_id=import_id, row_number=number, region_id=region[0],
                   period_kind=period.kind, year=period.year, period_number=period.number,
                   correction_reason=row["correction_reason"] or reason)
        batch.append(row)
        if len(batch) >= BATCH:
            session.execute(insert(FundImportRow), batch)
            batch.clear()
    if batch and not errors.total:
        session.execute(insert(FundImportRow), batch)
    return rows


def _check_duplicates(session, import_id, errors: ErrorList) -> None:
    if errors.total:
        return
    staged = aliased(FundImportRow)
    keys = [getattr(FundImportRow, column) for column in KEY]
    groups = (
        select(*keys, func.min(FundImportRow.row_number).label("first"))
        .where(FundImportRow.import_id == import_id)
        .group_by(*keys)
        .having(func.count() > 1)
        .subquery()
    )
    repeats = session.execute(
        select(staged.row_number, groups.c.first)
        .join(groups, and_(*(getattr(staged, column) == groups.c[column] for column in KEY)))
        .where(staged.import_id == import_id, staged.row_number != groups.c.first)
        .order_by(staged.row_number)
        .limit(tabular.LISTED_ERRORS)
    )
    for row_number, first in repeats:
        errors.add(row_number, "period", Message(
            N_("The same region, fund and period are already on row %(row)d."), {"row": first}))


def _check_corrections(session, import_id, errors: ErrorList) -> None:
    """A changed published figure needs a reason, given in the row or for the whole file."""
    if errors.total:
        return
    staged, figure = FundImportRow, FundFigure
    missing = session.execute(
        select(staged.row_number, figure.published_at)
        .join(figure, _replaces(staged, figure))
        .where(staged.import_id == import_id, staged.correction_reason == "")
        .order_by(staged.row_number)
        .limit(tabular.LISTED_ERRORS)
    )
    for row_number, published_at in missing:
        errors.add(row_number, "correction_reason", Message(
            N_("Figures for this region, fund and period were published on %(date)s; a correction "
               "needs a reason."), {"date": published_at.date().isoformat()}))


def _listed_corrections(session, import_id) -> list[Correction]:
    staged, figure = FundImportRow, FundFigure
    pairs = session.execute(
        select(staged, figure)
        .join(figure, _replaces(staged, figure))
        .where(staged.import_id == import_id)
        .order_by(staged.row_number)
        .limit(LISTED_CORRECTIONS)
    )
    corrections = []
    for new, old in pairs:
        changed = [column for column in COMPARED_COLUMNS if getattr(new, column) != getattr(old, column)]
        corrections.append(Correction(
            old.region, old.fund_type, old.period,
            {column: getattr(old, column) for column in changed},
            {column: getattr(new, column) for column in changed},
        ))
    return corrections


def _publish(session, batch_import: FundImport, summary: ImportSummary, now: datetime) -> None:
    staged, figure = FundImportRow, FundFigure
    import_id = batch_import.id
    superseded = session.execute(
        update(figure)
        # The outer filter repeats what _replaces says so the planner scans current figures only.
        .where(figure.superseded_at.is_(None),
               exists().where(staged.import_id == import_id, _replaces(staged, figure)))
        .values(superseded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    staged_rows = session.scalar(select(func.count()).where(staged.import_id == import_id))
    earlier = aliased(FundFigure)
    previous_version = func.coalesce(
        select(func.max(earlier.version)).where(_matches(staged, earlier)).scalar_subquery(), 0)
    still_current = exists().where(_matches(staged, figure), figure.superseded_at.is_(None))
    columns = [*STAGED_VALUES, "version", "import_id", "published_at"]
    source = select(
        *(getattr(staged, column) for column in STAGED_VALUES if column != "correction_reason"),
        # A new period carries no correction reason, whatever the row or the file said. Set here,
        # not by a later UPDATE, which rewrote every row of a first import.
        case((previous_version == 0, literal("")), else_=staged.correction_reason),
        previous_version + 1,
        staged.import_id,
        literal(now, FundFigure.published_at.type),
    ).where(staged.import_id == import_id, ~still_current)
    session.execute(insert(figure).from_select(columns, source))
    # Counted, not taken from rowcount, which drivers report differently for INSERT ... SELECT.
    inserted = session.scalar(select(func.count()).where(figure.import_id == import_id))
    session.execute(delete(staged).where(staged.import_id == import_id))
    summary.corrected = superseded
    summary.added = inserted - superseded
    summary.unchanged = staged_rows - inserted
    batch_import.rows_in_file = summary.rows_in_file
    batch_import.rows_added, batch_import.rows_corrected = summary.added, summary.corrected
    batch_import.rows_unchanged = summary.unchanged
    session.flush()
