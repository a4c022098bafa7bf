"""Appending to and verifying the hash-chained audit log. No Flask: used by the web app, the
CLI and the tests with any SQLAlchemy session.

Each entry stores `prev_hash`, the `entry_hash` of the entry before it (32 zero bytes for the
first), and `entry_hash` = SHA-256 of a canonical serialisation of its own fields and
`prev_hash` (`compute_hash`). Editing any hashed field of a stored entry makes its hash
mismatch; removing or reordering entries breaks the link of the entry after the gap.

Limits, stated plainly:
- Removing the LAST entries leaves a valid, shorter chain. To detect that, keep the head
  (`VerifyResult.head_hash` of a successful run) outside the database (printed in a signed-off
  daily record, a write-once store, another system) and pass it back:
  `verify(session, expected_head=...)` then fails if that entry is no longer in the chain.
- The hash has no secret: someone who can write to the database can rewrite the whole chain
  from the point of an edit onwards with correct hashes. Only an externally kept head exposes
  that too, which is why a head should be anchored regularly.
- The `id` is not hashed (it is assigned by the database at flush). Moving a row to another id
  shows up as a broken link because chain order is id order.

Appends are serialised so that two transactions cannot both chain to the same predecessor:
- PostgreSQL: `append` takes the transaction-scoped advisory lock `ADVISORY_LOCK_KEY` before
  reading the head; it is held until the caller's transaction ends.
- SQLite: `append` first executes a no-op UPDATE of the audit table, which takes SQLite's single
  database write lock (waiting up to the busy timeout) before the head is read; it too is held
  until the caller's transaction ends. (The pysqlite driver does not open a transaction for a
  SELECT, so reading the head first and writing afterwards would NOT be serialised.)
- Either way the unique constraint on `prev_hash` rejects a fork at the database, so even a
  transaction at REPEATABLE READ that read a stale head fails instead of forking.

Because every audited transaction holds that one lock from `append` until it commits, call
`append` as late as possible, just before the commit, and keep those transactions short.

`append` never commits: the entry is flushed into the caller's transaction, so the record and
the action it records are committed (or rolled back) together.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry

GENESIS_HASH = bytes(32)  # prev_hash of the first entry
HASH_FORMAT = "portal.audit/1"  # first element of the hashed serialisation; bump if it changes
# bigint key of pg_advisory_xact_lock: the ASCII bytes of "portaudi" (visible in pg_locks).
ADVISORY_LOCK_KEY = 0x706F727461756469
MAX_DETAILS_CHARS = 2000  # canonical JSON; audit details are small facts, never content

HASH_MISMATCH = "hash mismatch: entry was altered"
LINK_BROKEN = "link broken: an entry before it was removed or altered"
HEAD_MISSING = ("expected head not found: entries at the end were removed, "
                "or the chain was rewritten")

_ACTION = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
_SUBJECT_TYPE = re.compile(r"[a-z][a-z0-9_]*")
# Keys refused anywhere in details (compared lower-case without "_" and "-"): the audit log
# never records where a request came from or with what browser.
_FORBIDDEN_KEYS = frozenset({
    "ip", "ipaddress", "ipaddr", "clientip", "remoteaddr", "remoteaddress", "xforwardedfor",
    "forwardedfor", "useragent", "ua",
})


# --- canonical serialisation ---------------------------------------------------------------

def _utc(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; everything is stored in UTC.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _check_json(value: Any, where: str) -> None:
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"audit details: {where} is not a finite number")
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check_json(item, f"{where}[{index}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"audit details: key {key!r} in {where} is not a string")
            if key.lower().replace("_", "").replace("-", "") in _FORBIDDEN_KEYS:
                raise ValueError(f"audit details: {key!r} is refused (no client addresses or user agents)")
            _check_json(item, f"{where}.{key}")
        return
    raise ValueError(f"audit details: {where} has type {type(value).__name__}, not a JSON value")


def canonical_details(details: Mapping[str, Any]) -> str:
    """The stored form of `details`: compact JSON, keys sorted, non-ASCII kept as is."""
    if not isinstance(details, Mapping):
        raise ValueError("audit details must be a JSON object (a dict)")
    _check_json(details, "details")
    encoded = json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    if len(encoded) > MAX_DETAILS_CHARS:
        raise ValueError(f"audit details are {len(encoded)} characters; at most {MAX_DETAILS_CHARS} "
                         "(record facts about an action, never content)")
    return encoded


def compute_hash(*, at: datetime, actor_id: int | None, actor_label: str, action: str,
                 subject_type: str, subject_id: str, details: str, prev_hash: bytes) -> bytes:
    """SHA-256 of the JSON array [format, at, actor_id, actor_label, action, subject_type,
    subject_id, details, prev_hash hex], compact and UTF-8 encoded. JSON escaping of strings
    makes the serialisation unambiguous; `details` is hashed as the exact stored text; `at` as
    UTC with microseconds (what both databases keep)."""
    payload = [HASH_FORMAT, _iso(at), actor_id, actor_label, action, subject_type, subject_id,
               details, bytes(prev_hash).hex()]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(encoded.encode("utf-8")).digest()


# --- appending -----------------------------------------------------------------------------

def _lock_chain(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))
    elif dialect == "sqlite":
        # Matches no row, but takes the database write lock for the rest of the transaction.
        session.execute(text(f"UPDATE {AuditEntry.__tablename__} SET id = id WHERE 1 = 0"))
    else:
        raise NotImplementedError(f"the audit chain cannot serialise appends on {dialect}")


def _check_text(name: str, value: str, limit: int, pattern: re.Pattern[str] | None = None) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ValueError(f"audit {name} must be a non-empty string of at most {limit} characters")
    if pattern is not None and not pattern.fullmatch(value):
        raise ValueError(f"audit {name} {value!r} does not match {pattern.pattern}")
    return value


def append(session: Session, *, actor_id: int | None, actor_label: str, action: str,
           subject_type: str, subject_id: int | str, details: Mapping[str, Any],
           at: datetime | None = None) -> AuditEntry:
    """Add one entry at the end of the chain, in the caller's transaction.

    Takes the chain lock (held until the caller commits or rolls back), reads the head, adds
    and flushes the entry; never commits. `at` defaults to now, taken under the lock; if given
    it must be timezone-aware. `subject_id` is stored as a string ("42"). `details` must not
    contain report content, reporter identity or other sensitive data (see
    portal.audit.models); keys naming client addresses or user agents are refused."""
    if actor_id is not None and (isinstance(actor_id, bool) or not isinstance(actor_id, int)):
        raise ValueError("audit actor_id must be a staff user id or None")
    _check_text("actor_label", actor_label, 64)
    _check_text("action", action, 64, _ACTION)
    _check_text("subject_type", subject_type, 32, _SUBJECT_TYPE)
    if isinstance(subject_id, bool) or not isinstance(subject_id, (int, str)):
        raise ValueError("audit subject_id must be an int or a string")
    subject = _check_text("subject_id", str(subject_id), 64)
    details_text = canonical_details(details)
    if at is not None and (at.tzinfo is None or at.utcoffset() is None):
        raise ValueError("audit `at` must be timezone-aware")

    _lock_chain(session)
    head = session.execute(
        select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = GENESIS_HASH if head is None else bytes(head)
    moment = _utc(at or datetime.now(timezone.utc))
    entry = AuditEntry(
        at=moment, actor_id=actor_id, actor_label=actor_label, action=action,
        subject_type=subject_type, subject_id=subject, details=details_text, prev_hash=prev_hash,
    )
    entry.entry_hash = compute_hash(
        at=moment, actor_id=actor_id, actor_label=actor_label, action=action,
        subject_type=subject_type, subject_id=subject, details=details_text, prev_hash=prev_hash,
    )
    session.add(entry)
    # Now, under the lock: a second append in the same transaction must see this one as head.
    session.flush()
    return entry


# --- verifying -----------------------------------------------------------------------------

@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int  # entries verified intact, in id order (on failure: those before the problem)
    broken_id: int | None = None  # first entry that failed; None if ok or only the head is missing
    reason: str | None = None
    head_id: int | None = None  # last intact entry read (the current head when ok)
    head_hash: bytes | None = None  # keep this outside the database for expected_head
    expected_head: bytes | None = None  # as passed to verify, if it was


def _head_bytes(value: bytes | str) -> bytes:
    head = bytes.fromhex(value) if isinstance(value, str) else bytes(value)
    if len(head) != 32:
        raise ValueError("expected_head must be 32 bytes (or 64 hex digits)")
    return head


def verify(session: Session, batch_size: int = 10_000, *,
           expected_head: bytes | str | None = None) -> VerifyResult:
    """Walk the whole chain in id order, `batch_size` rows per query (keyset pagination on id,
    plain rows, no ORM objects: memory stays constant however long the log is), recompute each
    hash and check each link; stop at the first problem.

    `expected_head` (32 bytes, or 64 hex digits): the entry_hash of a head recorded outside the
    database earlier. It must still be in the chain (later entries may follow it); otherwise the
    result fails with HEAD_MISSING, which is how removal of the last entries is detected."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    wanted = None if expected_head is None else _head_bytes(expected_head)
    columns = AuditEntry.__table__.c
    query = select(columns.id, columns.at, columns.actor_id, columns.actor_label, columns.action,
                   columns.subject_type, columns.subject_id, columns.details, columns.prev_hash,
                   columns.entry_hash).order_by(columns.id).limit(batch_size)
    count, last_id, last_hash, found = 0, None, GENESIS_HASH, False
    while True:
        page = query if last_id is None else query.where(columns.id > last_id)
        rows = session.execute(page).all()
        for row in rows:
            stored, prev_hash = bytes(row.entry_hash), bytes(row.prev_hash)
            recomputed = compute_hash(
                at=row.at, actor_id=row.actor_id, actor_label=row.actor_label, action=row.action,
                subject_type=row.subject_type, subject_id=row.subject_id, details=row.details,
                prev_hash=prev_hash,
            )
            if recomputed != stored:
                reason = HASH_MISMATCH  # checked first: an edited prev_hash is an edited entry
            elif prev_hash != last_hash:
                reason = LINK_BROKEN
            else:
                reason = None
            if reason:
                return VerifyResult(False, count, row.id, reason, last_id,
                                    None if last_id is None else last_hash, wanted)
            count, last_id, last_hash = count + 1, row.id, stored
            found = found or stored == wanted
        if len(rows) < batch_size:
            break
    head_hash = None if last_id is None else last_hash
    if wanted is not None and not found:
        return VerifyResult(False, count, None, HEAD_MISSING, last_id, head_hash, wanted)
    return VerifyResult(True, count, None, None, last_id, head_hash, wanted)


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def format_result(result: VerifyResult) -> str:
    """Plain text for the CLI (`portal audit verify`), which should exit non-zero unless ok."""
    head = ("none (the log is empty)" if result.head_id is None
            else f"entry {result.head_id}, hash {result.head_hash.hex()}")
    if result.ok:
        if result.count == 0:
            lines = ["Audit log is empty: nothing to verify."]
        else:
            lines = [f"Audit log intact: {_entries(result.count)} verified.",
                     f"Head: {head}",
                     "Keep this head hash outside the database and pass it back as the expected "
                     "head next time, to detect removal of the last entries."]
        if result.expected_head is not None:
            lines.append(f"Expected head {result.expected_head.hex()} is in the chain.")
        return "\n".join(lines)
    if result.broken_id is not None:
        return "\n".join([
            f"AUDIT LOG BROKEN at entry {result.broken_id}: {result.reason}.",
            f"{_entries(result.count)} before it verified intact; last intact: {head}.",
        ])
    return "\n".join([
        f"AUDIT LOG BROKEN: {result.reason}.",
        f"Expected head: {result.expected_head.hex()}",
        f"{_entries(result.count)} verified intact; current head: {head}.",
    ])
