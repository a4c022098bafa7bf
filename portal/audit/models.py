"""The audit log ("全过程记录"): one row per read of a report and per decision, hash-chained.

Rows are only ever written by `portal.audit.chain.append` and checked by
`portal.audit.chain.verify`; nothing updates or deletes them.

What a row may hold: who (staff user id and a short label such as the username, or "cli"),
what (a dotted action name), on what (a subject type and id), when (UTC), and `details`, a
small JSON object of non-sensitive facts (e.g. {"from": "received", "to": "accepted"}).
`details` is stored in plaintext and is readable by anyone with database access, so callers
must NEVER put report content, attachments, messages, a reporter's identity or contact data,
reward payee details, tracking codes, key material, IP addresses or user agents in it.
This table has no column for client addresses or user agents, by design.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_subject", "subject_type", "subject_id"),)

    # Chain order is id order: appends are serialised (see chain.append), so ids strictly
    # increase along the chain. The id itself is not hashed (it is assigned at flush).
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # UTC; naive on SQLite
    # None for CLI and system actions. No ON DELETE: an account with audit entries cannot be
    # deleted (suspend it instead), so the trail keeps pointing at a real account.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    actor_label: Mapped[str] = mapped_column(String(64))  # username at the time, or "cli"
    action: Mapped[str] = mapped_column(String(64))  # "report.read", "user.suspend", ...
    subject_type: Mapped[str] = mapped_column(String(32))  # "report", "staff_user", ...
    subject_id: Mapped[str] = mapped_column(String(64))  # "42", "2025-10-08", ...
    details: Mapped[str] = mapped_column(Text)  # canonical JSON object; see the module docstring
    # Unique: two entries can never chain to the same predecessor (a fork), whatever the
    # isolation level of the transactions that tried.
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    entry_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)

    @property
    def details_dict(self) -> dict[str, Any]:
        return json.loads(self.details)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.subject_type}:{self.subject_id}>"
