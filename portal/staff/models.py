from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.enums import string_enum
from portal.regions.models import Region


class Role(enum.StrEnum):
    ADMIN = "admin"
    CASE_OFFICER = "case_officer"
    IDENTITY_CUSTODIAN = "identity_custodian"  # also decides and pays rewards
    HOTLINE_OPERATOR = "hotline_operator"
    SUPERVISOR = "supervisor"
    EDITOR = "editor"


class StaffUser(Base):
    """A back-office account. Its X25519 private key is stored only sealed under the password."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    sealed_private_key: Mapped[bytes] = mapped_column(LargeBinary(128))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    region: Mapped[Region] = relationship()
    role_grants: Mapped[list[StaffRoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def roles(self) -> set[Role]:
        return {grant.role for grant in self.role_grants}


class StaffRoleGrant(Base):
    """One role of a user; a hotline operator may also be a case officer."""

    __tablename__ = "staff_role_grant"

    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(string_enum(Role, "staff_role"), primary_key=True)

    user: Mapped[StaffUser] = relationship(back_populates="role_grants")
