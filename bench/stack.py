#!/usr/bin/env python3
"""The whole stack on loopback: nginx (deploy/nginx.conf) in front of gunicorn, measured with wrk.

    python bench/stack.py [--duration 15] [--connections 32] [--database-url URL] [--keep]
    python bench/stack.py --show bench/results/stack-<stamp>.json

Not a unit test. In a temporary folder it

1. prepares the app as bench/reports.py does (`portal init`, `portal keys init-recovery`), on a
   scratch PostgreSQL schema (bench/scratch.py, dropped at the end) or a fresh SQLite file, with
   Redis for rate limits, then loads the demo data (`portal demo --no-serve`: fund figures, 300
   institutions, cost reports, prices, typical cases) and runs `portal compress-static` (the .gz
   and .br copies it writes in static/ are removed again at the end);
2. starts gunicorn (gunicorn.conf.py, wsgi:app) and nginx with a configuration generated from
   deploy/nginx.conf: the same locations, static rules, proxy and microcache directives, but plain
   HTTP on a free loopback port, no port-80 redirect server, no TLS, paths in the temporary folder
   (each change is listed in the results);
3. measures with wrk, each run after a short warm-up: a versioned static file through nginx, the
   public pages /zh/, /zh/funds, /zh/institutions, /zh/cases through nginx (microcache) and the same
   pages straight from gunicorn; req/s, p50/p75/p90/p99, errors, where the CPU went, and the ratio
   nginx page req/s / nginx static req/s (target >= 50 %);
4. weighs a first and a repeat visit of /zh/funds and of the chart page (the first page that loads
   static/vendor/plotly): the HTML and every same-origin stylesheet, script and font, bytes on the
   wire (target: first visit of the chart page <= 600 KB), cross-checked with Chromium when
   Playwright and /usr/bin/chromium are there;
5. checks the microcache: public pages HIT on repeated requests, never with a cookie, and a form
   page (/zh/report/new, which sets a cookie) is never served from it.

Writes bench/results/stack-<UTC timestamp>.json and prints a summary. Exit status 0 when it ran
(targets and failed checks are reported, not enforced), 1 when the bench could not run.
"""
from __future__ import annotations

import argparse
import gzip
import html.parser
import http.client
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
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
if str(PROJECT_ROOT) not in sys.path:  # works without `pip install -e .` too
    sys.path.append(str(PROJECT_ROOT))

# bench/ is the script's own folder, first on sys.path.
import restarts  # noqa: E402
from common import interrupt, log, write_results  # noqa: E402
from reports import (  # noqa: E402
    App, BenchError, Client, UnexpectedReply, child_pids, csrf_token, free_port, machine_busy_seconds,
    mem_info_kib, next_address, postgres_cpu_seconds, process_cpu_seconds, run_checks, run_submissions,
    summarise,
)
from scratch import PostgresSchema  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
NGINX = "/usr/sbin/nginx"
WRK = "/usr/bin/wrk"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
DEPLOY_NGINX_CONF = PROJECT_ROOT / "deploy" / "nginx.conf"
STATIC_DIR = PROJECT_ROOT / "static"
MIME_TYPES = Path("/etc/nginx/mime.types")

LANG = "zh"
PUBLIC_PAGES = ["/zh/", "/zh/funds", "/zh/institutions", "/zh/cases"]
FORM_PAGE = "/zh/report/new"
TRANSFER_PAGE = "/zh/funds"
DIAGNOSTIC_PAGE = "/zh/funds"  # measured once more through nginx without Accept-Encoding
CHART_SCRIPT = "/static/vendor/plotly/"
STATIC_TARGET = "/static/css/portal.css"
RATIO_TARGET = 0.50  # nginx public page req/s over nginx static req/s
BASELINE_PAGE = "/zh/funds"  # bench/plain_flask.py renders the same table
BASELINE_TARGET = 2.0  # the app alone (gunicorn directly) over the plain Flask page
SUBMISSION_P95_TARGET_MS = 300
QUEUE_P95_TARGET_MS = 100
FIRST_VISIT_TARGET_BYTES = 600 * 1000  # 600 KB (decimal) on the wire
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br"  # what a browser sends; nginx picks what it has
WARMUP_SECONDS = 3
HTTP_TIMEOUT = 15.0
STARTUP_TIMEOUT = 20.0


# --- small helpers ---------------------------------------------------------------------------

def run_command(command: list[str], timeout: float, env: dict | None = None, cwd: Path = PROJECT_ROOT,
                what: str | None = None) -> str:
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{what or command[0]} did not finish in {timeout:.0f} s") from error
    except OSError as error:
        raise BenchError(f"{what or command[0]}: {error}") from error
    if done.returncode != 0:
        raise BenchError(f"{what or ' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return (done.stdout + done.stderr).strip()


def portal_command(app: App, *arguments: str, timeout: float = 600) -> str:
    """A `portal` command in the app's environment (App._portal has a fixed 120 s timeout)."""
    return run_command([sys.executable, "-c", "from portal.cli import main; main()", *arguments],
                       timeout, env=app.env, what=f"portal {' '.join(arguments)}")


def pids_named(name: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as handle:
                    if handle.read().strip() == name:
                        found.append(int(entry))
            except OSError:
                continue
    return found


def _ms(value: str, unit: str) -> float:
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}[unit]
    return round(float(value) * factor, 3)


def _bytes(value: str, unit: str) -> int:
    factor = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}[unit]
    return int(float(value) * factor)


# --- raw HTTP: exact bytes on the wire --------------------------------------------------------

@dataclass
class Fetched:
    url: str
    status: int
    headers: list[tuple[str, str]]
    wire_bytes: int  # status line + headers + body as received (chunk framing included)
    header_bytes: int
    body_wire_bytes: int
    body: bytes  # de-chunked and decoded
    seconds: float

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key == name), None)

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.headers if key == name]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def max_age(self) -> int | None:
        match = re.search(r"max-age=(\d+)", self.header("cache-control") or "")
        return int(match.group(1)) if match else None


def fetch(port: int, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Fetched:
    """One request on a fresh connection (Connection: close), everything received counted."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "User-Agent: portal-bench/1",
             "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=HTTP_TIMEOUT) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    elapsed = time.perf_counter() - started
    raw = b"".join(chunks)
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        raise BenchError(f"GET {path}: incomplete response ({len(raw)} bytes)")
    head_lines = head.decode("latin-1").split("\r\n")
    status = int(head_lines[0].split()[1])
    parsed = []
    for line in head_lines[1:]:
        name, _, value = line.partition(":")
        parsed.append((name.strip().lower(), value.strip()))
    reply = Fetched(path, status, parsed, len(raw), len(head) + 4, len(body), body, elapsed)
    if method == "HEAD" or status in (204, 304):
        reply.body = b""
        return reply
    if (reply.header("transfer-encoding") or "").lower() == "chunked":
        body = _dechunk(body)
    encoding = (reply.header("content-encoding") or "").lower()
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "deflate":
        body = zlib.decompress(body)
    elif encoding == "br":
        import brotli

        body = brotli.decompress(body)
    reply.body = body
    return reply


def _dechunk(data: bytes) -> bytes:
    out, position = [], 0
    while True:
        end = data.index(b"\r\n", position)
        size = int(data[position:end].split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(data[end + 2:end + 2 + size])
        position = end + 2 + size + 2


class AssetLinks(html.parser.HTMLParser):
    """Same-origin stylesheets, scripts, preloads, icons and images of a page, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.assets: list[tuple[str, str]] = []  # (kind, url)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("href"):
            rel = (attributes.get("rel") or "").lower().split()
            if "stylesheet" in rel:
                self.assets.append(("stylesheet", attributes["href"]))
            elif {"preload", "modulepreload", "icon", "manifest"} & set(rel):
                self.assets.append((rel[0], attributes["href"]))
        elif tag == "script" and attributes.get("src"):
            self.assets.append(("script", attributes["src"]))
        elif tag == "img" and attributes.get("src"):
            self.assets.append(("image", attributes["src"]))
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def same_origin_path(base_path: str, reference: str, port: int) -> str | None:
    """The path (with query) of a same-origin reference, or None for another origin or a data: URL."""
    absolute = urllib.parse.urljoin(f"http://127.0.0.1:{port}{base_path}", reference.strip())
    parts = urllib.parse.urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc != f"127.0.0.1:{port}":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf", ".eot")


def css_references(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    found += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", css)
    return [reference for reference in found if not reference.startswith("data:")]


# --- the static copies made by `portal compress-static` ----------------------------------------

class CompressedCopies:
    """Runs `portal compress-static` and removes again every .gz/.br it wrote in static/ (copies that
    were there before are restored to their former bytes)."""

    PATTERNS = ("*.gz", "*.br", "*.gz.tmp", "*.br.tmp")

    def __init__(self, folder: Path):
        self.folder = folder
        self.before = {path: path.read_bytes() for path in self._existing()}
        self.created: list[Path] = []

    def _existing(self) -> list[Path]:
        return sorted({path for pattern in self.PATTERNS for path in self.folder.rglob(pattern) if path.is_file()})

    def run(self, app: App) -> dict:
        output = portal_command(app, "compress-static", timeout=300)
        self.created = [path for path in self._existing() if path not in self.before]
        return {"output": output, "copies_written": len(self.created),
                "copies_present_before": len(self.before),
                "bytes": {str(path.relative_to(PROJECT_ROOT)): path.stat().st_size for path in self.created}}

    def remove(self) -> int:
        removed = 0
        for path in self._existing():
            if path in self.before:
                if path.read_bytes() != self.before[path]:
                    path.write_bytes(self.before[path])
                continue
            path.unlink()
            removed += 1
        return removed


# --- nginx -----------------------------------------------------------------------------------

def _sub(pattern: str, replacement, text: str, what: str, changes: list[str], count: int = 0,
         required: bool = True, flags: int = re.M) -> str:
    new, made = re.subn(pattern, replacement, text, count=count, flags=flags)
    if made == 0 and required:
        raise BenchError(f"deploy/nginx.conf changed: cannot adapt it ({what}: no match for {pattern!r})")
    if made:
        changes.append(what)
    return new


def _server_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level `server { ... }` block (comments skipped when counting braces)."""
    blocks, position = [], 0
    for match in re.finditer(r"^server\s*\{", text, flags=re.M):
        if match.start() < position:
            continue
        depth, index = 0, match.end() - 1
        while index < len(text):
            char = text[index]
            if char == "#":
                index = text.find("\n", index)
                if index < 0:
                    break
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    blocks.append((match.start(), index + 1))
                    position = index + 1
                    break
            index += 1
    return blocks


def adapt_deploy_config(source: str, *, port: int, upstream_port: int, folder: Path,
                        static_dir: Path) -> tuple[str, list[str]]:
    """deploy/nginx.conf for a loopback bench: every caching, proxy and static rule kept; only
    addresses, TLS and paths changed. Returns the text and the list of changes."""
    changes: list[str] = []
    text = source
    # The port-80 server only redirects to https: dropped.
    for start, end in reversed(_server_blocks(text)):
        block = text[start:end]
        if re.search(r"^\s*listen\s+(\S+:)?80\b", block, flags=re.M) and "return 301" in block:
            text = text[:start] + "# (bench: the port-80 redirect server is left out)" + text[end:]
            changes.append("left out the port-80 server (it only redirects to https)")
    text = _sub(r"^(\s*)listen\s+443\b[^;]*;[^\n]*$", rf"\g<1>listen 127.0.0.1:{port};", text,
                f"listen 443 ssl http2 -> plain HTTP on 127.0.0.1:{port}", changes, count=1)
    text = _sub(r"^\s*listen\s+\[::\]:443\b[^;]*;[^\n]*\n", "", text, "dropped the IPv6 listen", changes,
                required=False)
    text = _sub(r"^\s*http2\s+on\s*;[^\n]*\n", "", text, "dropped `http2 on;` (nginx >= 1.25.1 syntax)",
                changes, required=False)
    text = _sub(r"^\s*ssl_[a-z_]+\s[^;]*;[^\n]*\n", "", text, "dropped the ssl_* directives (no TLS)", changes,
                required=False)
    text = _sub(r"^(\s*server_name\s+)[^;]*;", r"\g<1>127.0.0.1 localhost;", text,
                "server_name CHANGE-ME -> 127.0.0.1 localhost", changes, required=False)
    text = _sub(r"^(\s*proxy_cache_path\s+)\S+", rf"\g<1>{folder / 'cache'}", text,
                "proxy_cache_path in the temporary folder", changes)
    # The upstream: the bench's gunicorn instead of the example node(s).
    upstream = re.search(r"^upstream\s+\w+\s*\{.*?^\}", text, flags=re.M | re.S)
    if upstream is None:
        raise BenchError("deploy/nginx.conf changed: no upstream block")
    body = upstream.group(0)
    servers = re.findall(r"^\s*server\s+\S+", body, flags=re.M)
    if not servers:
        raise BenchError("deploy/nginx.conf changed: the upstream has no server line")
    new_body = re.sub(r"^(\s*server\s+)\S+", rf"\g<1>127.0.0.1:{upstream_port}", body, count=1, flags=re.M)
    lines = new_body.split("\n")
    first = next(i for i, line in enumerate(lines) if re.match(r"\s*server\s", line))
    new_body = "\n".join(line for i, line in enumerate(lines) if i == first or not re.match(r"\s*server\s", line))
    text = text.replace(body, new_body)
    changes.append(f"upstream: gunicorn on 127.0.0.1:{upstream_port} ({len(servers)} server line(s) in the file)")
    text = _sub(r"^(\s*access_log\s+)/\S+", rf"\g<1>{folder / 'access.log'}", text,
                "access_log in the temporary folder", changes)
    text = _sub(r"^(\s*error_log\s+)/\S+", rf"\g<1>{folder / 'error.log'}", text,
                "error_log in the temporary folder", changes, required=False)
    text = _sub(r"^(\s*alias\s+)\S+;", rf"\g<1>{static_dir}/;", text, f"alias {static_dir}/", changes)
    # $host drops the port, which is 443 in production but not here: the app compares the Host
    # with the browser's Referer (Flask-WTF) and would refuse every form.
    text = _sub(r"^(\s*proxy_set_header\s+Host\s+)\$host;", r"\g<1>$http_host;", text,
                "Host $http_host (keeps the bench's port)", changes, required=False)
    # As behind the TLS terminator in production (the app sees https; cookies stay Secure).
    text = _sub(r"^(\s*proxy_set_header\s+X-Forwarded-Proto\s+)\$scheme;", r"\g<1>https;", text,
                "X-Forwarded-Proto https (as behind TLS)", changes, required=False)
    if re.search(r"CHANGE-ME", re.sub(r"#[^\n]*", "", text)):
        raise BenchError("deploy/nginx.conf has a CHANGE-ME placeholder the bench does not replace")
    return text, changes


def nginx_main_config(server_part: str, folder: Path) -> str:
    return f"""# Generated by bench/stack.py for a loopback benchmark: the http context of Debian's
# /etc/nginx/nginx.conf (which includes deploy/nginx.conf from conf.d) around deploy/nginx.conf.
worker_processes auto;
daemon off;
master_process on;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;

events {{
    worker_connections 1024;
}}

http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include {MIME_TYPES};
    default_type application/octet-stream;
    gzip on;  # as Debian's nginx.conf: on-the-fly gzip of text/html (gzip_types default)
    client_body_temp_path {folder / 'client_body'};
    proxy_temp_path {folder / 'proxy_temp'};
    fastcgi_temp_path {folder / 'fastcgi_temp'};
    uwsgi_temp_path {folder / 'uwsgi_temp'};
    scgi_temp_path {folder / 'scgi_temp'};

# ---- deploy/nginx.conf, adapted (see the list of changes in the results) ----
{server_part}
}}
"""


class Nginx:
    def __init__(self, folder: Path, upstream_port: int):
        self.folder = folder
        self.port = free_port()
        self.upstream_port = upstream_port
        self.conf = folder / "nginx.conf"
        self.log_path = folder / "nginx.out"
        self.process: subprocess.Popen | None = None
        self.log_file = None
        self.changes: list[str] = []

    def write_config(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            # Started as root, nginx runs its workers as `nobody`: they must reach the cache and
            # temporary folders below the bench's folder (mkdtemp makes it 0700; the instance
            # folder inside stays 0700).
            os.chmod(self.folder.parent, 0o711)
            os.chmod(self.folder, 0o755)
        if not MIME_TYPES.exists():
            raise BenchError(f"{MIME_TYPES} is missing")
        server_part, self.changes = adapt_deploy_config(
            DEPLOY_NGINX_CONF.read_text(), port=self.port, upstream_port=self.upstream_port,
            folder=self.folder, static_dir=STATIC_DIR)
        text = nginx_main_config(server_part, self.folder)
        self.conf.write_text(text)
        return text

    def arguments(self) -> list[str]:
        return [NGINX, "-p", str(self.folder), "-c", str(self.conf), "-e", str(self.folder / "error.log")]

    def test(self) -> str:
        return run_command([*self.arguments(), "-t"], 30, what="nginx -t")

    def start(self) -> float:
        started = time.perf_counter()
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(self.arguments(), stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"nginx exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if fetch(self.port, "/static/css/portal.css", method="HEAD").status == 200:
                    return time.perf_counter() - started
            except (OSError, BenchError):
                pass
            time.sleep(0.1)
        raise BenchError(f"nginx did not answer in {STARTUP_TIMEOUT:.0f} s:\n{self.log_tail()}")

    def pids(self) -> list[int]:
        return [self.process.pid, *child_pids(self.process.pid)] if self.process else []

    def log_tail(self, lines: int = 30) -> str:
        text = ""
        for path in (self.log_path, self.folder / "error.log"):
            try:
                text += path.read_text(errors="replace")
            except FileNotFoundError:
                pass
        return "\n".join(text.splitlines()[-lines:]) or "(no log)"

    def error_log_lines(self) -> list[str]:
        try:
            lines = (self.folder / "error.log").read_text(errors="replace").splitlines()
        except FileNotFoundError:
            return []
        return [line for line in lines if re.search(r"\[(warn|error|crit|alert|emerg)\]", line)]

    def access_log_summary(self) -> dict:
        """Statuses and cache statuses of every proxied request (static files are not logged)."""
        statuses: dict[str, int] = {}
        cache: dict[str, int] = {}
        try:
            with open(self.folder / "access.log", errors="replace") as handle:
                for line in handle:
                    match = re.search(r'" (\d{3}) \d+ [\d.]+ cache=(\S+)', line)
                    if match:
                        statuses[match.group(1)] = statuses.get(match.group(1), 0) + 1
                        cache[match.group(2)] = cache.get(match.group(2), 0) + 1
        except FileNotFoundError:
            pass
        return {"statuses": statuses, "cache_statuses": cache}

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None


# --- wrk -------------------------------------------------------------------------------------

def parse_wrk(output: str) -> dict:
    result: dict = {}
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not match:
        raise BenchError(f"wrk output not understood:\n{output}")
    result["requests_per_second"] = round(float(match.group(1)), 1)
    match = re.search(r"(\d+) requests in ([\d.]+)(\w+), ([\d.]+)(\w+) read", output)
    if match:
        result["requests"] = int(match.group(1))
        result["seconds"] = round(_ms(match.group(2), match.group(3)) / 1000, 2)
        result["bytes_read"] = _bytes(match.group(4), match.group(5))
    match = re.search(r"Latency\s+([\d.]+)(\w+)\s+([\d.]+)(\w+)\s+([\d.]+)(\w+)", output)
    if match:
        result["latency_avg_ms"] = _ms(match.group(1), match.group(2))
        result["latency_stdev_ms"] = _ms(match.group(3), match.group(4))
        result["latency_max_ms"] = _ms(match.group(5), match.group(6))
    for percent, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(\w+)\s*$", output, flags=re.M):
        result[f"p{percent}_ms"] = _ms(value, unit)
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["non_2xx_3xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socket_errors"] = ({"connect": int(match.group(1)), "read": int(match.group(2)),
                                "write": int(match.group(3)), "timeout": int(match.group(4))}
                               if match else {"connect": 0, "read": 0, "write": 0, "timeout": 0})
    return result


def wrk(url: str, duration: float, connections: int, threads: int, headers: list[str]) -> tuple[dict, str]:
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    output = run_command(command, duration + 60, what="wrk")
    return parse_wrk(output), " ".join(command)


@dataclass
class Processes:
    gunicorn: App
    nginx: Nginx

    def snapshot(self) -> dict:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "busy": machine_busy_seconds(),
            "gunicorn": {pid: process_cpu_seconds(pid) for pid in self.gunicorn.worker_pids()},
            "nginx": {pid: process_cpu_seconds(pid) for pid in self.nginx.pids()},
            "postgresql": postgres_cpu_seconds(),
            "redis": {pid: process_cpu_seconds(pid) for pid in pids_named("redis-server")},
            "children": children.ru_utime + children.ru_stime,
            "time": time.perf_counter(),
        }

    @staticmethod
    def spent(before: dict, after: dict) -> dict:
        def delta(key):
            return sum(cpu - before[key].get(pid, 0.0) for pid, cpu in after[key].items())

        elapsed = after["time"] - before["time"]
        spent = {
            "available": round(elapsed * (os.cpu_count() or 1), 1),
            "machine_busy": round(after["busy"] - before["busy"], 1),
            "nginx": round(delta("nginx"), 1),
            "gunicorn_workers": round(delta("gunicorn"), 1),
            "wrk": round(after["children"] - before["children"], 1),
            "postgresql": round(delta("postgresql"), 1),
            "redis": round(delta("redis"), 1),
        }
        spent["other"] = round(max(0.0, spent["machine_busy"] - sum(
            spent[key] for key in ("nginx", "gunicorn_workers", "wrk", "postgresql", "redis"))), 1)
        return spent


def measure(name: str, via: str, port: int, path: str, args, processes: Processes,
            headers: tuple[str, ...] = ("Accept-Encoding: gzip",)) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    headers = list(headers)
    threads = min(2, args.connections)
    log(f"wrk {via:8} {path}{' (' + name + ')' if name not in ('static', 'page') else ''}: "
        f"{WARMUP_SECONDS} s warm-up, {args.duration:g} s measured")
    wrk(url, WARMUP_SECONDS, args.connections, threads, headers)
    before = processes.snapshot()
    result, command = wrk(url, args.duration, args.connections, threads, headers)
    result["cpu_seconds"] = Processes.spent(before, processes.snapshot())
    result.update({"name": name, "via": via, "path": path, "headers": headers, "command": command})
    return result


class PlainFlask:
    """bench/plain_flask.py under gunicorn, same workers and database as the portal."""

    def __init__(self, folder: Path, app: App):
        self.port = free_port()
        self.workers = app.workers
        self.log_path = folder / "plain-flask.log"
        self.env = {**app.env, "PYTHONPATH": str(BENCH_DIR)}
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        command = [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "--threads", "1",
                   "-b", f"127.0.0.1:{self.port}", "--access-logfile", "-", "plain_flask:app"]
        started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=BENCH_DIR, env=self.env, stdout=open(self.log_path, "wb"),
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"plain Flask baseline exited: {self.log_path.read_text()[-2000:]}")
            try:
                if fetch(self.port, BASELINE_PAGE).status == 200 and len(child_pids(self.process.pid)) == self.workers:
                    return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"plain Flask baseline did not answer in {STARTUP_TIMEOUT:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def table_rows(page: str) -> int:
    return len(re.findall(r"<tr[ >]", page))


STAFF_PAGES = ["/staff/zh/", "/staff/zh/?queue=overdue", "/staff/zh/?queue=due_soon", "/staff/zh/?status=accepted",
               "/staff/zh/?region=640323"]
STAFF_SCOPES = {"province": "640000", "county": "640323"}
STAFF_CONCURRENCY = (1, 4)  # connections reading one scope's queues at once: one person, then four
STAFF_REQUESTS = 40  # per connection and page


def staff_phase(app: App, nginx_port: int, database_url: str, count: int) -> dict:
    """`count` generated reports (bench/queues.py's generator, COPY) in the stack's own database,
    then staff members sign in through nginx (password, TOTP enrolment) and read their queues:
    the dashboard page with its list, status counts and queue counts, over HTTP."""
    import queues
    import pyotp
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from portal.db import make_engine
    from portal.regions.models import Region
    from portal.reports.models import Report
    from portal.staff import services as staff_services
    from portal.staff.models import Role

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            if session.scalar(select(func.count()).select_from(Report)):
                return {"error": "the report table is not empty; the generator numbers reports from 1"}
            region_ids = dict(session.execute(select(Region.code, Region.id)).all())
            passwords = {scope: secrets.token_urlsafe(18) for scope in STAFF_SCOPES}
            for scope, code in STAFF_SCOPES.items():
                staff_services.create_user(session, username=f"stack-{scope}", display_name=f"Stack {scope}",
                                           password=passwords[scope], roles={Role.CASE_OFFICER}, region_code=code)
            session.commit()
        log(f"staff queues: generating {count:,} reports (bench/queues.py's generator)")
        began = time.perf_counter()
        raw = engine.raw_connection()
        try:
            profile = queues.generate_reports(raw.driver_connection, region_ids, count, 20261207,
                                              datetime.now(timezone.utc))
        finally:
            raw.close()
        profile["copy_seconds"] = round(time.perf_counter() - began, 1)
        profile["vacuum"] = queues.vacuum_analyze(engine, 60.0)
        log(f"  copied in {profile['copy_seconds']} s; VACUUM ANALYZE done")
    finally:
        engine.dispose()

    def signed_in(scope: str) -> Client:
        client = Client(nginx_port, 30.0)
        address = next_address()
        page = client.get("/staff/zh/login", address)
        fields = [("csrf_token", csrf_token(page.text)), ("username", f"stack-{scope}"),
                  ("password", passwords[scope]), ("code", "")]
        reply = client.post_form("/staff/zh/login", fields, address)
        if reply.status != 302:
            raise UnexpectedReply("staff sign-in", reply)
        enrol = client.get("/staff/zh/enrol", address)
        secret = re.search(r'class="totp-secret"[^>]*>([A-Z2-7]+)<', enrol.text)
        if enrol.status != 200 or secret is None:
            raise UnexpectedReply("TOTP enrolment page", enrol)
        reply = client.post_form("/staff/zh/enrol", [("csrf_token", csrf_token(enrol.text)),
                                                     ("password", passwords[scope]),
                                                     ("code", pyotp.TOTP(secret.group(1)).now())], address)
        if reply.status != 200:
            raise UnexpectedReply("TOTP enrolment", reply)
        return client

    results = {"reports": count, "data": profile, "concurrency": list(STAFF_CONCURRENCY),
               "requests_each": STAFF_REQUESTS, "through": "nginx (a staff cookie bypasses the microcache)",
               "pages": {}}
    for scope in STAFF_SCOPES:
        # One sign-in (a TOTP code is accepted once), its cookies on several connections: a staff
        # member with a few tabs open, or colleagues of the same scope.
        first = signed_in(scope)
        clients = [first]
        for _ in range(max(STAFF_CONCURRENCY) - 1):
            clients.append(Client(nginx_port, 30.0))
            clients[-1].cookies = dict(first.cookies)
        for page in STAFF_PAGES:
            if scope != "province" and "region=" in page:
                continue
            first.get(page, "10.0.0.1")  # warm-up
            for concurrency in STAFF_CONCURRENCY:
                row = _read_concurrently(clients[:concurrency], page)
                results["pages"][f"{scope} {page} x{concurrency}"] = row
                log(f"  {scope} {page} x{concurrency}: p50 {row['p50_ms']} / p95 {row['p95_ms']} ms ({row['n']} requests)")
        for client in clients:
            client.close()
    for concurrency in STAFF_CONCURRENCY:
        rows = {name: row for name, row in results["pages"].items() if name.endswith(f" x{concurrency}")}
        slowest = max((row["p95_ms"] or 0, name) for name, row in rows.items())
        results[f"x{concurrency}"] = {
            "slowest_p95_ms": slowest[0], "slowest": slowest[1],
            "meets_target": slowest[0] < QUEUE_P95_TARGET_MS and not any(row["errors"] for row in rows.values())}
    results["target_ms"] = QUEUE_P95_TARGET_MS
    return results


def _read_concurrently(clients: list[Client], page: str) -> dict:
    seconds: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()

    def read(client: Client) -> None:
        for _ in range(STAFF_REQUESTS):
            try:
                reply = client.get(page, "10.0.0.1")
                if reply.status != 200 or reply.headers.get("X-Cache") == "HIT":
                    raise UnexpectedReply(page, reply)
                with lock:
                    seconds.append(reply.seconds)
            except (BenchError, OSError, http.client.HTTPException) as error:
                with lock:
                    errors[str(error)[:80]] = errors.get(str(error)[:80], 0) + 1

    threads = [threading.Thread(target=read, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {**summarise(seconds), "errors": errors}


# --- checks of pages and of the microcache ------------------------------------------------------

def x_cache_sequence(port: int, path: str, count: int = 3, headers: dict | None = None) -> list[str]:
    return [fetch(port, path, headers).header("x-cache") or "-" for _ in range(count)]


def check_public_page(nginx_port: int, gunicorn_port: int, path: str) -> dict:
    direct = fetch(gunicorn_port, path)
    proxied = fetch(nginx_port, path, {"Accept-Encoding": "gzip"})
    cache_control = direct.header("cache-control") or ""
    sequence = x_cache_sequence(nginx_port, path, 3, {"Accept-Encoding": "gzip"})
    with_cookie = x_cache_sequence(nginx_port, path, 2, {"Accept-Encoding": "gzip", "Cookie": "portal_session=x"})
    check = {
        "path": path,
        "status_direct": direct.status,
        "status_nginx": proxied.status,
        "cache_control": cache_control,
        "public": "public" in cache_control,
        "x_accel_expires_from_app": direct.header("x-accel-expires"),
        "x_accel_expires_reaches_client": proxied.header("x-accel-expires") is not None,
        "set_cookie": bool(direct.header_all("set-cookie") or proxied.header_all("set-cookie")),
        "etag": direct.header("etag"),
        "etag_through_nginx": proxied.header("etag"),
        "vary": direct.header("vary"),
        "content_encoding_nginx": proxied.header("content-encoding"),
        "html_bytes": len(direct.body),
        "html_gzip_wire_bytes": proxied.wire_bytes,
        "x_cache_first_request": proxied.header("x-cache"),
        "x_cache_repeated": sequence,
        "x_cache_with_cookie": with_cookie,
        "title": _title(direct.text),
    }
    check["ok"] = (direct.status == 200 and proxied.status == 200 and check["public"] and not check["set_cookie"]
                   and sequence[-1] == "HIT" and all(value == "BYPASS" for value in with_cookie))
    return check


def _title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    return html.unescape(match.group(1)).strip()[:80] if match else ""


def check_form_page(nginx_port: int) -> dict:
    """A form page sets a cookie and says no-store: nginx must never answer it from the microcache."""
    replies = [fetch(nginx_port, FORM_PAGE, {"Accept-Encoding": "gzip"}) for _ in range(3)]
    cookie = None
    for header in replies[0].header_all("set-cookie"):
        cookie = header.split(";", 1)[0]
        break
    with_cookie = [fetch(nginx_port, FORM_PAGE, {"Accept-Encoding": "gzip", "Cookie": cookie})
                   for _ in range(2)] if cookie else []
    every = replies + with_cookie
    check = {
        "path": FORM_PAGE,
        "statuses": [reply.status for reply in every],
        "cache_control": replies[0].header("cache-control"),
        "sets_cookie": cookie is not None,
        "x_cache_without_cookie": [reply.header("x-cache") or "-" for reply in replies],
        "x_cache_with_its_cookie": [reply.header("x-cache") or "-" for reply in with_cookie],
        "forms_differ": len({_csrf(reply.text) for reply in replies}) == len(replies),
    }
    check["ok"] = (all(reply.status == 200 for reply in every)
                   and all((reply.header("x-cache") or "-") != "HIT" for reply in every)
                   and "no-store" in (check["cache_control"] or ""))
    return check


def _csrf(page: str) -> str | None:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return match.group(1) if match else None


# --- transfer size of a visit ------------------------------------------------------------------

@dataclass
class Asset:
    kind: str
    path: str
    referenced_by: str
    reply: Fetched | None = None
    fetched_by_browser: bool | None = None

    def row(self) -> dict:
        reply = self.reply
        return {
            "kind": self.kind, "path": self.path, "referenced_by": self.referenced_by,
            "status": reply.status if reply else None,
            "wire_bytes": reply.wire_bytes if reply else None,
            "header_bytes": reply.header_bytes if reply else None,
            "body_wire_bytes": reply.body_wire_bytes if reply else None,
            "decoded_bytes": len(reply.body) if reply else None,
            "content_encoding": reply.header("content-encoding") if reply else None,
            "cache_control": reply.header("cache-control") if reply else None,
            "etag": reply.header("etag") if reply else None,
            "versioned": "v=" in urllib.parse.urlsplit(self.path).query,
            "fetched_by_browser": self.fetched_by_browser,
        }


def find_chart_page(port: int, start: str) -> tuple[str | None, list[str]]:
    """The start page if it loads the vendored Plotly, else the first page it links to that does."""
    tried = []
    page = fetch(port, start, {"Accept-Encoding": "gzip"})
    tried.append(start)
    if CHART_SCRIPT in page.text:
        return start, tried
    parser = AssetLinks()
    parser.feed(page.text)
    prefix = start.rstrip("/") + "/"
    candidates = []
    for link in parser.links:
        path = same_origin_path(start, link, port)
        if path and path.startswith(prefix) and path not in candidates:
            candidates.append(path)
    for path in candidates[:15]:
        tried.append(path)
        reply = fetch(port, path, {"Accept-Encoding": "gzip"})
        if reply.status == 200 and CHART_SCRIPT in reply.text:
            return path, tried
    return None, tried


def visit(port: int, page_path: str, browser_paths: set[str] | None) -> dict:
    """First visit: the HTML and every same-origin asset it references (fonts through the
    stylesheets), with a browser's Accept-Encoding. Fonts count where the browser fetched them
    (browser_paths), all of them when there is no browser run. Repeat visit, later than the page's
    own max-age: whatever the first visit got with a longer max-age comes from the browser cache;
    the rest is revalidated (If-None-Match / If-Modified-Since)."""
    headers = {"Accept-Encoding": BROWSER_ACCEPT_ENCODING, "Accept": "text/html"}
    page = fetch(port, page_path, headers)
    if page.status != 200:
        raise BenchError(f"GET {page_path} through nginx: {page.status}")
    parser = AssetLinks()
    parser.feed(page.text)
    assets: list[Asset] = []
    seen = {page_path}
    for kind, reference in parser.assets:
        path = same_origin_path(page_path, reference, port)
        if path and path not in seen:
            seen.add(path)
            assets.append(Asset(kind, path, page_path))
    index = 0
    while index < len(assets):  # stylesheets add their fonts and imports as they are fetched
        asset = assets[index]
        asset.reply = fetch(port, asset.path, {"Accept-Encoding": BROWSER_ACCEPT_ENCODING})
        if asset.kind == "stylesheet" and asset.reply.status == 200:
            for reference in css_references(asset.reply.text):
                path = same_origin_path(asset.path, reference, port)
                if path and path not in seen:
                    seen.add(path)
                    kind = ("font" if urllib.parse.urlsplit(path).path.endswith(FONT_SUFFIXES)
                            else "stylesheet" if path.split("?")[0].endswith(".css") else "image")
                    assets.append(Asset(kind, path, asset.path))
        index += 1
    for asset in assets:
        if browser_paths is not None:
            asset.fetched_by_browser = asset.path in browser_paths
    counted = [asset for asset in assets if asset.kind != "font" or browser_paths is None or asset.fetched_by_browser]
    not_counted = [asset for asset in assets if asset not in counted]

    # Repeat visit, after the page's max-age: the HTML revalidates, long-lived assets are not fetched.
    gap = (page.max_age or 0) + 1
    repeat_rows = []
    conditional = {"Accept-Encoding": BROWSER_ACCEPT_ENCODING}
    if page.header("etag"):
        conditional["If-None-Match"] = page.header("etag")
    if page.header("last-modified"):
        conditional["If-Modified-Since"] = page.header("last-modified")
    again = fetch(port, page_path, conditional)
    repeat_rows.append({"path": page_path, "action": "revalidated", "status": again.status,
                        "wire_bytes": again.wire_bytes, "x_cache": again.header("x-cache")})
    for asset in counted:
        reply = asset.reply
        if reply.status == 200 and (reply.max_age or 0) > gap:
            repeat_rows.append({"path": asset.path, "action": f"from cache (max-age {reply.max_age} s)",
                                "status": None, "wire_bytes": 0})
            continue
        conditional = {"Accept-Encoding": BROWSER_ACCEPT_ENCODING}
        if reply.header("etag"):
            conditional["If-None-Match"] = reply.header("etag")
        if reply.header("last-modified"):
            conditional["If-Modified-Since"] = reply.header("last-modified")
        second = fetch(port, asset.path, conditional)
        repeat_rows.append({"path": asset.path, "action": "revalidated" if len(conditional) > 1 else "fetched again",
                            "status": second.status, "wire_bytes": second.wire_bytes})

    first_total = page.wire_bytes + sum(asset.reply.wire_bytes for asset in counted)
    return {
        "page": page_path,
        "html": {"status": page.status, "wire_bytes": page.wire_bytes, "header_bytes": page.header_bytes,
                 "body_wire_bytes": page.body_wire_bytes, "decoded_bytes": len(page.body),
                 "content_encoding": page.header("content-encoding"), "cache_control": page.header("cache-control"),
                 "etag": page.header("etag"), "x_cache": page.header("x-cache")},
        "assets": [asset.row() for asset in counted],
        "referenced_not_fetched": [asset.row() for asset in not_counted],
        "fonts_counted": ("as fetched by Chromium" if browser_paths is not None else
                          "every referenced font, an upper bound without the Chromium run"),
        "first_visit_wire_bytes": first_total,
        "first_visit_requests": 1 + len(counted),
        "first_visit_decoded_bytes": len(page.body) + sum(len(asset.reply.body) for asset in counted),
        "all_referenced_wire_bytes": first_total + sum(asset.reply.wire_bytes for asset in not_counted),
        "brotli_served": any((asset.reply.header("content-encoding") or "") == "br" for asset in assets)
        or page.header("content-encoding") == "br",
        "repeat_visit": repeat_rows,
        "repeat_visit_wire_bytes": sum(row["wire_bytes"] for row in repeat_rows),
        "repeat_visit_requests": sum(1 for row in repeat_rows if row["status"] is not None),
    }


def browser_visit(port: int, page_path: str) -> dict:
    """What Chromium fetches for a first visit and a reload (which revalidates the page only):
    every request with its bytes on the wire (CDP Network.loadingFinished encodedDataLength)."""
    from playwright.sync_api import sync_playwright

    url = f"http://127.0.0.1:{port}{page_path}"
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            requests: dict[str, dict] = {}

            def sent(event):
                requests.setdefault(event["requestId"], {}).update(
                    {"url": event["request"]["url"], "type": event.get("type")})

            def received(event):
                response = event["response"]
                headers = {key.lower(): value for key, value in response.get("headers", {}).items()}
                requests.setdefault(event["requestId"], {}).update(
                    {"status": response["status"], "from_cache": bool(response.get("fromDiskCache")
                                                                     or response.get("fromMemoryCache")),
                     "content_encoding": headers.get("content-encoding")})

            def cached(event):
                requests.setdefault(event["requestId"], {})["from_cache"] = True

            def finished(event):
                requests.setdefault(event["requestId"], {})["wire_bytes"] = int(event["encodedDataLength"])

            cdp.on("Network.requestWillBeSent", sent)
            cdp.on("Network.responseReceived", received)
            cdp.on("Network.requestServedFromCache", cached)
            cdp.on("Network.loadingFinished", finished)
            cdp.send("Network.enable")
            visits = {}
            for name, action in (("first", lambda: page.goto(url, wait_until="networkidle")),
                                 ("reload", lambda: page.reload(wait_until="networkidle"))):
                requests.clear()
                action()
                page.wait_for_timeout(500)
                rows = []
                for item in requests.values():
                    if "url" not in item:
                        continue
                    parts = urllib.parse.urlsplit(item["url"])
                    rows.append({"path": parts.path + (f"?{parts.query}" if parts.query else ""),
                                 "same_origin": parts.netloc == f"127.0.0.1:{port}", "type": item.get("type"),
                                 "status": item.get("status"), "from_cache": item.get("from_cache", False),
                                 "content_encoding": item.get("content_encoding"),
                                 "wire_bytes": item.get("wire_bytes", 0) if not item.get("from_cache") else 0})
                    # Memory-cache hits come with no flag: nothing went over the network.
                    rows[-1]["from_cache"] = rows[-1]["from_cache"] or not rows[-1]["wire_bytes"]
                visits[name] = {"requests": rows,
                                "network_requests": sum(1 for row in rows if not row["from_cache"]),
                                "wire_bytes": sum(row["wire_bytes"] for row in rows)}
            charts = page.evaluate("document.querySelectorAll('.js-plotly-plot, .plotly').length")
            visits["charts_drawn"] = charts
            return visits
        finally:
            browser.close()


def browser_available() -> str | None:
    """None when Chromium can be driven, else why not."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


# --- environment and summary --------------------------------------------------------------------

def environment(args, dialect: str, redis_url: str | None) -> dict:
    def version_of(command: list[str]) -> str | None:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        text = (done.stdout + done.stderr).strip()
        return text.splitlines()[0].split(" Copyright")[0] if text else None

    cpu_model = None
    try:
        with open("/proc/cpuinfo") as handle:
            cpu_model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                             None)
    except FileNotFoundError:
        pass
    try:
        from importlib.metadata import version

        versions = {name: version(name) for name in ("gunicorn", "flask", "sqlalchemy", "psycopg", "redis")}
    except Exception:  # noqa: BLE001 - informational only
        versions = {}
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "mem_total_mib": round((mem_info_kib("MemTotal") or 0) / 1024),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "versions": versions,
        "nginx": version_of([NGINX, "-v"]),
        "wrk": version_of([WRK, "-v"]),
        "database": dialect,
        "redis": redis_url,
        "gunicorn_workers": args.workers,
        "gunicorn_threads": args.threads,
        "wrk_connections": args.connections,
        "wrk_threads": min(2, args.connections),
        "duration_seconds": args.duration,
    }


def _kb(value: int | None) -> str:
    return "-" if value is None else f"{value / 1000:.1f}"


def print_summary(result: dict) -> None:
    env = result["environment"]
    out = [f"Stack benchmark (nginx -> gunicorn), {result['timestamp']}",
           f"{env['cpus']} CPUs ({env['cpu_model']}), Python {env['python']}, {env['nginx']}, {env['wrk']}",
           f"{env['database']}{' + Redis' if env['redis'] else ''}, gunicorn {env['gunicorn_workers']} workers x "
           f"{env['gunicorn_threads']} threads, nginx worker_processes auto; wrk -t{env['wrk_threads']} "
           f"-c{env['wrk_connections']} -d{env['duration_seconds']:g}s --latency -H 'Accept-Encoding: gzip'",
           ""]
    runs = result.get("runs", [])
    if runs:
        out.append(f"  {'target':50} {'req/s':>9} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8} {'non-2xx/3xx':>11}"
                   f" {'sock err':>8}  CPU-s nginx/gunicorn/wrk/pg/redis")
        for run in runs:
            errors = sum(run["socket_errors"].values())
            cpu = run["cpu_seconds"]
            label = run["via"] + " " + run["path"] + ("" if run["name"] in ("static", "page") else f" ({run['name']})")
            out.append(f"  {label:50} {run['requests_per_second']:>9.1f} "
                       f"{run.get('p50_ms', 0):>8.2f} {run.get('p90_ms', 0):>8.2f} {run.get('p99_ms', 0):>8.2f} "
                       f"{run.get('latency_max_ms', 0):>8.1f} {run['non_2xx_3xx']:>11} {errors:>8}  "
                       f"{cpu['nginx']:.0f}/{cpu['gunicorn_workers']:.0f}/{cpu['wrk']:.0f}/{cpu['postgresql']:.0f}/"
                       f"{cpu['redis']:.0f} of {cpu['available']:.0f}")
        out.append("  (latencies in ms; CPU-s spent during the measured run)")
    ratios = result.get("ratios")
    if ratios:
        out.append("")
        out.append(f"nginx public page req/s / nginx static req/s (target >= {RATIO_TARGET:.0%}):")
        for path, value in ratios["nginx_page_over_static"].items():
            out.append(f"  {path:20} {value:7.1%}   (nginx / gunicorn direct: x{ratios['nginx_over_direct'][path]:.1f})")
        out.append(f"  lowest {ratios['lowest']:.1%}: {'meets' if ratios['meets_target'] else 'MISSES'} the target")
        if ratios.get("no_gzip_over_static") is not None:
            out.append(f"  diagnostic: {DIAGNOSTIC_PAGE} through nginx without Accept-Encoding (no on-the-fly gzip): "
                       f"{ratios['no_gzip_over_static']:.1%} of static")
    baseline = result.get("baseline")
    if baseline:
        out.append(f"App alone over a plain Flask page rendering the same table ({baseline['page']}, "
                   f"{baseline['table_rows']['portal']}/{baseline['table_rows']['plain_flask']} table rows; "
                   f"target >= x{baseline['target']:g}): {baseline['portal_direct_requests_per_second']:.0f} / "
                   f"{baseline['plain_flask_requests_per_second']:.0f} req/s = x{baseline['portal_over_plain']} "
                   f"{'meets' if baseline['meets_target'] else 'MISSES'}")
    submissions = result.get("submissions")
    if submissions:
        latency = submissions["latency"]
        out.append("")
        out.append(f"Submissions through nginx, {submissions['clients']} concurrent reporters back to back: "
                   f"{submissions['completed']} confirmed, {submissions['failed']} failed, "
                   f"{submissions['submissions_per_second']}/s")
        for name in ("get_form", "post_details", "post_confirm", "whole_submission"):
            row = latency[name]
            out.append(f"  {name:18} p50 {row.get('p50_ms')} ms, p95 {row.get('p95_ms')} ms, max {row.get('max_ms')} ms")
        out.append(f"  final POST p95 target <= {submissions['target_p95_ms']} ms: "
                   f"{'meets' if submissions['meets_target'] else 'MISSES'}; CPU-s {submissions['cpu_seconds']}")
    for row in result.get("submission_capacity", []):
        out.append(f"  with {row['clients']} concurrent reporter(s): final POST p50 {row['post_confirm'].get('p50_ms')}"
                   f" / p95 {row['post_confirm'].get('p95_ms')} ms, whole submission p95 "
                   f"{row['whole_submission'].get('p95_ms')} ms, {row['submissions_per_second']}/s "
                   f"({'meets' if row['meets_target'] else 'misses'} the 300 ms)")
    checks_result = result.get("code_checks")
    if checks_result:
        out.append("Code checks through nginx, one at a time: " + "; ".join(
            f"{name} p50 {row.get('p50_ms')} / p95 {row.get('p95_ms')} ms ({row.get('n')} done, "
            f"{row.get('failed')} failed)" for name, row in checks_result.items() if isinstance(row, dict)))
    restart = result.get("restarts")
    if restart:
        out.append("")
        out.append(f"Restarts during {restart['seconds']:g} s of submissions ({restart['clients']} reporters, "
                   f"through nginx): {restart['submissions']['confirmed']} confirmed, "
                   f"{restart['submissions']['failed']} failed {restart['submissions']['errors']}")
        for item in restart["restarts"]:
            out.append(f"  {item['service']} restarted at {item['at_seconds']:g} s ({item['seconds']} s, exit "
                       f"{item['returncode']}): " + json.dumps(restart["recovery"][item["service"]]))
        for name, why in restart["skipped"].items():
            out.append(f"  {name}: not restarted ({why})")
        out.append(f"  {restart['page_probe']['path']} via nginx every {restarts.PROBE_INTERVAL} s: "
                   f"{restart['page_probe']['statuses']}; /healthz: {restart['health_probe']['statuses']}")
        kept = restart["kept"]
        out.append(f"  confirmed reports in the database afterwards (this run and the submission phase): "
                   f"{kept['found']} of {kept['confirmed']}, lost {kept['lost']}")
    staff = result.get("staff_queues")
    if staff:
        out.append("")
        if "error" in staff:
            out.append(f"Staff queues: {staff['error']}")
        else:
            out.append(f"Staff queues over {staff['reports']:,} reports through nginx, signed-in staff, "
                       f"{staff['requests_each']} requests per connection and page, 1 then 4 connections at once "
                       f"(reports generated in {staff['data']['copy_seconds']} s):")
            for name, row in staff["pages"].items():
                out.append(f"  {name:46} p50 {row['p50_ms']} / p95 {row['p95_ms']} / max {row['max_ms']} ms"
                           + (f", errors {row['errors']}" if row["errors"] else ""))
            for concurrency in staff["concurrency"]:
                summary = staff[f"x{concurrency}"]
                out.append(f"  {concurrency} at a time: slowest p95 {summary['slowest_p95_ms']} ms "
                           f"({summary['slowest']}); target < {staff['target_ms']} ms: "
                           f"{'meets' if summary['meets_target'] else 'MISSES'}")
    access = (result.get("nginx") or {}).get("access_log")
    if access:
        out.append(f"nginx access log (proxied requests): statuses {access['statuses']}, cache {access['cache_statuses']}")
    checks = result.get("checks")
    if checks:
        out.append("")
        out.append("Microcache:")
        for check in checks["public_pages"]:
            out.append(f"  {check['path']:18} {check['status_nginx']} Cache-Control: {check['cache_control']}; "
                       f"X-Cache repeated {'/'.join(check['x_cache_repeated'])}, with a cookie "
                       f"{'/'.join(check['x_cache_with_cookie'])}; {check['content_encoding_nginx'] or 'identity'} "
                       f"{'ok' if check['ok'] else 'PROBLEM'}")
        form = checks["form_page"]
        out.append(f"  {form['path']:18} {'/'.join(map(str, form['statuses']))} Cache-Control: {form['cache_control']};"
                   f" X-Cache {'/'.join(form['x_cache_without_cookie'])}, with its cookie "
                   f"{'/'.join(form['x_cache_with_its_cookie'])}; {'ok' if form['ok'] else 'PROBLEM'}")
    for visit_result in result.get("transfer", {}).get("visits", []):
        out.append("")
        out.append(f"Transfer of {visit_result['page']} (bytes on the wire incl. headers, KB = 1000 bytes; fonts: "
                   f"{visit_result['fonts_counted']}):")
        html_row = visit_result["html"]
        out.append(f"  {'HTML ' + visit_result['page']:58} {_kb(html_row['wire_bytes']):>8} KB "
                   f"({html_row['content_encoding'] or 'identity'}, {_kb(html_row['decoded_bytes'])} KB decoded)")
        for asset in visit_result["assets"]:
            out.append(f"  {asset['path'][:58]:58} {_kb(asset['wire_bytes']):>8} KB "
                       f"({asset['content_encoding'] or 'identity'}, {_kb(asset['decoded_bytes'])} KB decoded)")
        for asset in visit_result["referenced_not_fetched"]:
            out.append(f"  {asset['path'][:58]:58} {_kb(asset['wire_bytes']):>8} KB (referenced, not fetched by "
                       "the browser: not counted)")
        first = visit_result["first_visit_wire_bytes"]
        line = f"  first visit: {visit_result['first_visit_requests']} requests, {_kb(first)} KB"
        if visit_result.get("target_bytes"):
            line += (f" (target <= {_kb(visit_result['target_bytes'])} KB: "
                     f"{'meets' if first <= visit_result['target_bytes'] else 'MISSES'})")
        out.append(line)
        out.append(f"  repeat visit: {visit_result['repeat_visit_requests']} request(s), "
                   f"{visit_result['repeat_visit_wire_bytes']} bytes ("
                   + ", ".join(f"{row['path'].split('?')[0]} {row['status'] or 'cached'}"
                               for row in visit_result["repeat_visit"] if row["status"] is not None) + ")")
        browser = visit_result.get("browser")
        if browser and "first" in browser:
            out.append(f"  Chromium: first visit {browser['first']['network_requests']} requests, "
                       f"{_kb(browser['first']['wire_bytes'])} KB; reload {browser['reload']['network_requests']} "
                       f"request(s), {browser['reload']['wire_bytes']} bytes; charts drawn: {browser['charts_drawn']}")
        elif browser:
            out.append(f"  Chromium: {browser.get('skipped') or browser.get('error')}")
    problems = result.get("problems") or []
    if problems:
        out.append("")
        out.append("PROBLEMS:")
        out.extend(f"  - {line}" for line in problems)
    print("\n".join(out))


def worker_deaths(log_text: str) -> dict:
    """Workers gunicorn saw die (signal or timeout), and the crash sites faulthandler wrote."""
    signals: dict[str, int] = {}
    for name in re.findall(r"Worker \(pid:\d+\) was sent (SIG\w+)", log_text):
        signals[name] = signals.get(name, 0) + 1
    timeouts = len(re.findall(r"WORKER TIMEOUT", log_text))
    sites: dict[str, int] = {}
    for block in re.findall(r"Fatal Python error: (.*?)\n\n(?:Current thread|Thread) [^\n]*\n((?:  [^\n]*\n){1,4})",
                            log_text):
        site = block[0] + ": " + " < ".join(line.strip() for line in block[1].splitlines()[:3])
        sites[site[:300]] = sites.get(site[:300], 0) + 1
    return {"signals": signals, "timeouts": timeouts, "fatal_errors": sites}


def find_problems(result: dict) -> list[str]:
    found = []
    deaths = result.get("gunicorn_worker_deaths") or {}
    for name, count in (deaths.get("signals") or {}).items():
        found.append(f"gunicorn: {count} worker(s) died of {name} (restarted by the master; see the "
                     "`gunicorn_worker_deaths` entry of the results, --keep keeps the log)")
    if deaths.get("timeouts"):
        found.append(f"gunicorn: {deaths['timeouts']} WORKER TIMEOUT(s)")
    for run in result.get("runs", []):
        errors = sum(run["socket_errors"].values())
        if run["non_2xx_3xx"] or errors:
            found.append(f"wrk {run['via']} {run['path']}: {run['non_2xx_3xx']} non-2xx/3xx, {errors} socket errors")
    checks = result.get("checks") or {}
    for check in checks.get("public_pages", []):
        if not check["ok"]:
            found.append(f"{check['path']}: status {check['status_direct']}/{check['status_nginx']}, Cache-Control "
                         f"{check['cache_control']!r}, X-Cache {check['x_cache_repeated']} / with cookie "
                         f"{check['x_cache_with_cookie']}, Set-Cookie {check['set_cookie']}")
        if check.get("x_accel_expires_reaches_client"):
            found.append(f"{check['path']}: X-Accel-Expires reaches the client")
    form = checks.get("form_page")
    if form and not form["ok"]:
        found.append(f"{form['path']}: served from the microcache or cacheable: X-Cache "
                     f"{form['x_cache_without_cookie']} / {form['x_cache_with_its_cookie']}, "
                     f"Cache-Control {form['cache_control']!r}")
    error_log = result.get("nginx", {}).get("error_log", [])
    for line in error_log[:10]:
        found.append(f"nginx error log: {line[:240]}")
    if len(error_log) > 10:
        found.append(f"nginx error log: {len(error_log) - 10} more lines")
    resets = sum(1 for line in error_log if "reset by peer) while reading response header from upstream" in line)
    if resets:
        found.append(f"{resets} upstream connection reset(s): nginx reused an idle keep-alive connection that "
                     "gunicorn was closing (gunicorn.conf.py keepalive = 5 s; the upstream block of "
                     "deploy/nginx.conf sets no shorter keepalive_timeout, nginx's default is 60 s). A GET was "
                     "answered from the stale microcache or retried; a POST would get a 502")
    access = result.get("nginx", {}).get("access_log") or {}
    bad = {status: count for status, count in (access.get("statuses") or {}).items() if not status.startswith(("2", "3"))}
    # Expected: the refused code checks (400) and what failed while PostgreSQL restarted (500).
    checks_run = result.get("code_checks") or {}
    expected_400 = sum((checks_run.get(name) or {}).get("n", 0) for name in ("unknown_locator", "wrong_secret"))
    restarted = bool((result.get("restarts") or {}).get("restarts"))
    failed_in_restart = (result.get("restarts") or {}).get("submissions", {}).get("failed", 0)
    if bad.get("400", 0) == expected_400:
        bad.pop("400", None)
    if restarted and bad.get("500", 0) <= failed_in_restart:
        bad.pop("500", None)
    if bad:
        found.append(f"nginx access log: responses {bad}")
    for line, count in (result.get("server_exceptions") or {}).items():
        if restarted and re.search(r"OperationalError|InvalidatePoolError|AdminShutdown", line):
            continue  # the database restart; its effect on reporters is in the restart results
        found.append(f"gunicorn log: {count} x {line}")
    return found


# --- main ----------------------------------------------------------------------------------------

def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    default_workers = multiprocessing.cpu_count() * 2 + 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="How to read it and a result: bench/README.md")
    parser.add_argument("--duration", type=float, default=15, help="seconds per measured wrk run (15)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL,
                        help=f"PostgreSQL base URL, the bench works in a scratch schema it drops at the end "
                             f"(default {DEFAULT_DATABASE_URL}); `sqlite` for a fresh SQLite file instead")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL,
                        help=f"REDIS_URL for rate limits ({DEFAULT_REDIS_URL}); `none` for memory://")
    parser.add_argument("--workers", type=int, default=default_workers,
                        help=f"gunicorn workers (as gunicorn.conf.py: 2 x CPUs + 1 = {default_workers})")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1, as gunicorn.conf.py)")
    parser.add_argument("--submissions", type=int, default=200, help="reports submitted through nginx (200)")
    parser.add_argument("--submission-clients", type=int, default=20, help="concurrent reporters (20)")
    parser.add_argument("--capacity-clients", default="1,2,4",
                        help="also submit with these few concurrent reporters, 24 reports each (1,2,4; '' skips)")
    parser.add_argument("--restart-seconds", type=float, default=40,
                        help="length of the restart run: PostgreSQL restarted at 1/4, Redis at 5/8 (40)")
    parser.add_argument("--no-restarts", action="store_true", help="skip the restart of PostgreSQL and Redis")
    parser.add_argument("--queue-reports", type=int, default=1_000_000,
                        help="reports generated for the staff queue phase (0 skips it; PostgreSQL only)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium cross-check of the visits")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (instance, nginx.conf, logs) and print its path")
    parser.add_argument("--show", metavar="FILE", default=None, help="print the summary of a saved result file")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be between 1 and 600 seconds")
    if not 1 <= args.connections <= 1000:
        parser.error("--connections must be between 1 and 1000")
    if not 1 <= args.workers <= 32 or not 1 <= args.threads <= 32:
        parser.error("--workers and --threads must be between 1 and 32")
    if not (args.database_url.startswith("postgresql") or args.database_url.startswith("sqlite")):
        parser.error("--database-url: a postgresql+psycopg:// URL or `sqlite`")
    if args.redis_url.lower() == "none":
        args.redis_url = None
    return args


def check_redis(url: str) -> str:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=3)
        return client.info("server").get("redis_version", "?")
    except Exception as error:  # noqa: BLE001 - any failure means the bench cannot run
        raise BenchError(f"Redis at {url}: {error}") from error


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.show:
        shown = json.loads(Path(args.show).read_text())
        shown["problems"] = find_problems(shown)  # with this version's notion of what is expected
        print_summary(shown)
        return 0
    try:
        import portal  # noqa: F401
    except ImportError:
        print("Run it with the project's Python, e.g. .venv/bin/python bench/stack.py", file=sys.stderr)
        return 1
    for tool in (NGINX, WRK):
        if not os.access(tool, os.X_OK):
            print(f"{tool} is needed", file=sys.stderr)
            return 1

    signal.signal(signal.SIGTERM, interrupt)
    timestamp = datetime.now(timezone.utc)
    workdir = Path(tempfile.mkdtemp(prefix="portal-stack-"))
    result = {"timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "command": " ".join(["python bench/stack.py", *(argv if argv is not None else sys.argv[1:])])}
    schema = app = nginx = copies = plain = None
    failed = False
    started = time.perf_counter()
    try:
        postgres = args.database_url.startswith("postgresql")
        schema = PostgresSchema(args.database_url, prefix="stack") if postgres else None
        dialect = "postgresql" if postgres else "sqlite"
        result["environment"] = environment(args, dialect, args.redis_url)
        if args.redis_url:
            result["environment"]["redis_version"] = check_redis(args.redis_url)
        database_url = schema.url if schema else f"sqlite:///{workdir / 'instance' / 'portal.sqlite3'}"
        app = App(workdir / "instance", database_url, args.workers, args.threads, args.redis_url, None)
        app.env["PYTHONFAULTHANDLER"] = "1"  # a worker that crashes leaves its Python stacks in the log

        log(f"preparing {workdir} ({dialect}{' + Redis' if args.redis_url else ''}): portal init, "
            "portal keys init-recovery")
        setup = app.prepare()
        log("loading the demo data: portal demo --no-serve")
        began = time.perf_counter()
        demo = portal_command(app, "demo", "--no-serve")
        setup["demo_output"] = demo.splitlines()
        setup["demo_seconds"] = round(time.perf_counter() - began, 1)
        for line in demo.splitlines()[1:]:
            log(f"  {line[:150]}")
        log("portal compress-static")
        copies = CompressedCopies(STATIC_DIR)
        setup["compress_static"] = copies.run(app)
        log(f"  {setup['compress_static']['output']}")
        result["setup"] = setup

        log(f"starting gunicorn on 127.0.0.1:{app.port} ({args.workers} workers x {args.threads} threads)")
        setup["gunicorn_start_seconds"] = round(app.start(), 2)
        nginx = Nginx(workdir / "nginx", app.port)
        config = nginx.write_config()
        nginx.test()
        log(f"starting nginx on 127.0.0.1:{nginx.port} ({nginx.conf})")
        setup["nginx_start_seconds"] = round(nginx.start(), 2)
        result["nginx"] = {"port": nginx.port, "config_changes": nginx.changes, "config": config,
                           "worker_processes": len(nginx.pids()) - 1}

        log("checks: public pages, microcache, form page")
        public_checks = [check_public_page(nginx.port, app.port, path) for path in PUBLIC_PAGES]
        result["checks"] = {"public_pages": public_checks, "form_page": check_form_page(nginx.port)}
        home = fetch(nginx.port, PUBLIC_PAGES[0], {"Accept-Encoding": "gzip"})
        match = re.search(r'["\'](' + re.escape(STATIC_TARGET) + r'\?v=[0-9a-f]+)["\']', home.text)
        if match is None:
            raise BenchError(f"{PUBLIC_PAGES[0]} does not link {STATIC_TARGET}?v=...")
        static_path = match.group(1)
        static_reply = fetch(nginx.port, static_path, {"Accept-Encoding": "gzip"})
        result["checks"]["static"] = {
            "path": static_path, "status": static_reply.status,
            "content_encoding": static_reply.header("content-encoding"),
            "cache_control": static_reply.header("cache-control"), "wire_bytes": static_reply.wire_bytes,
            "decoded_bytes": len(static_reply.body)}
        if static_reply.status != 200:
            raise BenchError(f"GET {static_path} through nginx: {static_reply.status}")

        processes = Processes(app, nginx)
        runs = [measure("static", "nginx", nginx.port, static_path, args, processes)]
        for path in PUBLIC_PAGES:
            runs.append(measure("page", "nginx", nginx.port, path, args, processes))
        for path in PUBLIC_PAGES:
            runs.append(measure("page", "gunicorn", app.port, path, args, processes))
        # Diagnostic: the same cached page without Accept-Encoding (the microcache keeps a copy per encoding).
        runs.append(measure("no gzip", "nginx", nginx.port, DIAGNOSTIC_PAGE, args, processes, headers=()))
        plain = PlainFlask(workdir, app)
        log(f"starting the plain Flask baseline (bench/plain_flask.py) on 127.0.0.1:{plain.port}")
        plain.start()
        runs.append(measure("plain Flask", "baseline", plain.port, BASELINE_PAGE, args, processes))
        plain_rows = table_rows(fetch(plain.port, BASELINE_PAGE).text)
        portal_rows = table_rows(fetch(app.port, BASELINE_PAGE).text)
        plain.stop()
        result["runs"] = runs
        static_rps = runs[0]["requests_per_second"]
        by_nginx = {run["path"]: run["requests_per_second"] for run in runs if run["via"] == "nginx"
                    and run["name"] == "page"}
        no_gzip = next((run["requests_per_second"] for run in runs if run["name"] == "no gzip"), None)
        by_direct = {run["path"]: run["requests_per_second"] for run in runs if run["via"] == "gunicorn"}
        over_static = {path: round(value / static_rps, 4) for path, value in by_nginx.items()}
        result["ratios"] = {
            "static_requests_per_second": static_rps,
            "nginx_page_over_static": over_static,
            "nginx_over_direct": {path: round(by_nginx[path] / by_direct[path], 2) if by_direct[path] else None
                                  for path in by_nginx},
            "lowest": min(over_static.values()),
            "target": RATIO_TARGET,
            "meets_target": min(over_static.values()) >= RATIO_TARGET,
            "no_gzip_over_static": round(no_gzip / static_rps, 4) if no_gzip is not None else None,
        }
        plain_rps = next(run["requests_per_second"] for run in runs if run["via"] == "baseline")
        result["baseline"] = {
            "page": BASELINE_PAGE, "plain_flask_requests_per_second": plain_rps,
            "portal_direct_requests_per_second": by_direct[BASELINE_PAGE],
            "portal_over_plain": round(by_direct[BASELINE_PAGE] / plain_rps, 2) if plain_rps else None,
            "table_rows": {"plain_flask": plain_rows, "portal": portal_rows},
            "target": BASELINE_TARGET,
        }
        result["baseline"]["meets_target"] = (result["baseline"]["portal_over_plain"] or 0) >= BASELINE_TARGET
        # The microcache after the load: still HIT.
        result["checks"]["x_cache_after_load"] = {path: x_cache_sequence(nginx.port, path, 2, {"Accept-Encoding": "gzip"})
                                                   for path in PUBLIC_PAGES}

        log("transfer size of a first and a repeat visit")
        chart_page, tried = find_chart_page(nginx.port, TRANSFER_PAGE)
        result["transfer"] = {"chart_page": chart_page, "chart_page_search": tried, "visits": []}
        pages = [TRANSFER_PAGE] + ([chart_page] if chart_page and chart_page != TRANSFER_PAGE else [])
        why_not = "--no-browser" if args.no_browser else browser_available()
        for path in pages:
            browser = None
            if why_not is None:
                try:
                    browser = browser_visit(nginx.port, path)
                except Exception as error:  # noqa: BLE001 - the cross-check is optional
                    browser = {"error": f"{error.__class__.__name__}: {str(error)[:300]}"}
            browser_paths = ({row["path"] for row in browser["first"]["requests"] if row["same_origin"]}
                             if browser and "first" in browser else None)
            visit_result = visit(nginx.port, path, browser_paths)
            visit_result["browser"] = browser if browser is not None else {"skipped": why_not}
            if path == chart_page:
                visit_result["target_bytes"] = FIRST_VISIT_TARGET_BYTES
                visit_result["meets_target"] = visit_result["first_visit_wire_bytes"] <= FIRST_VISIT_TARGET_BYTES
            result["transfer"]["visits"].append(visit_result)
        if chart_page is None:
            result["transfer"]["note"] = f"no page among {tried} loads {CHART_SCRIPT}"

        if postgres and args.queue_reports:
            result["staff_queues"] = staff_phase(app, nginx.port, database_url, args.queue_reports)
        log(f"submissions: {args.submissions} reports by {args.submission_clients} concurrent reporters through nginx")
        submissions, codes = run_submissions(app, args.submission_clients, args.submissions, dialect,
                                             port=nginx.port, time_cap=120)
        submissions["target_p95_ms"] = SUBMISSION_P95_TARGET_MS
        p95 = submissions["latency"]["post_confirm"].get("p95_ms")
        submissions["meets_target"] = p95 is not None and p95 <= SUBMISSION_P95_TARGET_MS
        result["submissions"] = submissions
        log(f"  {submissions['completed']} confirmed, {submissions['failed']} failed, "
            f"{submissions['submissions_per_second']}/s, final POST p95 {p95} ms")
        result["submission_capacity"] = []
        for clients in [int(value) for value in args.capacity_clients.split(",") if value.strip()]:
            run, more_codes = run_submissions(app, clients, 24, dialect, port=nginx.port, time_cap=60)
            codes += more_codes
            latency = run["latency"]["post_confirm"]
            result["submission_capacity"].append({
                "clients": clients, "completed": run["completed"], "failed": run["failed"],
                "submissions_per_second": run["submissions_per_second"], "post_confirm": latency,
                "whole_submission": run["latency"]["whole_submission"],
                "meets_target": latency.get("p95_ms") is not None and latency["p95_ms"] <= SUBMISSION_P95_TARGET_MS})
            log(f"  {clients} concurrent: final POST p95 {latency.get('p95_ms')} ms, {run['submissions_per_second']}/s")
        log("code checks through nginx: unknown locator, wrong secret, correct code")
        result["code_checks"] = run_checks(nginx.port, codes, unknown=100, wrong=30, right=30) if codes else {
            "skipped": "no confirmed report"}

        if not args.no_restarts:
            log(f"restart run: {args.restart_seconds:g} s of submissions through nginx, PostgreSQL restarted at "
                f"{args.restart_seconds / 4:g} s, Redis at {args.restart_seconds * 5 / 8:g} s")
            restart_result, confirmed = restarts.run(
                app, nginx.port, database_url, args.redis_url, TRANSFER_PAGE, args.restart_seconds,
                clients=8, postgres_at=args.restart_seconds / 4, redis_at=args.restart_seconds * 5 / 8)
            restart_result["kept"] = restarts.confirmed_reports_kept(database_url, codes + confirmed)
            log("  after the restarts: " + json.dumps(restart_result["kept"]))
            result["restarts"] = restart_result

        result["nginx"]["error_log"] = nginx.error_log_lines()
        result["nginx"]["access_log"] = nginx.access_log_summary()
        app.stop()
        result["server_exceptions"] = app.server_exceptions()
        result["gunicorn_worker_deaths"] = worker_deaths(app.log_text())
    except BenchError as error:
        failed = True
        print(f"\nBENCH FAILED: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        failed = True
        print("\ninterrupted", file=sys.stderr)
    finally:
        if plain is not None:
            plain.stop()
        if nginx is not None:
            nginx.stop()
        if app is not None:
            app.stop()
        if copies is not None:
            removed = copies.remove()
            log(f"removed the {removed} compressed copies from static/")
        if schema is not None:
            schema.drop()
        if args.keep:
            log(f"kept {workdir} (nginx.conf, logs, instance)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        return 1
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    result["problems"] = find_problems(result)
    path = write_results("stack", timestamp, result)
    print()
    print_summary(result)
    print(f"\nResults: {path.relative_to(PROJECT_ROOT)} ({result['total_seconds']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
