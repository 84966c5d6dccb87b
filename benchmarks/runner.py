"""What the benchmark scripts share: each size runs in a worker process on a fresh database
(a temporary SQLite file unless ``DATABASE_URL`` is set), and timings are medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_workers(script: str, sizes: list[int], *extra: str) -> None:
    """Run ``script --worker [extra...] SIZE`` once per size, each on a fresh database."""
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="koers-bench-") as tmp:
            env = dict(os.environ)
            env.setdefault("DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            env.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings_test")
            env["KOERS_DEBUG"] = "0"
            subprocess.run(
                [sys.executable, script, "--worker", *extra, str(size)],
                env=env,
                cwd=ROOT,
                check=True,
            )


def median_ms(call, repeat: int):
    """The median time of ``repeat`` calls after one warm-up, in ms, and the last result."""
    call()
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times), result
