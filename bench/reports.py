#!/usr/bin/env python3
"""Benchmark of the report desk against the real app, over real HTTP on loopback.

    python bench/reports.py [--clients 20] [--submissions 200] [--workers N] [--database-url URL]

Not a unit test: it starts gunicorn (gunicorn.conf.py, wsgi:app) on 127.0.0.1 in a temporary
instance folder (after `portal init` and `portal keys init-recovery`), then measures

1. report submissions: N clients at once, each doing the browser's three requests (GET the form,
   POST stage=details, POST stage=confirm with confirm=y); submissions per second and the
   latency of the final POST, which runs the tracking-code KDF (Argon2id, 64 MiB) and stores;
2. code checks (POST /en/report/check): an unknown locator (no KDF), a known locator with a
   wrong secret (one KDF; at most LOCKOUT_FREE_FAILURES - 1 tries per report, so nothing locks),
   and the correct code;
3. memory: the gunicorn workers' peak RSS during the submissions (from /proc), and, in a separate
   child process, 20 threads calling derive_code_keys at once (peak RSS against the bound
   baseline + MAX_CONCURRENT_KDF x 64 MiB), plus the same without the bound for contrast.

Every request has a timeout and every phase a cap; a KDF that deadlocks (see "Known problem" in
bench/README.md) is reported, not waited for. --kdf-slots N runs the app and the memory test
with crypto.MAX_CONCURRENT_KDF patched to N in memory, to measure that change before making it.

Writes bench/results/reports-<UTC timestamp>.json and prints a summary table; exit status 0, or
3 when the app failed somewhere (listed under PROBLEMS), 1 when the bench itself could not run.
Needs only the project's own dependencies (standard library HTTP client). Everything it starts is
stopped and everything it creates (instance folder, PostgreSQL schema) is removed when it ends.
"""
from __future__ import annotations

import argparse
import gc
import html
import html.parser
import http.client
import itertools
import json
import multiprocessing
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
if str(PROJECT_ROOT) not in sys.path:  # works without `pip install -e .` too
    sys.path.append(str(PROJECT_ROOT))

from scratch import PostgresSchema  # noqa: E402  (bench/, the script's own folder)
from common import interrupt, log, write_results  # noqa: E402

LANG = "en"
REGION = "640323"  # Yanchi County, in disclosures/regions.csv
# How long a request may go unanswered before it counts as failed. Under the full submission
# load (20 clients on 2 CPUs) the p99 is several seconds; a hung worker never answers (see
# "Known problem" in bench/README.md). Code checks run one at a time on an idle server.
SUBMISSION_HTTP_TIMEOUT = 30.0
CHECK_HTTP_TIMEOUT = 10.0
SUBMISSION_TIME_CAP = 60.0  # seconds; clients start no new submission after this
CHECKS_TIME_CAP = 45.0  # seconds for all code checks together
MAX_CHECK_TIMEOUTS = 2  # the code checks stop after this many unanswered requests
STARTUP_TIMEOUT = 60.0
KDF_STALL_SECONDS = 5.0  # KDF child: no derivation finished for this long means deadlocked
KDF_CHILD_TIMEOUT = 90.0
GENERIC_REFUSAL = "No report matches this tracking code"
# The app and gunicorn.conf.py read these and PORTAL_*; the caller's values are not inherited.
APP_ENV_VARIABLES = ("DATABASE_URL", "REDIS_URL")


class BenchError(RuntimeError):
    pass


# --- statistics ------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(seconds: list[float]) -> dict:
    ms = [value * 1000 for value in seconds]
    return {
        "n": len(ms),
        "mean_ms": round(sum(ms) / len(ms), 2) if ms else None,
        "p50_ms": _round(percentile(ms, 0.50)),
        "p95_ms": _round(percentile(ms, 0.95)),
        "p99_ms": _round(percentile(ms, 0.99)),
        "max_ms": _round(max(ms) if ms else None),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --- /proc ----------------------------------------------------------------------------------

def proc_status_kib(pid: int | str, field_name: str) -> int | None:
    """A `VmRSS`/`VmHWM` style field of /proc/<pid>/status in KiB, or None if unreadable."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14 and 15)


def machine_busy_seconds() -> float:
    """CPU time all CPUs spent not idle since boot (from /proc/stat)."""
    with open("/proc/stat") as handle:
        values = [int(value) for value in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS  # guest time is already counted in user


def postgres_cpu_seconds() -> dict[int, float]:
    """CPU time so far of each process of the local PostgreSQL server (none where not visible)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as handle:
                if handle.read().strip() != "postgres":
                    continue
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        found[int(entry)] = process_cpu_seconds(int(entry))
    return found


def child_pids(parent: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        # Field 4 (ppid) follows the command name, which is in parentheses and may contain spaces.
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            pids.append(int(entry))
    return sorted(pids)


class WorkerMemorySampler(threading.Thread):
    """Samples the RSS of gunicorn's workers every `interval` seconds while a phase runs."""

    def __init__(self, master_pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.master_pid, self.interval = master_pid, interval
        self.stop_event = threading.Event()
        self.peak_total_kib = 0
        self.peak_each_kib: dict[int, int] = {}

    def run(self) -> None:
        while not self.stop_event.is_set():
            total = 0
            for pid in child_pids(self.master_pid):
                rss = proc_status_kib(pid, "VmRSS") or 0
                total += rss
                self.peak_each_kib[pid] = max(self.peak_each_kib.get(pid, 0), rss)
            self.peak_total_kib = max(self.peak_total_kib, total)
            self.stop_event.wait(self.interval)

    def stop(self) -> None:
        self.stop_event.set()
        self.join()


# --- a minimal HTTP client with a cookie jar --------------------------------------------------

@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str
    seconds: float


class Client:
    """One simulated browser: one keep-alive connection, its own cookies. It talks plain HTTP to
    127.0.0.1 but says it came through a TLS-terminating proxy (X-Forwarded-Proto: https), so the
    Secure session cookie and Flask-WTF's same-origin Referer check behave as in production."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.origin = f"https://127.0.0.1:{port}"
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, forwarded_for: str, body: bytes | None = None,
                content_type: str | None = None) -> Reply:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": forwarded_for,
            "Referer": self.origin + "/",
            "Accept-Language": "en",
            "User-Agent": "portal-bench/1",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in range(2):
            fresh = self.connection is None
            if fresh:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if fresh or attempt:  # only a keep-alive connection the server closed is retried
                    raise
                continue
            elapsed = time.perf_counter() - started
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            if response.will_close:
                self.close()
            return Reply(response.status, response.headers, data.decode("utf-8", "replace"), elapsed)
        raise AssertionError("unreachable")

    def get(self, path: str, forwarded_for: str) -> Reply:
        return self.request("GET", path, forwarded_for)

    def post_form(self, path: str, fields: list[tuple[str, str]], forwarded_for: str) -> Reply:
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, forwarded_for, body, "application/x-www-form-urlencoded")

    def post_multipart(self, path: str, fields: list[tuple[str, str]], empty_files: list[str],
                       forwarded_for: str) -> Reply:
        """As a browser posts an enctype=multipart/form-data form; a file input left empty is
        sent as a part with an empty filename."""
        boundary = "----portalbench" + uuid.uuid4().hex
        parts = []
        for name, value in fields:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                         f"{value}\r\n".encode())
        for name in empty_files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename=""\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n\r\n".encode())
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, forwarded_for, b"".join(parts),
                            f"multipart/form-data; boundary={boundary}")

    def _keep_cookies(self, set_cookie_headers: list[str]) -> None:
        for header in set_cookie_headers:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            attributes = attributes.lower().replace(" ", "")
            if not value or "max-age=0" in attributes or "expires=thu,01jan1970" in attributes:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


class FormInputs(html.parser.HTMLParser):
    """The hidden inputs of a page (what the browser sends back from the confirm page)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.hidden.append((attributes["name"], attributes.get("value") or ""))


def hidden_inputs(page: str) -> list[tuple[str, str]]:
    parser = FormInputs()
    parser.feed(page)
    return parser.hidden


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if match is None:
        raise BenchError("no csrf_token in the page")
    return html.unescape(match.group(1))


def tracking_code(page: str) -> str:
    match = re.search(r'class="tracking-code"[^>]*aria-label="([\d ]+)"', page)
    if match is None:
        raise BenchError("no tracking code on the receipt page")
    return match.group(1)


def page_title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    return html.unescape(match.group(1)).strip()[:80] if match else page[:80]


_addresses = itertools.count(1)
_addresses_lock = threading.Lock()


def next_address() -> str:
    """A fresh client address for X-Forwarded-For (10.0.0.1, 10.0.0.2, ...). Each submission and
    each code check comes from its own address, so the per-client report limits
    (REPORT_SUBMIT_LIMIT, REPORT_CODE_CHECK_LIMIT) never bite, even where they cannot be raised
    from the environment; rate-limit storage still does its work on every request."""
    with _addresses_lock:
        number = next(_addresses)
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


# --- the app under test ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Bench-only: gunicorn started with crypto.MAX_CONCURRENT_KDF patched in the master before it
# forks its workers, to measure a proposed change without editing the code (--kdf-slots).
GUNICORN_WITH_KDF_SLOTS = """\
import sys, threading
from portal import crypto
slots = int(sys.argv.pop(1))
crypto.MAX_CONCURRENT_KDF = slots
crypto._kdf_slots = threading.BoundedSemaphore(slots)
from gunicorn.app.wsgiapp import run
sys.argv[0] = "gunicorn"
run()
"""


class App:
    """`portal init`, `portal keys init-recovery`, then gunicorn -c gunicorn.conf.py wsgi:app."""

    def __init__(self, instance: Path, database_url: str, workers: int, threads: int,
                 redis_url: str | None, kdf_slots: int | None):
        self.instance, self.workers, self.threads, self.kdf_slots = instance, workers, threads, kdf_slots
        self.port = free_port()
        self.log_path = instance.parent / "gunicorn.log"
        self.process: subprocess.Popen | None = None
        self.log_file = None
        self.forced_stop = False
        env = {key: value for key, value in os.environ.items()
               if key not in APP_ENV_VARIABLES and not key.startswith("PORTAL_")}
        env.update({
            "PORTAL_INSTANCE_PATH": str(instance),
            "DATABASE_URL": database_url,
            "PORTAL_BIND": f"127.0.0.1:{self.port}",
            "PORTAL_WORKERS": str(workers),
            "PORTAL_THREADS": str(threads),
            # The bench says it comes through one TLS-terminating proxy (X-Forwarded-For/-Proto).
            "PORTAL_TRUSTED_PROXIES": "1",
            "PORTAL_FORWARDED_ALLOW_IPS": "127.0.0.1",
            "PORTAL_RATE_LIMIT_DEFAULT": "1000000 per minute",
            # Read by the app since these variables exist; each submission and each code check
            # also comes from its own address (next_address), which works either way.
            "PORTAL_REPORT_SUBMIT_LIMIT": "1000000 per minute",
            "PORTAL_REPORT_CODE_CHECK_LIMIT": "1000000 per minute",
            "PYTHONUNBUFFERED": "1",
        })
        if redis_url:
            env["REDIS_URL"] = redis_url
        self.env = env

    def _portal(self, *arguments: str) -> str:
        command = [sys.executable, "-c", "from portal.cli import main; main()", *arguments]
        done = subprocess.run(command, cwd=PROJECT_ROOT, env=self.env, capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise BenchError(f"portal {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout.strip()

    def prepare(self) -> dict:
        started = time.perf_counter()
        init_output = self._portal("init")
        self._portal("keys", "init-recovery", "--private-key-out", str(self.instance.parent / "recovery.pem"))
        return {"portal_init": init_output, "prepare_seconds": round(time.perf_counter() - started, 2)}

    def command(self) -> list[str]:
        arguments = ["-c", "gunicorn.conf.py", "wsgi:app"]
        # gunicorn 24+ opens a control socket in ~/.gunicorn by default; the bench needs none.
        help_text = subprocess.run([sys.executable, "-m", "gunicorn", "--help"], capture_output=True,
                                   text=True, timeout=30).stdout
        if "--no-control-socket" in help_text:
            arguments.append("--no-control-socket")
        if self.kdf_slots is None:
            return [sys.executable, "-m", "gunicorn", *arguments]
        return [sys.executable, "-c", GUNICORN_WITH_KDF_SLOTS, str(self.kdf_slots), *arguments]

    def start(self) -> float:
        command = self.command()
        started = time.perf_counter()
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=self.env, stdout=self.log_file,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            if len(self.worker_pids()) == self.workers and self._healthy():
                return time.perf_counter() - started
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not become healthy in {STARTUP_TIMEOUT:.0f} s:\n{self.log_tail()}")

    def _healthy(self) -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            connection.close()
            return status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        return child_pids(self.process.pid) if self.process else []

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:]) or "(no log)"

    def server_exceptions(self) -> dict[str, int]:
        """The exception lines of the tracebacks in gunicorn's log, counted."""
        counts: dict[str, int] = {}
        for line in self.log_text().splitlines():
            if re.match(r"[A-Za-z_][\w.]*(Error|Exception|Exit|Timeout)\b.*", line):
                counts[line[:160]] = counts.get(line[:160], 0) + 1
        return counts

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            workers = self.worker_pids()
            self.process.send_signal(signal.SIGTERM)  # graceful stop; gunicorn ends its workers
            try:
                self.process.wait(timeout=8)
            except subprocess.TimeoutExpired:
                # A worker whose threads are stuck inside a C call never finishes its graceful
                # stop (gunicorn would wait graceful_timeout, 30 s): end the bench's own workers.
                self.forced_stop = True
                for pid in workers:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None


# --- phase 1: submissions ----------------------------------------------------------------------

class UnexpectedReply(BenchError):
    def __init__(self, step: str, reply: Reply):
        super().__init__(f"{step}: {reply.status} {page_title(reply.text)}")
        self.kind = f"{step}: HTTP {reply.status}"


def error_kind(error: Exception, step: str, timeout: float) -> str:
    if isinstance(error, UnexpectedReply):
        return error.kind
    if isinstance(error, TimeoutError):
        return f"{step}: no answer in {timeout:.0f} s"
    return f"{step}: {error.__class__.__name__}"


def report_details(number: int) -> list[tuple[str, str]]:
    from portal.violations import Violation

    categories = list(Violation)
    return [
        ("region", REGION),
        ("category", categories[number % len(categories)].value),
        ("institution", f"盐池县某医院 {number}"),
        ("narrative", f"Benchmark report {number}: the hospital billed my mother's insurance for "
                      "10 days of treatment she never had."),
        ("place", "Inpatient ward 3"),
        ("period", "March 2026"),
        ("amount", f"{1000 + number}.50"),
        ("identity_choice", "anonymous"),
        ("name", ""), ("id_number", ""), ("phone", ""), ("address", ""),
    ]


@dataclass
class SubmissionRun:
    target: int
    deadline: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: int = 0
    form_get: list[float] = field(default_factory=list)
    details_post: list[float] = field(default_factory=list)
    confirm_post: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    # (seconds since the run began, error kind or None for a confirmed report), in order of ending
    timeline: list[tuple[float, str | None]] = field(default_factory=list)
    began: float = field(default_factory=time.monotonic)

    def claim(self) -> int | None:
        with self.lock:
            if self.started >= self.target or time.monotonic() >= self.deadline:
                return None
            self.started += 1
            return self.started


def submission_client(run: SubmissionRun, port: int) -> None:
    client = Client(port, SUBMISSION_HTTP_TIMEOUT)
    path = f"/{LANG}/report/new"
    try:
        while (number := run.claim()) is not None:
            address = next_address()  # one address per submission: see next_address()
            began = time.perf_counter()
            step = "GET form"
            try:
                form = client.get(path, address)
                if form.status != 200:
                    raise UnexpectedReply(step, form)
                token = csrf_token(form.text)
                step = "POST details"
                details = client.post_form(path, [*report_details(number), ("csrf_token", token),
                                                  ("stage", "details")], address)
                if details.status != 200:
                    raise UnexpectedReply(step, details)
                # What the confirm page sends back: its hidden fields, the button, the tick box.
                step = "POST confirm"
                fields = [*hidden_inputs(details.text), ("stage", "confirm"), ("confirm", "y")]
                confirm = client.post_multipart(path, fields, ["evidence"], address)
                if confirm.status != 200:
                    raise UnexpectedReply(step, confirm)
                code = tracking_code(confirm.text)
            except (BenchError, OSError, http.client.HTTPException) as error:
                kind = error_kind(error, step, SUBMISSION_HTTP_TIMEOUT)
                with run.lock:
                    run.errors[kind] = run.errors.get(kind, 0) + 1
                    run.timeline.append((time.monotonic() - run.began, kind))
                client.close()
                continue
            with run.lock:
                run.timeline.append((time.monotonic() - run.began, None))
                run.form_get.append(form.seconds)
                run.details_post.append(details.seconds)
                run.confirm_post.append(confirm.seconds)
                run.whole.append(time.perf_counter() - began)
                run.codes.append(code)
    finally:
        client.close()


def warm_up(port: int, connections: int) -> None:
    """Concurrent GETs of the form so every worker has loaded its templates (no KDF runs)."""
    def one():
        client = Client(port, SUBMISSION_HTTP_TIMEOUT)
        try:
            client.get(f"/{LANG}/report/new", next_address())
        except (OSError, http.client.HTTPException):
            pass
        finally:
            client.close()

    threads = [threading.Thread(target=one) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_submissions(app: App, clients: int, submissions: int, dialect: str, port: int | None = None,
                    time_cap: float = SUBMISSION_TIME_CAP) -> tuple[dict, list[str]]:
    """`clients` clients submit back to back, to gunicorn or to `port` (nginx in front of it)."""
    workers_before = {pid: proc_status_kib(pid, "VmRSS") for pid in app.worker_pids()}
    sampler = WorkerMemorySampler(app.process.pid)
    sampler.start()
    run = SubmissionRun(target=submissions, deadline=time.monotonic() + time_cap)
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    busy_before = machine_busy_seconds()
    # On SQLite the local PostgreSQL server (if any) is someone else's load: "other".
    count_postgres = postgres_cpu_seconds if dialect == "postgresql" else dict
    postgres_before = count_postgres()
    workers_cpu_before = {pid: process_cpu_seconds(pid) for pid in workers_before}
    started = time.perf_counter()
    threads = [threading.Thread(target=submission_client, args=(run, port or app.port), name=f"client-{i}")
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    busy = machine_busy_seconds() - busy_before
    # Per process, so that backends ending during the phase do not subtract (their time is missed).
    postgres = sum(cpu - postgres_before.get(pid, 0.0) for pid, cpu in count_postgres().items())
    workers_cpu = sum(process_cpu_seconds(pid) - before for pid, before in workers_cpu_before.items())
    client_cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    sampler.stop()
    workers_hwm = {pid: proc_status_kib(pid, "VmHWM") for pid in app.worker_pids()}
    completed, failed = len(run.codes), sum(run.errors.values())
    result = {
        "clients": clients,
        "target": submissions,
        "completed": completed,
        "failed": failed,
        "errors": run.errors,
        "stopped_by_time_cap": completed + failed < submissions,
        "seconds": round(elapsed, 2),
        "submissions_per_second": round(completed / elapsed, 2) if elapsed else None,
        "latency": {
            "get_form": summarise(run.form_get),
            "post_details": summarise(run.details_post),
            "post_confirm": summarise(run.confirm_post),
            "whole_submission": summarise(run.whole),
        },
        "latency_raw_ms": {"post_confirm": [round(value * 1000, 2) for value in run.confirm_post]},
        # Where the machine's CPU went during the submissions; a large "other" (anything else
        # running on the machine) means the numbers are noisy.
        "cpu_seconds": {
            "available": round(elapsed * (os.cpu_count() or 1), 1),
            "machine_busy": round(busy, 1),
            "gunicorn_workers": round(workers_cpu, 1),
            "bench_client": round(client_cpu, 1),
            "postgresql": round(postgres, 1),
            "other": round(max(0.0, busy - workers_cpu - client_cpu - postgres), 1),
        },
        "gunicorn_workers": {
            "count": len(workers_hwm),
            "rss_before_mib": _mib_list(workers_before.values()),
            "peak_rss_each_mib": _mib_list(workers_hwm.values()),  # VmHWM: peak since the worker started
            "peak_rss_max_mib": _mib(max((v for v in workers_hwm.values() if v), default=None)),
            "peak_sum_rss_mib": _mib(sampler.peak_total_kib or None),  # sampled every 0.1 s
        },
    }
    return result, run.codes


def _mib(kib: int | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


def _mib_list(values) -> list[float | None]:
    return [_mib(value) for value in values]


# --- phase 2: code checks ----------------------------------------------------------------------

def wrong_secret_code(code_text: str) -> str:
    from portal.reports import tracking

    code = tracking.parse_code(code_text)
    while True:
        wrong = tracking.TrackingCode(locator=code.locator, secret=str(secrets.randbelow(10**13)).zfill(13))
        if wrong.secret != code.secret:
            return str(wrong)


def unknown_code(known_locators: set[str]) -> str:
    from portal.reports import tracking

    while True:
        code = tracking.new_code()  # a valid check digit; its locator is checked below
        if code.locator not in known_locators:
            return str(code)


def run_checks(port: int, codes: list[str], unknown: int, wrong: int, right: int) -> dict:
    """One client, one request at a time: the latency of a check on an otherwise idle server.
    Stops early after MAX_CHECK_TIMEOUTS unanswered requests or CHECKS_TIME_CAP seconds."""
    from portal.reports import tracking

    client = Client(port, CHECK_HTTP_TIMEOUT)
    path = f"/{LANG}/report/check"
    deadline = time.monotonic() + CHECKS_TIME_CAP
    timeouts = 0
    token = None
    while token is None:  # the form's GET can land on a hung worker too
        try:
            page = client.get(path, next_address())
            if page.status != 200:
                raise UnexpectedReply(f"GET {path}", page)
            token = csrf_token(page.text)
        except (BenchError, OSError, http.client.HTTPException) as error:
            client.close()
            timeouts += isinstance(error, TimeoutError)
            if timeouts >= MAX_CHECK_TIMEOUTS or not isinstance(error, TimeoutError):
                return {"skipped": f"GET {path} failed: {error_kind(error, 'GET', CHECK_HTTP_TIMEOUT)}"}
    known_locators = {tracking.parse_code(code).locator for code in codes}

    def measure(name: str, code_list: list[str], expected_status: int, expect_refusal: bool) -> dict:
        nonlocal timeouts
        seconds, errors = [], {}
        for code in code_list:
            if timeouts >= MAX_CHECK_TIMEOUTS or time.monotonic() >= deadline:
                errors["not run (checks stopped early)"] = len(code_list) - len(seconds) - sum(errors.values())
                break
            try:
                reply = client.post_form(path, [("csrf_token", token), ("code", code)], next_address())
                if reply.status != expected_status or (expect_refusal and GENERIC_REFUSAL not in reply.text):
                    raise UnexpectedReply("POST check", reply)
                seconds.append(reply.seconds)
            except (BenchError, OSError, http.client.HTTPException) as error:
                timeouts += isinstance(error, TimeoutError)
                kind = error_kind(error, "POST check", CHECK_HTTP_TIMEOUT)
                errors[kind] = errors.get(kind, 0) + 1
                client.close()
        return {**summarise(seconds), "failed": sum(errors.values()), "errors": errors}

    # Stay below the lock-out: at most LOCKOUT_FREE_FAILURES - 1 wrong secrets on any report.
    per_report = min(2, tracking.LOCKOUT_FREE_FAILURES - 1)
    wrong = min(wrong, per_report * len(codes))
    right = min(right, len(codes))
    results = {}
    try:
        results["unknown_locator"] = measure(
            "unknown", [unknown_code(known_locators) for _ in range(unknown)], 400, True)
        results["wrong_secret"] = measure(
            "wrong", [wrong_secret_code(codes[i % len(codes)]) for i in range(wrong)], 400, True)
        results["wrong_secret"]["max_tries_per_report"] = -(-wrong // len(codes)) if codes else 0
        # The correct code opens the report and starts a reporter session (302 to the status page).
        # It comes last, on reports that already had wrong tries: their failure count is reset.
        results["correct_code"] = measure("correct", codes[:right], 302, False)
    finally:
        client.close()
    results["stopped_early"] = timeouts >= MAX_CHECK_TIMEOUTS or time.monotonic() >= deadline
    return results


# --- phase 3: memory of concurrent KDFs, in a child process -------------------------------------

def kdf_child(threads: int, slots: int | None) -> None:
    """Runs in the child: `threads` threads call derive_code_keys at once; prints JSON and exits.
    slots: None = the code's MAX_CONCURRENT_KDF; 0 = no bound (contrast); n = patched to n."""
    from portal import crypto
    from portal.reports import tracking

    if slots is not None:
        crypto._kdf_slots = threading.BoundedSemaphore(slots or threads)
    semaphore = crypto._kdf_slots
    capacity = getattr(semaphore, "_initial_value", None)
    gc.collect()
    baseline = proc_status_kib("self", "VmRSS")
    peak_before = proc_status_kib("self", "VmHWM")
    pepper, salts = secrets.token_bytes(32), [tracking.new_salt() for _ in range(threads)]
    barrier = threading.Barrier(threads + 1)
    lock = threading.Lock()
    state = {"durations": [], "errors": {}, "max_rss": 0, "max_in_use": 0, "last_progress": 0.0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            state["max_rss"] = max(state["max_rss"], proc_status_kib("self", "VmRSS") or 0)
            if capacity is not None:
                state["max_in_use"] = max(state["max_in_use"], capacity - semaphore._value)
            time.sleep(0.002)

    def derive(index: int):
        barrier.wait()
        began = time.perf_counter()
        try:
            tracking.derive_code_keys("1234567890123", salts[index], pepper)
        except Exception as error:  # noqa: BLE001 - reported, not hidden
            key = f"{error.__class__.__name__}: {error}"[:160]
            with lock:
                state["errors"][key] = state["errors"].get(key, 0) + 1
                state["last_progress"] = time.perf_counter()
            return
        with lock:
            state["durations"].append(time.perf_counter() - began)
            state["last_progress"] = time.perf_counter()

    workers = [threading.Thread(target=derive, args=(i,), daemon=True) for i in range(threads)]
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for worker in workers:
        worker.start()
    barrier.wait()
    began = state["last_progress"] = time.perf_counter()
    deadlocked = False
    while any(worker.is_alive() for worker in workers):
        time.sleep(0.05)
        with lock:
            stalled = time.perf_counter() - state["last_progress"]
        if stalled > KDF_STALL_SECONDS:
            deadlocked = True  # threads stuck inside derive() cannot be joined: report and exit
            break
    elapsed = (state["last_progress"] if deadlocked else time.perf_counter()) - began
    done.set()
    sampler.join()
    with lock:
        print(json.dumps({
            "baseline_rss_kib": baseline,
            "peak_rss_before_kdf_kib": peak_before,
            "peak_rss_kib": proc_status_kib("self", "VmHWM"),
            "sampled_max_rss_kib": state["max_rss"],
            "max_concurrent_kdf_seen": state["max_in_use"] if capacity is not None else None,
            "slots": capacity,
            "seconds": elapsed,
            "durations": state["durations"],
            "errors": state["errors"],
            "deadlocked": deadlocked,
            "stuck_threads": sum(worker.is_alive() for worker in workers),
        }), flush=True)
    os._exit(0)


def run_kdf_child(threads: int, slots: int | None) -> dict:
    from portal import crypto

    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        command = [sys.executable, str(Path(__file__).resolve()), "--kdf-child", str(threads)]
        if slots is not None:
            command += ["--child-slots", str(slots)]
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=output, stderr=errors)
        # wait4 gives this one child's rusage (getrusage(RUSAGE_CHILDREN) would mix in gunicorn).
        deadline = time.monotonic() + KDF_CHILD_TIMEOUT
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        errors.seek(0)
        text = output.read().decode(errors="replace")
        if process.returncode != 0 or not text.strip():
            raise BenchError(f"KDF child failed ({process.returncode}):\n"
                             f"{errors.read().decode(errors='replace')[-2000:]}")
        child = json.loads(text)
    argon2_mib = crypto.ARGON2_MEMORY_KIB / 1024
    baseline_mib = child["baseline_rss_kib"] / 1024
    effective = child["slots"] or threads
    return {
        "threads": threads,
        "slots": child["slots"],
        "source": ("code" if slots is None else "contrast" if slots == 0 else "patched by --kdf-slots"),
        "max_concurrent_kdf_seen": child["max_concurrent_kdf_seen"],
        "argon2_memory_mib": argon2_mib,
        "baseline_rss_mib": round(baseline_mib, 1),
        "peak_rss_before_kdf_mib": _mib(child["peak_rss_before_kdf_kib"]),
        "peak_rss_mib_getrusage": round(usage.ru_maxrss / 1024, 1),  # Linux: KiB
        "peak_rss_mib_vmhwm": _mib(child["peak_rss_kib"]),
        "peak_over_baseline_mib": round(usage.ru_maxrss / 1024 - baseline_mib, 1),
        "bound_mib": round(baseline_mib + min(threads, effective) * argon2_mib, 1),
        "seconds": round(child["seconds"], 2),
        "completed": len(child["durations"]),
        "errors": child["errors"],
        "deadlocked": child["deadlocked"],
        "stuck_threads": child["stuck_threads"],
        "per_call_with_queueing": summarise(child["durations"]),  # includes the wait for a slot
    }


# --- report ------------------------------------------------------------------------------------

def environment_info(args, dialect: str) -> dict:
    def git(*arguments):
        try:
            return subprocess.run(["git", *arguments], cwd=PROJECT_ROOT, capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    cpu_model = None
    try:
        with open("/proc/cpuinfo") as handle:
            cpu_model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                             None)
    except FileNotFoundError:
        pass
    try:
        from importlib.metadata import version

        versions = {name: version(name) for name in ("gunicorn", "flask", "sqlalchemy", "cryptography")}
    except Exception:  # noqa: BLE001 - informational only
        versions = {}
    from cryptography.hazmat.backends.openssl import backend

    from portal import crypto

    return {
        "git_commit": git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "mem_total_mib": _mib(mem_info_kib("MemTotal")),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "versions": versions,
        "openssl": backend.openssl_version_text(),
        "database": dialect,
        "redis": bool(args.redis_url),
        "gunicorn_workers": args.workers,
        "gunicorn_threads": args.threads,
        "argon2": {"memory_mib": crypto.ARGON2_MEMORY_KIB / 1024, "iterations": crypto.ARGON2_ITERATIONS,
                   "lanes": crypto.ARGON2_LANES, "max_concurrent_per_process": crypto.MAX_CONCURRENT_KDF},
        "kdf_slots_patched": args.kdf_slots,
    }


def problems(result: dict) -> list[str]:
    """What went wrong in the app during the run, in words (empty when nothing did)."""
    found = []
    sub = result.get("submissions") or {}
    for kind, count in (sub.get("errors") or {}).items():
        found.append(f"submissions: {count} x {kind}")
    for name, stats in (result.get("checks") or {}).items():
        if isinstance(stats, dict):
            for kind, count in stats.get("errors", {}).items():
                found.append(f"checks ({name.replace('_', ' ')}): {count} x {kind}")
    for memory in result.get("kdf_memory", []):
        if memory["source"] == "contrast":  # a bench-only patch, not the app
            continue
        label = f"KDF child ({memory['source']}, {memory['slots']} slots)"
        if memory["deadlocked"]:
            found.append(f"{label}: DEADLOCKED, {memory['stuck_threads']} threads stuck inside derive() "
                         f"after {memory['completed']} of {memory['threads']} finished")
        for kind, count in memory["errors"].items():
            found.append(f"{label}: {count} x {kind}")
    if (result.get("checks") or {}).get("skipped"):
        found.append(f"checks: skipped, {result['checks']['skipped']}")
    if result.get("gunicorn_forced_stop"):
        found.append("gunicorn: workers did not stop on SIGTERM (threads stuck); the bench killed them")
    for line, count in (result.get("server_exceptions") or {}).items():
        found.append(f"gunicorn log: {count} x {line}")
    return found


def _fmt(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_summary(result: dict) -> None:
    env, sub = result["environment"], result["submissions"]
    out = []
    argon2 = env["argon2"]
    patched = env["kdf_slots_patched"]
    out.append(f"Report desk benchmark, {result['timestamp']}, commit {env['git_commit']}"
               f"{' (dirty)' if env['git_dirty'] else ''}")
    out.append(f"{env['cpus']} CPUs ({env['cpu_model']}), Python {env['python']}, "
               f"cryptography {env['versions'].get('cryptography')} ({env['openssl']})")
    out.append(f"{env['database']}{' + Redis' if env['redis'] else ''}, gunicorn {env['gunicorn_workers']} "
               f"workers x {env['gunicorn_threads']} threads, Argon2id {argon2['memory_mib']:.0f} MiB "
               f"t={argon2['iterations']} p={argon2['lanes']}, MAX_CONCURRENT_KDF={argon2['max_concurrent_per_process']}"
               + (f" PATCHED TO {patched} (--kdf-slots)" if patched is not None else ""))
    out.append("")
    header = f"  {'':38} {'ok':>5} {'failed':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  ms"
    out.append(f"Submissions: {sub['completed']}/{sub['target']} in {sub['seconds']:.1f} s with "
               f"{sub['clients']} clients = {_fmt(sub['submissions_per_second'], 2)} reports/s"
               f"{' (stopped by the time cap)' if sub['stopped_by_time_cap'] else ''}")
    cpu = sub["cpu_seconds"]
    out.append(f"  CPU during submissions: {cpu['machine_busy']:.0f} of {cpu['available']:.0f} CPU-s busy: gunicorn "
               f"workers {cpu['gunicorn_workers']:.0f}, bench client {cpu['bench_client']:.0f}, PostgreSQL "
               f"{cpu.get('postgresql', 0):.0f}, other processes {cpu['other']:.0f}")
    if cpu["other"] > 0.1 * cpu["available"]:
        out.append(f"  NOTE: other processes used {cpu['other'] / cpu['available']:.0%} of the CPU during the "
                   "submissions: these numbers are noisy, run again on a quiet machine")
    out.append(header)
    for name, key in (("GET form", "get_form"), ("POST details", "post_details"),
                      ("POST confirm (KDF + store)", "post_confirm"),
                      ("whole submission (3 requests)", "whole_submission")):
        out.append(_row(name, sub["latency"][key], sub["failed"] if key == "whole_submission" else None))
    checks = result.get("checks") or {}
    if checks.get("skipped"):
        out.append(f"Code checks: skipped ({checks['skipped']})")
    else:
        out.append("Code checks, POST /en/report/check, one at a time"
                   + (" (stopped early: unanswered requests)" if checks.get("stopped_early") else "") + ":")
        out.append(header)
        for key, name in (("unknown_locator", "unknown locator (no KDF)"),
                          ("wrong_secret", "known locator, wrong secret (KDF)"),
                          ("correct_code", "correct code (KDF + session)")):
            if key in checks:
                out.append(_row(name, checks[key], checks[key]["failed"]))
    workers = sub["gunicorn_workers"]
    out.append("Memory (RSS, MiB):")
    out.append(f"  gunicorn workers, submissions: before {_list(workers['rss_before_mib'])}; peak (VmHWM) "
               f"{_list(workers['peak_rss_each_mib'])}, max {_fmt(workers['peak_rss_max_mib'])}; "
               f"peak sum of all workers {_fmt(workers['peak_sum_rss_mib'])}")
    for memory in result.get("kdf_memory", []):
        slots = "no bound" if memory["source"] == "contrast" else f"{memory['slots']} slot{'s' if memory['slots'] != 1 else ''}"
        outcome = (f"DEADLOCKED ({memory['stuck_threads']} stuck, {memory['completed']} done)"
                   if memory["deadlocked"] else f"{memory['completed']} done in {memory['seconds']:.2f} s")
        if memory["errors"]:
            outcome += f", {sum(memory['errors'].values())} failed"
        out.append(f"  {memory['threads']} threads -> derive_code_keys, {slots} ({memory['source']}): baseline "
                   f"{memory['baseline_rss_mib']:.1f}, peak {memory['peak_rss_mib_getrusage']:.1f} "
                   f"(+{memory['peak_over_baseline_mib']:.1f}; bound {memory['bound_mib']:.1f}); "
                   + (f"at most {memory['max_concurrent_kdf_seen']} at once; " if memory["max_concurrent_kdf_seen"]
                      is not None else "") + outcome)
    found = problems(result)
    if found:
        out.append("")
        out.append("PROBLEMS IN THE APP DURING THIS RUN (see 'Known problem' in bench/README.md):")
        out.extend(f"  - {line}" for line in found)
    print("\n".join(out))


def _row(name: str, stats: dict, failed: int | None) -> str:
    return (f"  {name:38} {stats['n']:>5} {'' if failed is None else failed:>6} {_fmt(stats['p50_ms']):>8} "
            f"{_fmt(stats['p95_ms']):>8} {_fmt(stats['p99_ms']):>8} {_fmt(stats['max_ms']):>8}")


def _list(values) -> str:
    return "/".join(_fmt(value, 0) for value in values)


def mem_info_kib(name: str) -> int | None:
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return None


# --- main --------------------------------------------------------------------------------------

def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    default_workers = multiprocessing.cpu_count() * 2 + 1  # gunicorn.conf.py's default
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Details, example output and a known problem: bench/README.md")
    parser.add_argument("--clients", type=int, default=20, help="concurrent submitting clients (20)")
    parser.add_argument("--submissions", type=int, default=200,
                        help=f"total submissions (200; no new one starts after {SUBMISSION_TIME_CAP:.0f} s)")
    parser.add_argument("--workers", type=int, default=default_workers,
                        help=f"gunicorn workers, PORTAL_WORKERS (as gunicorn.conf.py: 2 x CPUs + 1 = "
                             f"{default_workers})")
    parser.add_argument("--threads", type=int, default=2,
                        help="gunicorn threads per worker, PORTAL_THREADS (2, as this bench was first "
                             "measured; gunicorn.conf.py now defaults to 1)")
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL URL (postgresql+psycopg://...); the bench works in a fresh "
                             "schema it drops at the end. Default: SQLite in the temporary instance")
    parser.add_argument("--redis-url", default=None, help="Redis for rate limits (default: in memory)")
    parser.add_argument("--unknown-checks", type=int, default=200, help="checks with an unknown locator (200)")
    parser.add_argument("--wrong-checks", type=int, default=40, help="checks with a wrong secret (40)")
    parser.add_argument("--right-checks", type=int, default=20, help="checks with the correct code (20)")
    parser.add_argument("--kdf-threads", type=int, default=20, help="threads in the KDF memory test (20)")
    parser.add_argument("--kdf-slots", type=int, default=None,
                        help="bench-only: run the app and the memory test with crypto.MAX_CONCURRENT_KDF "
                             "patched to this value (measures a proposed change without editing code)")
    parser.add_argument("--no-contrast", action="store_true",
                        help="skip the KDF memory test without any bound")
    parser.add_argument("--keep-instance", action="store_true",
                        help="keep the temporary instance folder and gunicorn log (path printed)")
    parser.add_argument("--show", metavar="JSON", default=None,
                        help="print the summary of a saved result file and exit")
    parser.add_argument("--kdf-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child-slots", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    limits = {"clients": (1, 200), "submissions": (1, 2000), "workers": (1, 32), "threads": (1, 32),
              "unknown_checks": (0, 2000), "wrong_checks": (0, 500), "right_checks": (0, 500),
              "kdf_threads": (1, 64)}
    for name, (low, high) in limits.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name.replace('_', '-')} must be between {low} and {high}")
    if args.kdf_slots is not None and not 1 <= args.kdf_slots <= 64:
        parser.error("--kdf-slots must be between 1 and 64")
    if args.database_url and not args.database_url.startswith("postgresql"):
        parser.error("--database-url is for PostgreSQL; the default is already a fresh SQLite file")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.kdf_child is not None:
        kdf_child(args.kdf_child, args.child_slots)
        return 0
    if args.show:
        print_summary(json.loads(Path(args.show).read_text()))
        return 0
    try:
        import portal  # noqa: F401
    except ImportError:
        print("Run it with the project's Python, e.g. .venv/bin/python bench/reports.py", file=sys.stderr)
        return 2

    signal.signal(signal.SIGTERM, interrupt)  # e.g. a CI timeout: clean up as on Ctrl+C
    timestamp = datetime.now(timezone.utc)
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    schema = None
    app = None
    result = {"timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "command": " ".join(["python bench/reports.py", *(argv if argv is not None else sys.argv[1:])])}
    started = time.perf_counter()
    failed = False
    try:
        schema = PostgresSchema(args.database_url) if args.database_url else None
        dialect = "postgresql" if schema else "sqlite"
        result["environment"] = environment_info(args, dialect)
        database_url = schema.url if schema else f"sqlite:///{workdir / 'instance' / 'portal.sqlite3'}"
        app = App(workdir / "instance", database_url, args.workers, args.threads, args.redis_url,
                  args.kdf_slots)
        log(f"preparing {workdir} ({dialect}): portal init, portal keys init-recovery")
        result["setup"] = app.prepare()
        log(f"starting gunicorn on 127.0.0.1:{app.port} ({args.workers} workers x {args.threads} threads"
            + (f", MAX_CONCURRENT_KDF patched to {args.kdf_slots}" if args.kdf_slots is not None else "") + ")")
        result["setup"]["gunicorn_start_seconds"] = round(app.start(), 2)
        warm_up(app.port, args.workers * 4)
        log(f"submissions: {args.submissions} by {args.clients} clients (cap {SUBMISSION_TIME_CAP:.0f} s)")
        result["submissions"], codes = run_submissions(app, args.clients, args.submissions, dialect)
        if codes:
            log(f"code checks: {args.unknown_checks} unknown, {args.wrong_checks} wrong secret, "
                f"{args.right_checks} correct")
            result["checks"] = run_checks(app.port, codes, args.unknown_checks, args.wrong_checks,
                                          args.right_checks)
        else:
            log("no submission succeeded: code checks skipped")
            result["checks"] = {"skipped": "no report was submitted"}
        app.stop()
        result["gunicorn_forced_stop"] = app.forced_stop
        result["server_exceptions"] = app.server_exceptions()
        variants = [None] + ([args.kdf_slots] if args.kdf_slots is not None else [])
        available = mem_info_kib("MemAvailable")
        if not args.no_contrast and (available is None or available > (args.kdf_threads * 64 + 512) * 1024):
            variants.append(0)
        result["kdf_memory"] = []
        for slots in variants:
            log(f"KDF memory: {args.kdf_threads} threads in a child process, "
                + ("MAX_CONCURRENT_KDF as in the code" if slots is None else
                   "no bound (contrast)" if slots == 0 else f"MAX_CONCURRENT_KDF patched to {slots}"))
            result["kdf_memory"].append(run_kdf_child(args.kdf_threads, slots))
    except BenchError as error:
        failed = True
        print(f"\nBENCH FAILED: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        failed = True
        print("\ninterrupted", file=sys.stderr)
    finally:
        if app is not None:
            app.stop()
        if schema is not None:
            schema.drop()
        if args.keep_instance:
            log(f"kept {workdir} (gunicorn log: {workdir / 'gunicorn.log'})")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        return 1
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    result["problems"] = problems(result)
    path = write_results("reports", timestamp, result)
    print()
    print_summary(result)
    print(f"\nResults: {path.relative_to(PROJECT_ROOT)} ({result['total_seconds']:.0f} s in all)")
    return 3 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
