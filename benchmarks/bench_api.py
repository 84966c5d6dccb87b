"""Time a page of 100 participants through the API against a minimal endpoint (run by hand).

    .venv/bin/python benchmarks/bench_api.py             # 2,000 participants
    .venv/bin/python benchmarks/bench_api.py 10000 --repeat 20

The script fills a fresh database with ``generate_synthetic``: team ``bench200`` with a
caseload of 200 participants (caseworker ``bench200-caseworker``) and the rest in team
``synth``. With a personal API token of that caseworker (``accounts.tokens.create_token``,
scopes read) it times, in process with the Django test client:

- ``GET /api/v1/participants/?page_size=100``: one cursor page of 100 participants,
  decrypted, each written to the access log;
- the baseline ``GET /api/v1/nope/``: the problem+json 404 of an unknown API path, with the
  same token, so through the same middleware and token check but no view, query of case
  data or serializer; "ratio" = page time / baseline time, comparable between machines;
- for reference ``GET /api/v1/instruments/`` (a small DRF list without case data).

Same choices as ``bench_pages.py``: settings ``koers.settings_test`` with ``KOERS_DEBUG=0``,
a subprocess per size, a temporary SQLite file unless ``DATABASE_URL`` is set (migrated and
then **flushed**), the median of ``--repeat`` requests after a warm-up, and the number of
queries of one request.
"""

from __future__ import annotations

import logging
import statistics
import time

from runner import (
    fresh_database,
    generate_caseloads,
    parser_for,
    run_workers,
    start_django,
)

CASELOAD = 200
PAGE = 100


def main() -> None:
    parser = parser_for(__doc__, sizes=[2000], repeat=10, measurements=5)
    args = parser.parse_args()
    if args.worker:
        run_one(args.sizes[0], repeat=args.repeat, measurements=args.measurements)
        return
    for size in args.sizes:
        if size < CASELOAD:
            parser.error(f"each size must be at least {CASELOAD} (the benchmark team)")
    print(
        f"{'total':>7} {'404 ms':>7} {'instr ms':>8} {'page ms':>8} {'ratio':>6} "
        f"{'queries':>7} {'rows':>5}"
    )
    run_workers(
        __file__, args.sizes, "--repeat", str(args.repeat), "--measurements", str(args.measurements)
    )


def run_one(size: int, *, repeat: int, measurements: int) -> None:
    start_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts import tokens
    from accounts.models import User

    logging.getLogger("django.request").setLevel(logging.ERROR)  # no line per baseline 404

    fresh_database()
    generate_caseloads(size, [CASELOAD], measurements=measurements)

    user = User.objects.get(username=f"bench{CASELOAD}-caseworker")
    token = tokens.create_token(user=user, name="bench", scopes=["read"]).plaintext
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")

    def timed(url: str, status: int) -> tuple[float, int, object]:
        def get():
            cache.clear()  # the throttles count every request; the benchmark is not a client
            response = client.get(url)
            assert response.status_code == status, (url, response.status_code)
            return response

        response = get()  # warm-up
        times = []
        for _ in range(repeat):
            begin = time.perf_counter()
            get()
            times.append(time.perf_counter() - begin)
        with CaptureQueriesContext(connection) as queries:
            get()
        return statistics.median(times) * 1000, len(queries), response

    baseline, _, _ = timed("/api/v1/nope/", 404)
    instruments, _, _ = timed("/api/v1/instruments/", 200)
    page_ms, page_queries, response = timed(f"/api/v1/participants/?page_size={PAGE}", 200)
    rows = len(response.json()["results"])
    print(
        f"{size:>7} {baseline:>7.1f} {instruments:>8.1f} {page_ms:>8.1f} "
        f"{page_ms / baseline:>6.1f} {page_queries:>7} {rows:>5}",
        flush=True,
    )


if __name__ == "__main__":
    main()
