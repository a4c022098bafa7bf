"""Rewards for verified reports. Amounts, states, dates and who decided are plaintext (they are
counted and reported); the payee's identity and bank account are sealed under an identity key
wrapped to the reward officers (identity custodians) and the recovery key (portal.keywraps)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, Money
from portal.enums import string_enum
from portal.regions.models import Region
from portal.reports.models import Report
from portal.rewards.rules import Grade, RewardState


class Reward(Base):
    __tablename__ = "reward"
    __table_args__ = (Index("ix_reward_state_deadline", "state", "claim_deadline"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    state: Mapped[RewardState] = mapped_column(string_enum(RewardState, "reward_state"))
    rule_set_code: Mapped[str] = mapped_column(String(40))
    verified_amount: Mapped[Decimal] = mapped_column(Money())
    grade: Mapped[Grade | None] = mapped_column(string_enum(Grade, "reward_grade"))
    insider: Mapped[bool] = mapped_column(default=False)
    first_reporter: Mapped[bool] = mapped_column(default=True)
    conditions: Mapped[str] = mapped_column(String(300))  # the conditions met, comma-separated codes
    exclusions: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[Decimal] = mapped_column(Money())
    trace: Mapped[str] = mapped_column(Text)  # JSON: [[msgid, params], ...], rendered in the reader's language
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    return_reason: Mapped[str] = mapped_column(String(500), default="")
    claim_deadline: Mapped[date | None] = mapped_column(Date)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    declined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sealed_payee: Mapped[bytes | None] = mapped_column(LargeBinary)
    payment_reference: Mapped[str] = mapped_column(String(60), default="")
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    report: Mapped[Report] = relationship()
    region: Mapped[Region] = relationship()


class RewardRuleSet(Base):
    """A rule set an administrator added besides the sourced presets of the file; kept in the
    JSON form of disclosures/rewards/rule-sets.json. Never changed once used: a new version
    gets a new code."""

    __tablename__ = "reward_rule_set"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
