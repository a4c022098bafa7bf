"""Sealed files in the upload folder: the evidence of reports and of supervisors' observations.
One file per attachment row, under a random name, sealed in chunks with the record's data key
(portal.envelope); the row keeps its name, type and size sealed. No Flask."""
from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import envelope


def store(session: Session, upload_folder: Path, key: bytes, record_id: int, files: Iterable, new_row: Callable,
          subject: str = "report") -> list[tuple[Path, str]]:
    """Seal each file (a reports.attachments.CleanFile) beside a new attachment row made by
    `new_row(storage_name)`; returns (path, sha256) of each, so a caller that fails can
    remove them and a receipt can name them."""
    written = []
    upload_folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for clean in files:
        row = new_row(secrets.token_hex(16))
        session.add(row)
        session.flush()
        row.sealed_meta = envelope.seal_json(key, record_id, f"attachment/{row.id}",
                                             {"name": clean.name, "type": clean.media_type,
                                              "size": len(clean.content)}, subject)
        path = upload_folder / row.storage_name
        written.append((path, hashlib.sha256(clean.content).hexdigest()))
        envelope.write_sealed_file(path, key, record_id, row.id, clean.content, subject=subject)
    return written


def meta(key: bytes, record_id: int, row, subject: str = "report") -> dict:
    """The name, type and size of an attachment."""
    return envelope.open_json(key, record_id, f"attachment/{row.id}", row.sealed_meta, subject)


def read(upload_folder: Path, key: bytes, record_id: int, row, subject: str = "report") -> bytes:
    return envelope.read_sealed_file(upload_folder / row.storage_name, key, record_id, row.id, subject=subject)


def remove(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def sweep_orphans(session: Session, upload_folder: Path, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete sealed files that no attachment row names (left by a crash between writing the
    file and committing), once they are older than any request could be. Every table with a
    `storage_name` column names files here."""
    import portal.models  # noqa: F401 - every attachment table, whatever has been imported so far
    from portal.db import Base

    now = now or datetime.now(timezone.utc)
    if not upload_folder.exists():
        return 0
    known: set[str] = set()
    for table in Base.metadata.tables.values():
        if "storage_name" in table.c:
            known.update(session.scalars(select(table.c.storage_name)))
    removed = 0
    for path in upload_folder.iterdir():
        modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        if path.is_file() and path.name not in known and now - modified > older_than:
            path.unlink()
            removed += 1
    return removed
