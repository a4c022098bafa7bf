"""Restart PostgreSQL and Redis while reporters submit through nginx (a phase of bench/stack.py).

What it shows: a report the server confirmed (the reporter saw a tracking code) is in the
database after the restarts, and the site recovers without anyone restarting gunicorn or nginx
(SQLAlchemy's pool_pre_ping replaces dead connections; Flask-Limiter counts in memory while
Redis is away and goes back to it).

Restarts the machine's own services, as `.ci/run` starts them: PostgreSQL with pg_ctlcluster,
Redis with redis-cli shutdown and redis-server (Redis keeps nothing on disk here, so every
rate-limit counter is gone afterwards). Only for services on 127.0.0.1.
"""
from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from common import log
from reports import SubmissionRun, submission_client

REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
               "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile",
               "/var/log/redis/ci.log"]
PROBE_INTERVAL = 0.25


@dataclass
class Probe:
    """GETs one path every PROBE_INTERVAL seconds; keeps (seconds, status or error)."""
    port: int
    path: str
    began: float
    seen: list[tuple[float, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", self.path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                outcome = str(response.status)
                cache = response.getheader("X-Cache")
                if cache:
                    outcome += f" {cache}"
                connection.close()
            except (OSError, http.client.HTTPException) as error:
                outcome = error.__class__.__name__
            self.seen.append((round(time.monotonic() - self.began, 2), outcome))
            self.stop.wait(PROBE_INTERVAL)


def _local(url: str | None) -> bool:
    return bool(url) and urllib.parse.urlsplit(url.replace("+psycopg", "")).hostname in ("127.0.0.1", "localhost")


def postgres_restart_command() -> list[str] | None:
    clusters = sorted(Path("/etc/postgresql").glob("*/main")) if Path("/etc/postgresql").is_dir() else []
    if not clusters or not shutil.which("pg_ctlcluster"):
        return None
    return ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1].parent.name, "main", "restart"]


def restart_postgres() -> dict:
    command = postgres_restart_command()
    began = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return {"command": " ".join(command), "returncode": done.returncode,
            "output": (done.stdout + done.stderr).strip()[-300:], "seconds": round(time.monotonic() - began, 2)}


def restart_redis(url: str) -> dict:
    port = str(urllib.parse.urlsplit(url).port or 6379)
    began = time.monotonic()
    stop = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", port, "shutdown", "nosave"],
                          capture_output=True, text=True, timeout=30)
    time.sleep(1.0)  # down for a moment, as in a real restart
    for folder in ("/var/lib/redis", "/var/log/redis"):
        os.makedirs(folder, exist_ok=True)
    start_command = [part if part != "6379" else port for part in REDIS_START]
    start = subprocess.run(start_command, capture_output=True, text=True, timeout=30)
    return {"command": f"redis-cli -p {port} shutdown nosave; {' '.join(start_command)}",
            "returncode": start.returncode or stop.returncode,
            "output": (stop.stdout + stop.stderr + start.stdout + start.stderr).strip()[-300:],
            "seconds": round(time.monotonic() - began, 2)}


def recovery(events: list[tuple[float, str | None]], after: float) -> dict:
    """Failures from `after` on, and when the first success after the last of them came."""
    later = [(at, outcome) for at, outcome in events if at >= after]
    failures = [at for at, outcome in later if outcome is not None]
    if not failures:
        return {"failures": 0, "first_success_after_seconds": next(
            (round(at - after, 2) for at, outcome in later if outcome is None), None)}
    last_failure = failures[-1]
    back = next((at for at, outcome in later if outcome is None and at > last_failure), None)
    return {"failures": len(failures), "last_failure_after_seconds": round(last_failure - after, 2),
            "recovered_after_seconds": round(back - after, 2) if back is not None else None}


def _as_events(seen: list[tuple[float, str]], ok_prefix: str = "200") -> list[tuple[float, str | None]]:
    return [(at, None if outcome.startswith(ok_prefix) else outcome) for at, outcome in seen]


def run(app, nginx_port: int, database_url: str, redis_url: str | None, page: str, seconds: float,
        clients: int, postgres_at: float, redis_at: float) -> tuple[dict, list[str]]:
    """Submissions for `seconds` through nginx; PostgreSQL restarted at `postgres_at` seconds and
    Redis at `redis_at` (where they are local). Returns the phase's results and the codes of the
    confirmed reports."""
    plan = []
    if database_url.startswith("postgresql") and _local(database_url) and postgres_restart_command():
        plan.append((postgres_at, "postgresql", restart_postgres))
    if redis_url and _local(redis_url) and shutil.which("redis-cli") and shutil.which("redis-server"):
        plan.append((redis_at, "redis", lambda: restart_redis(redis_url)))
    skipped = {name: "not local, or its commands are missing" for name in ("postgresql", "redis")
               if name not in {step[1] for step in plan}}
    if os.geteuid() != 0 and plan:
        skipped.update({step[1]: "needs root (pg_ctlcluster / redis-server as the service user)" for step in plan})
        plan = []

    submissions = SubmissionRun(target=10**9, deadline=time.monotonic() + seconds)
    began = submissions.began
    probes = [Probe(nginx_port, page, began), Probe(app.port, "/healthz", began)]
    threads = [threading.Thread(target=probe.run, daemon=True) for probe in probes]
    threads += [threading.Thread(target=submission_client, args=(submissions, nginx_port), daemon=True)
                for _ in range(clients)]
    for thread in threads:
        thread.start()
    restarts = []
    for at, name, action in plan:
        time.sleep(max(0.0, at - (time.monotonic() - began)))
        log(f"  restarting {name} at {time.monotonic() - began:.1f} s")
        outcome = action()
        outcome.update({"service": name, "at_seconds": round(at, 2)})
        restarts.append(outcome)
        log(f"  {name} back after {outcome['seconds']} s (exit {outcome['returncode']})")
    for thread in threads[len(probes):]:
        thread.join()
    for probe in probes:
        probe.stop.set()
    for thread in threads[:len(probes)]:
        thread.join()

    submission_events = sorted(submissions.timeline)
    page_events = _as_events(probes[0].seen)
    health_events = _as_events(probes[1].seen)
    result = {
        "seconds": seconds, "clients": clients, "through": "nginx", "restarts": restarts, "skipped": skipped,
        "submissions": {"confirmed": len(submissions.codes), "failed": sum(submissions.errors.values()),
                        "errors": submissions.errors},
        "page_probe": {"path": page, "statuses": dict(Counter(outcome for _, outcome in probes[0].seen))},
        "health_probe": {"path": "/healthz (gunicorn directly)",
                         "statuses": dict(Counter(outcome for _, outcome in probes[1].seen))},
        "recovery": {},
    }
    for restart in restarts:
        at = restart["at_seconds"]
        result["recovery"][restart["service"]] = {
            "submissions": recovery(submission_events, at),
            "public_page_via_nginx": recovery(page_events, at),
            "healthz": recovery(health_events, at),
        }
    return result, list(submissions.codes)


def confirmed_reports_kept(database_url: str, codes: list[str]) -> dict:
    """Every confirmed code's report, looked up by its locator in the database itself."""
    from sqlalchemy import select

    from portal.db import make_engine
    from portal.reports.models import Report
    from portal.reports.tracking import parse_code

    locators = [parse_code(code).locator for code in codes]
    engine = make_engine(database_url)
    found: set[str] = set()
    with engine.connect() as connection:
        for start in range(0, len(locators), 500):
            chunk = locators[start:start + 500]
            found.update(connection.scalars(select(Report.locator).where(Report.locator.in_(chunk))))
    engine.dispose()
    return {"confirmed": len(locators), "found": len(found), "lost": len(set(locators) - found)}
