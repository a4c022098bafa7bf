"""Reporter sessions (no Flask here): after a correct code the report's data key is kept
sealed in the database under a per-session key whose only copy is the reporter's cookie.
A copied database holds nothing usable; a stolen cookie works only until the idle timeout."""
from __future__ import annotations

import base64
import hashlib
import os
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.reports.models import Report, ReporterSession


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def start(session: Session, report: Report, data_key: bytes, idle: timedelta, now: datetime | None = None) -> str:
    """Store a sealed session; return the cookie value (session id and key)."""
    now = now or datetime.now(timezone.utc)
    session_id, session_key, nonce = os.urandom(16), AESGCM.generate_key(256), os.urandom(12)
    id_hash = hashlib.sha256(session_id).digest()
    sealed = nonce + AESGCM(session_key).encrypt(nonce, data_key, id_hash)
    session.execute(delete(ReporterSession).where(ReporterSession.expires_at < now))
    session.add(ReporterSession(id_hash=id_hash, report_id=report.id, sealed_keys=sealed, expires_at=now + idle))
    session.commit()
    return f"{_b64(session_id)}.{_b64(session_key)}"


def resume(session: Session, cookie: str | None, idle: timedelta, now: datetime | None = None):
    """(report, data key) for a live session, extending it; None otherwise."""
    now = now or datetime.now(timezone.utc)
    try:
        session_id, session_key = (_unb64(part) for part in (cookie or "").split("."))
    except (ValueError, TypeError):
        return None
    id_hash = hashlib.sha256(session_id).digest()
    row = session.get(ReporterSession, id_hash)
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=timezone.utc)
    if expires < now:
        session.delete(row)
        session.commit()
        return None
    try:
        data_key = AESGCM(session_key).decrypt(row.sealed_keys[:12], row.sealed_keys[12:], id_hash)
    except (InvalidTag, ValueError):
        return None
    row.expires_at = now + idle
    session.commit()
    return session.get(Report, row.report_id), data_key


def end(session: Session, cookie: str | None) -> None:
    try:
        session_id = _unb64((cookie or "").split(".")[0])
    except ValueError:
        return
    session.execute(delete(ReporterSession).where(ReporterSession.id_hash == hashlib.sha256(session_id).digest()))
    session.commit()


def sweep(session: Session, now: datetime | None = None) -> int:
    now = now or datetime.now(timezone.utc)
    result = session.execute(delete(ReporterSession).where(ReporterSession.expires_at < now))
    session.commit()
    return result.rowcount
