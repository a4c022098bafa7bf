"""Loading and querying the region tree."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal.regions.models import PARENT_LEVEL, Region, RegionLevel
from portal.text import N_, ImportRejected, Message, RowError

COLUMNS = ("code", "parent_code", "level", "name_zh", "name_bo", "name_en", "name_bo_status")
BO_STATUSES = ("draft", "reviewed")


@dataclass(frozen=True)
class RegionRow:
    code: str
    parent_code: str
    level: RegionLevel
    name_zh: str
    name_bo: str
    name_en: str
    name_bo_reviewed: bool


def parse_region_rows(lines) -> list[RegionRow]:
    """Validate the whole file; raise ImportRejected listing every error."""
    reader = csv.DictReader(lines)
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
    if missing:
        raise ImportRejected(
            [RowError(0, column, Message(N_("Required column is missing."))) for column in missing]
        )
    errors: list[RowError] = []
    rows: list[RegionRow] = []
    seen: dict[str, RegionLevel] = {}
    for number, raw in enumerate(reader, start=1):
        raw = {key: (value or "").strip() for key, value in raw.items() if key}
        code = raw["code"]
        if not (code.isdigit() and len(code) == 6):
            errors.append(RowError(number, "code", Message(N_("A region code is six digits."))))
        elif code in seen:
            errors.append(RowError(number, "code", Message(N_("This code appears twice."))))
        try:
            level = RegionLevel(raw["level"])
        except ValueError:
            errors.append(
                RowError(number, "level", Message(N_("Level must be province, city or county.")))
            )
            continue
        expected_parent = PARENT_LEVEL[level]
        parent = raw["parent_code"]
        if expected_parent is None and parent:
            errors.append(RowError(number, "parent_code", Message(N_("A province has no parent."))))
        elif expected_parent is not None and seen.get(parent) != expected_parent:
            errors.append(
                RowError(
                    number,
                    "parent_code",
                    Message(
                        N_("The parent must be a %(level)s listed on an earlier row."),
                        {"level": expected_parent.value},
                    ),
                )
            )
        if not raw["name_zh"]:
            errors.append(RowError(number, "name_zh", Message(N_("A Chinese name is required."))))
        status = raw["name_bo_status"] or "draft"
        if status not in BO_STATUSES:
            errors.append(
                RowError(number, "name_bo_status", Message(N_("Status must be draft or reviewed.")))
            )
        seen.setdefault(code, level)
        rows.append(
            RegionRow(code, parent, level, raw["name_zh"], raw["name_bo"], raw["name_en"],
                      status == "reviewed")
        )
    if errors:
        raise ImportRejected(errors)
    return rows


def read_region_file(path: Path) -> list[RegionRow]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return parse_region_rows(handle)


def load_regions(session: Session, rows: list[RegionRow]) -> int:
    """Insert or update regions by code in one transaction; returns how many rows were loaded."""
    existing = {region.code: region for region in session.scalars(select(Region))}
    try:
        for row in rows:
            region = existing.get(row.code) or Region(code=row.code)
            parent = existing[row.parent_code] if row.parent_code else None
            region.parent = parent
            region.level = row.level
            region.path = f"{parent.path if parent else '/'}{row.code}/"
            region.name_zh, region.name_bo, region.name_en = row.name_zh, row.name_bo, row.name_en
            region.name_bo_reviewed = row.name_bo_reviewed
            session.add(region)
            existing[row.code] = region
        session.commit()
    except Exception:
        session.rollback()
        raise
    return len(rows)


def provinces(session: Session) -> list[Region]:
    """Every province with its cities and counties loaded."""
    statement = (
        select(Region)
        .where(Region.parent_id.is_(None))
        .order_by(Region.code)
        .options(selectinload(Region.children).selectinload(Region.children))
    )
    return list(session.scalars(statement))


def all_regions(session: Session) -> list[Region]:
    """Every region in tree order (parents before their children)."""
    return list(session.scalars(select(Region).order_by(Region.path)))


def region_by_code(session: Session, code: str) -> Region | None:
    return session.scalar(select(Region).where(Region.code == code))


def subtree(session: Session, region: Region) -> list[Region]:
    """The region and everything under it."""
    statement = select(Region).where(Region.path.startswith(region.path)).order_by(Region.path)
    return list(session.scalars(statement))
