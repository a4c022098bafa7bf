"""The hash-chained audit log (portal.audit): appending, tamper detection, serialised appends.

Every test gets an empty scratch database of the configured kind (SQLite, or PostgreSQL with
TEST_DATABASE_URL) with just the tables it needs, created from the models.
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam, event, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

import portal.models
from portal.audit.chain import (
    ADVISORY_LOCK_KEY,
    GENESIS_HASH,
    HASH_MISMATCH,
    HEAD_MISSING,
    LINK_BROKEN,
    MAX_DETAILS_CHARS,
    VerifyResult,
    append,
    compute_hash,
    format_result,
    verify,
)
from portal.audit.models import AuditEntry
from portal.db import Base, make_engine
from portal.regions.models import Region, RegionLevel
from portal.staff.models import StaffUser

# Until a migration creates audit_entry and portal/models.py imports AuditEntry, keep the table
# out of the shared metadata so the rest of the suite (conftest empties every metadata table of
# the migrated database; test_migrations compares metadata with the migrations) is unaffected.
# This does nothing once the model is registered in portal.models.
if not hasattr(portal.models, "AuditEntry"):
    Base.metadata.remove(AuditEntry.__table__)

TABLE = AuditEntry.__table__
T0 = datetime(2026, 3, 1, 8, 30, 0, 123456, tzinfo=timezone.utc)


@pytest.fixture
def engine(scratch_databases):
    engine = make_engine(scratch_databases.new_url())
    for table in (Region.__table__, StaffUser.__table__, AuditEntry.__table__):
        table.create(engine, checkfirst=True)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine):
    return sessionmaker(engine, expire_on_commit=False)


@pytest.fixture
def staff(sessions) -> tuple[int, int]:
    """Two staff accounts; their ids."""
    with sessions() as session:
        region = Region(code="640000", level=RegionLevel.PROVINCE, path="/640000/", name_zh="宁夏回族自治区")
        users = [
            StaffUser(username=name, display_name=name, region=region, password_hash="x",
                      public_key=bytes(32), sealed_private_key=bytes(48))
            for name in ("officer", "custodian")
        ]
        session.add_all(users)
        session.commit()
        return users[0].id, users[1].id


def build_chain(sessions, count: int, actor_id: int | None = None, start: int = 0) -> list[int]:
    """`count` committed entries (one transaction each); their ids."""
    ids = []
    for step in range(start, start + count):
        with sessions() as session:
            entry = append(
                session, actor_id=actor_id, actor_label="officer" if actor_id else "cli",
                action="report.read", subject_type="report", subject_id=100 + step,
                details={"step": step}, at=T0 + timedelta(minutes=step),
            )
            session.commit()
            ids.append(entry.id)
    return ids


def run_sql(engine, sql: str, **params) -> None:
    """A raw UPDATE/DELETE as someone with database access would do it; values of columns of
    the audit table are bound with that column's type."""
    statement = text(sql).bindparams(
        *(bindparam(name, type_=TABLE.c[name].type) for name in params if name in TABLE.c)
    )
    with engine.begin() as connection:
        connection.execute(statement, params)


def verify_now(sessions, **kwargs) -> VerifyResult:
    with sessions() as session:
        return verify(session, **kwargs)


def rows(sessions):
    with sessions() as session:
        return session.execute(select(TABLE).order_by(TABLE.c.id)).all()


# --- a valid chain --------------------------------------------------------------------------

def test_a_chain_of_entries_verifies(sessions, staff):
    ids = build_chain(sessions, 5, actor_id=staff[0]) + build_chain(sessions, 2, start=5)
    assert ids == sorted(ids) and len(set(ids)) == 7

    result = verify_now(sessions)

    assert result == VerifyResult(True, 7, head_id=ids[-1], head_hash=rows(sessions)[-1].entry_hash)
    stored = rows(sessions)
    assert stored[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.entry_hash for earlier, later in zip(stored, stored[1:]))


def test_an_empty_log_verifies(sessions):
    assert verify_now(sessions) == VerifyResult(True, 0)


def test_stored_timestamps_are_utc_and_default_to_now(sessions):
    with sessions() as session:
        given = append(session, actor_id=None, actor_label="cli", action="calendar.override",
                       subject_type="calendar_day", subject_id="2026-10-08", details={},
                       at=datetime(2026, 3, 1, 16, 30, tzinfo=timezone(timedelta(hours=8))))
        before = datetime.now(timezone.utc)
        default = append(session, actor_id=None, actor_label="cli", action="calendar.override",
                         subject_type="calendar_day", subject_id="2026-10-09", details={})
        session.commit()
    stored = rows(sessions)
    as_utc = [moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc) for moment in (r.at for r in stored)]
    assert as_utc[0] == datetime(2026, 3, 1, 8, 30, tzinfo=timezone.utc) == given.at
    assert before <= as_utc[1] <= datetime.now(timezone.utc) and as_utc[1] == default.at
    assert verify_now(sessions).ok


def test_appends_in_one_transaction_chain_to_each_other(sessions):
    with sessions() as session:
        first = append(session, actor_id=None, actor_label="cli", action="user.create",
                       subject_type="staff_user", subject_id=1, details={})
        second = append(session, actor_id=None, actor_label="cli", action="user.suspend",
                        subject_type="staff_user", subject_id=1, details={"reason_code": "left"})
        assert second.prev_hash == first.entry_hash and second.id > first.id
        session.commit()
    assert verify_now(sessions) == VerifyResult(True, 2, head_id=second.id, head_hash=second.entry_hash)


def test_append_does_not_commit(sessions):
    with sessions() as session:
        append(session, actor_id=None, actor_label="cli", action="report.read",
               subject_type="report", subject_id=1, details={})
        with sessions() as other:
            assert other.scalar(select(TABLE.c.id)) is None  # not visible outside the transaction
        session.rollback()
    assert rows(sessions) == []
    assert verify_now(sessions) == VerifyResult(True, 0)


def test_details_round_trip_non_ascii_as_compact_sorted_json(sessions):
    details = {"说明": "退回补充材料", "bo": "བོད་ཡིག", "to": "accepted", "from": "received", "n": [1, 2.5, None]}
    with sessions() as session:
        entry = append(session, actor_id=None, actor_label="张三", action="report.transition",
                       subject_type="report", subject_id=7, details=details)
        session.commit()
    with sessions() as session:
        stored_text = session.scalar(text("SELECT details FROM audit_entry"))
        loaded = session.get(AuditEntry, entry.id)
        assert loaded.details_dict == details and loaded.actor_label == "张三"
    assert stored_text == json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert "说明" in stored_text and "བོད་ཡིག" in stored_text and "\\u" not in stored_text
    assert verify_now(sessions).ok


def test_actor_id_must_be_a_staff_user(sessions, staff):
    with sessions() as session:
        append(session, actor_id=staff[1], actor_label="custodian", action="identity.disclose.approve",
               subject_type="report", subject_id=3, details={"request": 9})
        session.commit()
    with sessions() as session, pytest.raises(IntegrityError):
        append(session, actor_id=staff[1] + 100, actor_label="ghost", action="report.read",
               subject_type="report", subject_id=3, details={})


@pytest.mark.parametrize("kwargs, message", [
    ({"details": {"ip": "203.0.113.5"}}, "no client addresses"),
    ({"details": {"request": {"User-Agent": "Mozilla"}}}, "no client addresses"),
    ({"details": {"remote_addr": "x"}}, "no client addresses"),
    ({"details": {"text": "x" * MAX_DETAILS_CHARS}}, "at most"),
    ({"details": {"x": float("nan")}}, "finite"),
    ({"details": {"x": {1, 2}}}, "not a JSON value"),
    ({"details": {1: "x"}}, "not a string"),
    ({"details": ["not", "an", "object"]}, "JSON object"),
    ({"action": "Report read"}, "does not match"),
    ({"action": "read"}, "does not match"),
    ({"subject_type": "Report"}, "does not match"),
    ({"subject_id": ""}, "non-empty"),
    ({"actor_label": ""}, "non-empty"),
    ({"actor_id": True}, "actor_id"),
    ({"at": datetime(2026, 3, 1, 8, 30)}, "timezone-aware"),
])
def test_append_refuses_bad_input(sessions, kwargs, message):
    arguments = dict(actor_id=None, actor_label="cli", action="report.read", subject_type="report",
                     subject_id=1, details={}) | kwargs
    with sessions() as session:
        with pytest.raises(ValueError, match=message):
            append(session, **arguments)
    assert rows(sessions) == []


# --- tampering ------------------------------------------------------------------------------

TAMPERED_VALUES = {
    "at": lambda staff: T0 + timedelta(days=1),
    "actor_id": lambda staff: staff[1],
    "actor_label": lambda staff: "someone_else",
    "action": lambda staff: "report.decrypt",
    "subject_type": lambda staff: "staff_user",
    "subject_id": lambda staff: "999",
    "details": lambda staff: '{"step": 2}',  # same JSON value, different text: still an edit
    "prev_hash": lambda staff: os.urandom(32),
    "entry_hash": lambda staff: os.urandom(32),
}


@pytest.mark.parametrize("column", sorted(TAMPERED_VALUES))
def test_editing_any_field_of_a_middle_entry_is_detected_at_that_entry(engine, sessions, staff, column):
    ids = build_chain(sessions, 5, actor_id=staff[0])
    run_sql(engine, f"UPDATE audit_entry SET {column} = :{column} WHERE id = :target",
            **{column: TAMPERED_VALUES[column](staff), "target": ids[2]})

    result = verify_now(sessions)

    assert (result.ok, result.broken_id, result.reason, result.count) == (False, ids[2], HASH_MISMATCH, 2)
    assert result.head_id == ids[1]


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(engine, sessions):
    ids = build_chain(sessions, 5)
    row = rows(sessions)[2]
    forged = compute_hash(at=row.at, actor_id=row.actor_id, actor_label="someone_else", action=row.action,
                          subject_type=row.subject_type, subject_id=row.subject_id, details=row.details,
                          prev_hash=row.prev_hash)
    run_sql(engine, "UPDATE audit_entry SET actor_label = :actor_label, entry_hash = :entry_hash WHERE id = :target",
            actor_label="someone_else", entry_hash=forged, target=ids[2])

    result = verify_now(sessions)

    assert (result.ok, result.broken_id, result.reason, result.count) == (False, ids[3], LINK_BROKEN, 3)


@pytest.mark.parametrize("position", [0, 2])
def test_deleting_an_entry_is_detected_at_the_next_one(engine, sessions, position):
    ids = build_chain(sessions, 5)
    run_sql(engine, "DELETE FROM audit_entry WHERE id = :target", target=ids[position])

    result = verify_now(sessions)

    assert (result.ok, result.broken_id, result.reason, result.count) == (False, ids[position + 1], LINK_BROKEN, position)


def test_swapping_the_hashes_of_two_entries_is_detected(engine, sessions):
    ids = build_chain(sessions, 5)
    second, third = rows(sessions)[1:3]
    # Through a temporary value: entry_hash is unique.
    for target, value in ((ids[1], os.urandom(32)), (ids[2], second.entry_hash), (ids[1], third.entry_hash)):
        run_sql(engine, "UPDATE audit_entry SET entry_hash = :entry_hash WHERE id = :target",
                entry_hash=value, target=target)

    result = verify_now(sessions)

    assert (result.ok, result.broken_id, result.reason) == (False, ids[1], HASH_MISMATCH)


def test_swapping_the_order_of_two_entries_is_detected(engine, sessions):
    ids = build_chain(sessions, 5)
    for old, new in ((ids[1], 1_000_000), (ids[2], ids[1]), (1_000_000, ids[2])):
        run_sql(engine, "UPDATE audit_entry SET id = :new WHERE id = :old", new=new, old=old)

    result = verify_now(sessions)

    assert (result.ok, result.broken_id, result.reason) == (False, ids[1], LINK_BROKEN)


def test_moving_an_entry_to_another_id_is_detected(engine, sessions):
    """The id is not hashed, but chain order is id order."""
    ids = build_chain(sessions, 5)
    run_sql(engine, "UPDATE audit_entry SET id = :new WHERE id = :old", new=ids[-1] + 10, old=ids[2])

    result = verify_now(sessions)

    assert (result.ok, result.broken_id, result.reason) == (False, ids[3], LINK_BROKEN)


def test_a_second_successor_of_an_entry_is_refused_by_the_database(sessions):
    """A fork cannot be stored: prev_hash is unique."""
    build_chain(sessions, 2)
    first = rows(sessions)[0]
    with sessions() as session:
        session.add(AuditEntry(at=T0, actor_id=None, actor_label="cli", action="report.read",
                               subject_type="report", subject_id="1", details="{}",
                               prev_hash=first.entry_hash, entry_hash=os.urandom(32)))
        with pytest.raises(IntegrityError):
            session.flush()


# --- truncation and the externally kept head ------------------------------------------------

def test_removing_the_last_entries_is_detected_only_with_the_expected_head(engine, sessions):
    ids = build_chain(sessions, 5)
    anchored = verify_now(sessions)
    assert anchored.ok and anchored.head_id == ids[-1]

    run_sql(engine, "DELETE FROM audit_entry WHERE id >= :target", target=ids[3])

    # A pure chain cannot tell: what is left is a valid, shorter chain.
    assert verify_now(sessions) == VerifyResult(True, 3, head_id=ids[2], head_hash=rows(sessions)[-1].entry_hash)
    for expected in (anchored.head_hash, anchored.head_hash.hex()):
        result = verify_now(sessions, expected_head=expected)
        assert (result.ok, result.broken_id, result.reason, result.count, result.head_id) == (
            False, None, HEAD_MISSING, 3, ids[2])


def test_an_anchored_head_followed_by_new_entries_verifies(sessions):
    build_chain(sessions, 3)
    anchored = verify_now(sessions)
    build_chain(sessions, 2, start=3)

    result = verify_now(sessions, expected_head=anchored.head_hash)

    assert result.ok and result.count == 5 and result.expected_head == anchored.head_hash


def test_a_rewritten_tail_is_detected_only_with_the_expected_head(engine, sessions):
    ids = build_chain(sessions, 5)
    anchored = verify_now(sessions)
    # Someone with write access rewrites entries 3.. and recomputes every hash after them.
    previous = rows(sessions)[1].entry_hash
    for row in rows(sessions)[2:]:
        forged = compute_hash(at=row.at, actor_id=row.actor_id, actor_label="someone_else", action=row.action,
                              subject_type=row.subject_type, subject_id=row.subject_id,
                              details=row.details, prev_hash=previous)
        run_sql(engine, "UPDATE audit_entry SET actor_label = :actor_label, prev_hash = :prev_hash, "
                        "entry_hash = :entry_hash WHERE id = :target",
                actor_label="someone_else", prev_hash=previous, entry_hash=forged, target=row.id)
        previous = forged

    assert verify_now(sessions).ok
    result = verify_now(sessions, expected_head=anchored.head_hash)
    assert (result.ok, result.reason, result.count, result.head_id) == (False, HEAD_MISSING, 5, ids[-1])


def test_an_empty_log_with_an_expected_head_fails(sessions):
    result = verify_now(sessions, expected_head=bytes(range(32)))
    assert (result.ok, result.reason, result.count, result.head_id) == (False, HEAD_MISSING, 0, None)


@pytest.mark.parametrize("bad", [b"short", "zz" * 32, "ab" * 31])
def test_a_malformed_expected_head_is_refused(sessions, bad):
    with pytest.raises(ValueError):
        verify_now(sessions, expected_head=bad)


# --- verification in batches ----------------------------------------------------------------

def test_verify_pages_through_the_log_by_id(engine, sessions):
    ids = build_chain(sessions, 7)
    statements = []

    def record(_connection, _cursor, statement, *_args):
        if "audit_entry" in statement:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        result = verify_now(sessions, batch_size=2)
    finally:
        event.remove(engine, "before_cursor_execute", record)

    assert result.ok and result.count == 7 and result.head_id == ids[-1]
    assert len(statements) == 4  # 2 + 2 + 2 + 1 rows
    assert all("audit_entry.id >" in statement for statement in statements[1:])  # keyset, not OFFSET


@pytest.mark.parametrize("batch_size", [1, 2, 3, 10_000])
def test_a_deletion_across_a_page_boundary_is_detected(engine, sessions, batch_size):
    ids = build_chain(sessions, 7)
    run_sql(engine, "DELETE FROM audit_entry WHERE id = :target", target=ids[2])

    result = verify_now(sessions, batch_size=batch_size)

    assert (result.ok, result.broken_id, result.reason) == (False, ids[3], LINK_BROKEN)


# --- serialised appends ---------------------------------------------------------------------

def test_concurrent_appends_form_one_chain_without_a_fork(engine, sessions, scratch_databases):
    if scratch_databases.dialect != "postgresql":
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL): SQLite has one database-wide write lock, "
                    "which append() takes before reading the head "
                    "(see test_an_append_waits_for_the_uncommitted_append_before_it)")
    per_thread, barrier, errors = 50, threading.Barrier(2), []

    def worker(label: str) -> None:
        try:
            with sessions() as session:
                barrier.wait()
                for step in range(per_thread):
                    append(session, actor_id=None, actor_label=label, action="report.read",
                           subject_type="report", subject_id=step, details={"step": step})
                    time.sleep(0.001)  # hold the lock a moment: the other thread must wait
                    session.commit()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(label,)) for label in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    result = verify_now(sessions)
    assert result.ok and result.count == 2 * per_thread
    stored = rows(sessions)
    assert len({row.prev_hash for row in stored}) == 2 * per_thread  # no entry has two successors
    assert Counter(row.actor_label for row in stored) == {"first": per_thread, "second": per_thread}


def test_append_holds_the_postgresql_advisory_lock_until_commit(engine, sessions, scratch_databases):
    if scratch_databases.dialect != "postgresql":
        pytest.skip("PostgreSQL advisory lock (TEST_DATABASE_URL); SQLite's write lock: "
                    "see test_an_append_waits_for_the_uncommitted_append_before_it")
    try_lock = text("SELECT pg_try_advisory_xact_lock(:key)").bindparams(key=ADVISORY_LOCK_KEY)
    with sessions() as session:
        append(session, actor_id=None, actor_label="cli", action="report.read",
               subject_type="report", subject_id=1, details={})
        with engine.connect() as other:
            assert other.scalar(try_lock) is False
            other.rollback()
            session.commit()
            assert other.scalar(try_lock) is True


def test_an_append_waits_for_the_uncommitted_append_before_it(sessions):
    """The lock is taken before the head is read, so the second transaction chains to the first
    one's entry once it commits (without the lock it would read the old head and fork)."""
    outcome, finished = {}, threading.Event()

    def second_transaction() -> None:
        try:
            with sessions() as session:
                outcome["entry"] = append(session, actor_id=None, actor_label="second", action="report.read",
                                          subject_type="report", subject_id=2, details={})
                session.commit()
        except BaseException as error:  # reported by the assertion below
            outcome["error"] = error
        finished.set()

    with sessions() as session:
        # Only a read before append: on SQLite, pysqlite has not begun a transaction yet.
        assert session.scalar(select(TABLE.c.id)) is None
        first = append(session, actor_id=None, actor_label="first", action="report.read",
                       subject_type="report", subject_id=1, details={})
        thread = threading.Thread(target=second_transaction)
        thread.start()
        assert not finished.wait(0.5), outcome  # blocked behind this transaction
        session.commit()
    thread.join(20)

    assert "error" not in outcome and outcome["entry"].prev_hash == first.entry_hash
    assert verify_now(sessions).count == 2


# --- the CLI's text -------------------------------------------------------------------------

def test_format_result_for_an_intact_log(sessions):
    assert format_result(verify_now(sessions)) == "Audit log is empty: nothing to verify."
    ids = build_chain(sessions, 3)
    result = verify_now(sessions)
    again = verify_now(sessions, expected_head=result.head_hash)

    assert format_result(result).splitlines()[:2] == [
        "Audit log intact: 3 entries verified.", f"Head: entry {ids[-1]}, hash {result.head_hash.hex()}"]
    assert f"Expected head {result.head_hash.hex()} is in the chain." in format_result(again)


def test_format_result_for_a_broken_log(engine, sessions):
    ids = build_chain(sessions, 3)
    head = verify_now(sessions).head_hash
    run_sql(engine, "UPDATE audit_entry SET action = 'report.decrypt' WHERE id = :target", target=ids[1])
    first_hash = rows(sessions)[0].entry_hash.hex()

    assert format_result(verify_now(sessions)).splitlines() == [
        f"AUDIT LOG BROKEN at entry {ids[1]}: {HASH_MISMATCH}.",
        f"1 entry before it verified intact; last intact: entry {ids[0]}, hash {first_hash}.",
    ]
    run_sql(engine, "DELETE FROM audit_entry WHERE id >= :target", target=ids[1])
    assert format_result(verify_now(sessions, expected_head=head)).splitlines() == [
        f"AUDIT LOG BROKEN: {HEAD_MISSING}.",
        f"Expected head: {head.hex()}",
        f"1 entry verified intact; current head: entry {ids[0]}, hash {first_hash}.",
    ]
