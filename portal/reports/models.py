"""Reports. Plaintext columns are only what routing and counting need (DESIGN.md section 3):
region, category, channel, status, times, due dates, the real-name and reward flags.
Everything a reporter wrote, who they are and what they attached is sealed."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.casework.workflow import CaseState, Outcome, TransferKind
from portal.db import Base
from portal.enums import string_enum
from portal.regions.models import Region
from portal.violations import Violation


class Channel(enum.StrEnum):
    WEB = "web"
    HOTLINE = "hotline"
    SUPERVISOR = "supervisor"


# A report's status is its case state: one set of values, defined by the workflow.
ReportStatus = CaseState


class KeyKind(enum.StrEnum):
    DATA = "data"  # content, messages, attachments
    IDENTITY = "identity"  # a real-name reporter's identity and reward payee details


class Recipient(enum.StrEnum):
    REPORTER = "reporter"  # wrapped under a key derived from the tracking code
    STAFF = "staff"  # wrapped to a staff member's X25519 public key
    RECOVERY = "recovery"  # wrapped to the bureau's offline recovery key


class Author(enum.StrEnum):
    REPORTER = "reporter"
    BUREAU = "bureau"


def _now_column() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


OPEN_REPORTS_PREDICATE = (
    "status IN ('received', 'acceptance_review') OR status IN ('accepted', 'investigating')"
)


class Report(Base):
    __tablename__ = "report"
    __table_args__ = (
        Index("ix_report_status_created", "status", "created_at"),
        Index("ix_report_status_acceptance_due", "status", "acceptance_due"),
        Index("ix_report_status_investigation_due", "status", "investigation_due"),
        # Only the open reports: queues, open-status lists and dashboard counts walk this
        # (bench/queues.py: overdue deep pages 430 ms -> 3 ms p95 at a million reports). Keep
        # the predicate's shape: PostgreSQL matches the queue filter's OR arm by arm.
        Index("ix_report_open_id", "id",
              postgresql_include=["region_id", "status", "acceptance_due", "investigation_due"],
              postgresql_where=text(OPEN_REPORTS_PREDICATE), sqlite_where=text(OPEN_REPORTS_PREDICATE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    locator: Mapped[str] = mapped_column(String(10), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    category: Mapped[Violation] = mapped_column(string_enum(Violation, "violation"))
    channel: Mapped[Channel] = mapped_column(string_enum(Channel, "report_channel"))
    status: Mapped[ReportStatus] = mapped_column(string_enum(ReportStatus, "report_status"))
    real_name: Mapped[bool]
    reward_wanted: Mapped[bool]
    created_at: Mapped[datetime] = _now_column()
    # Due dates are None while the official calendar does not yet cover them (never guessed).
    acceptance_due: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)  # accepted, refused or transferred
    notify_due: Mapped[date | None] = mapped_column(Date)  # real-name reporter told of the decision
    investigation_due: Mapped[date | None] = mapped_column(Date)
    extension_days: Mapped[int] = mapped_column(SmallInteger, default=0)
    outcome: Mapped[Outcome | None] = mapped_column(string_enum(Outcome, "case_outcome"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    transfer_kind: Mapped[TransferKind | None] = mapped_column(string_enum(TransferKind, "transfer_kind"))
    # Tracking code: Argon2id(secret, salt, pepper) -> verifier; the pepper is not in the DB.
    code_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    code_verifier: Mapped[bytes] = mapped_column(LargeBinary(32))
    failed_code_attempts: Mapped[int] = mapped_column(default=0)
    code_locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Hotline operators read the code aloud: the caller must change it at first use.
    code_must_change: Mapped[bool] = mapped_column(default=False)

    region: Mapped[Region] = relationship()
    sealed_fields: Mapped[list[SealedField]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )
    key_wraps: Mapped[list[KeyWrap]] = relationship(back_populates="report", cascade="all, delete-orphan")
    events: Mapped[list[ReportEvent]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportEvent.id"
    )
    messages: Mapped[list[ReportMessage]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportMessage.id"
    )
    attachments: Mapped[list[ReportAttachment]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportAttachment.id"
    )


class SealedField(Base):
    """One encrypted field of a report (AES-GCM, report id and field name as associated data)."""

    __tablename__ = "report_sealed_field"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    key_kind: Mapped[KeyKind] = mapped_column(string_enum(KeyKind, "key_kind"))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)

    report: Mapped[Report] = relationship(back_populates="sealed_fields")


class KeyWrap(Base):
    """A report key (data or identity) wrapped for one holder."""

    __tablename__ = "report_key_wrap"
    __table_args__ = (
        UniqueConstraint("report_id", "key_kind", "recipient", "staff_user_id", name="holder"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    key_kind: Mapped[KeyKind] = mapped_column(string_enum(KeyKind, "key_kind"))
    recipient: Mapped[Recipient] = mapped_column(string_enum(Recipient, "key_recipient"))
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)

    report: Mapped[Report] = relationship(back_populates="key_wraps")


class ReportEvent(Base):
    """One step of a case. The reporter sees the status and time; staff also see who took the
    step and its note, sealed under the report's data key."""

    __tablename__ = "report_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    status: Mapped[ReportStatus] = mapped_column(string_enum(ReportStatus, "report_status"))
    at: Mapped[datetime] = _now_column()
    action: Mapped[str | None] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    sealed_note: Mapped[bytes | None] = mapped_column(LargeBinary)

    report: Mapped[Report] = relationship(back_populates="events")


class ReportMessage(Base):
    """A follow-up from the reporter or a reply from the bureau, sealed under the data key."""

    __tablename__ = "report_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    author: Mapped[Author] = mapped_column(string_enum(Author, "message_author"))
    created_at: Mapped[datetime] = _now_column()
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)

    report: Mapped[Report] = relationship(back_populates="messages")


class ReportAttachment(Base):
    """An evidence file: its name, type and size sealed here, its content sealed in chunks in
    the upload folder under a random file name."""

    __tablename__ = "report_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("report_message.id", ondelete="CASCADE"))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    sealed_meta: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = _now_column()

    report: Mapped[Report] = relationship(back_populates="attachments")


# What the reporter sees for each status (public label and a line of explanation).
from portal.text import N_  # noqa: E402

STATUS_TEXT = {
    ReportStatus.RECEIVED: (N_("Received"), N_("Your report has arrived and waits for review.")),
    ReportStatus.ACCEPTANCE_REVIEW: (N_("Under review"), N_("The bureau is deciding whether to open a case.")),
    ReportStatus.ACCEPTED: (N_("Accepted"), N_("The bureau has opened a case on your report.")),
    ReportStatus.NOT_ACCEPTED: (N_("Not accepted"), N_("The bureau did not open a case; see its reply for the reason.")),
    ReportStatus.TRANSFERRED: (N_("Transferred"), N_("Your report was passed to the body responsible for it.")),
    ReportStatus.INVESTIGATING: (N_("Being investigated"), N_("The bureau is investigating.")),
    ReportStatus.CONCLUDED: (N_("Concluded"), N_("The investigation has ended; see the bureau's reply.")),
    ReportStatus.MERGED: (N_("Merged"), N_("Your report is handled together with another report on the same matter.")),
}
