"""The public monitor over many participants against the login page (run by hand).

    .venv/bin/python benchmarks/bench_monitor.py                 # 10,000 and 100,000
    .venv/bin/python benchmarks/bench_monitor.py 20000 --repeat 9
    DATABASE_URL=postgres://koers@localhost/koers_bench .venv/bin/python benchmarks/bench_monitor.py

For each size a worker process fills a fresh database (a temporary SQLite file unless
``DATABASE_URL`` is set, which is migrated and then **flushed**) with ``manage.py
generate_synthetic --measurements 0``, loads the plan's monitor with the demo's values and
computes the Koers indicators (``refresh_koers_values``, timed once: the nightly job). Then it
times, in process through Django's test client, the median of ``--repeat`` anonymous GETs of:

- the login page (``/account/inloggen/``): the least a page of Koers does;
- the public monitor (``/monitor/``): the whole goal tree with the status of every node.

and prints both and their ratio. The issue asks for at most 2 at 100,000 participants: the
monitor reads figures computed ahead, so its time does not grow with the participants.
"""

from __future__ import annotations

import argparse
import sys
import time
from io import StringIO
from pathlib import Path

from runner import median_ms, run_workers

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_one(args.sizes[0], repeat=args.repeat)
        return
    print(f"{'participants':>12} {'refresh s':>10} {'login ms':>9} {'monitor ms':>11} {'ratio':>6}")
    run_workers(__file__, args.sizes, "--repeat", str(args.repeat))


def run_one(size: int, *, repeat: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from demo import monitoring as monitor_demo
    from monitoring import services

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command(
        "generate_synthetic",
        f"--participants={size}",
        "--seed=1",
        "--measurements=0",
        stdout=StringIO(),
    )
    begin = time.perf_counter()
    monitor_demo.seed(stdout=StringIO())
    services.refresh_koers_values(actor=None)
    refresh_s = time.perf_counter() - begin
    client = Client(HTTP_HOST="localhost")

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    login_ms, _ = median_ms(get("/account/inloggen/"), repeat)
    monitor_ms, _ = median_ms(get("/monitor/"), repeat)
    print(
        f"{size:>12} {refresh_s:>10.1f} {login_ms:>9.1f} {monitor_ms:>11.1f} "
        f"{monitor_ms / login_ms:>6.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
