"""Social supervisors: the roster, recruitment notices, observations. A supervisor's contact
details are sealed under an identity key (identity custodians and the recovery key); an
observation's description, attachments and the bureau's feedback under its data key (the
region's case officers, the supervisor who wrote it, the recovery key), wrapped in
portal.keywraps. Names, categories,
terms and counts are plaintext: the roster may be published and the assessment counts them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, LargeBinary, SmallInteger, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.enums import string_enum
from portal.regions.models import Region
from portal.reports.models import Report
from portal.supervisors.rules import Category, ObservationType, Selection, Term


class Supervisor(Base):
    __tablename__ = "supervisor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[Category] = mapped_column(string_enum(Category, "supervisor_category"))
    selection: Mapped[Selection] = mapped_column(string_enum(Selection, "supervisor_selection"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)  # the appointing bureau's
    appointing_bureau: Mapped[str] = mapped_column(String(200))
    certificate_number: Mapped[str] = mapped_column(String(40), unique=True)
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    renewals: Mapped[int] = mapped_column(SmallInteger, default=0)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str] = mapped_column(String(500), default="")
    consent_to_publish: Mapped[bool] = mapped_column(default=False)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), unique=True)
    sealed_contact: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    region: Mapped[Region] = relationship()

    @property
    def term(self) -> Term:
        return Term(self.term_start, self.term_end, self.renewals, self.terminated_on)


class RecruitmentNotice(Base):
    __tablename__ = "supervisor_recruitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    title_zh: Mapped[str] = mapped_column(String(200))
    title_bo: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    body_zh: Mapped[str] = mapped_column(String(8000))
    body_bo: Mapped[str] = mapped_column(String(12000), default="")
    body_en: Mapped[str] = mapped_column(String(12000), default="")
    published_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)

    region: Mapped[Region] = relationship()

    def text(self, name: str, language: str) -> str:
        return getattr(self, f"{name}_{language}", "") or getattr(self, f"{name}_zh")


class Observation(Base):
    __tablename__ = "supervisor_observation"
    __table_args__ = (Index("ix_supervisor_observation_supervisor_day", "supervisor_id", "observed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("supervisor.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    observed_on: Mapped[date] = mapped_column(Date)
    type: Mapped[ObservationType] = mapped_column(string_enum(ObservationType, "observation_type"))
    institution_code: Mapped[str | None] = mapped_column(String(12))  # from the register, or
    department: Mapped[str] = mapped_column(String(200), default="")  # a department of the bureau
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sealed_description: Mapped[bytes] = mapped_column(LargeBinary)
    sealed_feedback: Mapped[bytes | None] = mapped_column(LargeBinary)
    feedback_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), unique=True)  # an escalated clue

    supervisor: Mapped[Supervisor] = relationship()
    region: Mapped[Region] = relationship()
    report: Mapped[Report | None] = relationship()
    attachments: Mapped[list[ObservationAttachment]] = relationship(
        back_populates="observation", cascade="all, delete-orphan", order_by="ObservationAttachment.id")


class ObservationAttachment(Base):
    """A file, sealed in chunks in the upload folder like a report's (portal.envelope)."""

    __tablename__ = "supervisor_observation_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[int] = mapped_column(ForeignKey("supervisor_observation.id", ondelete="CASCADE"),
                                                index=True)
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    sealed_meta: Mapped[bytes] = mapped_column(LargeBinary)

    observation: Mapped[Observation] = relationship(back_populates="attachments")
