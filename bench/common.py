"""What the benchmarks share: the log line, the nearest-rank percentile, the results file and
the clean stop on SIGTERM. Imported by the scripts of this folder (their own folder is first on
sys.path when they run)."""
from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

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
