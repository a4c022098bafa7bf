"""Typical cases as stored: the case (editorial state, publication, withdrawal), its revisions
(the text; one revision per correction, none overwritten once published), its events (the
editorial history; public ones are shown with the case), and the inspection rounds."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.cases.checks import LegalBasis
from portal.cases.content import (
    INSTITUTION_NAME_MAX,
    TITLE_MAX,
    CaseContent,
    CaseOutcome,
    ClueSource,
    ExecutionStatus,
    Handling,
)
from portal.cases.editorial import EditorialEventKind, EditorialState
from portal.db import Base, Money
from portal.enums import string_enum
from portal.institutions.kinds import InstitutionType
from portal.regions.models import Region
from portal.violations import Violation


class TypicalCase(Base):
    __tablename__ = "typical_case"
    __table_args__ = (
        # The public list: newest first, keyset on (published_on, id).
        Index("ix_typical_case_listing", "state", "published_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[EditorialState] = mapped_column(string_enum(EditorialState, "editorial_state"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)  # for the editors' scope
    sample_data: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_number: Mapped[int | None] = mapped_column(SmallInteger)  # the revision on line
    first_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_on: Mapped[date | None] = mapped_column(Date)  # Beijing date of first publication
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # last public event
    withdrawal_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    withdrawal_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawal_request_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    region: Mapped[Region] = relationship()
    revisions: Mapped[list[CaseRevision]] = relationship(back_populates="case", order_by="CaseRevision.number")
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.id")


class CaseRevision(Base):
    """One version of a case's text. Revision 1 is the first draft; each correction adds one.
    A revision is written while pending and frozen once approved."""

    __tablename__ = "case_revision"
    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_case_revision_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("typical_case.id"))
    number: Mapped[int] = mapped_column(SmallInteger)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    title_zh: Mapped[str] = mapped_column(String(TITLE_MAX))
    title_bo: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    title_en: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    summary_zh: Mapped[str] = mapped_column(Text)
    summary_bo: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    institution_name_zh: Mapped[str] = mapped_column(String(INSTITUTION_NAME_MAX), default="")
    institution_name_bo: Mapped[str] = mapped_column(String(INSTITUTION_NAME_MAX), default="")
    institution_name_en: Mapped[str] = mapped_column(String(INSTITUTION_NAME_MAX), default="")
    institution_code: Mapped[str] = mapped_column(String(40), default="")
    institution_type: Mapped[InstitutionType | None] = mapped_column(
        string_enum(InstitutionType, "institution_type"), index=True)
    clue_source: Mapped[ClueSource] = mapped_column(string_enum(ClueSource, "clue_source"))
    violation_start: Mapped[date | None] = mapped_column(Date)
    violation_end: Mapped[date | None] = mapped_column(Date)
    amount_involved: Mapped[Decimal | None] = mapped_column(Money())
    legal_basis: Mapped[LegalBasis | None] = mapped_column(string_enum(LegalBasis, "legal_basis"))
    handling: Mapped[Handling | None] = mapped_column(string_enum(Handling, "case_handling"))
    returned_amount: Mapped[Decimal | None] = mapped_column(Money())
    fine_amount: Mapped[Decimal | None] = mapped_column(Money())
    fine_multiple: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    suspension_months: Mapped[int | None] = mapped_column(SmallInteger)
    agreement_suspension_days: Mapped[int | None] = mapped_column(SmallInteger)
    agreement_terminated: Mapped[bool] = mapped_column(default=False)
    rectification_ordered: Mapped[bool] = mapped_column(default=False)
    interview_held: Mapped[bool] = mapped_column(default=False)
    referred_to_police: Mapped[bool] = mapped_column(default=False)
    notified_health_commission: Mapped[bool] = mapped_column(default=False)
    discipline_referral: Mapped[bool] = mapped_column(default=False)
    execution_status: Mapped[ExecutionStatus | None] = mapped_column(
        string_enum(ExecutionStatus, "execution_status"))
    decision_number: Mapped[str] = mapped_column(String(100), default="")
    correction_note: Mapped[str | None] = mapped_column(Text)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Title, summary and institution in every language, normalised (NFKC, case-folded), for search.
    search_text: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[TypicalCase] = relationship(back_populates="revisions")
    region: Mapped[Region] = relationship()
    category_rows: Mapped[list[CaseRevisionCategory]] = relationship(cascade="all, delete-orphan")
    outcome_rows: Mapped[list[CaseRevisionOutcome]] = relationship(cascade="all, delete-orphan")
    author_rows: Mapped[list[CaseRevisionAuthor]] = relationship(cascade="all, delete-orphan")

    @property
    def categories(self) -> list[Violation]:
        return sorted((row.category for row in self.category_rows), key=list(Violation).index)

    @property
    def outcomes(self) -> list[CaseOutcome]:
        return sorted((row.outcome for row in self.outcome_rows), key=list(CaseOutcome).index)

    def text(self, name: str, language: str) -> str:
        """The field in `language`, or "" when it is not written in that language."""
        return getattr(self, f"{name}_{language}", "") or ""

    def content(self) -> CaseContent:
        from portal.cases.content import CONTENT_FIELDS

        values = {name: getattr(self, name) for name in CONTENT_FIELDS if name not in ("region_code", "categories")}
        return CaseContent(region_code=self.region.code, categories=frozenset(self.categories), **values)


class CaseRevisionCategory(Base):
    __tablename__ = "case_revision_category"
    __table_args__ = (Index("ix_case_revision_category_category", "category", "revision_id"),)

    revision_id: Mapped[int] = mapped_column(ForeignKey("case_revision.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[Violation] = mapped_column(string_enum(Violation, "violation_category"), primary_key=True)


class CaseRevisionOutcome(Base):
    __tablename__ = "case_revision_outcome"
    __table_args__ = (Index("ix_case_revision_outcome_outcome", "outcome", "revision_id"),)

    revision_id: Mapped[int] = mapped_column(ForeignKey("case_revision.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[CaseOutcome] = mapped_column(string_enum(CaseOutcome, "case_outcome"), primary_key=True)


class CaseRevisionAuthor(Base):
    """Every editor who saved a change to a revision; none of them may approve it."""

    __tablename__ = "case_revision_author"

    revision_id: Mapped[int] = mapped_column(ForeignKey("case_revision.id", ondelete="CASCADE"), primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), primary_key=True)


class CaseEvent(Base):
    """One editorial step. Published, corrected and withdrawn are public."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("typical_case.id"), index=True)
    kind: Mapped[EditorialEventKind] = mapped_column(string_enum(EditorialEventKind, "case_event_kind"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # None: demo data
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revision: Mapped[int | None] = mapped_column(SmallInteger)
    text: Mapped[str | None] = mapped_column(Text)

    case: Mapped[TypicalCase] = relationship(back_populates="events")


class InspectionRound(Base):
    """A round of random inspections ("双随机、一公开") and its published results."""

    __tablename__ = "inspection_round"
    __table_args__ = (UniqueConstraint("region_id", "round_code", name="uq_inspection_round_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    round_code: Mapped[str] = mapped_column(String(40))
    title_zh: Mapped[str] = mapped_column(String(TITLE_MAX))
    title_bo: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    title_en: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)  # None: still running
    institutions_in_scope: Mapped[int | None]
    institutions_checked: Mapped[int]
    recovered_amount: Mapped[Decimal | None] = mapped_column(Money())
    suspended: Mapped[int | None]
    notified: Mapped[int | None]
    interviewed: Mapped[int | None]
    source_document: Mapped[str] = mapped_column(String(300))
    sample_data: Mapped[bool] = mapped_column(default=False)
    data_as_of: Mapped[date] = mapped_column(Date)

    region: Mapped[Region] = relationship()

    def text(self, name: str, language: str) -> str:
        return getattr(self, f"{name}_{language}", "") or ""
