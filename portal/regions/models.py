from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.enums import string_enum
from portal.text import N_


class RegionLevel(enum.StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


LEVEL_TEXT = {
    RegionLevel.PROVINCE: N_("Provinces"),
    RegionLevel.CITY: N_("Cities and prefectures"),
    RegionLevel.COUNTY: N_("Counties and districts"),
}

# The level a region's parent must have: province has none.
PARENT_LEVEL = {
    RegionLevel.PROVINCE: None,
    RegionLevel.CITY: RegionLevel.PROVINCE,
    RegionLevel.COUNTY: RegionLevel.CITY,
}


class Region(Base):
    """A node of the administrative tree (GB/T 2260 code) that a bureau serves."""

    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    level: Mapped[RegionLevel] = mapped_column(string_enum(RegionLevel, "region_level"))
    # "/640000/640300/640323/": a region's subtree is every path with its path as prefix,
    # which is how staff region scope is checked with one indexed query.
    path: Mapped[str] = mapped_column(String(120), index=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_bo: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(100), default="")
    name_bo_reviewed: Mapped[bool] = mapped_column(default=False)

    parent: Mapped[Region | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Region]] = relationship(back_populates="parent", order_by="Region.code")

    def name(self, language: str) -> str:
        """The region's name in a language, falling back to Chinese."""
        return {"bo": self.name_bo, "en": self.name_en}.get(language) or self.name_zh

    def has_translation(self, language: str) -> bool:
        return language == "zh" or bool({"bo": self.name_bo, "en": self.name_en}.get(language))
