"""The register of designated institutions as published: one current version per national
code, earlier versions kept with their correction reason (portal.versioned_import)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from portal.db import Base, Money
from portal.enums import string_enum
from portal.funds.figures import Period, PeriodKind
from portal.institutions.columns import AgreementStatus, InstitutionLevel, Ownership
from portal.institutions.kinds import InstitutionType
from portal.regions.models import Region
from portal.versioned_import import ImportBatch


class InstitutionImport(ImportBatch, Base):
    __tablename__ = "institution_import"


class InstitutionValues:
    """The columns of a register row, shared by the register and the import staging table."""

    national_code: Mapped[str] = mapped_column(String(12))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_bo: Mapped[str] = mapped_column(String(300), default="")
    name_en: Mapped[str] = mapped_column(String(300), default="")
    type: Mapped[InstitutionType] = mapped_column(string_enum(InstitutionType, "institution_type"))
    level: Mapped[InstitutionLevel | None] = mapped_column(string_enum(InstitutionLevel, "institution_level"))
    ownership: Mapped[Ownership | None] = mapped_column(string_enum(Ownership, "institution_ownership"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    address_zh: Mapped[str] = mapped_column(String(300), default="")
    agreement_status: Mapped[AgreementStatus] = mapped_column(string_enum(AgreementStatus, "agreement_status"))
    status_from: Mapped[date | None] = mapped_column(Date)
    status_until: Mapped[date | None] = mapped_column(Date)
    sample_data: Mapped[bool] = mapped_column(default=False)
    source_document: Mapped[str] = mapped_column(String(300))
    data_as_of: Mapped[date] = mapped_column(Date)
    correction_reason: Mapped[str] = mapped_column(String(500), default="")

    @declared_attr
    def region(cls) -> Mapped[Region]:
        return relationship(Region)

    def name(self, language: str) -> str:
        return {"bo": self.name_bo, "en": self.name_en}.get(language) or self.name_zh

    def text(self, name: str, language: str) -> str:
        return getattr(self, f"{name}_{language}", "") or ""


# Compared between an incoming row and the published one: equal on all of them is unchanged.
COMPARED_COLUMNS = ("name_zh", "name_bo", "name_en", "type", "level", "ownership", "region_id", "address_zh",
                    "agreement_status", "status_from", "status_until", "sample_data", "source_document",
                    "data_as_of", "search_text")

CURRENT = text("superseded_at IS NULL")


class Institution(InstitutionValues, Base):
    """A published version of one institution's register entry."""

    __tablename__ = "institution"
    __table_args__ = (
        UniqueConstraint("national_code", "version", name="uq_institution_version"),
        Index("ix_institution_current", "national_code", unique=True, sqlite_where=CURRENT,
              postgresql_where=CURRENT),
        # The public list: by region, type and name among current entries.
        Index("ix_institution_listing", "region_id", "type", "national_code", sqlite_where=CURRENT,
              postgresql_where=CURRENT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    import_id: Mapped[int] = mapped_column(ForeignKey("institution_import.id"), index=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Names and code, NFKC-folded, for search.
    search_text: Mapped[str] = mapped_column(String(900), default="")


class InstitutionImportRow(InstitutionValues, Base):
    """Rows of a register import in progress; emptied inside the import's own transaction."""

    __tablename__ = "institution_import_row"
    __table_args__ = (Index("ix_institution_import_row_key", "import_id", "national_code"),)

    import_id: Mapped[int] = mapped_column(ForeignKey("institution_import.id", ondelete="CASCADE"),
                                           primary_key=True)
    row_number: Mapped[int] = mapped_column(primary_key=True)
    search_text: Mapped[str] = mapped_column(String(900), default="")


class CostImport(ImportBatch, Base):
    __tablename__ = "cost_import"


def _share() -> Mapped[Decimal | None]:
    return mapped_column(Numeric(5, 2))


class CostValues:
    """One institution's cost figures for one period (a year, quarter or month)."""

    national_code: Mapped[str] = mapped_column(String(12))
    period_kind: Mapped[PeriodKind] = mapped_column(string_enum(PeriodKind, "period_kind"))
    year: Mapped[int] = mapped_column(SmallInteger)
    period_number: Mapped[int] = mapped_column(SmallInteger)
    total_cost: Mapped[Decimal | None] = mapped_column(Money())
    outpatient_visits: Mapped[int | None] = mapped_column(BigInteger)
    outpatient_cost_per_visit: Mapped[Decimal | None] = mapped_column(Money())
    admissions: Mapped[int | None] = mapped_column(BigInteger)
    inpatient_cost_per_admission: Mapped[Decimal | None] = mapped_column(Money())
    share_drugs: Mapped[Decimal | None] = _share()
    share_consumables: Mapped[Decimal | None] = _share()
    share_tests: Mapped[Decimal | None] = _share()
    share_services: Mapped[Decimal | None] = _share()
    share_other: Mapped[Decimal | None] = _share()
    in_catalogue_drug_share: Mapped[Decimal | None] = _share()
    in_catalogue_procedure_share: Mapped[Decimal | None] = _share()
    fund_payment: Mapped[Decimal | None] = mapped_column(Money())
    self_pay_share: Mapped[Decimal | None] = _share()
    sample_data: Mapped[bool] = mapped_column(default=False)
    source_document: Mapped[str] = mapped_column(String(300))
    data_as_of: Mapped[date] = mapped_column(Date)
    correction_reason: Mapped[str] = mapped_column(String(500), default="")
    note_zh: Mapped[str] = mapped_column(String(500), default="")
    note_bo: Mapped[str] = mapped_column(String(500), default="")
    note_en: Mapped[str] = mapped_column(String(500), default="")

    @property
    def period(self) -> Period:
        return Period(self.year, self.period_kind, self.period_number)

    def note(self, language: str) -> str:
        return {"zh": self.note_zh, "bo": self.note_bo, "en": self.note_en}.get(language) or self.note_zh


COST_KEY = ("national_code", "period_kind", "year", "period_number")
COST_COMPARED_COLUMNS = (
    "total_cost", "outpatient_visits", "outpatient_cost_per_visit", "admissions", "inpatient_cost_per_admission",
    "share_drugs", "share_consumables", "share_tests", "share_services", "share_other", "in_catalogue_drug_share",
    "in_catalogue_procedure_share", "fund_payment", "self_pay_share", "sample_data", "source_document", "data_as_of",
    "note_zh", "note_bo", "note_en",
)


class CostReport(CostValues, Base):
    """A published version of one institution's figures for one period. Each version is held
    for the institution's review until `review_ends_at` (portal.institutions.review) and is
    public only after it."""

    __tablename__ = "cost_report"
    __table_args__ = (
        UniqueConstraint("national_code", "period_kind", "year", "period_number", "version",
                         name="uq_cost_report_version"),
        Index("ix_cost_report_current", "national_code", "period_kind", "year", "period_number", unique=True,
              sqlite_where=CURRENT, postgresql_where=CURRENT),
        # Peer groups: every institution's figures for one period.
        Index("ix_cost_report_period", "period_kind", "year", "period_number", sqlite_where=CURRENT,
              postgresql_where=CURRENT),
        # The years with reviewed annual figures, probed one year at a time.
        Index("ix_cost_report_year_review", "period_kind", "year", "review_ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    import_id: Mapped[int] = mapped_column(ForeignKey("cost_import.id"), index=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # imported; held until review ends
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set when the bureau upholds the institution's dispute: never shown (again) from then on.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CostImportRow(CostValues, Base):
    """Rows of a cost import in progress; emptied inside the import's own transaction."""

    __tablename__ = "cost_import_row"
    __table_args__ = (Index("ix_cost_import_row_key", "import_id", "national_code", "period_kind", "year",
                            "period_number"),)

    import_id: Mapped[int] = mapped_column(ForeignKey("cost_import.id", ondelete="CASCADE"), primary_key=True)
    row_number: Mapped[int] = mapped_column(primary_key=True)


class PriceImport(ImportBatch, Base):
    __tablename__ = "price_import"


class PriceValues:
    """The price one institution paid for one drug or consumable in one period."""

    national_code: Mapped[str] = mapped_column(String(12))
    period_kind: Mapped[PeriodKind] = mapped_column(string_enum(PeriodKind, "period_kind"))
    year: Mapped[int] = mapped_column(SmallInteger)
    period_number: Mapped[int] = mapped_column(SmallInteger)
    item_name: Mapped[str] = mapped_column(String(200))
    specification: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20))
    item_code: Mapped[str] = mapped_column(String(40), default="")
    unit_price: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    centrally_procured: Mapped[bool] = mapped_column(default=False)
    sample_data: Mapped[bool] = mapped_column(default=False)
    source_document: Mapped[str] = mapped_column(String(300))
    data_as_of: Mapped[date] = mapped_column(Date)
    correction_reason: Mapped[str] = mapped_column(String(500), default="")

    @property
    def period(self) -> Period:
        return Period(self.year, self.period_kind, self.period_number)


# An item is what the institution bought under one name, specification and unit: the national
# item code is optional in the file (not every consumable has one).
PRICE_KEY = ("national_code", "period_kind", "year", "period_number", "item_name", "specification", "unit")
PRICE_COMPARED_COLUMNS = ("item_code", "unit_price", "centrally_procured", "sample_data", "source_document",
                          "data_as_of")


class PurchasePrice(PriceValues, Base):
    """A published version of one purchase price, held for the institution's review like cost
    reports."""

    __tablename__ = "purchase_price"
    __table_args__ = (
        UniqueConstraint(*PRICE_KEY, "version", name="uq_purchase_price_version"),
        Index("ix_purchase_price_current", *PRICE_KEY, unique=True, sqlite_where=CURRENT,
              postgresql_where=CURRENT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    import_id: Mapped[int] = mapped_column(ForeignKey("price_import.id"), index=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PriceImportRow(PriceValues, Base):
    """Rows of a price import in progress; emptied inside the import's own transaction."""

    __tablename__ = "price_import_row"
    __table_args__ = (Index("ix_price_import_row_key", "import_id", *PRICE_KEY[:4]),)

    import_id: Mapped[int] = mapped_column(ForeignKey("price_import.id", ondelete="CASCADE"), primary_key=True)
    row_number: Mapped[int] = mapped_column(primary_key=True)


class FigureDispute(Base):
    """An institution's dispute of one version of its cost figures or of one purchase price,
    filed in the review period, and the bureau's answer (portal.institutions.review). The
    comment and the answer are published with the figures; who filed and who answered are
    kept for the audit, not shown."""

    __tablename__ = "figure_dispute"
    __table_args__ = (
        CheckConstraint("(cost_report_id IS NULL) <> (purchase_price_id IS NULL)", name="one"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cost_report_id: Mapped[int | None] = mapped_column(ForeignKey("cost_report.id"), unique=True)
    purchase_price_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_price.id"), unique=True)
    national_code: Mapped[str] = mapped_column(String(12), index=True)
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    comment: Mapped[str] = mapped_column(String(2000))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    upheld: Mapped[bool | None]
    answer: Mapped[str] = mapped_column(String(2000), default="")

    cost_report: Mapped[CostReport | None] = relationship()
    purchase_price: Mapped[PurchasePrice | None] = relationship()
