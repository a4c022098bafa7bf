#!/usr/bin/env python3
"""Benchmark of the staff dashboard queries (queues, status lists, counts) over many reports.

    python bench/queues.py [--reports 1000000] [--database-url URL] [--runs 50] [--warmups 5]
                           [--try-index NAME ...] [--try-sql "CREATE INDEX ..."] [--keep]

Not a unit test. On PostgreSQL only (the target is "p95 under 100 ms on PostgreSQL"):

1. creates a fresh schema in --database-url, runs the Alembic migrations into it
   (portal.migrate.upgrade), loads disclosures/regions.csv (portal.regions.services) and
   generates --reports reports with COPY: spread over the cities and counties, created over the
   last three years (more recently than long ago), every status with a realistic weight (a report
   moves through the workflow in simulated time, so old reports are closed and open ones are
   recent, with a tail of forgotten ones that are long overdue), categories, channels, and due
   dates computed on the official working-day calendar exactly as the workflow would (None where
   the calendar does not yet cover the period). No sealed fields, key wraps or events: the
   queue queries never read them. Then VACUUM ANALYZE (the steady state autovacuum keeps).
2. creates three staff users (province 640000, city 640300, county 640323) with
   portal.staff.services.create_user and times the very functions the dashboard calls
   (portal.staff.services.reports_in_scope / open_counts), each in a fresh ORM
   session as a request would: first page and a deep keyset page (before_id) without filter,
   per status and per queue, and the two count functions; for the province user also a few
   lists narrowed to county 640323 by the dashboard's region filter (`within`, when the
   function takes it); --warmups then --runs calls each.
3. EXPLAIN (ANALYZE, BUFFERS) of the slowest query and of every query over the target.
4. --try-index NAME (repeatable; see PROPOSALS) or --try-sql SQL creates the given indexes in the
   scratch schema only, VACUUM ANALYZEs, measures everything again and shows before/after.
5. writes bench/results/queues-<UTC timestamp>.json and prints a table with PASS/FAIL against
   the p95 target (--target-ms, 100), and drops the schema (unless --keep).

Exit status 0 when every query meets the target (after the tried indexes, if any), 3 when some
does not, 1 when the bench itself could not run.
"""
from __future__ import annotations

import argparse
import bisect
import inspect
import json
import os
import platform
import random
import secrets
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
if str(PROJECT_ROOT) not in sys.path:  # works without `pip install -e .` too
    sys.path.append(str(PROJECT_ROOT))

from sqlalchemy import event, func, select, text  # noqa: E402
from sqlalchemy.orm import selectinload, sessionmaker  # noqa: E402

from portal import migrate  # noqa: E402
from portal.workdays import BEIJING  # noqa: E402
from portal.calendar.services import load_calendar  # noqa: E402
from portal.db import make_engine  # noqa: E402
from portal.regions.models import Region  # noqa: E402
from portal.regions.services import load_regions, read_region_file  # noqa: E402
from portal.reports.models import Channel, Report, ReportStatus  # noqa: E402
from portal.staff import services as staff_services  # noqa: E402
from portal.staff.models import Role, StaffUser  # noqa: E402
from portal.violations import Violation  # noqa: E402
from portal.workdays import CalendarNotCovered, WorkdayCalendar  # noqa: E402
from scratch import PostgresSchema  # noqa: E402  (bench/, the script's own folder)
from common import RESULTS_DIR, log, summarise  # noqa: E402  (bench/, the script's own folder)

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REGIONS_FILE = PROJECT_ROOT / "disclosures" / "regions.csv"
SCOPES = {"province": "640000", "city": "640300", "county": "640323"}
PAGE_LIMIT = 50  # reports_in_scope's default, what the dashboard shows
# Where reports are filed (cities without counties in the file take their whole load) and how
# many: roughly the population share of each; 640000 (Ningxia) gets about two thirds.
REGION_WEIGHTS = {
    "640100": 30, "640200": 3, "640205": 6, "640300": 4, "640323": 5, "640381": 7,
    "640500": 3, "640502": 5, "640521": 5,
    "540100": 18, "542500": 3, "542522": 3,
}
CHANNEL_WEIGHTS = {Channel.WEB: 70, Channel.HOTLINE: 25, Channel.SUPERVISOR: 5}
# Acceptance decision: how a report's path ends.
PATH_WEIGHTS = {"investigate": 58, "not_accepted": 22, "transferred": 12, "merged": 8}
YEARS = 3
VACUUM_WAIT = 180.0  # seconds; --vacuum-wait
# Proposed indexes that --try-index can create in the scratch schema (name -> statements).
PROPOSALS = {
    # The queues (new, due_soon, overdue) and the dashboard's status counts only ever read open
    # reports (received, acceptance_review, accepted, investigating), a few percent of the table.
    # The planner overestimates "overdue" (it multiplies the selectivity of "open status" by that
    # of "due date < today", which is ~1 over the whole table but small for open reports) and
    # walks pk_report backwards, through nearly the whole table on a deep page. With this index
    # it walks only the open reports, and the counts come from the index alone (INCLUDE: an
    # index-only scan needs every column the query reads).
    # The predicate's shape matters: PostgreSQL proves that the query's WHERE implies a partial
    # index predicate term by term, and _queue_filter's OR has the arms "status IN (received,
    # acceptance_review) AND ..." and "status = investigating AND ...". A predicate written
    # "status IN (the four)" is NOT used by due_soon/overdue; this one is used by those, by
    # status_counts (status IN OPEN_STATES), by queue=new and by the open-status lists.
    "open_partial": [
        "CREATE INDEX IF NOT EXISTS ix_report_open_id ON report (id) "
        "INCLUDE (region_id, status, acceptance_due, investigation_due) "
        "WHERE status IN ('received', 'acceptance_review') OR status IN ('accepted', 'investigating')",
    ],
    # Counting per status inside a scope from the index alone: what counting every status
    # (closed ones included) would need at least; not enough for a province (see bench/README.md).
    "region_status": [
        "CREATE INDEX IF NOT EXISTS ix_report_region_id_status ON report (region_id, status)",
    ],
}
# A province officer narrowing the list to one county (the dashboard's region filter, `within`).
WITHIN = {"province": "640323"}


# ---------------------------------------------------------------- statistics and printing


# ---------------------------------------------------------------- scratch schema


# ---------------------------------------------------------------- data generation


class WorkdayTable:
    """WorkdayCalendar.due_or_none for every day of the period, precomputed (a million calls
    of the day-by-day original would take minutes). Same answers: None where not covered."""

    def __init__(self, first: date, last: date):
        calendar = WorkdayCalendar()
        self.first = first
        self.workdays: list[date] = []
        self.covered_until = last
        day = first
        while day <= last:
            try:
                if calendar.is_workday(day):
                    self.workdays.append(day)
            except CalendarNotCovered:
                self.covered_until = day - timedelta(days=1)
                break
            day += timedelta(days=1)

    def due_or_none(self, start: date, days: int) -> date | None:
        index = bisect.bisect_right(self.workdays, start) + days - 1
        if index >= len(self.workdays):
            return None  # past the official calendar: the app leaves it pending
        return self.workdays[index]


def _weighted(rng: random.Random, weights: dict, count: int) -> list:
    return rng.choices(list(weights), weights=list(weights.values()), k=count)


COLUMNS = (
    "id", "locator", "region_id", "category", "channel", "status", "real_name", "reward_wanted",
    "created_at", "acceptance_due", "decided_on", "notify_due", "investigation_due", "extension_days",
    "outcome", "merged_into_id", "transfer_kind", "code_salt", "code_verifier", "failed_code_attempts",
    "code_locked_until", "code_must_change",
)
NULL = "\\N"


def _d(value: date | None) -> str:
    return NULL if value is None else value.isoformat()


def generate_reports(raw_connection, region_ids: dict[str, int], count: int, seed: int,
                     now: datetime) -> dict:
    """COPY `count` reports into the report table (ids 1..count in order of creation)."""
    rng = random.Random(seed)
    start = now - timedelta(days=365 * YEARS)
    span = (now - start).total_seconds()
    # Half uniform, half growing linearly: about twice as many reports now as three years ago.
    offsets = sorted(span * (rng.random() if rng.random() < 0.5 else rng.random() ** 0.5) for _ in range(count))
    today = now.astimezone(BEIJING).date()
    table = WorkdayTable(start.date() - timedelta(days=7), today + timedelta(days=400))
    regions = [region_ids[code] for code in _weighted(rng, REGION_WEIGHTS, count)]
    channels = _weighted(rng, CHANNEL_WEIGHTS, count)
    paths = _weighted(rng, PATH_WEIGHTS, count)
    # Categories: a few dominate, the rest are rare (an assumption; it does not matter to the queries).
    category_list = list(Violation)
    category_weights = [max(1, 40 // (rank + 1)) for rank in range(len(category_list))]
    categories = rng.choices([c.value for c in category_list], weights=category_weights, k=count)
    locators = rng.sample(range(10 ** 10), count)
    statuses: dict[str, int] = {}
    columns = ", ".join(COLUMNS)
    chunk: list[str] = []
    written = 0
    started = time.perf_counter()
    cursor = raw_connection.cursor()
    with cursor.copy(f"COPY report ({columns}) FROM STDIN") as copy:
        for index in range(count):
            report_id = index + 1
            created = start + timedelta(seconds=offsets[index])
            received = created.astimezone(BEIJING).date()
            real_name = rng.random() < 0.35
            reward = real_name and rng.random() < 0.5
            channel = channels[index]
            path = paths[index]
            acceptance_due = table.due_or_none(received, 15)
            # Simulated history: review starts within days; the decision usually comes within the
            # 15 working days, sometimes late, and a few reports are forgotten for months.
            review_on = received + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5)))
            roll = rng.random()
            decide_wd = (rng.randint(3, 14) if roll < 0.955 else
                         rng.randint(16, 25) if roll < 0.997 else rng.randint(30, 250))
            decided = table.due_or_none(received, decide_wd) or received + timedelta(days=decide_wd * 7 // 5)
            decided_on = notify_due = investigation_due = outcome = merged_into = transfer_kind = None
            extension = 0
            if path == "merged":
                merged_on = received + timedelta(days=rng.randint(1, 20))
                if merged_on <= today:
                    status = ReportStatus.MERGED
                    merged_into = rng.randint(max(1, report_id - 5000), report_id - 1) if report_id > 1 else None
                else:
                    status = ReportStatus.ACCEPTANCE_REVIEW if review_on <= today else ReportStatus.RECEIVED
            elif today < review_on:
                status = ReportStatus.RECEIVED
            elif today < decided:
                status = ReportStatus.ACCEPTANCE_REVIEW
            else:
                decided_on = decided
                notify_due = table.due_or_none(decided, 5) if real_name else None
                if path == "not_accepted":
                    status = ReportStatus.NOT_ACCEPTED
                elif path == "transferred":
                    status = ReportStatus.TRANSFERRED
                    transfer_kind = "other_region" if rng.random() < 0.4 else "other_department"
                else:
                    started_on = decided + timedelta(days=rng.choice((0, 0, 1, 2, 3, 7)))
                    extended = rng.random() < 0.15
                    roll = rng.random()
                    finish_wd = (rng.randint(8, 30) if roll < 0.9 else rng.randint(25, 60) if roll < 0.995
                                 else rng.randint(60, 300))
                    concluded_on = (table.due_or_none(decided, finish_wd)
                                    or decided + timedelta(days=finish_wd * 7 // 5))
                    if today < started_on:
                        status = ReportStatus.ACCEPTED
                    else:
                        if extended and (concluded_on <= today or finish_wd > 25):
                            extension = rng.randint(5, 30)
                        status = ReportStatus.CONCLUDED if concluded_on <= today else ReportStatus.INVESTIGATING
                    investigation_due = table.due_or_none(decided, 30 + extension)
                    if status == ReportStatus.CONCLUDED:
                        outcome = rng.choices(("substantiated", "partly_substantiated", "not_substantiated"),
                                              (45, 25, 30))[0]
            statuses[status.value] = statuses.get(status.value, 0) + 1
            must_change = channel == Channel.HOTLINE and status in (ReportStatus.RECEIVED,
                                                                     ReportStatus.ACCEPTANCE_REVIEW)
            secret = os.urandom(48).hex()
            chunk.append("\t".join((
                str(report_id), f"{locators[index]:010d}", str(regions[index]), categories[index],
                channel.value, status.value, "t" if real_name else "f", "t" if reward else "f",
                created.isoformat(), _d(acceptance_due), _d(decided_on), _d(notify_due),
                _d(investigation_due), str(extension), outcome or NULL,
                NULL if merged_into is None else str(merged_into), transfer_kind or NULL,
                "\\\\x" + secret[:32], "\\\\x" + secret[32:], "0", NULL, "t" if must_change else "f",
            )))
            if len(chunk) >= 20000:
                copy.write("\n".join(chunk) + "\n")
                written += len(chunk)
                chunk.clear()
                if written % 100000 == 0:
                    elapsed = time.perf_counter() - started
                    log(f"  {written:>9,} reports copied ({written / elapsed:,.0f}/s)")
        if chunk:
            copy.write("\n".join(chunk) + "\n")
            written += len(chunk)
    cursor.execute("SELECT setval(pg_get_serial_sequence('report', 'id'), %s)", (count,))
    raw_connection.commit()
    return {"statuses": dict(sorted(statuses.items(), key=lambda item: -item[1])),
            "calendar_covered_until": table.covered_until.isoformat(), "today_beijing": today.isoformat()}


def load_data(url: str, count: int, seed: int) -> dict:
    engine = make_engine(url)
    try:
        t0 = time.perf_counter()
        migrate.upgrade(engine)
        log(f"migrated to {migrate.current_revision(engine)} ({time.perf_counter() - t0:.1f} s)")
        Session = sessionmaker(engine, expire_on_commit=False)
        with Session() as session:
            load_regions(session, read_region_file(REGIONS_FILE))
            region_ids = {region.code: region.id for region in session.scalars(select(Region))}
        t0 = time.perf_counter()
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            driver.execute("SET synchronous_commit = off")
            profile = generate_reports(driver, region_ids, count, seed, datetime.now(timezone.utc))
        finally:
            raw.close()
        profile["copy_seconds"] = round(time.perf_counter() - t0, 1)
        log(f"{count:,} reports generated and copied in {profile['copy_seconds']} s")
        t0 = time.perf_counter()
        profile["vacuum"] = vacuum_analyze(engine, VACUUM_WAIT)
        profile["vacuum_analyze_seconds"] = round(time.perf_counter() - t0, 1)
        log(f"VACUUM ANALYZE in {profile['vacuum_analyze_seconds']} s")
        with engine.connect() as connection:
            profile["table_mb"] = round(connection.scalar(
                text("SELECT pg_table_size('report') / 1048576.0")), 1)
            profile["indexes_mb"] = round(connection.scalar(
                text("SELECT pg_indexes_size('report') / 1048576.0")), 1)
        return profile
    finally:
        engine.dispose()


VACUUM_STATE: dict = {}  # what the last vacuum_analyze achieved, for the results file


def vacuum_analyze(engine, wait_seconds: float = 0.0) -> dict:
    """VACUUM ANALYZE the tables the queries read. VACUUM marks pages all-visible (which
    index-only scans need) only for rows older than every open transaction in the database;
    another client's long transaction holds that back, so retry for up to `wait_seconds`."""
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        while True:
            connection.exec_driver_sql("VACUUM ANALYZE report")
            connection.exec_driver_sql("VACUUM ANALYZE region")
            pages, visible = connection.exec_driver_sql(
                "SELECT relpages, relallvisible FROM pg_class WHERE oid = 'report'::regclass").one()
            fraction = visible / pages if pages else 1.0
            blockers = [dict(row._mapping) for row in connection.exec_driver_sql(
                "SELECT pid, state, round(extract(epoch FROM now() - xact_start)) AS transaction_seconds "
                "FROM pg_stat_activity WHERE datname = current_database() AND backend_xmin IS NOT NULL "
                "AND pid <> pg_backend_pid() AND xact_start < now() - interval '1 second'")]
            waited = time.perf_counter() - started
            if fraction >= 0.99 or waited >= wait_seconds:
                break
            log(f"  only {fraction:.0%} of report's pages all-visible: {len(blockers)} other transactions "
                f"hold back VACUUM ({blockers[:3]}...); retrying")
            time.sleep(2 if waited < 10 else 10)
    if fraction < 0.99:
        log(f"WARNING: {fraction:.0%} of report's pages all-visible after VACUUM; index-only scans "
            f"will visit the heap (long transactions of other clients: {blockers[:5]})")
    VACUUM_STATE.update(all_visible_fraction=round(fraction, 3), waited_seconds=round(waited, 1),
                        blocking_transactions=blockers)
    return dict(VACUUM_STATE)


# ---------------------------------------------------------------- users and cases


def create_users(url: str) -> dict[str, int]:
    engine = make_engine(url)
    Session = sessionmaker(engine, expire_on_commit=False)
    users = {}
    try:
        with Session() as session:
            for scope, code in SCOPES.items():
                user = staff_services.create_user(
                    session, username=f"bench-{scope}", display_name=f"Bench {scope}",
                    password=secrets.token_urlsafe(16), roles={Role.CASE_OFFICER}, region_code=code)
                users[scope] = user.id
    finally:
        engine.dispose()
    return users


@dataclass
class Case:
    scope: str
    name: str
    kind: str  # "page" or "count"
    status: str | None = None
    queue: str | None = None
    before_id: int | None = None
    matching: int | None = None  # rows of the scope matching the filter
    within: str | None = None  # region code of the dashboard's region filter

    @property
    def key(self) -> str:
        return f"{self.scope}>{self.within}/{self.name}" if self.within else f"{self.scope}/{self.name}"


def _accepts_within() -> bool:
    return "within" in inspect.signature(staff_services.reports_in_scope).parameters


def build_cases(Session, users: dict[str, int], today: date, soon_until: date, depth: float,
                statuses: list[str]) -> list[Case]:
    """Every dashboard query per scope; a deep page starts `depth` of the way down the list."""
    cases: list[Case] = []
    with Session() as session:
        scopes = [(scope, None) for scope in users]
        if _accepts_within():
            scopes += [(scope, code) for scope, code in WITHIN.items() if scope in users]
        for scope, within in scopes:
            user = session.get(StaffUser, users[scope])
            filters: list[tuple[str, str | None, str | None]] = [("all", None, None)]
            if within:  # a sample: the scope's SQL with another path, not every filter again
                filters += [("status=received", "received", None), ("queue=overdue", None, "overdue")]
            else:
                filters += [(f"status={status}", status, None) for status in statuses]
                filters += [(f"queue={queue}", None, queue) for queue in staff_services.QUEUES]
            region_path = (session.scalar(select(Region.path).where(Region.code == within)) if within
                           else user.region.path)
            for label, status, queue in filters:
                where = [Report.region_id.in_(select(Region.id).where(Region.path.startswith(region_path)))]
                if status:
                    where.append(Report.status == ReportStatus(status))
                if queue:
                    where.append(staff_services._queue_filter(queue, today, soon_until))
                matching = session.scalar(select(func.count()).select_from(Report).where(*where))
                cases.append(Case(scope, f"list {label} page 1", "page", status, queue, None, matching, within))
                if matching > 2 * PAGE_LIMIT:
                    offset = max(PAGE_LIMIT, int(matching * depth))
                    before = session.scalar(select(Report.id).where(*where).order_by(Report.id.desc())
                                            .offset(offset).limit(1))
                    cases.append(Case(scope, f"list {label} deep", "page", status, queue, before + 1 if before
                                      else None, matching, within))
            if not within:
                cases.append(Case(scope, "open_counts", "count"))
    return cases


def run_case(Session, users: dict[str, int], case: Case, today: date, soon_until: date):
    """One dashboard call in a fresh session, as a request makes it; returns seconds taken."""
    with Session() as session:
        # Loading the signed-in user is the request's own work (signed_in), not the query's.
        user = session.scalar(select(StaffUser).options(selectinload(StaffUser.region))
                              .where(StaffUser.id == users[case.scope]))
        extra = {}
        if case.within:  # the view looks the region filter up by code first, as here
            extra["within"] = session.scalar(select(Region).where(Region.code == case.within))
        t0 = time.perf_counter()
        if case.name == "open_counts":
            staff_services.open_counts(session, user, today, soon_until)
        else:
            staff_services.reports_in_scope(session, user, status=case.status, before_id=case.before_id,
                                            queue=case.queue, today=today, soon_until=soon_until, **extra)
        return time.perf_counter() - t0


def measure(Session, users, cases: list[Case], today, soon_until, runs: int, warmups: int,
            budget: float, label: str) -> dict[str, dict]:
    results = {}
    started = time.perf_counter()
    for number, case in enumerate(cases, start=1):
        for _ in range(warmups):
            first = run_case(Session, users, case, today, soon_until)
            if first > 2.0:  # hopelessly slow: do not spend minutes on it
                break
        timings = []
        case_started = time.perf_counter()
        for _ in range(runs):
            timings.append(run_case(Session, users, case, today, soon_until))
            if time.perf_counter() - case_started > budget and len(timings) >= 10:
                break
        results[case.key] = summarise(timings)
        if number % 10 == 0 or number == len(cases):
            log(f"  {label}: {number}/{len(cases)} queries measured ({time.perf_counter() - started:.0f} s)")
    return results


def capture_sql(engine, Session, users, case: Case, today, soon_until) -> list[tuple[str, object]]:
    captured: list[tuple[str, object]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if "FROM report" in statement:
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        run_case(Session, users, case, today, soon_until)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return captured


def explain(engine, Session, users, case: Case, today, soon_until) -> list[dict]:
    plans = []
    for statement, parameters in capture_sql(engine, Session, users, case, today, soon_until):
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).all()
            literal = statement
            if isinstance(parameters, dict):
                for name, value in parameters.items():
                    shown = f"'{value}'" if isinstance(value, (str, date)) else str(value)
                    literal = literal.replace(f"%({name})s", shown)
        plans.append({"sql": literal, "plan": [row[0] for row in rows]})
    return plans


# ---------------------------------------------------------------- report


def environment_info(engine, args) -> dict:
    with engine.connect() as connection:
        settings = {name: connection.exec_driver_sql(f"SHOW {name}").scalar() for name in (
            "server_version", "shared_buffers", "work_mem", "effective_cache_size", "random_page_cost",
            "max_parallel_workers_per_gather", "jit", "lc_collate")}
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "postgresql": settings,
        "arguments": {key: value for key, value in vars(args).items()},
    }


def print_table(cases: list[Case], before: dict, after: dict | None, target_ms: float) -> None:
    def verdict(stats: dict) -> str:
        return "PASS" if stats["p95_ms"] is not None and stats["p95_ms"] < target_ms else "FAIL"

    width = max(len(case.key) for case in cases)
    header = f"{'query (scope/name)':<{width}}  {'rows':>8}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}  result"
    if after:
        header += f"  {'p50 after':>9}  {'p95 after':>9}  {'max after':>9}  result"
    print(header)
    print("-" * len(header))
    for case in cases:
        stats = before[case.key]
        rows = "" if case.matching is None else f"{case.matching:,}"
        line = (f"{case.key:<{width}}  {rows:>8}  {stats['p50_ms']:>8.1f}  {stats['p95_ms']:>8.1f}"
                f"  {stats['max_ms']:>8.1f}  {verdict(stats)}  ")
        if after:
            new = after[case.key]
            line += f"  {new['p50_ms']:>9.1f}  {new['p95_ms']:>9.1f}  {new['max_ms']:>9.1f}  {verdict(new)}"
        print(line.rstrip())


def failing(results: dict, target_ms: float) -> list[str]:
    return [key for key, stats in results.items() if stats["p95_ms"] is None or stats["p95_ms"] >= target_ms]


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="a PostgreSQL database")
    parser.add_argument("--reports", type=int, default=1_000_000, help="reports to generate")
    parser.add_argument("--runs", type=int, default=50, help="timed calls per query")
    parser.add_argument("--warmups", type=int, default=5, help="untimed calls per query first")
    parser.add_argument("--budget", type=float, default=15.0,
                        help="seconds per query after which runs stop early (at least 10 are kept)")
    parser.add_argument("--depth", type=float, default=0.9,
                        help="where the deep keyset page starts, as a fraction of the filtered list")
    parser.add_argument("--statuses", default=",".join(status.value for status in ReportStatus),
                        help="statuses whose list is measured (comma-separated)")
    parser.add_argument("--target-ms", type=float, default=100.0, help="p95 target per query")
    parser.add_argument("--seed", type=int, default=20261123, help="random seed of the generated data")
    parser.add_argument("--try-index", action="append", default=[], choices=sorted(PROPOSALS),
                        help="after the baseline, create this proposed index and measure again")
    parser.add_argument("--try-sql", action="append", default=[],
                        help="after the baseline, run this statement (e.g. CREATE INDEX) and measure again")
    parser.add_argument("--explain-all", action="store_true", help="EXPLAIN every query, not only slow ones")
    parser.add_argument("--vacuum-wait", type=float, default=VACUUM_WAIT,
                        help="seconds to retry VACUUM while other clients' transactions keep pages from "
                             "becoming all-visible")
    parser.add_argument("--keep", action="store_true", help="keep the scratch schema (its name is printed)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    global VACUUM_WAIT
    args = parse_arguments(argv)
    VACUUM_WAIT = args.vacuum_wait
    if not args.database_url.startswith("postgresql"):
        print("bench/queues.py measures PostgreSQL only (--database-url postgresql+psycopg://...)", file=sys.stderr)
        return 1
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    scratch = PostgresSchema(args.database_url, prefix="bench_queues")
    schema, url = scratch.name, scratch.url
    log(f"scratch schema {schema}")
    engine = None
    try:
        t0 = time.perf_counter()
        profile = load_data(url, args.reports, args.seed)
        profile["setup_seconds"] = round(time.perf_counter() - t0, 1)
        log(f"statuses: {profile['statuses']}")
        users = create_users(url)
        log(f"staff users: {users}")
        engine = make_engine(url)
        Session = sessionmaker(engine, expire_on_commit=False)
        with Session() as session:
            today = datetime.now(BEIJING).date()
            soon_until = load_calendar(session).due_or_none(today, 3) or today + timedelta(days=5)
        statuses = [value for value in args.statuses.split(",") if value]
        cases = build_cases(Session, users, today, soon_until, args.depth, statuses)
        profile["scope_rows"] = {case.key.split("/")[0]: case.matching for case in cases
                                 if case.name == "list all page 1"}
        log(f"{len(cases)} queries x ({args.warmups} warm-ups + {args.runs} runs); rows per scope "
            f"{profile['scope_rows']}")
        result = {
            "benchmark": "queues",
            "started_utc": stamp,
            "schema": schema,
            "environment": environment_info(engine, args),
            "data": profile,
            "today": today.isoformat(),
            "soon_until": soon_until.isoformat(),
            "target_p95_ms": args.target_ms,
            "cases": [vars(case) | {"key": case.key} for case in cases],
        }
        before = measure(Session, users, cases, today, soon_until, args.runs, args.warmups, args.budget, "baseline")
        result["baseline"] = before
        slowest = max(cases, key=lambda case: before[case.key]["p95_ms"])
        to_explain = [slowest] + [case for case in cases if case.key in failing(before, args.target_ms)
                                  and case is not slowest]
        if args.explain_all:
            to_explain += [case for case in cases if case not in to_explain]
        result["slowest"] = slowest.key
        result["plans"] = {case.key: explain(engine, Session, users, case, today, soon_until)
                           for case in to_explain}
        after = None
        statements = [sql for name in args.try_index for sql in PROPOSALS[name]] + args.try_sql
        if statements:
            with engine.begin() as connection:
                for statement in statements:
                    t0 = time.perf_counter()
                    connection.exec_driver_sql(statement)
                    log(f"{statement} ({time.perf_counter() - t0:.1f} s)")
            tried_vacuum = vacuum_analyze(engine, VACUUM_WAIT)
            after = measure(Session, users, cases, today, soon_until, args.runs, args.warmups, args.budget,
                            "with the tried indexes")
            with engine.connect() as connection:
                sizes = connection.exec_driver_sql(
                    "SELECT indexrelname, pg_relation_size(indexrelid) / 1048576.0 FROM pg_stat_user_indexes "
                    "WHERE relname IN ('report', 'region') ORDER BY 1").all()
            tried_plans = {case.key: explain(engine, Session, users, case, today, soon_until) for case in to_explain}
            slowest_after = max(cases, key=lambda case: after[case.key]["p95_ms"])
            if slowest_after.key not in tried_plans:
                tried_plans[slowest_after.key] = explain(engine, Session, users, slowest_after, today, soon_until)
            result["tried"] = {
                "vacuum": tried_vacuum,
                "slowest": slowest_after.key,
                "statements": statements,
                "results": after,
                "index_sizes_mb": {name: round(float(size), 1) for name, size in sizes},
                "plans": tried_plans,
            }
        result["load_average_at_end"] = os.getloadavg()
        final = after or before
        result["failing"] = failing(final, args.target_ms)
        path = RESULTS_DIR / f"queues-{stamp}.json"
        path.write_text(json.dumps(result, indent=2, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
        print()
        print(f"{args.reports:,} reports; p95 target {args.target_ms:g} ms; {args.runs} runs after "
              f"{args.warmups} warm-ups; PostgreSQL {result['environment']['postgresql']['server_version']}")
        if statements:
            print("tried: " + "; ".join(statements))
        print_table(cases, before, after, args.target_ms)
        print()
        print(f"slowest (baseline): {slowest.key}, p95 {before[slowest.key]['p95_ms']} ms; plan:")
        for plan in result["plans"][slowest.key]:
            print("  " + plan["sql"].replace("\n", " "))
            for line in plan["plan"]:
                print("    " + line)
        if after:
            key = result["tried"]["slowest"]
            print(f"\nslowest (with the tried changes): {key}, p95 {after[key]['p95_ms']} ms; plan:")
            for plan in result["tried"]["plans"][key]:
                print("  " + plan["sql"].replace("\n", " "))
                for line in plan["plan"]:
                    print("    " + line)
        print(f"\nload average at start {result['environment']['load_average_at_start']}, "
              f"at end {result['load_average_at_end']} ({os.cpu_count()} CPUs)")
        print(f"results: {path.relative_to(PROJECT_ROOT)}")
        if result["failing"]:
            print(f"FAIL: {len(result['failing'])} queries over {args.target_ms:g} ms at p95")
            return 3
        print(f"PASS: every query under {args.target_ms:g} ms at p95")
        return 0
    finally:
        if engine is not None:
            engine.dispose()
        if args.keep:
            log(f"kept schema {schema}: {url}")
        else:
            scratch.drop()
            log(f"dropped schema {schema}")


if __name__ == "__main__":
    sys.exit(main())
