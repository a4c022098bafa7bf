"""12345 work orders. Plaintext columns are what routing, clocks and counting need (number,
region, type, state, times, due date, the caller's wishes); what the caller said and who they
are are sealed, like reports (portal.envelope, keys in portal.keywraps): the matter under the order's data key (case
officers of the region and the recovery key), the caller under its identity key (identity
custodians and the recovery key). The operator who typed the order holds neither, so after
saving an operator sees only its status, unless they also hold a role that holds the key.
A "report" order's matter and caller are in its report, not here; its data key seals only
the steps of the 12345 cycle."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, LargeBinary, SmallInteger, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.enums import string_enum
from portal.hotline.rules import OrderState, RequestType, Satisfaction
from portal.regions.models import Region
from portal.reports.models import Report


class HotlineOrder(Base):
    __tablename__ = "hotline_order"
    __table_args__ = (Index("ix_hotline_order_state_due", "state", "reply_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_number: Mapped[str] = mapped_column(String(32), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    request_type: Mapped[RequestType] = mapped_column(string_enum(RequestType, "hotline_request_type"))
    state: Mapped[OrderState] = mapped_column(string_enum(OrderState, "hotline_order_state"))
    called_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # None while the official calendar does not cover it.
    reply_due: Mapped[date | None] = mapped_column(Date)
    confidential: Mapped[bool] = mapped_column(default=False)  # the caller asked for confidentiality
    no_reply: Mapped[bool] = mapped_column(default=False)  # the caller wants no reply or call back
    caller_named: Mapped[bool] = mapped_column(default=False)
    satisfaction: Mapped[Satisfaction | None] = mapped_column(string_enum(Satisfaction, "hotline_satisfaction"))
    times_reopened: Mapped[int] = mapped_column(SmallInteger, default=0)
    operator_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), unique=True)
    sealed_matter: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_caller: Mapped[bytes | None] = mapped_column(LargeBinary)

    region: Mapped[Region] = relationship()
    report: Mapped[Report | None] = relationship()
    events: Mapped[list[HotlineEvent]] = relationship(back_populates="order", cascade="all, delete-orphan",
                                                      order_by="HotlineEvent.id")


class HotlineEvent(Base):
    """One step of an order: entered, replied, followed up, sent back, reopened. The text (the
    reply, the reason, the follow-up note) is sealed under the order's data key."""

    __tablename__ = "hotline_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("hotline_order.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(32))  # "entered", "reopened" or an OrderAction
    state: Mapped[OrderState] = mapped_column(string_enum(OrderState, "hotline_order_state"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    sealed_text: Mapped[bytes | None] = mapped_column(LargeBinary)

    order: Mapped[HotlineOrder] = relationship(back_populates="events")
