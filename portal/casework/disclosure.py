"""Identity disclosure: a case officer asks, an identity custodian approves (re-wrapping the
identity key to that officer) or refuses. No Flask here; every step is audited by the caller's
transaction."""
from __future__ import annotations

import enum
import json
from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, LargeBinary, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal import envelope
from portal.audit import chain
from portal.db import Base
from portal.enums import string_enum
from portal.regions.models import Region
from portal.reports.models import KeyKind, KeyWrap, Recipient, Report
from portal.reports.services import _data_context, open_as_staff
from portal.staff.models import Role, StaffUser
from portal.text import N_, Message


class DisclosureState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class IdentityDisclosure(Base):
    __tablename__ = "identity_disclosure"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sealed_reason: Mapped[bytes] = mapped_column(LargeBinary)  # under the report's data key
    state: Mapped[DisclosureState] = mapped_column(string_enum(DisclosureState, "disclosure_state"), index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    report: Mapped[Report] = relationship()
    requester: Mapped[StaffUser] = relationship(foreign_keys=[requested_by])


class DisclosureError(ValueError):
    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def _audit(session, user, action, disclosure) -> None:
    chain.append(session, actor_id=user.id, actor_label=user.username, action=action, subject_type="report",
                 subject_id=disclosure.report_id, details={"disclosure": disclosure.id})


def request_identity(session: Session, report: Report, officer: StaffUser, private_key_raw: bytes,
                     reason: str, now: datetime | None = None) -> IdentityDisclosure:
    now = now or datetime.now(timezone.utc)
    if not report.real_name:
        raise DisclosureError(Message(N_("This report is anonymous: there is no identity to disclose.")))
    if not reason.strip():
        raise DisclosureError(Message(N_("Give the reason why the investigation needs the reporter's identity.")))
    if session.scalar(select(IdentityDisclosure.id).where(
            IdentityDisclosure.report_id == report.id, IdentityDisclosure.requested_by == officer.id,
            IdentityDisclosure.state == DisclosureState.PENDING)):
        raise DisclosureError(Message(N_("Your request is already waiting for a custodian.")))
    data_key = open_as_staff(report, officer, private_key_raw)
    disclosure = IdentityDisclosure(report_id=report.id, requested_by=officer.id, requested_at=now,
                                    sealed_reason=b"", state=DisclosureState.PENDING)
    session.add(disclosure)
    session.flush()
    disclosure.sealed_reason = envelope.seal_field(data_key, report.id, f"disclosure/{disclosure.id}/reason",
                                                   reason.strip().encode())
    _audit(session, officer, "identity.disclose.request", disclosure)
    session.commit()
    return disclosure


def pending_for(session: Session, custodian: StaffUser) -> list[IdentityDisclosure]:
    """Requests a custodian may decide: reports in their region, never their own requests."""
    if Role.IDENTITY_CUSTODIAN not in custodian.roles:
        return []
    return list(session.scalars(
        select(IdentityDisclosure).join(IdentityDisclosure.report).join(Report.region)
        .where(IdentityDisclosure.state == DisclosureState.PENDING, Region.path.startswith(custodian.region.path),
               IdentityDisclosure.requested_by != custodian.id)
        .order_by(IdentityDisclosure.id)))


def reason_of(disclosure: IdentityDisclosure, data_key: bytes) -> str:
    return envelope.open_field(data_key, disclosure.report_id, f"disclosure/{disclosure.id}/reason",
                               disclosure.sealed_reason).decode()


def decide(session: Session, disclosure: IdentityDisclosure, custodian: StaffUser, private_key_raw: bytes,
           approve: bool, now: datetime | None = None) -> None:
    now = now or datetime.now(timezone.utc)
    if disclosure not in pending_for(session, custodian):
        raise DisclosureError(Message(N_("You cannot decide this request.")))
    if approve:
        report = disclosure.report
        identity_key = open_as_staff(report, custodian, private_key_raw, KeyKind.IDENTITY)
        officer = disclosure.requester
        report.key_wraps.append(KeyWrap(
            key_kind=KeyKind.IDENTITY, recipient=Recipient.STAFF, staff_user_id=officer.id,
            wrapped_key=envelope.wrap_to_public_key(identity_key, officer.public_key,
                                                    _data_context(report.id, KeyKind.IDENTITY, f"staff/{officer.id}"))))
    disclosure.state = DisclosureState.APPROVED if approve else DisclosureState.REFUSED
    disclosure.decided_by, disclosure.decided_at = custodian.id, now
    _audit(session, custodian, "identity.disclose.approve" if approve else "identity.disclose.refuse", disclosure)
    session.commit()


def read_identity(session: Session, report: Report, user: StaffUser, private_key_raw: bytes) -> dict | None:
    """The sealed identity for a holder of the identity key (audited), else None."""
    field = next((f for f in report.sealed_fields if f.name == "identity"), None)
    if field is None:
        return None
    try:
        identity_key = open_as_staff(report, user, private_key_raw, KeyKind.IDENTITY)
    except LookupError:
        return None
    chain.append(session, actor_id=user.id, actor_label=user.username, action="identity.read",
                 subject_type="report", subject_id=report.id, details={})
    session.commit()
    return json.loads(envelope.open_field(identity_key, report.id, "identity", field.ciphertext))
