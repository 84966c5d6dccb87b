"""Time the outcome report of an agreement with 10,000 participants against a page view (run
by hand, never in the tests).

    .venv/bin/python benchmarks/bench_financing.py              # 10,000 participants
    .venv/bin/python benchmarks/bench_financing.py 2000 10000 --repeat 5

The script fills a fresh database with ``generate_synthetic`` (``--measurements 9``: per
participant the ZRM at three waves and goal attainment at two), moves every enrolment into
the Gezinslab (benchmark data only: the generator spreads them over five programmes), gives
every participant consent for reporting to funders (bulk rows, benchmark data only) and
makes an agreement with two outcome definitions (goal attainment +2, ZRM Financiën 1-2 to
3+) and 200 claims. It then times, in process, the median of ``--repeat`` runs after a
warm-up:

- ``page``: the baseline page view, ``GET /financiering/`` (the agreements list) of the
  evaluator on the agreement, through the whole middleware stack;
- ``build``: ``financing.reports.build`` from scratch (counts, rule evaluation over the whole
  cohort in chunks, the release for the evaluator);
- ``cold``: ``GET`` of the report page with the report cache emptied first (build, charts,
  template, access-log write): the first view after any change of the data;
- ``report``: ``GET`` of the report page while the data are unchanged (the report is reused:
  ``reports.build_cached``, keyed by the newest history row of every source table);
- ``csv``, ``xlsx``, ``pdf``: ``financing.reports.generate`` in that format (reused report,
  render, SHA-256 and the access-log write);

with "ratio" = report page / baseline page, "cold ratio" = cold / baseline, and the peak of
Python memory allocations
(``tracemalloc``) during one build: flat in the number of participants, because the facts
are read in chunks and grouped per participant as they stream. Settings ``koers.settings_test``
with ``KOERS_DEBUG=0``; a temporary SQLite file unless ``DATABASE_URL`` is set (migrated
and then **flushed**). Figures are in ``benchmarks/README.md`` once the lead merges them,
and in ``docs/financing.md``.
"""

from __future__ import annotations

import logging
import statistics
import time
import tracemalloc

from runner import (
    fresh_database,
    generate,
    parser_for,
    run_workers,
    start_django,
)


def main() -> None:
    args = parser_for(__doc__, sizes=[10000], repeat=5).parse_args()
    if args.worker:
        run_one(args.sizes[0], repeat=args.repeat)
        return
    print(
        f"{'total':>7} {'page ms':>8} {'build ms':>9} {'cold ms':>8} {'report ms':>10} "
        f"{'csv ms':>7} {'xlsx ms':>8} {'pdf ms':>7} {'ratio':>6} {'cold ratio':>10} "
        f"{'peak MB':>8}"
    )
    run_workers(__file__, args.sizes, "--repeat", str(args.repeat))


def run_one(size: int, *, repeat: int) -> None:
    start_django()
    import datetime as dt
    import uuid
    from decimal import Decimal

    from django.core.cache import cache
    from django.db.models import Max, Min
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Organisation, User
    from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD
    from accounts.services import upsert_user
    from casework.models import Enrolment, Participant, Programme
    from financing import reports, services
    from financing.models import Claim
    from privacy.models import Consent

    logging.getLogger("django.request").setLevel(logging.ERROR)
    fresh_database()
    started = time.monotonic()
    generate(size, measurements=9)
    gezinslab = Programme.objects.get(code="gezinslab")
    # Benchmark data only: one programme for all, consent for reporting to funders for all.
    Enrolment.objects.update(programme=gezinslab)
    first = Enrolment.objects.aggregate(a=Min("start_date"), b=Max("start_date"))
    Consent.objects.bulk_create(
        [
            Consent(
                subject_id=pk,
                purpose="funder_reporting",
                status="given",
                effective_on=first["a"],
                text_version="bench",
            )
            for pk in Participant.objects.values_list("pk", flat=True).iterator()
        ],
        batch_size=2000,
    )
    print(f"# {size} participants ready in {time.monotonic() - started:.0f} s", flush=True)

    office = upsert_user(username="bench-office", password=None, roles=[PROGRAMME_OFFICE])
    evaluator = upsert_user(username="bench-evaluator", password=None, roles=[EVALUATOR])
    lead = upsert_user(username="bench-lead", password=None, roles=[TEAM_LEAD])
    funder = Organisation.objects.create(code="bench-fno", name="FNO", kind="funder")
    provider = Organisation.objects.create(code="bench-provider", name="Uitvoerder")
    agreement = services.create_agreement(
        actor=office,
        code="BENCH",
        name="Benchmark",
        payer=funder,
        providers=[provider],
        programme=gezinslab,
        start_date=dt.date(2000, 1, 1),
        end_date=dt.date(2040, 12, 31),
        cap=Decimal("10000000"),
    )
    services.grant(actor=office, agreement=agreement, user=evaluator)
    definitions = [
        services.add_definition(
            actor=office,
            agreement=agreement,
            code=code,
            description="Benchmark",
            unit="person",
            price=Decimal("1000"),
            max_count=100000,
            max_amount=Decimal("100000000"),
            sustain_days=0,
            validation="data_verification",
            rule=rule,
        )
        for code, rule in (("doel", "goal_attainment_rise_2"), ("zrm", "zrm_financien_1_2_to_3"))
    ]
    participant_ids = list(Participant.objects.values_list("pk", flat=True)[:200])
    Claim.objects.bulk_create(
        [
            Claim(
                agreement=agreement,
                definition=definitions[index % 2],
                provider=provider,
                participant_id=pk,
                unit_id=uuid.uuid4(),
                amount=Decimal("1000"),
                achieved_on=first["b"],
                claimed_by=lead,
                submitted_at=timezone.now(),
                status=["submitted", "verified", "rejected", "paid"][index % 4],
            )
            for index, pk in enumerate(participant_ids)
        ]
    )
    period = str(first["b"].year)

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(pk=evaluator.pk))

    def timed(call) -> float:
        call()
        times = []
        for _ in range(repeat):
            begin = time.perf_counter()
            call()
            times.append(time.perf_counter() - begin)
        return statistics.median(times) * 1000

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    page = timed(get("/financiering/"))
    build = timed(lambda: reports.build(agreement, period))
    report_url = f"/financiering/afspraak/BENCH/rapport/?periode={period}"

    def cold_get():
        cache.clear()
        get(report_url)()

    cold = timed(cold_get)
    report = timed(get(report_url))
    formats = {
        fmt: timed(
            lambda fmt=fmt: reports.generate(
                user=evaluator, agreement=agreement, period=period, fmt=fmt
            )
        )
        for fmt in ("csv", "xlsx", "pdf")
    }
    tracemalloc.start()
    reports.build(agreement, period)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{size:>7} {page:>8.1f} {build:>9.1f} {cold:>8.1f} {report:>10.1f} "
        f"{formats['csv']:>7.1f} {formats['xlsx']:>8.1f} {formats['pdf']:>7.1f} "
        f"{report / page:>6.1f} {cold / page:>10.1f} {peak / 1e6:>8.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
