#!/usr/bin/env python3
"""Benchmark of the fund-figure import and of the fund read paths at a million rows.

    python bench/funds.py [--rows 1000000] [--database-url URL] [--sqlite] [--sqlite-rows N]
                          [--skip-postgresql] [--runs 30] [--warmups 3] [--analyze-between auto|yes|no]
                          [--try-sql "CREATE INDEX ..."] [--import-timeout S] [--keep]
    python bench/funds.py --reads-only URL    (the reads again, on a database kept with --keep)

Not a unit test. It answers "import 1,000,000 fund rows: how long, and how much memory?", and
then how fast the pages and the API read that many rows:

1. Data. Generates a CSV of --rows rows with portal.funds.synthetic (series() per region and
   fund, written by write_csv(), exactly the columns an operator's file has): every year of
   2001-2025 with its quarters and months (25 x 17 = 425 rows per series), for each fund of
   FUND_PROFILE (6), for as many synthetic regions as the row count needs (2,550 rows each; the
   last series is cut short). The synthetic regions are a province 910000 whose cities are
   91CC00 and counties 91CCNN (20 per city), then 920000 and so on: codes no real region has.
   A second file is the same with 1 % of the rows corrected (every 100th row, income + 100.00
   yuan, period_balance blank so it is derived again). File sizes and generation times are
   reported.
2. Database. On PostgreSQL a fresh schema in --database-url (the scratch URL adds the libpq
   parameter options=-csearch_path=<schema>); with --sqlite also (or with --skip-postgresql
   only) a fresh SQLite file in a temporary folder. Both are migrated to head with Alembic
   (portal.migrate.upgrade); disclosures/regions.csv and the synthetic regions are loaded with
   portal.regions.services.load_regions.
3. Import, exactly as an operator runs it: the console script's entry point
   (`portal import funds FILE`, i.e. `python -c "from portal.cli import main; main()" import
   funds FILE`) in a child process, with DATABASE_URL pointing at the scratch database,
   PORTAL_INSTANCE_PATH at a temporary instance folder, PORTAL_CLI_LANG=en, and none of the
   caller's PORTAL_* / DATABASE_URL / REDIS_URL. Four runs, in order:
     a. --dry-run of the full file          (expects N new; stores nothing)
     b. the real import                     (N new)
     c. the same file again                 (N unchanged; nothing added)
     d. the corrected file, --reason "bench correction"  (N/100 corrected, the rest unchanged)
   First `portal import funds --help`, the fixed cost of every run (interpreter, imports,
   create_app); "net rows/s" leaves that out. Wall time (the child's start to its exit), rows/s,
   the child's CPU time and its peak RSS (ru_maxrss from os.wait4 on the child's pid: the
   import process itself, not the database server). Between runs nothing is done to the database, except on PostgreSQL with
   --analyze-between: `ANALYZE fund_figure` before c and d, which is what autovacuum does within
   a minute of the previous import on a default server; "auto" (the default) does it only when
   the server runs without autovacuum, so that such a server measures what a default one would
   (--analyze-between no measures the table as the previous import left it: no statistics; the
   planner state before each run is in the results). Each outcome is checked against the counts
   the CLI prints and against the tables
   (fund_figure total and current rows, versions, fund_import, the staging table empty): a run
   that did not do what it should stops the bench with exit status 2.
4. Reads, after VACUUM ANALYZE on PostgreSQL (the steady state autovacuum keeps; SQLite is left
   as the app leaves it, never ANALYZEd): portal.funds.services.figures() for a region page
   (one county, resident fund, years), the comparison of every region for one fund and period
   (resident, 2024), API pages (the first, a deep one 90 % down the table, the first of one late
   region, the first of resident/years), each in a fresh ORM session, --warmups then --runs
   calls; streaming the whole table with stream_figures() (rows/s, --stream-runs times); and
   through the Flask test client (portal.create_app on the same database) GET of the region
   page, the comparison page, the funds index page and two /api/v1/funds pages.
   p50/p95/max per read; PASS when p95 < --target-ms (100). For the slowest read and every one
   over the target, the SQL it ran with EXPLAIN (ANALYZE, BUFFERS) (EXPLAIN QUERY PLAN on
   SQLite); for pages, each statement's time in one request.
   --try-sql SQL (repeatable) runs statements in the scratch schema right after the migrations,
   to measure a proposed index before proposing it; the migrations are never changed.
5. Writes bench/results/funds-<UTC timestamp>.json, prints summary tables, and drops the schema
   and removes the temporary folder (unless --keep).

Exit status 0 when every import did what it should and every read met the target, 3 when some
read did not, 2 when an import failed or did something else than expected, 1 when the bench
itself could not run.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
if str(PROJECT_ROOT) not in sys.path:  # works without `pip install -e .` too
    sys.path.append(str(PROJECT_ROOT))

from scratch import PostgresSchema  # noqa: E402  (bench/, the script's own folder)
from common import RESULTS_DIR, StatementRecorder, log, make_app, mib, source_digest, summarise  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402

from portal import migrate  # noqa: E402
from portal.db import make_engine  # noqa: E402
from portal.funds.figures import FundType, Period, PeriodKind  # noqa: E402
from portal.funds.models import FundFigure, FundImport, FundImportRow  # noqa: E402
from portal.funds.services import FundFilter, figures, stream_figures  # noqa: E402
from portal.funds.synthetic import FUND_PROFILE, series, write_csv  # noqa: E402
from portal.regions.models import Region, RegionLevel  # noqa: E402
from portal.regions.services import RegionRow, load_regions, read_region_file  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REGIONS_FILE = PROJECT_ROOT / "disclosures" / "regions.csv"
YEARS = range(2001, 2026)  # every period ends before today (the importer rejects future dates)
PERIODS_PER_YEAR = 1 + 4 + 12
FUNDS = list(FUND_PROFILE)
ROWS_PER_REGION = len(FUNDS) * len(YEARS) * PERIODS_PER_YEAR
PROVINCE_PREFIXES = range(91, 100)  # 91..99: no real province has these (GB/T 2260 stops at 82)
CITIES_PER_PROVINCE = 99
COUNTIES_PER_CITY = 20
CORRECTION_EVERY = 100  # every 100th row of the corrected file (row index % 100 == 50)
CORRECTION_OFFSET = 50
CORRECTION_DELTA = Decimal("100.00")
CORRECTION_REASON = "bench correction"
COMPARE_FUND = FundType.RESIDENT
COMPARE_PERIOD = "2024"
DEEP_FRACTION = 0.9
CLI_CODE = "from portal.cli import main; main()"
SUMMARY_LINE = re.compile(r"(?P<verb>Would publish|Published) (?P<file>\S+): (?P<added>\d+) new, "
                          r"(?P<corrected>\d+) corrected, (?P<unchanged>\d+) unchanged of (?P<rows>\d+) rows")


class BenchFailure(Exception):
    """An import failed or did something else than expected (exit status 2)."""


# ---------------------------------------------------------------- statistics and printing


def current_rss_kib() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


# ---------------------------------------------------------------- synthetic regions and rows


def synthetic_regions(count: int) -> list[RegionRow]:
    """`count` regions under provinces 91xxxx.., parents before children: a province, then each
    city followed by its counties."""
    rows: list[RegionRow] = []

    def add(code: str, parent: str, level: RegionLevel, name: str) -> bool:
        rows.append(RegionRow(code, parent, level, f"合成{name}", "", f"Synthetic {name}", False))
        return len(rows) >= count

    if count <= 0:
        return rows
    for prefix in PROVINCE_PREFIXES:
        province = f"{prefix}0000"
        if add(province, "", RegionLevel.PROVINCE, f"province {province}"):
            return rows
        for city_number in range(1, CITIES_PER_PROVINCE + 1):
            city = f"{prefix}{city_number:02d}00"
            if add(city, province, RegionLevel.CITY, f"city {city}"):
                return rows
            for county_number in range(1, COUNTIES_PER_CITY + 1):
                county = f"{prefix}{city_number:02d}{county_number:02d}"
                if add(county, city, RegionLevel.COUNTY, f"county {county}"):
                    return rows
    raise SystemExit(f"--rows needs {count} synthetic regions; at most {len(rows)} are defined")


def insured_of(region: RegionRow) -> int:
    """A plausible number of insured people: provinces > cities > counties, varying by code."""
    base = {RegionLevel.PROVINCE: 5_000_000, RegionLevel.CITY: 1_200_000, RegionLevel.COUNTY: 180_000}[region.level]
    return int(base * random.Random(int(region.code)).uniform(0.5, 1.5))


def fund_rows(regions: list[RegionRow], count: int, seed: int) -> Iterator[dict]:
    """The first `count` rows of every region's series for every fund (unique region, fund and
    period: a series has each period once)."""
    def everything():
        for region in regions:
            insured = insured_of(region)
            for index, fund in enumerate(FUNDS):
                yield from series(region.code, insured, fund, YEARS, YEARS.start, YEARS.start,
                                  seed + int(region.code) * 31 + index)
    return itertools.islice(everything(), count)


def corrected(rows: Iterator[dict]) -> Iterator[dict]:
    for index, row in enumerate(rows):
        if index % CORRECTION_EVERY == CORRECTION_OFFSET:
            row = {**row, "income": f"{Decimal(row['income']) + CORRECTION_DELTA:.2f}", "period_balance": ""}
        yield row


def corrections_in(count: int) -> int:
    return sum(1 for index in range(count) if index % CORRECTION_EVERY == CORRECTION_OFFSET)


@dataclass
class DataFiles:
    rows: int
    regions: list[RegionRow]
    full: Path
    correction: Path
    profile: dict = field(default_factory=dict)


def generate_files(directory: Path, count: int, seed: int) -> DataFiles:
    regions = synthetic_regions(math.ceil(count / ROWS_PER_REGION))
    full, correction = directory / f"funds-{count}.csv", directory / f"funds-{count}-corrected.csv"
    t0 = time.perf_counter()
    with open(full, "w", encoding="utf-8", newline="") as handle:
        written = write_csv(fund_rows(regions, count, seed), handle)
    full_seconds = time.perf_counter() - t0
    if written != count:
        raise SystemExit(f"generated {written} rows, wanted {count}")
    t0 = time.perf_counter()
    with open(correction, "w", encoding="utf-8", newline="") as handle:
        write_csv(corrected(fund_rows(regions, count, seed)), handle)
    correction_seconds = time.perf_counter() - t0
    profile = {
        "rows": count,
        "synthetic_regions": len(regions),
        "synthetic_regions_by_level": {level.value: sum(1 for r in regions if r.level is level)
                                       for level in RegionLevel},
        "rows_per_region": ROWS_PER_REGION,
        "years": [YEARS.start, YEARS.stop - 1],
        "funds": [fund.value for fund in FUNDS],
        "file_bytes": full.stat().st_size,
        "file_mib": round(full.stat().st_size / 1048576, 1),
        "generation_seconds": round(full_seconds, 1),
        "generation_rows_per_second": round(count / full_seconds) if full_seconds else None,
        "corrected_rows": corrections_in(count),
        "corrected_file_bytes": correction.stat().st_size,
        "corrected_generation_seconds": round(correction_seconds, 1),
    }
    log(f"{count:,} rows for {len(regions)} synthetic regions: {full.name} {profile['file_mib']} MiB "
        f"in {profile['generation_seconds']} s; corrected file ({profile['corrected_rows']:,} rows changed) "
        f"in {profile['corrected_generation_seconds']} s")
    return DataFiles(count, regions, full, correction, profile)


# ---------------------------------------------------------------- scratch databases


def prepare_database(url: str, regions: list[RegionRow], try_sql: list[str]) -> dict:
    engine = make_engine(url)
    try:
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                search_path = connection.exec_driver_sql("SHOW search_path").scalar()
            if not search_path.startswith("bench_funds_"):
                raise SystemExit(f"the scratch URL did not set the search path (it is {search_path!r})")
        t0 = time.perf_counter()
        migrate.upgrade(engine)
        revision = migrate.current_revision(engine)
        migrate_seconds = time.perf_counter() - t0
        Session = sessionmaker(engine, expire_on_commit=False)
        t0 = time.perf_counter()
        with Session() as session:
            real = load_regions(session, read_region_file(REGIONS_FILE))
        with Session() as session:
            synthetic = load_regions(session, regions)
        regions_seconds = time.perf_counter() - t0
        log(f"migrated to {revision} ({migrate_seconds:.1f} s); {real} real + {synthetic} synthetic regions "
            f"loaded ({regions_seconds:.1f} s)")
        if try_sql:  # a proposed change, in this scratch database only (never in the migrations)
            with engine.begin() as connection:
                for statement in try_sql:
                    connection.exec_driver_sql(statement)
                    log(f"tried: {statement}")
        return {"revision": revision, "migrate_seconds": round(migrate_seconds, 1),
                "regions_real": real, "regions_synthetic": synthetic,
                "regions_seconds": round(regions_seconds, 1), "tried_sql": try_sql}
    finally:
        engine.dispose()


def database_counts(url: str) -> dict:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            def count(statement):
                return connection.scalar(statement) or 0

            return {
                "fund_figure": count(select(func.count()).select_from(FundFigure)),
                "current": count(select(func.count()).select_from(FundFigure)
                                 .where(FundFigure.superseded_at.is_(None))),
                "version_2_current": count(select(func.count()).select_from(FundFigure)
                                           .where(FundFigure.superseded_at.is_(None), FundFigure.version == 2)),
                "with_bench_reason": count(select(func.count()).select_from(FundFigure)
                                           .where(FundFigure.correction_reason == CORRECTION_REASON)),
                "fund_import": count(select(func.count()).select_from(FundImport)),
                "fund_import_row": count(select(func.count()).select_from(FundImportRow)),
            }
    finally:
        engine.dispose()


def storage_sizes(url: str, sqlite_file: Path | None) -> dict:
    if sqlite_file is not None:
        sizes = {"database_file_mib": round(sqlite_file.stat().st_size / 1048576, 1)}
        wal = sqlite_file.with_name(sqlite_file.name + "-wal")
        if wal.exists():
            sizes["wal_file_mib"] = round(wal.stat().st_size / 1048576, 1)
        return sizes
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            table, indexes = connection.exec_driver_sql(
                "SELECT pg_table_size('fund_figure') / 1048576.0, pg_indexes_size('fund_figure') / 1048576.0").one()
            each = connection.exec_driver_sql(
                "SELECT indexrelname, pg_relation_size(indexrelid) / 1048576.0 FROM pg_stat_user_indexes "
                "WHERE relname = 'fund_figure' ORDER BY 1").all()
        return {"fund_figure_table_mib": round(float(table), 1), "fund_figure_indexes_mib": round(float(indexes), 1),
                "indexes_mib": {name: round(float(size), 1) for name, size in each}}
    finally:
        engine.dispose()


def vacuum_analyze(url: str) -> dict:
    engine = make_engine(url)
    try:
        t0 = time.perf_counter()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("fund_figure", "fund_import_row", "fund_import", "region"):
                connection.exec_driver_sql(f"VACUUM ANALYZE {table}")
            pages, visible = connection.exec_driver_sql(
                "SELECT relpages, relallvisible FROM pg_class WHERE oid = 'fund_figure'::regclass").one()
        return {"seconds": round(time.perf_counter() - t0, 1),
                "all_visible_fraction": round(visible / pages, 3) if pages else 1.0}
    finally:
        engine.dispose()


def planner_statistics(url: str) -> dict | None:
    """What the planner knows of the import's tables (PostgreSQL): when they were last analyzed
    and how many rows changed since."""
    engine = make_engine(url)
    try:
        if engine.dialect.name != "postgresql":
            return None
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT relname, n_live_tup, n_dead_tup, n_mod_since_analyze, last_analyze, last_autoanalyze "
                "FROM pg_stat_user_tables WHERE relname IN ('fund_figure', 'fund_import_row') "
                "AND schemaname = current_schema() ORDER BY 1").all()
        return {row[0]: {"live": row[1], "dead": row[2], "modified_since_analyze": row[3],
                         "last_analyze": row[4], "last_autoanalyze": row[5]} for row in rows}
    finally:
        engine.dispose()


def analyze_figures(url: str) -> float:
    """ANALYZE fund_figure, what autovacuum does within a minute of a large import on a server
    where it is on (its default)."""
    engine = make_engine(url)
    try:
        t0 = time.perf_counter()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE fund_figure")
        return round(time.perf_counter() - t0, 2)
    finally:
        engine.dispose()


# ---------------------------------------------------------------- the import, as an operator runs it


def child_environment(url: str, instance: Path) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("PORTAL_") and key not in ("DATABASE_URL", "REDIS_URL", "FLASK_APP")}
    env.update(DATABASE_URL=url, PORTAL_INSTANCE_PATH=str(instance), PORTAL_CLI_LANG="en",
               PYTHONPATH=os.pathsep.join(filter(None, (str(PROJECT_ROOT), env.get("PYTHONPATH")))))
    return env


def run_cli(arguments: list[str], env: dict, log_dir: Path, label: str, timeout: float | None) -> dict:
    """Run `portal <arguments>` in a child; wall time, CPU and peak RSS from os.wait4."""
    command = [sys.executable, "-c", CLI_CODE, *arguments]
    out_path, err_path = log_dir / f"{label}.stdout", log_dir / f"{label}.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=PROJECT_ROOT)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if timeout and time.perf_counter() - t0 > timeout:
                timed_out = True
                process.kill()  # this child only, by its pid
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        wall = time.perf_counter() - t0
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    return {
        "command": ["portal", *arguments],
        "exit_status": process.returncode,
        "timed_out": timed_out,
        "wall_seconds": round(wall, 2),
        "child_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "child_user_seconds": round(usage.ru_utime, 2),
        "child_system_seconds": round(usage.ru_stime, 2),
        "peak_rss_mib": mib(usage.ru_maxrss),  # KiB on Linux
        "stdout": stdout[-4000:],
        "stderr_tail": stderr[-2000:],
    }


def check_import(result: dict, expected_summary: dict, counts: dict, expected_counts: dict) -> list[str]:
    problems = []
    if result["timed_out"]:
        problems.append("timed out")
    if result["exit_status"] < 0 and not result["timed_out"]:
        problems.append(f"the import was killed by signal {-result['exit_status']} (not by this bench)")
    elif result["exit_status"] != 0:
        problems.append(f"exit status {result['exit_status']}: {result['stderr_tail'][-500:]}")
    match = SUMMARY_LINE.search(result["stdout"])
    if not match:
        problems.append(f"no summary line in the output: {result['stdout'][-300:]!r}")
    else:
        printed = {name: int(match[name]) for name in ("added", "corrected", "unchanged", "rows")}
        printed["dry_run"] = match["verb"] == "Would publish"
        result["printed"] = printed
        for name, value in expected_summary.items():
            if printed[name] != value:
                problems.append(f"CLI printed {name}={printed[name]}, expected {value}")
    for name, value in expected_counts.items():
        if counts[name] != value:
            problems.append(f"table count {name}={counts[name]}, expected {value}")
    return problems


def run_imports(url: str, files: DataFiles, instance: Path, log_dir: Path, timeout: float | None,
                runs: list[dict], analyze_between: bool) -> None:
    """The four runs, appended to `runs` as they finish; BenchFailure at the first wrong one."""
    n, c = files.rows, corrections_in(files.rows)
    env = child_environment(url, instance)
    plan = [
        ("a_dry_run", ["import", "funds", str(files.full), "--dry-run"],
         {"dry_run": True, "added": n, "corrected": 0, "unchanged": 0, "rows": n},
         {"fund_figure": 0, "current": 0, "fund_import": 0, "fund_import_row": 0}),
        ("b_import", ["import", "funds", str(files.full)],
         {"dry_run": False, "added": n, "corrected": 0, "unchanged": 0, "rows": n},
         {"fund_figure": n, "current": n, "version_2_current": 0, "fund_import": 1, "fund_import_row": 0}),
        ("c_same_again", ["import", "funds", str(files.full)],
         {"dry_run": False, "added": 0, "corrected": 0, "unchanged": n, "rows": n},
         {"fund_figure": n, "current": n, "version_2_current": 0, "fund_import": 2, "fund_import_row": 0}),
        ("d_correct_1pct", ["import", "funds", str(files.correction), "--reason", CORRECTION_REASON],
         {"dry_run": False, "added": 0, "corrected": c, "unchanged": n - c, "rows": n},
         {"fund_figure": n + c, "current": n, "version_2_current": c, "with_bench_reason": c,
          "fund_import": 3, "fund_import_row": 0}),
    ]
    # The fixed cost of every run: interpreter, imports, create_app (no file read, no database work).
    startup = run_cli(["import", "funds", "--help"], env, log_dir, "startup", timeout)
    startup["run"] = "startup (--help)"
    startup["problems"] = ([] if startup["exit_status"] == 0 else
                           [f"timed out after {timeout:g} s"] if startup["timed_out"] else
                           [f"exit status {startup['exit_status']}: {startup['stderr_tail'][-500:]}"])
    runs.append(startup)
    log(f"  startup (portal import funds --help): {startup['wall_seconds']:.1f} s, peak RSS {startup['peak_rss_mib']} MiB")
    if startup["problems"]:
        raise BenchFailure("portal import funds --help: " + "; ".join(startup["problems"]))
    for label, arguments, expected_summary, expected_counts in plan:
        analyzed = None
        if analyze_between and label in ("c_same_again", "d_correct_1pct"):
            analyzed = analyze_figures(url)
            log(f"  ANALYZE fund_figure before {label} ({analyzed} s), as autovacuum would have")
        statistics = planner_statistics(url)
        log(f"  {label}: portal {' '.join(arguments[:2])} {Path(arguments[2]).name} {' '.join(arguments[3:])}")
        result = run_cli(arguments, env, log_dir, label, timeout)
        result["run"] = label
        result["rows"] = n
        result["portal_source_sha256"] = source_digest()  # the code this child loaded
        result["analyzed_before_seconds"] = analyzed
        result["planner_statistics_before"] = statistics
        result["rows_per_second"] = round(n / result["wall_seconds"]) if result["wall_seconds"] else None
        net = result["wall_seconds"] - startup["wall_seconds"]
        result["rows_per_second_after_startup"] = round(n / net) if net > 0 else None
        counts = database_counts(url)
        result["table_counts"] = counts
        result["problems"] = check_import(result, expected_summary, counts, expected_counts)
        runs.append(result)
        log(f"  {label}: {result['wall_seconds']:.1f} s ({result['rows_per_second']:,} rows/s), child CPU "
            f"{result['child_cpu_seconds']:.1f} s, peak RSS {result['peak_rss_mib']} MiB; "
            + (f"PROBLEMS: {result['problems']}" if result["problems"] else "outcome as expected"))
        if result["problems"]:
            raise BenchFailure(f"{label}: " + "; ".join(result["problems"]))


# ---------------------------------------------------------------- reads


@dataclass
class ReadCase:
    name: str
    kind: str  # "orm" (a services call in a fresh session) or "http" (a test-client GET)
    call: Callable | None = None  # orm: call(session) -> rows
    url: str | None = None  # http
    region: str | None = None  # orm: the code of the Region passed to call (loaded before the clock starts,
    #                            as a view has it from region_by_code)


def pick_regions(Session, files: DataFiles) -> dict:
    """A county in the middle of the synthetic regions (what a region page shows) and the last
    county with complete series (its figures have the largest ids)."""
    complete = files.regions[: max(1, files.rows // ROWS_PER_REGION)]
    counties = [region for region in complete if region.level is RegionLevel.COUNTY] or complete
    middle, late = counties[len(counties) // 2].code, counties[-1].code
    with Session() as session:
        current = session.scalar(select(func.count()).select_from(FundFigure).where(FundFigure.superseded_at.is_(None)))
        deep_after = session.scalar(select(FundFigure.id).where(FundFigure.superseded_at.is_(None))
                                    .order_by(FundFigure.id).offset(int(current * DEEP_FRACTION)).limit(1))
    return {"region": middle, "late_region": late, "deep_after_id": deep_after, "current_rows": current}


def build_cases(picked: dict) -> list[ReadCase]:
    region, late, deep = picked["region"], picked["late_region"], picked["deep_after_id"]
    period = Period.parse(COMPARE_PERIOD)

    def region_page(session, place):
        return figures(session, FundFilter(region=place, fund_type=COMPARE_FUND, period_kind=PeriodKind.YEAR))

    return [
        ReadCase(f"figures: region page {region} resident years", "orm",
                 lambda session, place=None: region_page(session, place), region=region),
        ReadCase(f"figures: compare resident {COMPARE_PERIOD} all regions", "orm",
                 lambda session, place=None: figures(session, FundFilter(fund_type=COMPARE_FUND, period=period))),
        ReadCase("figures: API page 1 (limit 101, after 0)", "orm",
                 lambda session, place=None: figures(session, FundFilter(), limit=101, after_id=0)),
        ReadCase(f"figures: API deep page (after id {deep})", "orm",
                 lambda session, place=None: figures(session, FundFilter(), limit=101, after_id=deep)),
        ReadCase(f"figures: API page 1 region={late}", "orm",
                 lambda session, place=None: figures(session, FundFilter(region=place), limit=101, after_id=0),
                 region=late),
        ReadCase("figures: API page 1 resident years", "orm",
                 lambda session, place=None: figures(session, FundFilter(fund_type=COMPARE_FUND,
                                                                         period_kind=PeriodKind.YEAR),
                                                     limit=101, after_id=0)),
        ReadCase(f"GET /en/funds/{region}?fund_type=resident", "http", url=f"/en/funds/{region}?fund_type=resident"),
        ReadCase(f"GET /en/funds/compare?fund_type=resident&period={COMPARE_PERIOD}", "http",
                 url=f"/en/funds/compare?fund_type=resident&period={COMPARE_PERIOD}"),
        ReadCase("GET /en/funds (index)", "http", url="/en/funds"),
        ReadCase("GET /api/v1/funds?limit=100", "http", url="/api/v1/funds?limit=100"),
        ReadCase(f"GET /api/v1/funds?limit=100&after={deep}", "http", url=f"/api/v1/funds?limit=100&after={deep}"),
    ]


def run_orm_case(Session, case: ReadCase) -> tuple[float, int]:
    with Session() as session:
        place = session.scalar(select(Region).where(Region.code == case.region)) if case.region else None
        t0 = time.perf_counter()
        rows = case.call(session, place)
        return time.perf_counter() - t0, len(rows)


def run_http_case(client, case: ReadCase) -> tuple[float, int]:
    t0 = time.perf_counter()
    response = client.get(case.url)
    body = response.get_data()
    elapsed = time.perf_counter() - t0
    if response.status_code != 200:
        raise BenchFailure(f"{case.url} answered {response.status_code}: {body[:300]!r}")
    return elapsed, len(body)


def measure_cases(cases: list[ReadCase], once: Callable[[ReadCase], tuple[float, int]], runs: int, warmups: int,
                  budget: float) -> dict[str, dict]:
    results = {}
    for case in cases:
        first, size = once(case)
        for _ in range(max(0, warmups - 1)):
            if first > 2.0:  # hopelessly slow: do not spend minutes warming it up
                break
            first, size = once(case)
        timings = []
        started = time.perf_counter()
        for _ in range(runs):
            elapsed, size = once(case)
            timings.append(elapsed)
            if time.perf_counter() - started > budget and len(timings) >= 10:
                break
        stats = summarise(timings)
        stats["kind"] = case.kind
        stats["rows" if case.kind == "orm" else "bytes"] = size
        results[case.name] = stats
        log(f"  {case.name}: p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms ({stats['n']} runs)")
    return results


def stream_table(Session, runs: int) -> dict:
    """stream_figures over the whole current table, touching each figure's region as a
    download does; rows/s and the growth of this process's RSS while streaming."""
    timings, rows, peak_growth = [], 0, 0
    for _ in range(runs):
        baseline = current_rss_kib()
        peak = baseline
        with Session() as session:
            t0 = time.perf_counter()
            rows = 0
            for figure in stream_figures(session, FundFilter()):
                rows += 1
                figure.region.code  # noqa: B018 (loaded with the row: contains_eager)
                if rows % 20000 == 0:
                    peak = max(peak, current_rss_kib())
            timings.append(time.perf_counter() - t0)
        peak_growth = max(peak_growth, peak - baseline)
    best = min(timings)
    return {"runs": runs, "rows": rows, "seconds": [round(value, 2) for value in timings],
            "best_seconds": round(best, 2), "rows_per_second": round(rows / best) if best else None,
            "rss_growth_mib": mib(peak_growth)}


def _literal(statement: str, parameters) -> str:
    literal = statement
    if isinstance(parameters, dict):
        for name, value in parameters.items():
            shown = f"'{value}'" if isinstance(value, (str, date)) else str(value)
            literal = literal.replace(f"%({name})s", shown)
    return " ".join(literal.split())


def explain(engine, statements: list[tuple[str, object, float]], minimum_ms: float) -> list[dict]:
    plans = []
    for statement, parameters, elapsed in statements:
        if not statement.lstrip().upper().startswith("SELECT") or elapsed * 1000 < minimum_ms:
            continue
        prefix = ("EXPLAIN (ANALYZE, BUFFERS) " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN ")
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(prefix + statement, parameters).all()
        plan = ([row[0] for row in rows] if engine.dialect.name == "postgresql"
                else [f"{row[1]:>3} {row[2]:>3} {row[3]}" for row in rows])
        plans.append({"sql": _literal(statement, parameters), "statement_ms": round(elapsed * 1000, 2),
                      "plan": plan})
    return plans


def measure_reads(url: str, files: DataFiles, instance: Path, args) -> dict:
    engine = make_engine(url)
    Session = sessionmaker(engine, expire_on_commit=False)
    app = make_app(url, instance)
    app_engine = app.extensions["portal.db"].engine
    client = app.test_client()
    try:
        picked = pick_regions(Session, files)
        cases = build_cases(picked)
        orm_cases = [case for case in cases if case.kind == "orm"]
        http_cases = [case for case in cases if case.kind == "http"]
        log(f"reads: region {picked['region']}, late region {picked['late_region']}, deep page after id "
            f"{picked['deep_after_id']}; {args.warmups} warm-ups + {args.runs} runs each")
        results = measure_cases(orm_cases, lambda case: run_orm_case(Session, case),
                                args.runs, args.warmups, args.budget)
        results.update(measure_cases(http_cases, lambda case: run_http_case(client, case),
                                     args.runs, args.warmups, args.budget))
        log(f"streaming the whole table ({args.stream_runs} runs)")
        stream = stream_table(Session, args.stream_runs)
        log(f"  stream_figures: {stream['rows']:,} rows, best {stream['best_seconds']} s "
            f"({stream['rows_per_second']:,} rows/s), RSS +{stream['rss_growth_mib']} MiB")
        # Where the time of each slow read goes: its statements, timed, and their plans.
        slowest = max(cases, key=lambda case: results[case.name]["p95_ms"])
        diagnosed = [case for case in cases if results[case.name]["p95_ms"] >= args.target_ms or case is slowest
                     or args.explain_all]
        diagnostics = {}
        for case in diagnosed:
            if case.kind == "orm":
                with StatementRecorder(engine) as recorder:
                    run_orm_case(Session, case)
                statements = [item for item in recorder.statements if "fund_figure" in item[0]]
                used_engine = engine
            else:
                with StatementRecorder(app_engine) as recorder:
                    run_http_case(client, case)
                statements = recorder.statements
                used_engine = app_engine
            timed = [{"sql": _literal(sql, parameters)[:400], "ms": round(elapsed * 1000, 2)}
                     for sql, parameters, elapsed in statements]
            threshold = 0.0 if case.kind == "orm" else min(10.0, max((e for _, _, e in statements), default=0) * 1000)
            diagnostics[case.name] = {"statements": timed,
                                      "plans": explain(used_engine, statements, threshold)}
        return {"picked": picked, "cases": results, "stream": stream, "slowest": slowest.name,
                "diagnostics": diagnostics}
    finally:
        app_engine.dispose()
        engine.dispose()


# ---------------------------------------------------------------- one backend


def run_backend(kind: str, base_url: str, files: DataFiles, workdir: Path, args, result: dict) -> None:
    """Set up, import and read on one backend; fills `result` as it goes."""
    directory = workdir / kind
    directory.mkdir()
    instance, log_dir = directory / "instance", directory / "logs"
    instance.mkdir(mode=0o700)
    log_dir.mkdir()
    scratch = schema = sqlite_file = None
    if kind == "postgresql":
        scratch = PostgresSchema(base_url, prefix="bench_funds")
        schema, url = scratch.name, scratch.url
        log(f"PostgreSQL: scratch schema {schema}")
    else:
        sqlite_file = directory / "bench.sqlite3"
        url = f"sqlite:///{sqlite_file}"
        log(f"SQLite: {sqlite_file}")
    result.update(schema=schema, sqlite_file=str(sqlite_file) if sqlite_file else None)
    try:
        result["setup"] = prepare_database(url, files.regions, args.try_sql if kind == "postgresql" else [])
        result["imports"] = []
        analyze_between = kind == "postgresql" and (
            args.analyze_between == "yes" or (args.analyze_between == "auto" and not args.autovacuum))
        result["analyze_between_runs"] = analyze_between
        run_imports(url, files, instance, log_dir, args.import_timeout, result["imports"], analyze_between)
        result["storage"] = storage_sizes(url, sqlite_file)
        if kind == "postgresql":
            result["vacuum_analyze"] = vacuum_analyze(url)
            log(f"VACUUM ANALYZE in {result['vacuum_analyze']['seconds']} s "
                f"({result['vacuum_analyze']['all_visible_fraction']:.0%} of pages all-visible)")
        result["reads"] = measure_reads(url, files, instance, args)
    finally:
        if args.keep:
            log(f"kept {kind} database: {url}")
        elif scratch:
            scratch.drop()
            log(f"dropped schema {schema}")


def measure_kept(url: str, workdir: Path, args, result: dict) -> None:
    """Only the reads, on a database an earlier run kept (--keep): to measure a change to the
    read paths without importing again. The synthetic regions follow from the row count."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.scalar(select(func.count()).select_from(FundFigure)
                                     .where(FundFigure.superseded_at.is_(None)))
    finally:
        engine.dispose()
    if not rows:
        raise SystemExit(f"no current fund figures in {url}")
    files = DataFiles(rows, synthetic_regions(math.ceil(rows / ROWS_PER_REGION)), Path(), Path())
    instance = workdir / "instance"
    instance.mkdir(mode=0o700)
    result["rows"] = rows
    log(f"--- reads only on {url}: {rows:,} current rows")
    result["storage"] = storage_sizes(url, Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else None)
    result["reads"] = measure_reads(url, files, instance, args)


# ---------------------------------------------------------------- report


def _git(*arguments: str) -> str:
    try:
        return subprocess.run(["git", *arguments], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def environment_info(args) -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average_at_start": os.getloadavg(),
        "commit": _git("rev-parse", "HEAD"),
        "modified_files": _git("status", "--porcelain", "--untracked-files=no").splitlines(),
        "portal_source_sha256": source_digest(),
        "arguments": vars(args),
        "peak_rss_method": "os.wait4() rusage of the CLI child (ru_maxrss, the child process alone)",
    }
    if not args.skip_postgresql and not (args.reads_only or "").startswith("sqlite"):
        engine = make_engine(args.reads_only or args.database_url)
        try:
            with engine.connect() as connection:
                info["postgresql"] = {name: connection.exec_driver_sql(f"SHOW {name}").scalar() for name in (
                    "server_version", "shared_buffers", "work_mem", "maintenance_work_mem", "effective_cache_size",
                    "random_page_cost", "synchronous_commit", "max_wal_size", "jit", "autovacuum")}
            args.autovacuum = info["postgresql"]["autovacuum"] == "on"
        finally:
            engine.dispose()
    import sqlite3

    info["sqlite"] = sqlite3.sqlite_version
    return info


def print_backend(result: dict, target_ms: float) -> None:
    title = (f"{result['backend']}, {result.get('rows', 0):,} rows"
             + (" (reads only, kept database)" if result.get("reads_only") else ""))
    print(f"\n== {title} " + "=" * max(0, 88 - len(title)))
    if result.get("imports"):
        header = (f"{'import run':<16} {'wall s':>8} {'rows/s':>9} {'net r/s':>9} {'CPU s':>7} {'peak RSS MiB':>12}  "
                  f"{'new':>9} {'corrected':>9} {'unchanged':>9}  outcome")
        if result.get("analyze_between_runs"):
            print("(ANALYZE fund_figure before c and d, as autovacuum would; --analyze-between)")
        if result.get("setup", {}).get("tried_sql"):
            print("tried: " + "; ".join(result["setup"]["tried_sql"]))
        print(header)
        print("-" * len(header))
        for run in result["imports"]:
            printed = run.get("printed", {})
            print(f"{run['run']:<16} {run['wall_seconds']:>8.1f} {run.get('rows_per_second') or 0:>9,} "
                  f"{run.get('rows_per_second_after_startup') or 0:>9,} {run['child_cpu_seconds']:>7.1f} {run['peak_rss_mib']:>12.1f}  {printed.get('added', '-'):>9} "
                  f"{printed.get('corrected', '-'):>9} {printed.get('unchanged', '-'):>9}  "
                  + ("ok" if not run["problems"] else "FAILED: " + "; ".join(run["problems"])))
    if result.get("storage"):
        print("storage: " + ", ".join(f"{key} {value}" for key, value in result["storage"].items()))
    reads = result.get("reads")
    if not reads:
        return
    width = max(len(name) for name in reads["cases"])
    header = f"{'read':<{width}}  {'rows/bytes':>10}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}  result"
    print()
    print(header)
    print("-" * len(header))
    for name, stats in reads["cases"].items():
        size = stats.get("rows", stats.get("bytes"))
        verdict = "PASS" if stats["p95_ms"] < target_ms else "FAIL"
        print(f"{name:<{width}}  {size:>10,}  {stats['p50_ms']:>8.1f}  {stats['p95_ms']:>8.1f}  "
              f"{stats['max_ms']:>8.1f}  {verdict}")
    stream = reads["stream"]
    print(f"stream_figures(FundFilter()): {stream['rows']:,} rows in {stream['best_seconds']} s (best of "
          f"{stream['runs']}: {stream['seconds']}) = {stream['rows_per_second']:,} rows/s; "
          f"bench RSS +{stream['rss_growth_mib']} MiB while streaming")
    for name, diagnosis in reads["diagnostics"].items():
        stats = reads["cases"][name]
        print(f"\n{'slowest' if name == reads['slowest'] else 'over target'}: {name}, p95 {stats['p95_ms']} ms")
        if stats["kind"] == "http":
            for statement in sorted(diagnosis["statements"], key=lambda item: -item["ms"])[:5]:
                print(f"  {statement['ms']:>8.1f} ms  {statement['sql'][:150]}")
        for plan in diagnosis["plans"]:
            print(f"  plan ({plan['statement_ms']} ms): {plan['sql'][:600]}")
            for line in plan["plan"]:
                print("    " + line)


def failing_reads(results: list[dict], target_ms: float) -> list[str]:
    return [f"{result['backend']}: {name}" for result in results if result.get("reads")
            for name, stats in result["reads"]["cases"].items() if stats["p95_ms"] >= target_ms]


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="fund rows in the imported file")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL,
                        help="a PostgreSQL database (a scratch schema is created in it)")
    parser.add_argument("--sqlite", action="store_true", help="also run on a fresh SQLite file, after PostgreSQL")
    parser.add_argument("--sqlite-rows", type=int, default=None,
                        help="rows for the SQLite run (default --rows), e.g. when SQLite is too slow at --rows")
    parser.add_argument("--skip-postgresql", action="store_true", help="run on SQLite only (implies --sqlite)")
    parser.add_argument("--runs", type=int, default=30, help="timed calls per read")
    parser.add_argument("--warmups", type=int, default=3, help="untimed calls per read first")
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds per read after which runs stop early (at least 10 are kept)")
    parser.add_argument("--stream-runs", type=int, default=2, help="times the whole table is streamed")
    parser.add_argument("--target-ms", type=float, default=100.0, help="p95 target per read")
    parser.add_argument("--import-timeout", type=float, default=None,
                        help="seconds after which an import child is killed (the run then fails)")
    parser.add_argument("--analyze-between", choices=("auto", "yes", "no"), default="auto",
                        help="ANALYZE fund_figure before runs c and d, as autovacuum does on a default "
                             "server; auto: only when the server's autovacuum is off")
    parser.add_argument("--try-sql", action="append", default=[],
                        help="run this statement (e.g. CREATE INDEX) in the scratch PostgreSQL schema after "
                             "migrating, to measure a proposed change")
    parser.add_argument("--seed", type=int, default=0, help="added to the synthetic series' seeds")
    parser.add_argument("--reads-only", metavar="URL",
                        help="only measure the reads on a database kept by an earlier run (--keep prints its URL)")
    parser.add_argument("--explain-all", action="store_true", help="show the plans of every read")
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch schema, the temporary folder (CSV files, SQLite file, CLI logs)")
    args = parser.parse_args(argv)
    if args.skip_postgresql:
        args.sqlite = True
    if args.rows < 1 or (args.sqlite_rows is not None and args.sqlite_rows < 1):
        parser.error("--rows and --sqlite-rows must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if not args.skip_postgresql and not args.reads_only and not args.database_url.startswith("postgresql"):
        print("--database-url must be a PostgreSQL URL (postgresql+psycopg://...); use --sqlite for SQLite",
              file=sys.stderr)
        return 1
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"funds-{stamp}.json"
    workdir = Path(tempfile.mkdtemp(prefix="bench-funds-"))
    result: dict = {"benchmark": "funds", "started_utc": stamp, "workdir": str(workdir), "backends": []}
    status = 0
    try:
        result["environment"] = environment_info(args)
        log(f"commit {result['environment']['commit'][:12]}, {len(result['environment']['modified_files'])} "
            f"modified files, portal/ sha256 {result['environment']['portal_source_sha256'][:12]}")
        if args.reads_only:
            kind = "sqlite" if args.reads_only.startswith("sqlite") else "postgresql"
            backend_result = {"backend": kind, "reads_only": True, "url": args.reads_only}
            result["backends"].append(backend_result)
            measure_kept(args.reads_only, workdir, args, backend_result)
            backends = []
        else:
            backends = ([] if args.skip_postgresql else [("postgresql", args.rows)])
        if args.sqlite and not args.reads_only:
            backends.append(("sqlite", args.sqlite_rows or args.rows))
        generated: dict[int, DataFiles] = {}
        for _kind, rows in backends:
            if rows not in generated:
                generated[rows] = generate_files(workdir, rows, args.seed)
        result["data"] = {str(rows): files.profile for rows, files in generated.items()}
        for kind, rows in backends:
            log(f"--- {kind}: {rows:,} rows")
            backend_result: dict = {"backend": kind, "rows": rows}
            result["backends"].append(backend_result)
            try:
                run_backend(kind, args.database_url, generated[rows], workdir, args, backend_result)
            except BenchFailure as failure:
                backend_result["failure"] = str(failure)
                log(f"FAILED on {kind}: {failure}")
                status = 2
        result["load_average_at_end"] = os.getloadavg()
        result["portal_source_sha256_at_end"] = source_digest()
        result["source_changed_during_run"] = (result["portal_source_sha256_at_end"]
                                               != result["environment"]["portal_source_sha256"])
        result["failing_reads"] = failing_reads(result["backends"], args.target_ms)
        if status == 0 and result["failing_reads"]:
            status = 3
        result["exit_status"] = status
        return status
    except Exception as error:
        result["error"] = f"{error.__class__.__name__}: {error}"
        result["exit_status"] = status = 1
        raise
    finally:
        path.write_text(json.dumps(result, indent=2, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
        for data in result.get("data", {}).values():
            print(f"\ndata: {data['rows']:,} rows, {data['synthetic_regions']} synthetic regions, file "
                  f"{data['file_mib']} MiB generated in {data['generation_seconds']} s "
                  f"({data['generation_rows_per_second']:,} rows/s); corrected file: {data['corrected_rows']:,} "
                  f"rows changed")
        for backend in result["backends"]:
            print_backend(backend, args.target_ms)
            if backend.get("failure"):
                print(f"FAILED: {backend['failure']}")
        env = result.get("environment", {})
        print(f"\nload average at start {env.get('load_average_at_start')}, at end "
              f"{result.get('load_average_at_end')} ({os.cpu_count()} CPUs); peak RSS: {env.get('peak_rss_method')}")
        print(f"results: {path.relative_to(PROJECT_ROOT)}")
        if result.get("source_changed_during_run"):
            print("WARNING: portal/ changed while the bench ran (others editing?). Each import child "
                  "loaded the code of its start (portal_source_sha256 per run in the results); the reads "
                  "ran the code loaded when the bench started")
        if status == 2:
            print("FAIL: an import did not do what it should (see above)")
        elif status == 3:
            print(f"FAIL: {len(result['failing_reads'])} reads over {args.target_ms:g} ms at p95: "
                  + "; ".join(result["failing_reads"]))
        elif status == 0:
            print(f"PASS: every import as expected, every read under {args.target_ms:g} ms at p95")
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
