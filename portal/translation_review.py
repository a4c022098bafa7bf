"""Tibetan written without a native speaker is a draft until reviewed.

A draft catalog entry carries the translator comment REVIEW_MARKER (`#, fuzzy` would hide
the string from users). A reviewer who approves an entry deletes that comment line.
Glossary terms and region names carry a status column instead.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.config import PROJECT_ROOT
from portal.regions.models import Region
from portal.text import N_

REVIEW_MARKER = "bo: draft, needs native review"
TRANSLATIONS = PROJECT_ROOT / "translations"
GLOSSARY = TRANSLATIONS / "glossary.csv"


INTERFACE, FORM_MESSAGE, GLOSSARY_TERM, REGION_NAME = (
    N_("interface"), N_("form message"), N_("glossary term"), N_("region name")
)


@dataclass(frozen=True)
class Draft:
    kind: str  # one of the four kinds above, translated where shown
    source: str
    chinese: str
    tibetan: str


def _catalog(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def catalog_drafts(domain: str = "messages") -> list[tuple[str, str]]:
    """(English msgid, Tibetan draft) for every bo entry still marked for review."""
    path = TRANSLATIONS / "bo" / "LC_MESSAGES" / f"{domain}.po"
    drafts = []
    for message in _catalog(path):
        if message.id and REVIEW_MARKER in message.user_comments:
            source = message.id[0] if isinstance(message.id, tuple) else message.id
            text = message.string[0] if isinstance(message.string, tuple) else message.string
            drafts.append((source, text))
    return drafts


def glossary_rows() -> list[dict[str, str]]:
    with open(GLOSSARY, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def pending_tibetan_drafts(session: Session) -> list[Draft]:
    zh = {message.id: message.string for message in _catalog(TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po")}
    pending = [
        Draft(INTERFACE, source, _first(zh.get(source, "")), tibetan)
        for source, tibetan in catalog_drafts("messages")
    ]
    pending += [Draft(FORM_MESSAGE, source, "", tibetan) for source, tibetan in catalog_drafts("wtforms")]
    pending += [
        Draft(GLOSSARY_TERM, row["en"], row["zh"], row["bo"])
        for row in glossary_rows()
        if row["bo_status"] != "attested"
    ]
    pending += [
        Draft(REGION_NAME, region.name_en, region.name_zh, region.name_bo)
        for region in session.scalars(
            select(Region).where(Region.name_bo_reviewed.is_(False)).order_by(Region.path)
        )
    ]
    return pending


def _first(value):
    return value[0] if isinstance(value, tuple) else value
