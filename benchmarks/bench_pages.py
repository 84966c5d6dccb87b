"""Time the caseworker pages against database size and caseload size (run by hand).

    .venv/bin/python benchmarks/bench_pages.py            # 2,000 and 10,000 participants
    .venv/bin/python benchmarks/bench_pages.py 5000       # one database of 5,000
    .venv/bin/python benchmarks/bench_pages.py --repeat 10 2000 10000

For each total size the script fills a fresh database with ``generate_synthetic``: three
benchmark teams with a caseload of 50, 200 and 1,000 participants (each with its own
caseworker, ``bench<N>-caseworker``) and the rest of the participants in team ``synth``.
What the pages cost should follow the caseload, not the size of the database: the rows
show both.

Choices:
- Server: the Django test client, in-process (no network, no runserver), settings module
  ``koers.settings_test`` (fixed test keys, fast password hashing) with ``KOERS_DEBUG=0``
  so that no query log is kept. Each size runs in a subprocess of its own, because Django
  settings (the database) are fixed once per process.
- Database: a fresh SQLite file in a temporary directory, unless ``DATABASE_URL`` is set
  (e.g. PostgreSQL); that database is migrated and then emptied with ``flush``: do not
  point it at a database whose data you want to keep.
- Baselines: the bare page (``bare_page.py``), the same 50 rows of the caseload of 50 copied
  once into a plain unencrypted table and rendered by a minimal view in the base template,
  through the same middleware and for the same logged-in caseworker: "x bare" = caseload
  page time / bare page time (the issue asks for at most 3). The view and table exist only
  in the benchmark's database and in a URLconf of its own, never in the project's URLs.
  And the login page, ``GET /account/inloggen/`` as an anonymous user, for the file page:
  "x login" = file page time / login page time.
- Each time is the median of ``--repeat`` requests after one warm-up request; the number
  of database queries of one request is shown too (it should not grow with the caseload).
- The table's bare page is timed once, before the caseload pages: on a shared machine the load
  may change in between. The last line therefore times the caseload of 50 and the bare page
  again in turns (twice ``--repeat`` requests each), wall-clock and CPU time: the ratio to
  read when the machine is busy.
"""

from __future__ import annotations

import statistics
import time

from runner import (
    fresh_database,
    generate_caseloads,
    parser_for,
    run_workers,
    start_django,
)

CASELOADS = (50, 200, 1000)


def main() -> None:
    parser = parser_for(__doc__, sizes=[2000, 10000], repeat=5, measurements=20)
    args = parser.parse_args()
    if args.worker:
        run_one(args.sizes[0], repeat=args.repeat, measurements=args.measurements)
        return
    for size in args.sizes:
        if size < sum(CASELOADS):
            parser.error(f"each size must be at least {sum(CASELOADS)} (the benchmark teams)")
    print(header())
    run_workers(
        __file__, args.sizes, "--repeat", str(args.repeat), "--measurements", str(args.measurements)
    )


def header() -> str:
    return (
        f"{'total':>7} {'caseload':>8} {'login ms':>9} {'bare ms':>8} {'list ms':>8} "
        f"{'x bare':>6} {'queries':>7} {'file ms':>8} {'x login':>7} {'queries':>7}"
    )


def run_one(size: int, *, repeat: int, measurements: int) -> None:
    start_django()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    fresh_database()
    generate_caseloads(size, CASELOADS, measurements=measurements)

    def timed(client: Client, url: str) -> tuple[float, int]:
        response = client.get(url)  # warm-up
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeat):
            begin = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - begin)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return statistics.median(times) * 1000, len(queries)

    import bare_page

    bare_page.install(User.objects.get(username="bench50-caseworker"), "bench50")
    try:
        with override_settings(ROOT_URLCONF=bare_page.URLCONF):
            time_pages(size, timed, bare_page.URL, repeat=repeat)
    finally:
        bare_page.remove()


def time_pages(size: int, timed, bare_url: str, *, repeat: int) -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from casework.models import Enrolment

    cache.clear()
    baseline, _ = timed(Client(HTTP_HOST="localhost"), reverse("accounts:login"))
    bare_client = Client(HTTP_HOST="localhost")
    bare_client.force_login(User.objects.get(username="bench50-caseworker"))
    bare, bare_queries = timed(bare_client, bare_url)
    print(f"# bare page: {bare_queries} queries", flush=True)
    side_by_side = []
    for caseload in CASELOADS:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=f"bench{caseload}-caseworker"))
        participant_id = (
            Enrolment.objects.filter(team__code=f"bench{caseload}")
            .order_by("participant_id")
            .values_list("participant_id", flat=True)
            .first()
        )
        list_ms, list_queries = timed(client, reverse("casework:caseload"))
        file_ms, file_queries = timed(
            client, reverse("casework:participant_file", args=[participant_id])
        )
        print(
            f"{size:>7} {caseload:>8} {baseline:>9.1f} {bare:>8.1f} {list_ms:>8.1f} "
            f"{list_ms / bare:>6.1f} {list_queries:>7} {file_ms:>8.1f} {file_ms / baseline:>7.1f} "
            f"{file_queries:>7}",
            flush=True,
        )
        if caseload == CASELOADS[0]:
            side_by_side.append((client, reverse("casework:caseload")))
    print_interleaved((bare_client, bare_url), side_by_side[0], repeat=repeat)


def print_interleaved(bare: tuple, page: tuple, *, repeat: int) -> None:
    """The caseload of 50 and the bare page timed in turns, request by request (the order
    swapped every round), so that both see the same load on a shared machine: the wall-clock
    and the process's CPU time (on SQLite the database's work is in the process too; on
    PostgreSQL the server's is not)."""
    times: dict[str, list[tuple[float, float]]] = {"bare": [], "page": []}
    for index in range(repeat * 2):
        rounds = (("bare", bare), ("page", page)) if index % 2 else (("page", page), ("bare", bare))
        for name, (client, url) in rounds:
            begin, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times[name].append(
                ((time.perf_counter() - begin) * 1000, (time.process_time() - cpu) * 1000)
            )
            assert response.status_code == 200, (url, response.status_code)
    wall = {name: statistics.median(t[0] for t in pairs) for name, pairs in times.items()}
    cpu = {name: statistics.median(t[1] for t in pairs) for name, pairs in times.items()}
    print(
        f"# caseload of {CASELOADS[0]} and bare page in turns ({repeat * 2} each): wall "
        f"{wall['page']:.1f} / {wall['bare']:.1f} ms = x {wall['page'] / wall['bare']:.2f}; "
        f"CPU {cpu['page']:.1f} / {cpu['bare']:.1f} ms = x {cpu['page'] / cpu['bare']:.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
