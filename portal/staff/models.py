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
    # Staff of one designated institution: sees and disputes that institution's figures in
    # review, and nothing of the bureau's work.
    INSTITUTION = "institution"


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
    # TOTP: sealed under a server key (instance secret), set at enrolment on first login.
    totp_secret_sealed: Mapped[bytes | None] = mapped_column(LargeBinary(128))
    totp_last_step: Mapped[int | None]  # a code is accepted once
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The national code of the institution an INSTITUTION account speaks for.
    institution_code: Mapped[str | None] = mapped_column(String(12))

    region: Mapped[Region] = relationship()
    role_grants: Mapped[list[StaffRoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
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


class RecoveryCode(Base):
    """A one-time code replacing TOTP when the phone is lost; only its SHA-256 is kept
    (the codes are random, 50 bits, so a fast hash is enough)."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[StaffUser] = relationship(back_populates="recovery_codes")


from portal.text import N_  # noqa: E402

ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.CASE_OFFICER: N_("Case officer"),
    Role.IDENTITY_CUSTODIAN: N_("Identity custodian and reward officer"),
    Role.HOTLINE_OPERATOR: N_("12345 hotline operator"),
    Role.SUPERVISOR: N_("Social supervisor"),
    Role.EDITOR: N_("Editor"),
    Role.INSTITUTION: N_("Designated institution staff"),
}
