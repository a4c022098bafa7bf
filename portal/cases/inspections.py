"""Results of random inspection rounds ("双随机、一公开", Regulation Art.34), imported from
published files with the same reader as the fund figures. A file is all-or-nothing; a row
whose region and round code are already published replaces that round (the file is the
bureau's current statement of the round's results) and the import is audited."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portal.audit import chain
from portal.cases.content import TITLE_MAX
from portal.cases.models import InspectionRound
from portal.regions.models import Region
from portal.tabular import (
    Column,
    ErrorList,
    amount,
    count,
    iso_date,
    read_rows,
    text,
    yes_no,
)
from portal.text import N_, Message
from portal.versioned_import import file_sha256

COLUMNS = (
    Column("region_code", text(12), N_("GB/T 2260 code of the region whose bureau ran the round."), True, "640521"),
    Column("round_code", text(40), N_("The bureau's code for the round, unique within the region."), True, "2020-2021"),
    Column("title_zh", text(TITLE_MAX), N_("Name of the round in Chinese."), True, "2020年以来“双随机、一公开”检查"),
    Column("title_bo", text(TITLE_MAX), N_("Name of the round in Tibetan.")),
    Column("title_en", text(TITLE_MAX), N_("Name of the round in English.")),
    Column("period_start", iso_date, N_("First day of the round."), True, "2020-01-01", "date"),
    Column("period_end", iso_date, N_("Last day of the round; blank while it runs."), False, "", "date"),
    Column("institutions_in_scope", count, N_("Designated institutions the round covers."), False, "266", "integer"),
    Column("institutions_checked", count, N_("Institutions inspected."), True, "266", "integer"),
    Column("recovered_amount", amount(), N_("Money recovered for the fund, yuan."), False, "675500.00", "number"),
    Column("suspended", count, N_("Institutions whose agreement or services were suspended."), False, "6", "integer"),
    Column("notified", count, N_("Institutions publicly notified."), False, "22", "integer"),
    Column("interviewed", count, N_("Heads of institutions interviewed."), False, "22", "integer"),
    Column("source_document", text(300), N_("Where the figures were published."), True),
    Column("data_as_of", iso_date, N_("Date the figures refer to."), True, "2021-03-31", "date"),
    Column("sample_data", yes_no, N_("yes for synthetic demonstration rows."), False, "no", "boolean"),
)
MAX_ROWS = 10_000


@dataclass(frozen=True)
class InspectionImport:
    filename: str
    added: int
    replaced: int


def import_inspection_file(session: Session, stream: IO[bytes], filename: str, actor_id: int | None = None,
                           actor_label: str = "cli") -> InspectionImport:
    """Import one file in the caller's transaction (not committed). Raises ImportRejected and
    changes nothing when any row is wrong; a file that changes nothing is not audited."""
    errors = ErrorList()
    regions = {code: region_id for code, region_id in session.execute(select(Region.code, Region.id))}
    rows, keys = [], set()
    for number, row in read_rows(stream, filename, COLUMNS, errors, MAX_ROWS):
        if row["region_code"] not in regions:
            errors.add(number, "region_code", Message(N_("Unknown region code.")))
            continue
        key = (row["region_code"], row["round_code"])
        if key in keys:
            errors.add(number, "round_code", Message(N_("This round appears twice in the file.")))
            continue
        keys.add(key)
        if row["period_end"] and row["period_end"] < row["period_start"]:
            errors.add(number, "period_end", Message(N_("The round cannot end before it starts.")))
            continue
        if row["institutions_in_scope"] is not None and row["institutions_checked"] > row["institutions_in_scope"]:
            errors.add(number, "institutions_checked",
                       Message(N_("More institutions checked than the round covers.")))
            continue
        rows.append(row)
    errors.raise_if_any()
    existing = {(round_.region_id, round_.round_code): round_ for round_ in session.scalars(select(InspectionRound))}
    added = replaced = 0
    for row in rows:
        region_id = regions[row.pop("region_code")]
        found = existing.get((region_id, row["round_code"]))
        if found is None:
            session.add(InspectionRound(region_id=region_id, **row))
            added += 1
        elif any(getattr(found, name) != value for name, value in row.items()):
            for name, value in row.items():
                setattr(found, name, value)
            replaced += 1
    if not added and not replaced:
        return InspectionImport(filename, 0, 0)
    chain.append(session, actor_id=actor_id, actor_label=actor_label, action="inspections.import",
                 subject_type="inspection_file", subject_id=filename[:64],
                 details={"sha256": file_sha256(stream), "added": added, "replaced": replaced})
    session.flush()
    return InspectionImport(filename, added, replaced)


def import_inspection_files(session: Session, directory: Path) -> list[InspectionImport]:
    results = []
    for path in sorted(directory.glob("*.csv")):
        with open(path, "rb") as handle:
            results.append(import_inspection_file(session, handle, path.name))
    return results


def inspection_rounds(session: Session, region: Region | None = None) -> list[InspectionRound]:
    statement = select(InspectionRound).options(joinedload(InspectionRound.region))
    if region is not None:
        statement = statement.join(Region, Region.id == InspectionRound.region_id).where(
            Region.path.startswith(region.path, autoescape=True))
    return list(session.scalars(statement.order_by(InspectionRound.period_start.desc(), InspectionRound.id)))
