"""Per-record keys wrapped for their holders, for sealed records other than reports (hotline
orders, supervisors' contacts, observations): one table, the record named by `subject` and
id, the same wrapping as reports (portal.reports.services.wraps_for_holders)."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.db import Base
from portal.enums import string_enum
from portal.regions.models import Region
from portal.reports import services as reports
from portal.reports.models import KeyKind, Recipient
from portal.staff.models import StaffUser


class SealedKeyWrap(Base):
    """A key of one record (`subject` "hotline-order", "supervisor" or "observation") wrapped
    for one holder."""

    __tablename__ = "sealed_key_wrap"
    __table_args__ = (UniqueConstraint("subject", "record_id", "key_kind", "recipient", "staff_user_id",
                                       name="uq_sealed_key_wrap_holder"),
                      Index("ix_sealed_key_wrap_record", "subject", "record_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    key_kind: Mapped[KeyKind] = mapped_column(string_enum(KeyKind, "key_kind"))
    recipient: Mapped[Recipient] = mapped_column(string_enum(Recipient, "key_recipient"))
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)


def wrap_record(session: Session, keyring, subject: str, record_id: int, region: Region, kind: KeyKind, key: bytes,
                also: tuple[StaffUser, ...] = ()) -> None:
    """Wrap a record's key to the recovery key, the holders of `kind` in scope of `region`
    and the staff in `also`; flushed with the caller's transaction."""
    values = reports.wraps_for_holders(session, keyring, record_id, region, kind, key, subject=subject, also=also)
    session.add_all(SealedKeyWrap(subject=subject, record_id=record_id, key_kind=kind, **value) for value in values)


def record_key(session: Session, subject: str, record_id: int, user: StaffUser, private_key: bytes | None,
               kind: KeyKind) -> bytes | None:
    """The record's key of `kind` for this staff member, or None when they hold none."""
    if private_key is None:
        return None
    wraps = session.scalars(select(SealedKeyWrap).where(SealedKeyWrap.subject == subject,
                                                        SealedKeyWrap.record_id == record_id,
                                                        SealedKeyWrap.staff_user_id == user.id))
    try:
        return reports.unwrap_as_staff(list(wraps), record_id, user, private_key, kind, subject)
    except reports.KeyNotHeld:
        return None
