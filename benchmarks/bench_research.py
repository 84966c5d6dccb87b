"""Research export throughput and memory against the database's own CSV dump (run by hand).

    .venv/bin/python benchmarks/bench_research.py                    # 10,000 and 100,000
    .venv/bin/python benchmarks/bench_research.py 2000 --format parquet
    DATABASE_URL=postgres://koers@localhost/koers_bench .venv/bin/python benchmarks/bench_research.py
    .venv/bin/python benchmarks/bench_research.py 10000 --postgres postgres://koers@localhost/koers_bench

With ``--postgres URL`` each size runs twice, on a temporary SQLite file and on that
PostgreSQL database (migrated and **flushed**), one line each, named by the database.

For each size a worker process fills a fresh database (a temporary SQLite file unless
``DATABASE_URL`` is set, which is migrated and then **flushed**) with ``manage.py
generate_synthetic --measurements 20`` (20 scores per participant), gives every participant
research consent (bulk rows, benchmark only), and creates an approved study ``BENCH`` over all
programmes with the non-sensitive variables of the catalogue. Then it times:

- the export: ``manage.py export_study BENCH --out DIR --format F`` in its own process (the
  same engine as the background job: pseudonyms, disclosure control, participants, long and
  wide files, codebook, manifest, zip); rows = rows of participants + long + wide files;
- the baseline: the same score rows dumped straight from the database to CSV by the
  database itself: ``sqlite3 -csv`` (SQLite) or ``COPY (...) TO STDOUT WITH CSV`` through
  ``psql`` (PostgreSQL), of the join measurement value x measurement x instrument.

and prints rows per second of both, the ratio (export / dump), and the peak resident memory
(max RSS) of the export process. The export streams (chunked, ordered reads merged per
participant; disclosure control keeps counts per combination of quasi-identifiers), so the
peak at 100,000 participants should be about that at 10,000.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from runner import ROOT, fresh_database, generate, parser_for, run_workers, start_django

DUMP_SQL = (
    "SELECT m.participant_id, m.wave, m.date, i.code, v.item, v.value "
    "FROM casework_measurementvalue v "
    "JOIN casework_measurement m ON m.id = v.measurement_id "
    "JOIN casework_instrument i ON i.id = m.instrument_id "
    "ORDER BY m.participant_id, m.date, v.item"
)


def main() -> None:
    parser = parser_for(__doc__, sizes=[10_000, 100_000], measurements=20)
    parser.add_argument("--format", choices=["csv", "parquet", "sav", "dta"], default="csv")
    parser.add_argument(
        "--postgres", metavar="URL", help="also run every size on this PostgreSQL database"
    )
    args = parser.parse_args()
    if args.worker:
        run_one(args.sizes[0], fmt=args.format, measurements=args.measurements)
        return
    print(
        f"{'database':>10} {'participants':>12} {'rows':>10} {'export s':>9} {'rows/s':>9} "
        f"{'dump s':>7} {'dump rows/s':>11} {'ratio':>6} {'peak MiB':>9}",
        flush=True,
    )
    extra = ("--format", args.format, "--measurements", str(args.measurements))
    if not args.postgres:
        run_workers(__file__, args.sizes, *extra)
        return
    for size in args.sizes:
        # SQLite first (a temporary file: no DATABASE_URL), then the PostgreSQL database.
        given = os.environ.pop("DATABASE_URL", None)
        run_workers(__file__, [size], *extra)
        os.environ["DATABASE_URL"] = args.postgres
        run_workers(__file__, [size], *extra)
        os.environ.pop("DATABASE_URL")
        if given is not None:
            os.environ["DATABASE_URL"] = given


def run_one(size: int, *, fmt: str, measurements: int) -> None:
    start_django()
    import datetime as dt

    from django.db import connection

    from accounts.roles import PRIVACY_OFFICER, RESEARCHER
    from accounts.services import upsert_user
    from casework.models import Participant
    from casework.registry import programmes
    from privacy.models import Consent, Purpose
    from research import catalogue as cat
    from research import services

    fresh_database()
    started = time.monotonic()
    generate(size, measurements=measurements)
    # Research consent for everybody: bulk rows (benchmark only; the service writes one).
    batch = []
    for pk in Participant.objects.values_list("pk", flat=True).iterator(5000):
        batch.append(
            Consent(
                subject_id=pk,
                purpose=Purpose.RESEARCH,
                status="given",
                effective_on=dt.date(2022, 1, 1),
                text_version="bench",
            )
        )
        if len(batch) >= 5000:
            Consent.objects.bulk_create(batch)
            batch = []
    Consent.objects.bulk_create(batch)
    print(f"# {size} participants generated in {time.monotonic() - started:.0f} s", flush=True)

    researcher = upsert_user(username="bench-researcher", password=None, roles=[RESEARCHER])
    officer = upsert_user(username="bench-privacy", password=None, roles=[PRIVACY_OFFICER])
    names = [n for n, v in cat.catalogue().items() if not v.sensitive]
    group = services.create_group(actor=officer, name="Benchmark", institution="-")
    services.add_group_member(actor=officer, group=group, user=researcher)
    study = services.request_study(
        actor=researcher,
        code="BENCH",
        title="Benchmark",
        principal_investigator="-",
        institution="-",
        ethics_reference="-",
        purpose="Benchmark",
        period_start=dt.date(2000, 1, 1),
        period_end=None,
        programmes=sorted(programmes()),
        waves=[],
        variables=names,
        k=5,
    )
    services.decide_study(
        actor=officer, study=study, expected_version=study.version, decision="approve"
    )

    out = Path(os.environ.get("KOERS_BENCH_TMP", tempfile.gettempdir())) / "out"
    # The export in a process of its own, so that its peak RSS is its own: the wrapper
    # times the command (Django's start-up excluded) and reports its peak RSS (VmHWM of
    # /proc/self/status; ru_maxrss would carry over the forking parent's pages on Linux).
    wrapper = (
        "import django, json, resource, sys, time; django.setup();"
        "from django.core.management import call_command;"
        "t = time.monotonic();"
        f"call_command('export_study', 'BENCH', '--out', {str(out)!r}, '--format', {fmt!r});"
        "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')];"
        "print(json.dumps({'s': time.monotonic() - t, 'rss_kib': int(hwm[0]) if hwm else "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper],
        env=dict(os.environ),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    lines = result.stdout.strip().splitlines()
    measured = json.loads(lines[-1])
    export_s, peak_mib = measured["s"], measured["rss_kib"] / 1024
    result.stdout = "\n".join(lines[:-1])
    from research.models import Export

    export = Export.objects.get(study=study)
    rows = sum(export.summary["rows"].values())

    dump_path = out / "dump.csv"
    begin = time.monotonic()
    if connection.vendor == "sqlite":
        with open(dump_path, "w") as handle:
            subprocess.run(
                ["sqlite3", "-csv", connection.settings_dict["NAME"], DUMP_SQL],
                stdout=handle,
                check=True,
            )
    else:
        url = urlparse(os.environ["DATABASE_URL"])
        dsn = url._replace(scheme="postgresql").geturl()
        with open(dump_path, "w") as handle:
            subprocess.run(
                ["psql", dsn, "-c", f"COPY ({DUMP_SQL}) TO STDOUT WITH CSV"],
                stdout=handle,
                check=True,
            )
    dump_s = time.monotonic() - begin
    with open(dump_path) as handle:
        dump_rows = sum(1 for _ in handle)
    print(
        f"{connection.vendor:>10} {size:>12} {rows:>10} {export_s:>9.1f} {rows / export_s:>9.0f} {dump_s:>7.1f} "
        f"{dump_rows / dump_s:>11.0f} {(rows / export_s) / (dump_rows / dump_s):>6.2f} "
        f"{peak_mib:>9.0f}",
        flush=True,
    )
    print(f"#   {result.stdout.strip()}", flush=True)


if __name__ == "__main__":
    main()
