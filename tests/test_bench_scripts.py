"""The benchmarks under bench/ are run by hand, not by CI; this keeps them from rotting when the
code they call changes (they import the portal's services directly)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize("script", ["funds.py", "institutions.py", "queues.py", "reports.py", "stack.py"])
def test_bench_script_starts(script):
    done = subprocess.run([sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True,
                          timeout=120, cwd=BENCH.parent)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


def test_plain_flask_baseline_renders_the_funds_table(app, database_url):
    code = ("import plain_flask; response = plain_flask.app.test_client().get('/zh/funds'); "
            "print(response.status_code, b'<table>' in response.data)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=BENCH, env={**os.environ, "DATABASE_URL": database_url,
                                          "PYTHONPATH": f"{BENCH}:{BENCH.parent}"})
    assert done.stdout.split() == ["200", "True"], done.stderr
