"""Demo data of the baangaranties programme (called by ``seed_demo`` through ``demo.core``)
after the core demo exists. Everything goes through the services. All organisations are
fictitious.

Six branch chains with two to four employers each, commitments for 2025 and 2026 that add
up to the plan's 250 job guarantees, 60 work-experience places and 100 internships a year,
offered places, a placement for every active baangarantie enrolment (with the retention
checks that are due answered, a few left open for the team's list), an Open Hiring list of
seven (the first five offered a place, two of them at work), two basic jobs, and routes
out of social assistance for the young people on it (one left without, for the list).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.roles import FILE_ROLES
from baangaranties import services
from baangaranties.models import (
    AssistanceRoute,
    BranchChain,
    ContractKind,
    Employer,
    EndReason,
    OpenHiringSignup,
    PlaceKind,
    Route,
)
from casework.models import Enrolment

CHAINS = [
    ("Zorg & Welzijn", "zorg", ["Zorggroep Oostergo", "Thuiszorg De Wâlden", "Kinderopvang Skatkiste"]),
    ("Techniek & Installatie", "techniek", ["Installatiebedrijf Hoekstra", "Friesland Techniek", "Elektro Bilgaard", "Warmtepomp Noord"]),
    ("Bouw & Infra", "bouw", ["Bouwbedrijf Nauta", "Infra Fryslân"]),
    ("Retail & Horeca", "retail en horeca", ["Supermarkt Camminghaburen", "Grand Café De Oosterpoort", "Bakkerij Sinnema"]),
    ("Logistiek", "logistiek", ["Distributiecentrum Leeuwarden", "Transport Wijnja"]),
    ("Zakelijke dienstverlening", "zakelijke dienstverlening", ["Schoonmaakbedrijf Rienstra", "Administratiekantoor Oost", "Callcenter Noord"]),
]  # fmt: skip
WIJKEN = ["oud-oost", "bilgaard", "vrijheidswijk", "heechterp-schieringen", "camminghaburen", ""]
# Per chain: job guarantees, work-experience places, internships; each column adds up to the
# plan's 250, 60 and 100.
COMMITMENTS = [(50, 12, 20), (45, 10, 18), (45, 10, 17), (40, 10, 16), (35, 9, 15), (35, 9, 14)]
YEARS = (2025, 2026)
FIRST_COMMITTED_DAY = dt.date(2025, 1, 6)
OPEN_HIRING_LIST = 7
OPEN_HIRING_AT_WORK = 2
BASIC_JOBS = 2


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def fill(*, teams, users, anchor: dt.date, rng, stdout) -> None:
    if BranchChain.objects.exists():
        stdout.write("Baangaranties: demogegevens bestaan al; overgeslagen.")
        return
    admin = users["beheerder"]
    team = teams["bgw"]
    caseworker = next(
        user
        for user in users.values()
        if user.teams.filter(pk=team.pk).exists()
        and user.groups.filter(name__in=FILE_ROLES).exists()
    )
    employers: list[Employer] = []
    for index, (name, sector, employer_names) in enumerate(CHAINS):
        chain = BranchChain(name=name, sector=sector)
        services.core.save(chain)
        for employer_name in employer_names:
            employer = Employer(chain=chain, name=employer_name, wijk=rng.choice(WIJKEN))
            services.core.save(employer)
            employers.append(employer)
        for year in YEARS:
            jobs, work_experience, internships = COMMITMENTS[index]
            services.save_commitment(
                actor=admin,
                chain=chain,
                year=year,
                job_guarantees=jobs,
                work_experience_places=work_experience,
                internships=internships,
            )
    for employer in employers:
        for year in YEARS:
            kind = rng.choice(
                [PlaceKind.JOB_GUARANTEE, PlaceKind.WORK_EXPERIENCE, PlaceKind.INTERNSHIP]
            )
            services.add_offered_place(
                actor=admin,
                employer=employer,
                kind=kind,
                year=year,
                places=rng.randint(2, 8),
                opened_on=dt.date(year, 1, rng.randint(6, 28)),
            )
    enrolments = list(
        Enrolment.objects.filter(
            programme__code=services.PROGRAMME, status=Enrolment.Status.ACTIVE, team=team
        )
        .select_related("participant", "programme")
        .order_by("start_date", "id")
    )
    placed = _open_hiring(caseworker, enrolments, employers, anchor, rng)
    for index, enrolment in enumerate(enrolments):
        if enrolment.pk in placed:
            continue
        if index < OPEN_HIRING_LIST:
            # On the Open Hiring list: an earlier internship or work-experience place ended.
            kind = rng.choice([PlaceKind.INTERNSHIP, PlaceKind.WORK_EXPERIENCE])
            _place(caseworker, enrolment, employers, anchor, rng, kind=kind, ended=True)
        elif index < OPEN_HIRING_LIST + BASIC_JOBS:
            # The first basic job started three months ago: its first check is due now.
            start = services.add_months(anchor, -3) - dt.timedelta(days=3)
            if index > OPEN_HIRING_LIST:
                start = None
            _place(
                caseworker, enrolment, employers, anchor, rng, kind=PlaceKind.BASIC_JOB, start=start
            )
        else:
            kind = PlaceKind.JOB_GUARANTEE if index % 3 else None
            # The last one started half a year ago: the six-month check is due now.
            start = None
            if index == len(enrolments) - 1:
                start = services.add_months(anchor, -6) + dt.timedelta(days=4)
            _place(caseworker, enrolment, employers, anchor, rng, kind=kind, start=start)
    _assistance(caseworker, enrolments, anchor, rng)
    stdout.write(
        f"Baangaranties: {len(CHAINS)} ketens, {len(employers)} werkgevers en plaatsingen voor "
        f"{len(enrolments)} deelnemers aangemaakt."
    )


def _start(enrolment: Enrolment, anchor: dt.date, rng, *, committed: bool) -> dt.date:
    earliest = enrolment.start_date + dt.timedelta(days=30)
    if committed:
        earliest = max(earliest, FIRST_COMMITTED_DAY)
    latest = max(anchor - dt.timedelta(days=45), earliest)
    return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


def _place(caseworker, enrolment, employers, anchor, rng, *, kind=None, ended=False, start=None):
    kind = kind or rng.choice(
        [PlaceKind.JOB_GUARANTEE] * 3 + [PlaceKind.WORK_EXPERIENCE, PlaceKind.INTERNSHIP]
    )
    contract = {
        PlaceKind.WORK_EXPERIENCE: ContractKind.WORK_EXPERIENCE,
        PlaceKind.INTERNSHIP: ContractKind.INTERNSHIP,
    }.get(kind) or rng.choice(
        [ContractKind.FIXED_TERM, ContractKind.PERMANENT, ContractKind.ON_CALL]
    )
    keep = start is not None
    start = start or _start(enrolment, anchor, rng, committed=kind in services.COMMITTED_KINDS)
    if ended:
        start = min(start, anchor - dt.timedelta(days=200))
        start = max(start, FIRST_COMMITTED_DAY, enrolment.start_date)
    placement = services.create_placement(
        actor=caseworker,
        enrolment=enrolment,
        employer=rng.choice(employers),
        kind=kind,
        route=services.ROUTE_OF_KIND[kind],
        start_date=start,
        contract_kind=contract,
        hours_per_week=rng.choice([16, 20, 24, 28, 32, 36]),
    )
    lost_job = not ended and not keep and rng.random() < 0.15
    end_day = None
    if ended:
        end_day = min(services.add_months(start, 4), anchor - dt.timedelta(days=20))
        reason = EndReason.CONTRACT_ENDED
    elif lost_job and services.add_months(start, 5) < anchor:
        end_day = services.add_months(start, 5)
        reason = rng.choice([EndReason.DISMISSED, EndReason.STOPPED_SELF, EndReason.OTHER_WORK])
    # Answer the checks that were due before the end (or before the last ten days).
    for check in placement.checks.filter(checked_on__isnull=True).order_by("months"):
        cutoff = end_day or anchor - dt.timedelta(days=10)
        if check.due_on > cutoff:
            break
        services.record_check(
            actor=caseworker,
            check=check,
            expected_version=check.version,
            still_employed=True,
            checked_on=min(check.due_on + dt.timedelta(days=rng.randint(0, 6)), anchor),
        )
    if end_day is not None:
        placement.refresh_from_db()
        services.end_placement(
            actor=caseworker,
            placement=placement,
            expected_version=placement.version,
            end_date=end_day,
            end_reason=reason,
        )
    return placement


def _open_hiring(caseworker, enrolments, employers, anchor, rng) -> set:
    """Seven sign-ups in order; the first five are offered a place; two start working."""
    listed = enrolments[:OPEN_HIRING_LIST]
    for index, enrolment in enumerate(listed):
        day = max(enrolment.start_date, anchor - dt.timedelta(days=120)) + dt.timedelta(days=index)
        services.sign_up_open_hiring(
            actor=caseworker, enrolment=enrolment, signed_up_at=_aware(min(day, anchor), 9 + index)
        )
    services.offer_open_hiring(actor=caseworker)
    placed = set()
    offered = OpenHiringSignup.objects.filter(status=OpenHiringSignup.Status.OFFERED).order_by(
        "signed_up_at"
    )
    for signup in list(offered)[:OPEN_HIRING_AT_WORK]:
        enrolment = next(e for e in enrolments if e.pk == signup.enrolment_id)
        services.create_placement(
            actor=caseworker,
            enrolment=enrolment,
            employer=rng.choice(employers),
            kind=PlaceKind.OPEN_HIRING,
            route=Route.OPEN_HIRING,
            start_date=anchor - dt.timedelta(days=rng.randint(30, 100)),
            contract_kind=ContractKind.FIXED_TERM,
            hours_per_week=rng.choice([20, 24, 32]),
        )
        placed.add(enrolment.pk)
    return placed


def _assistance(caseworker, enrolments, anchor, rng) -> None:
    """The young people (< 27) are on social assistance; all but one get a route out."""
    young = [
        e
        for e in enrolments
        if e.participant.year_of_birth and e.participant.year_of_birth > anchor.year - 27
    ]
    kinds = list(AssistanceRoute.Kind)
    for index, enrolment in enumerate(young):
        since = enrolment.start_date
        if index == len(young) - 1 and len(young) > 1:
            services.record_social_assistance(
                actor=caseworker, enrolment=enrolment, on_assistance=True, date=since
            )
            continue
        route = services.add_route(
            actor=caseworker,
            enrolment=enrolment,
            on_assistance_since=since,
            route=kinds[index % len(kinds)],
            target_date=since + dt.timedelta(days=rng.randint(180, 540)),
            status=AssistanceRoute.Status.IN_PROGRESS,
        )
        if index == 0:
            services.update_route(
                actor=caseworker,
                route=route,
                expected_version=route.version,
                route_kind=route.route,
                target_date=route.target_date,
                status=AssistanceRoute.Status.OFF_ASSISTANCE,
                status_date=min(anchor, since + dt.timedelta(days=200)),
            )
