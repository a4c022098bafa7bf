"""Sessions that hold a key (no Flask here).

A reporter's session holds their report's data key; a staff session holds the member's
private key. Either is stored sealed under a per-session key whose only copy is in the
user's cookie, so a copied database holds nothing usable and a stolen cookie works only
until the idle or absolute timeout.
"""
from __future__ import annotations

import base64
import enum
import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import DateTime, LargeBinary, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.db import Base
from portal.enums import string_enum
from portal.workdays import as_utc


class SessionKind(enum.StrEnum):
    REPORTER = "reporter"  # subject: a report id; secret: its data key
    STAFF = "staff"  # subject: a staff user id; secret: their X25519 private key


class KeySession(Base):
    __tablename__ = "key_session"

    id_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    kind: Mapped[SessionKind] = mapped_column(string_enum(SessionKind, "session_kind"))
    subject_id: Mapped[int] = mapped_column(index=True)
    sealed_secret: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    absolute_expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Opened:
    subject_id: int
    secret: bytes


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _ad(kind: SessionKind, id_hash: bytes) -> bytes:
    return f"portal/key-session/{kind.value}/".encode() + id_hash


def start(session: Session, kind: SessionKind, subject_id: int, secret: bytes, idle: timedelta,
          absolute: timedelta, now: datetime | None = None) -> str:
    """Store a sealed session; return the cookie value (session id and session key)."""
    now = now or datetime.now(timezone.utc)
    session_id, session_key, nonce = os.urandom(16), AESGCM.generate_key(256), os.urandom(12)
    id_hash = hashlib.sha256(session_id).digest()
    sealed = nonce + AESGCM(session_key).encrypt(nonce, secret, _ad(kind, id_hash))
    session.execute(delete(KeySession).where(KeySession.expires_at < now))
    session.add(KeySession(id_hash=id_hash, kind=kind, subject_id=subject_id, sealed_secret=sealed,
                           expires_at=min(now + idle, now + absolute), absolute_expires_at=now + absolute))
    session.commit()
    return f"{_b64(session_id)}.{_b64(session_key)}"


def resume(session: Session, kind: SessionKind, cookie: str | None, idle: timedelta,
           now: datetime | None = None) -> Opened | None:
    """The subject and secret of a live session of this kind, extending it; None otherwise."""
    now = now or datetime.now(timezone.utc)
    try:
        session_id, session_key = (_unb64(part) for part in (cookie or "").split("."))
    except (ValueError, TypeError):
        return None
    id_hash = hashlib.sha256(session_id).digest()
    row = session.get(KeySession, id_hash)
    if row is None or row.kind is not kind:
        return None
    if as_utc(row.expires_at) < now:
        session.delete(row)
        session.commit()
        return None
    try:
        secret = AESGCM(session_key).decrypt(row.sealed_secret[:12], row.sealed_secret[12:], _ad(kind, id_hash))
    except (InvalidTag, ValueError):
        return None
    row.expires_at = min(now + idle, as_utc(row.absolute_expires_at))
    session.commit()
    return Opened(row.subject_id, secret)


def end(session: Session, cookie: str | None) -> None:
    try:
        session_id = _unb64((cookie or "").split(".")[0])
    except ValueError:
        return
    session.execute(delete(KeySession).where(KeySession.id_hash == hashlib.sha256(session_id).digest()))
    session.commit()


def end_all(session: Session, kind: SessionKind, subject_id: int) -> None:
    """Sign a subject out everywhere (password change, suspension)."""
    session.execute(delete(KeySession).where(KeySession.kind == kind, KeySession.subject_id == subject_id))
    session.commit()


def sweep(session: Session, now: datetime | None = None) -> int:
    now = now or datetime.now(timezone.utc)
    result = session.execute(delete(KeySession).where(KeySession.expires_at < now))
    session.commit()
    return result.rowcount
