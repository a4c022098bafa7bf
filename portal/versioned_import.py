"""Publishing a data file as versioned records: all rows or none, corrections as new versions.

One mechanism for every published dataset (fund figures, institutions, cost reports): a
`Dataset` names its file columns, its staging and published models, the columns that identify
a record (`key`) and those compared to tell a correction from an unchanged row. The rows go
through the staging table inside the import's transaction, so a file of millions of rows is
checked for duplicates and compared with what is published by the database, in bounded
memory, and a rejected or dry-run import leaves no trace.

The published model has `version`, `import_id`, `published_at`, `superseded_at` and
`correction_reason` columns besides its values; the staging model has `import_id`,
`row_number`, the key, the compared columns and `correction_reason`; the batch model is an
`ImportBatch`.
"""
from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import IO, Any, Callable

from sqlalchemy import (DateTime, ForeignKey, String, and_, case, delete, exists, func, insert, literal, or_, select,
                        text, update)
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from portal import tabular
from portal.audit import chain
from portal.enums import string_enum
from portal.tabular import Column, ErrorList, Progress
from portal.text import Message

BATCH = 5000
LISTED_CORRECTIONS = 20

# (column, msgid, params): what a dataset's row check returns for each problem.
Problem = tuple[str, str, dict]


class ImportChannel(enum.StrEnum):
    CLI = "cli"
    UPLOAD = "upload"


class ImportBatch:
    """One file imported: who, when, what it changed. Every published version points to the
    import that published it. A dataset's batch model is this mixin with its own table."""

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    channel: Mapped[ImportChannel] = mapped_column(string_enum(ImportChannel, "import_channel"))
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    rows_in_file: Mapped[int] = mapped_column(default=0)
    rows_added: Mapped[int] = mapped_column(default=0)
    rows_corrected: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)


@dataclass(frozen=True)
class Importer:
    """Who imports and how: a CLI run (no actor, every region) or a staff upload (the
    editor's region subtree only)."""

    channel: ImportChannel
    actor_id: int | None = None
    actor_label: str = "cli"
    scope_path: str | None = None
    max_rows: int = 2_000_000


@dataclass(frozen=True)
class StageContext:
    """What a dataset's `stage_row` may use: lookups loaded once per import, the import's
    scope and date, and the file-wide correction reason."""

    session: Session
    importer: Importer
    today: date
    reason: str
    lookups: dict


@dataclass(frozen=True)
class Dataset:
    name: str  # audit action "<name>.import"
    columns: tuple[Column, ...]
    batch_model: type
    staging_model: type
    published_model: type
    key: tuple[str, ...]
    compared: tuple[str, ...]
    # Turns a parsed row into staging values (without import_id and row_number), or problems.
    stage_row: Callable[[dict, StageContext], dict | list[Problem]]
    load_lookups: Callable[[Session], dict]
    duplicate: Problem  # the error on a row whose key appeared earlier ("%(row)d" is that row)
    needs_reason: Problem  # the error on a correction without a reason ("%(date)s" published)
    ignored: tuple[str, ...] = ()  # columns a download adds, accepted and skipped
    listing_options: tuple = ()  # loader options for the records named in a summary's corrections
    # Further columns of every version this import publishes, from the time of the import.
    published_extras: Callable[[datetime], dict[str, Any]] = lambda now: {}

    @property
    def staged_values(self) -> tuple[str, ...]:
        return self.key + self.compared + ("correction_reason",)


@dataclass(frozen=True)
class Correction:
    record: Any  # the published record the row replaces
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


def file_sha256(stream: IO[bytes]) -> str:
    """SHA-256 of a seekable file, read in chunks; the stream is left at its start."""
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _matches(dataset: Dataset, staged, record):
    return and_(*(getattr(staged, column) == getattr(record, column) for column in dataset.key))


def _changed(dataset: Dataset, staged, record):
    return or_(*(getattr(staged, column).is_distinct_from(getattr(record, column))
                 for column in dataset.compared))


def _replaces(dataset: Dataset, staged, record):
    """The staged row would replace this record: same key, currently published, different."""
    return and_(_matches(dataset, staged, record), record.superseded_at.is_(None),
                _changed(dataset, staged, record))


def import_file(dataset: Dataset, session: Session, stream: IO[bytes], filename: str, importer: Importer, *,
                reason: str = "", dry_run: bool = False, today: date | None = None,
                on_progress: Callable[[Progress], None] | None = None, now: datetime | None = None) -> ImportSummary:
    """Validate and publish a file in one transaction. Raises ImportRejected (nothing stored)
    listing row-and-column errors. A dry run reports what would change and stores nothing.
    `now` (timezone-aware; default the current time) is the publication time."""
    now = now or datetime.now(timezone.utc)
    today = today or now.date()
    summary = ImportSummary(filename=filename, sha256=file_sha256(stream), dry_run=dry_run)
    try:
        batch = dataset.batch_model(filename=filename[:255], sha256=summary.sha256, channel=importer.channel,
                                    imported_by_id=importer.actor_id, imported_at=now)
        session.add(batch)
        session.flush()
        errors = ErrorList()
        context = StageContext(session, importer, today, reason, dataset.load_lookups(session))
        summary.rows_in_file = _stage(dataset, context, stream, filename, batch.id, errors, on_progress)
        if session.get_bind().dialect.name == "postgresql":
            # The planner's statistics still say the staging table is empty: without them it
            # joins a million staged rows by nested loops over the wrong index (minutes, not
            # seconds). ANALYZE inside the transaction sees the rows staged in it.
            session.execute(text(f"ANALYZE {dataset.staging_model.__tablename__}"))
        _check_duplicates(dataset, session, batch.id, errors)
        _check_corrections(dataset, session, batch.id, errors)
        errors.raise_if_any()
        summary.corrections = _listed_corrections(dataset, session, batch.id)
        _publish(dataset, session, batch, summary, now)
        if dry_run:
            session.rollback()
            return summary
        chain.append(session, actor_id=importer.actor_id, actor_label=importer.actor_label,
                     action=f"{dataset.name}.import", subject_type=dataset.batch_model.__tablename__,
                     subject_id=batch.id,
                     details={"file": filename[:255], "sha256": summary.sha256, "added": summary.added,
                              "corrected": summary.corrected, "unchanged": summary.unchanged})
        session.commit()
        summary.import_id = batch.id
        return summary
    except BaseException:
        session.rollback()
        raise


def _stage(dataset: Dataset, context: StageContext, stream, filename, import_id, errors, on_progress) -> int:
    staging = dataset.staging_model
    batch: list[dict] = []
    rows = 0
    for number, row in tabular.read_rows(stream, filename, dataset.columns, errors, context.importer.max_rows,
                                         on_progress, ignored=dataset.ignored):
        rows += 1
        staged = dataset.stage_row(row, context)
        if isinstance(staged, list):
            for column, msgid, params in staged:
                errors.add(number, column, Message(msgid, params))
            continue
        if errors.total:
            continue  # once the file is rejected, staging more rows is wasted work
        staged.update(import_id=import_id, row_number=number)
        batch.append(staged)
        if len(batch) >= BATCH:
            context.session.execute(insert(staging), batch)
            batch.clear()
    if batch and not errors.total:
        context.session.execute(insert(staging), batch)
    return rows


def _check_duplicates(dataset: Dataset, session, import_id, errors: ErrorList) -> None:
    if errors.total:
        return
    model = dataset.staging_model
    staged = aliased(model)
    keys = [getattr(model, column) for column in dataset.key]
    groups = (
        select(*keys, func.min(model.row_number).label("first"))
        .where(model.import_id == import_id)
        .group_by(*keys)
        .having(func.count() > 1)
        .subquery()
    )
    repeats = session.execute(
        select(staged.row_number, groups.c.first)
        .join(groups, and_(*(getattr(staged, column) == groups.c[column] for column in dataset.key)))
        .where(staged.import_id == import_id, staged.row_number != groups.c.first)
        .order_by(staged.row_number)
        .limit(tabular.LISTED_ERRORS)
    )
    column, msgid, params = dataset.duplicate
    for row_number, first in repeats:
        errors.add(row_number, column, Message(msgid, {**params, "row": first}))


def _check_corrections(dataset: Dataset, session, import_id, errors: ErrorList) -> None:
    """A changed published record needs a reason, given in the row or for the whole file."""
    if errors.total:
        return
    staged, record = dataset.staging_model, dataset.published_model
    missing = session.execute(
        select(staged.row_number, record.published_at)
        .join(record, _replaces(dataset, staged, record))
        .where(staged.import_id == import_id, staged.correction_reason == "")
        .order_by(staged.row_number)
        .limit(tabular.LISTED_ERRORS)
    )
    column, msgid, params = dataset.needs_reason
    for row_number, published_at in missing:
        errors.add(row_number, column, Message(msgid, {**params, "date": published_at.date().isoformat()}))


def _listed_corrections(dataset: Dataset, session, import_id) -> list[Correction]:
    staged, record = dataset.staging_model, dataset.published_model
    pairs = session.execute(
        select(staged, record)
        .join(record, _replaces(dataset, staged, record))
        .options(*dataset.listing_options)
        .where(staged.import_id == import_id)
        .order_by(staged.row_number)
        .limit(LISTED_CORRECTIONS)
    )
    corrections = []
    for new, old in pairs:
        changed = [column for column in dataset.compared if getattr(new, column) != getattr(old, column)]
        corrections.append(Correction(old, {column: getattr(old, column) for column in changed},
                                      {column: getattr(new, column) for column in changed}))
    return corrections


def _publish(dataset: Dataset, session, batch, summary: ImportSummary, now: datetime) -> None:
    staged, record = dataset.staging_model, dataset.published_model
    import_id = batch.id
    superseded = session.execute(
        update(record)
        # The outer filter repeats what _replaces says so the planner scans current records only.
        .where(record.superseded_at.is_(None),
               exists().where(staged.import_id == import_id, _replaces(dataset, staged, record)))
        .values(superseded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    for correction in summary.corrections:
        # The bulk UPDATE bypassed the session: the records it already holds must reload the column.
        session.expire(correction.record, ["superseded_at"])
    staged_rows = session.scalar(select(func.count()).where(staged.import_id == import_id))
    earlier = aliased(record)
    previous_version = func.coalesce(
        select(func.max(earlier.version)).where(_matches(dataset, staged, earlier)).scalar_subquery(), 0)
    still_current = exists().where(_matches(dataset, staged, record), record.superseded_at.is_(None))
    values = dataset.staged_values
    extras = dataset.published_extras(now)
    columns = [*values, "version", "import_id", "published_at", *extras]
    source = select(
        *(getattr(staged, column) for column in values if column != "correction_reason"),
        # A new record carries no correction reason, whatever the row or the file said. Set
        # here, not by a later UPDATE, which rewrote every row of a first import.
        case((previous_version == 0, literal("")), else_=staged.correction_reason),
        previous_version + 1,
        staged.import_id,
        literal(now, record.published_at.type),
        *(literal(value, getattr(record, column).type) for column, value in extras.items()),
    ).where(staged.import_id == import_id, ~still_current)
    session.execute(insert(record).from_select(columns, source))
    # Counted, not taken from rowcount, which drivers report differently for INSERT ... SELECT.
    inserted = session.scalar(select(func.count()).where(record.import_id == import_id))
    session.execute(delete(staged).where(staged.import_id == import_id))
    summary.corrected = superseded
    summary.added = inserted - superseded
    summary.unchanged = staged_rows - inserted
    batch.rows_in_file = summary.rows_in_file
    batch.rows_added, batch.rows_corrected, batch.rows_unchanged = summary.added, summary.corrected, summary.unchanged
    session.flush()
