"""A public table over many participants, released with the cell key method, against the same
aggregate query without noise (run by hand).

    .venv/bin/python benchmarks/bench_release.py                 # 10,000 and 100,000
    .venv/bin/python benchmarks/bench_release.py 20000 --repeat 9
    DATABASE_URL=postgres://koers@localhost/koers_bench .venv/bin/python benchmarks/bench_release.py

For each size a worker process fills a fresh database (a temporary SQLite file unless
``DATABASE_URL`` is set, which is migrated and then **flushed**) with ``manage.py
generate_synthetic --measurements 0``. Then it times, in process, the median of ``--repeat``
runs of:

- the baseline: participants by wijk, gender and year of birth, counted by the database
  (``values(...).annotate(n=Count("id"))``), read into a list: the least any page showing this
  table must do;
- the release: the same query also summing the record keys, every margin added
  (``privacy.release.with_margins``) and the table released for the public
  (``privacy.release.release``: a cell key and a look-up in the perturbation table per cell).

and prints both and their ratio. The issue asks for at most 2 at 100,000 participants.
"""

from __future__ import annotations

from runner import fresh_database, generate, median_ms, parser_for, run_workers, start_django

DIMENSIONS = ("wijk", "gender", "year_of_birth")


def main() -> None:
    args = parser_for(__doc__, sizes=[10_000, 100_000], repeat=7).parse_args()
    if args.worker:
        run_one(args.sizes[0], repeat=args.repeat)
        return
    print(f"{'participants':>12} {'cells':>6} {'query ms':>9} {'release ms':>11} {'ratio':>6}")
    run_workers(__file__, args.sizes, "--repeat", str(args.repeat))


def run_one(size: int, *, repeat: int) -> None:
    start_django()
    from django.db.models import Count, Sum

    from casework.models import Participant
    from privacy.release import Audience, cells_from_counts, declare, release, with_margins

    fresh_database()
    generate(size)
    table = declare(
        "benchmarks.people",
        title="Deelnemers per wijk, gender en geboortejaar",
        dimensions=DIMENSIONS,
        unit="participant",
        population="every participant (benchmark)",
        audiences=[Audience.PUBLIC],
    )

    def baseline():
        return list(Participant.objects.values_list(*DIMENSIONS).annotate(n=Count("id")))

    def released():
        rows = Participant.objects.values_list(*DIMENSIONS).annotate(
            n=Count("id"), k=Sum("record_key")
        )
        cells = with_margins(cells_from_counts((row[:-2], row[-2], row[-1]) for row in rows))
        return release(table, cells, audience=Audience.PUBLIC)

    query_ms, rows = median_ms(baseline, repeat)
    release_ms, public = median_ms(released, repeat)
    assert public.total.value >= 0 and len(rows) > 1
    print(
        f"{size:>12} {len(public.figures):>6} {query_ms:>9.1f} {release_ms:>11.1f} "
        f"{release_ms / query_ms:>6.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
