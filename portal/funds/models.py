from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from portal.db import Base, Money
from portal.enums import string_enum
from portal.funds.figures import FundType, Period, PeriodKind, months_covered
from portal.regions.models import Region
from portal.versioned_import import ImportBatch


class FundImport(ImportBatch, Base):
    __tablename__ = "fund_import"


class FundValues:
    """The columns of a published row, shared by the figures and the import staging table."""

    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    fund_type: Mapped[FundType] = mapped_column(string_enum(FundType, "fund_type"))
    period_kind: Mapped[PeriodKind] = mapped_column(string_enum(PeriodKind, "period_kind"))
    year: Mapped[int] = mapped_column(SmallInteger)
    period_number: Mapped[int] = mapped_column(SmallInteger)
    income: Mapped[Decimal | None] = mapped_column(Money())
    expenditure: Mapped[Decimal | None] = mapped_column(Money())
    period_balance: Mapped[Decimal | None] = mapped_column(Money())
    cumulative_balance: Mapped[Decimal | None] = mapped_column(Money())
    returns: Mapped[Decimal | None] = mapped_column(Money())
    insured_persons: Mapped[int | None] = mapped_column(BigInteger)
    source_document: Mapped[str] = mapped_column(String(300))
    data_as_of: Mapped[date] = mapped_column(Date)
    sample_data: Mapped[bool] = mapped_column(default=False)
    correction_reason: Mapped[str] = mapped_column(String(500), default="")
    note_zh: Mapped[str] = mapped_column(String(500), default="")
    note_bo: Mapped[str] = mapped_column(String(500), default="")
    note_en: Mapped[str] = mapped_column(String(500), default="")

    @declared_attr
    def region(cls) -> Mapped[Region]:
        return relationship(Region)

    @property
    def period(self) -> Period:
        return Period(self.year, self.period_kind, self.period_number)

    @property
    def months_covered(self) -> Decimal | None:
        return months_covered(self.cumulative_balance, self.expenditure, self.period.months)

    def note(self, language: str) -> str:
        return {"zh": self.note_zh, "bo": self.note_bo, "en": self.note_en}.get(language) or self.note_zh


# Figures compared between an incoming row and the published one: a row equal on all of
# them is unchanged, not a correction.
COMPARED_COLUMNS = ("income", "expenditure", "period_balance", "cumulative_balance", "returns",
                    "insured_persons", "source_document", "data_as_of", "sample_data",
                    "note_zh", "note_bo", "note_en")


CURRENT = text("superseded_at IS NULL")


class FundFigure(FundValues, Base):
    """A published version of one region's fund figures for one period. A correction adds a
    version and marks the previous one superseded; nothing is overwritten or deleted."""

    __tablename__ = "fund_figure"
    __table_args__ = (
        UniqueConstraint("region_id", "fund_type", "period_kind", "year", "period_number", "version",
                         name="uq_fund_figure_version"),
        # At most one current version of each period; also the index the region pages read.
        Index("ix_fund_figure_current", "region_id", "fund_type", "period_kind", "year",
              "period_number", unique=True, sqlite_where=CURRENT, postgresql_where=CURRENT),
        # The comparison of regions for one fund and period.
        Index("ix_fund_figure_period", "fund_type", "period_kind", "year", "period_number",
              sqlite_where=CURRENT, postgresql_where=CURRENT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    import_id: Mapped[int] = mapped_column(ForeignKey("fund_import.id"), index=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    fund_import: Mapped[FundImport] = relationship()


class FundImportRow(FundValues, Base):
    """Rows of an import in progress, so duplicates and corrections are found by the database
    in bounded memory. Filled and emptied inside the import's own transaction: a committed
    database never holds any."""

    __tablename__ = "fund_import_row"

    import_id: Mapped[int] = mapped_column(ForeignKey("fund_import.id", ondelete="CASCADE"),
                                           primary_key=True)
    row_number: Mapped[int] = mapped_column(primary_key=True)

    __table_args__ = (
        Index("ix_fund_import_row_key", "import_id", "region_id", "fund_type", "period_kind", "year",
              "period_number"),
    )
