"""What the benchmarks share: the log line, the nearest-rank percentile, the results file, the
clean stop on SIGTERM, an app in the bench's own process, statement timing and memory units. Imported by the scripts of this folder (their own folder is first on
sys.path when they run)."""
from __future__ import annotations

import hashlib
import json
import secrets
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import event

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (p95 of 50 runs is the 48th fastest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(round(fraction * 1000)) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def summarise(seconds: list[float]) -> dict:
    """Count, nearest-rank p50/p95, max and mean of durations, in milliseconds."""
    ms = [value * 1000 for value in seconds]
    return {
        "n": len(ms),
        "p50_ms": _round(percentile(ms, 0.50)),
        "p95_ms": _round(percentile(ms, 0.95)),
        "max_ms": _round(max(ms) if ms else None),
        "mean_ms": _round(sum(ms) / len(ms) if ms else None),
    }


def write_results(name: str, timestamp: datetime, result: dict) -> Path:
    """bench/results/<name>-<UTC timestamp>.json"""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}-{timestamp.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return path


def interrupt(_signum, _frame) -> None:
    """SIGTERM handler (a CI timeout, say): clean up as on Ctrl+C."""
    raise KeyboardInterrupt


def make_app(url: str, instance: Path):
    """The app in this process, configured as the tests do, without rate limits."""
    from portal import create_app, envelope

    public, _private = envelope.generate_recovery_keypair()
    return create_app({
        "TESTING": True,
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secrets.token_bytes(32),
        "RATE_LIMIT_SECRET": secrets.token_bytes(32),
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": False,  # hundreds of GETs from one client are the bench, not abuse
        "CODE_PEPPER": secrets.token_bytes(32),
        "RECEIPT_SIGNING_KEY": envelope.new_signing_key(),
        "RECOVERY_PUBLIC_KEY": public,
        "UPLOAD_FOLDER": str(instance / "uploads"),
        "PREFERRED_URL_SCHEME": "https",
    })


class StatementRecorder:
    """Every statement an engine runs while active: (sql, parameters, seconds). Without
    `keep_parameters` the parameters are dropped (an import's staging inserts carry thousands
    of rows each: keeping them would grow the memory being measured)."""

    def __init__(self, engine, keep_parameters: bool = True):
        self.engine, self.statements, self._started = engine, [], []
        self.keep_parameters = keep_parameters

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        self._started.append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        elapsed = time.perf_counter() - self._started.pop() if self._started else 0.0
        self.statements.append((statement, parameters if self.keep_parameters else None, elapsed))

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def take(self) -> list:
        taken, self.statements = self.statements, []
        return taken


def source_digest() -> str:
    """sha256 of portal/'s code and templates as measured (others may edit the tree meanwhile)."""
    digest = hashlib.sha256()
    for path in sorted((PROJECT_ROOT / "portal").rglob("*")):
        if path.suffix in (".py", ".html", ".json") and "__pycache__" not in path.parts:
            try:
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
            except OSError:
                pass
    return digest.hexdigest()


def mib(kib: float | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)
