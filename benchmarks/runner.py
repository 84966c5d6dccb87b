"""What the benchmark scripts share: the options, each size run in a worker process on a fresh
database (a temporary SQLite file unless ``DATABASE_URL`` is set) filled by
``generate_synthetic``, and timings as medians."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parser_for(doc: str, *, sizes: list[int], **defaults: int) -> argparse.ArgumentParser:
    """The options of a script: the sizes, the hidden ``--worker`` and one ``--<name>`` per
    default given (``repeat=15`` gives ``--repeat``, default 15)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=sizes)
    for name, default in defaults.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    return parser


def run_workers(script: str, sizes: list[int], *extra: str) -> None:
    """Run ``script --worker [extra...] SIZE`` once per size, each on a fresh database; the
    worker finds its temporary folder in ``KOERS_BENCH_TMP``."""
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="koers-bench-") as tmp:
            env = dict(os.environ)
            env.setdefault("DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            env.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings_test")
            env["KOERS_DEBUG"] = "0"
            env["KOERS_BENCH_TMP"] = tmp
            subprocess.run(
                [sys.executable, script, "--worker", *extra, str(size)],
                env=env,
                cwd=ROOT,
                check=True,
            )


def start_django() -> None:
    """In a worker: the project importable and Django set up."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fresh_database() -> None:
    """Migrate the worker's database and empty it (fresh, also for a ``DATABASE_URL``)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def generate(participants: int, *, measurements: int = 0, seed: int = 1, **options: str) -> None:
    """``manage.py generate_synthetic`` quietly; ``options`` such as ``team`` and
    ``caseworker`` are passed on as ``--team=...``."""
    from django.core.management import call_command

    call_command(
        "generate_synthetic",
        f"--participants={participants}",
        f"--seed={seed}",
        f"--measurements={measurements}",
        *(f"--{name}={value}" for name, value in options.items()),
        stdout=StringIO(),
    )


def generate_caseloads(total: int, caseloads: list[int], *, measurements: int) -> None:
    """``total`` participants: team ``bench<N>`` with caseworker ``bench<N>-caseworker`` for
    every caseload N, the rest in team ``synth``; prints how long it took."""
    started = time.monotonic()
    teams = [("synth", total - sum(caseloads))] + [(f"bench{n}", n) for n in caseloads]
    for seed, (team, count) in enumerate(teams, start=1):
        if count:
            generate(
                count,
                measurements=measurements,
                seed=seed,
                team=team,
                caseworker=f"{team}-caseworker",
            )
    print(f"# {total} participants generated in {time.monotonic() - started:.0f} s", flush=True)


def median_ms(call, repeat: int):
    """The median time of ``repeat`` calls after one warm-up, in ms, and the last result."""
    call()
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times), result
