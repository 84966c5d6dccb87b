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

import time
from io import StringIO

from runner import fresh_database, generate, median_ms, parser_for, run_workers, start_django


def main() -> None:
    args = parser_for(__doc__, sizes=[10_000, 100_000], repeat=15).parse_args()
    if args.worker:
        run_one(args.sizes[0], repeat=args.repeat)
        return
    print(f"{'participants':>12} {'refresh s':>10} {'login ms':>9} {'monitor ms':>11} {'ratio':>6}")
    run_workers(__file__, args.sizes, "--repeat", str(args.repeat))


def run_one(size: int, *, repeat: int) -> None:
    start_django()
    from django.test import Client

    from demo import monitoring as monitor_demo
    from monitoring import services

    fresh_database()
    generate(size)
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
