"""Reads of the baangaranties app, always for an acting user and within that user's scope.

Lists decrypt the names of the participants they show in bulk (one ``Cipher().load`` per
list) and write one access event per participant shown. Programme-wide counters go out
through ``privacy.release`` for the viewer's audience; the team's own lists show its own
participants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from baangaranties import tables
from baangaranties.models import (
    COMMITTED_KINDS,
    AssistanceRoute,
    BranchChain,
    Commitment,
    Employer,
    OfferedPlace,
    OpenHiringSignup,
    PlaceKind,
    Placement,
    RetentionCheck,
    Route,
    basic_jobs_cap,
    open_hiring_places,
)
from casework import selectors as core
from casework.models import Enrolment, OutcomeValue, Participant
from privacy import services as privacy_services
from privacy.crypto import Cipher
from privacy.models import AccessEvent
from privacy.periods import Period
from privacy.release import (
    TOTAL,
    Audience,
    Figure,
    Grid,
    Released,
    Scope,
    audience_for,
    grid,
    log_view,
    release,
    tabulate,
    tabulate_units,
)

PROGRAMME = "baangarantie"
DUE_WITHIN_DAYS = 14
YOUNG_BELOW_AGE = 27
NAME_FIELDS = ("given_name", "family_name", "client_ref")


def _today() -> dt.date:
    return timezone.localdate()


def _log(user: User, participant_ids, what: str, action: str) -> None:
    ids = list(dict.fromkeys(participant_ids))
    if not ids:
        return
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(subject_id=pk, what=f"baangaranties_{what}", action=action)
            for pk in ids
        ],
        purpose="care",
    )


def _names(participants) -> dict:
    """Display names of participants (with ``data_key`` selected), decrypted in bulk."""
    participants = list({p.pk: p for p in participants}.values())
    cipher = Cipher().load(p.data_key for p in participants)
    return {
        p.pk: core.decrypt_person(p, cipher, show_bsn=False, fields=NAME_FIELDS).display_name
        for p in participants
    }


# --- scope --------------------------------------------------------------------------------


def programme_enrolments(user: User) -> QuerySet[Enrolment]:
    """Active baangarantie enrolments of the user's teams, in the user's caseload."""
    return core.visible_enrolments(user).filter(
        programme__code=PROGRAMME, status=Enrolment.Status.ACTIVE
    )


def get_programme_enrolment(user: User, pk) -> Enrolment:
    enrolment = (
        programme_enrolments(user)
        .select_related("participant__data_key", "programme", "team")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def visible_placements(user: User) -> QuerySet[Placement]:
    return Placement.objects.filter(enrolment__in=programme_enrolments(user))


def visible_checks(user: User) -> QuerySet[RetentionCheck]:
    return RetentionCheck.objects.filter(placement__enrolment__in=programme_enrolments(user))


def visible_signups(user: User) -> QuerySet[OpenHiringSignup]:
    return OpenHiringSignup.objects.filter(enrolment__in=programme_enrolments(user))


def visible_routes(user: User) -> QuerySet[AssistanceRoute]:
    return AssistanceRoute.objects.filter(enrolment__in=programme_enrolments(user))


def _get(queryset, pk, *related):
    row = queryset.select_related(*related).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def get_placement(user: User, pk) -> Placement:
    return _get(
        visible_placements(user),
        pk,
        "enrolment__programme",
        "employer__chain",
        "participant__data_key",
    )


def get_check(user: User, pk) -> RetentionCheck:
    return _get(
        visible_checks(user),
        pk,
        "placement__enrolment__programme",
        "placement__employer",
        "placement__participant__data_key",
    )


def get_signup(user: User, pk) -> OpenHiringSignup:
    return _get(visible_signups(user), pk, "enrolment__programme", "participant__data_key")


def get_route(user: User, pk) -> AssistanceRoute:
    return _get(visible_routes(user), pk, "enrolment__programme", "participant__data_key")


# --- reference data -----------------------------------------------------------------------


def chains() -> QuerySet[BranchChain]:
    return BranchChain.objects.prefetch_related(
        Prefetch("employers", queryset=Employer.objects.order_by("name")),
        Prefetch("commitments", queryset=Commitment.objects.order_by("year")),
    ).order_by("name")


def employers() -> QuerySet[Employer]:
    return Employer.objects.select_related("chain").order_by("chain__name", "name")


def active_employers() -> QuerySet[Employer]:
    return employers().filter(active=True, chain__active=True)


def commitments() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("chain").order_by("year", "chain__name")


def offered_places() -> QuerySet[OfferedPlace]:
    return (
        OfferedPlace.objects.select_related("employer__chain")
        .annotate(taken=Count("placements"))
        .order_by("-year", "employer__name", "kind")
    )


# --- the team's overview --------------------------------------------------------------------


@dataclass(repr=False)  # no decrypted value in any repr
class OverviewRow:
    enrolment: Enrolment
    name: str
    current: list[Placement]
    next_check: RetentionCheck | None
    signup: OpenHiringSignup | None
    route: AssistanceRoute | None


def _current(placements, today):
    return [
        p
        for p in placements
        if p.start_date <= today and (p.end_date is None or p.end_date >= today)
    ] or [p for p in placements if p.start_date > today]


def overview(user: User) -> list[OverviewRow]:
    """Every active baangarantie participant of the user's teams with the current placement,
    the next retention check, the Open Hiring sign-up and the route out of assistance."""
    today = _today()
    enrolments = list(
        programme_enrolments(user)
        .select_related("participant__data_key")
        .prefetch_related(
            Prefetch(
                "baangarantie_placements",
                queryset=Placement.objects.select_related("employer__chain").prefetch_related(
                    Prefetch(
                        "checks",
                        queryset=RetentionCheck.objects.filter(checked_on__isnull=True).order_by(
                            "due_on"
                        ),
                        to_attr="open_checks",
                    )
                ),
                to_attr="placements",
            ),
            Prefetch(
                "open_hiring_signups",
                queryset=OpenHiringSignup.objects.exclude(status=OpenHiringSignup.Status.WITHDRAWN),
                to_attr="signups",
            ),
            Prefetch(
                "assistance_routes",
                queryset=AssistanceRoute.objects.order_by("-on_assistance_since"),
                to_attr="routes",
            ),
        )
    )
    names = _names(e.participant for e in enrolments)
    rows = []
    for enrolment in enrolments:
        open_checks = sorted(
            (c for p in enrolment.placements for c in p.open_checks), key=lambda c: c.due_on
        )
        rows.append(
            OverviewRow(
                enrolment=enrolment,
                name=names[enrolment.participant_id],
                current=_current(enrolment.placements, today),
                next_check=open_checks[0] if open_checks else None,
                signup=enrolment.signups[0] if enrolment.signups else None,
                route=enrolment.routes[0] if enrolment.routes else None,
            )
        )
    rows.sort(key=lambda row: row.name.lower())
    _log(user, [row.enrolment.participant_id for row in rows], "overview", AccessEvent.Action.LIST)
    return rows


@dataclass(repr=False)
class CheckRow:
    check: RetentionCheck
    name: str
    overdue: bool


def due_checks(user: User, *, within_days: int = DUE_WITHIN_DAYS) -> list[CheckRow]:
    """Retention checks not yet done that are due within ``within_days`` (or overdue)."""
    today = _today()
    checks = list(
        visible_checks(user)
        .filter(checked_on__isnull=True, due_on__lte=today + dt.timedelta(days=within_days))
        .select_related("placement__employer__chain", "placement__participant__data_key")
        .order_by("due_on", "id")
    )
    names = _names(c.placement.participant for c in checks)
    rows = [
        CheckRow(check=c, name=names[c.placement.participant_id], overdue=c.due_on < today)
        for c in checks
    ]
    _log(user, [c.placement.participant_id for c in checks], "due_checks", AccessEvent.Action.LIST)
    return rows


@dataclass(repr=False)
class SignupRow:
    signup: OpenHiringSignup
    name: str
    position: int | None


def open_hiring_list(user: User) -> list[SignupRow]:
    """The Open Hiring list of the user's teams in the order of signing up; ``position`` is
    the place in the queue of those still waiting."""
    signups = list(
        visible_signups(user)
        .exclude(status=OpenHiringSignup.Status.WITHDRAWN)
        .select_related("participant__data_key", "placement__employer")
        .order_by("signed_up_at", "id")
    )
    names = _names(s.participant for s in signups)
    rows = []
    waiting = 0
    for signup in signups:
        position = None
        if signup.status == OpenHiringSignup.Status.WAITING:
            waiting += 1
            position = waiting
        rows.append(SignupRow(signup=signup, name=names[signup.participant_id], position=position))
    _log(user, [s.participant_id for s in signups], "open_hiring", AccessEvent.Action.LIST)
    return rows


@dataclass(frozen=True)
class OpenHiringState:
    places: int
    taken: int

    @property
    def full(self) -> bool:
        return self.taken >= self.places

    @property
    def free(self) -> int:
        return max(self.places - self.taken, 0)


def open_hiring_state() -> OpenHiringState:
    taken = OpenHiringSignup.objects.filter(
        status__in=[OpenHiringSignup.Status.OFFERED, OpenHiringSignup.Status.PLACED]
    ).count()
    return OpenHiringState(places=open_hiring_places(), taken=taken)


def _latest_assistance():
    """A Subquery: the latest recorded value of the social-assistance measure."""
    return Subquery(
        OutcomeValue.objects.filter(
            participant_id=OuterRef("participant_id"),
            measure__code="baangarantie_social_assistance",
        )
        .order_by("-date", "-recorded_at")
        .values("value_bool")[:1]
    )


def _young_on_assistance(queryset: QuerySet[Enrolment], today: dt.date) -> QuerySet[Enrolment]:
    """Enrolments of young people (< 27, by year of birth) whose latest social-assistance
    value is yes, annotated with ``has_route`` (a route that is planned or running)."""
    return (
        queryset.filter(participant__year_of_birth__gt=today.year - YOUNG_BELOW_AGE)
        .annotate(on_assistance=_latest_assistance())
        .filter(on_assistance=True)
        .annotate(
            has_route=Exists(
                AssistanceRoute.objects.filter(
                    participant_id=OuterRef("participant_id"),
                    status__in=AssistanceRoute.OPEN_STATUSES,
                )
            )
        )
    )


@dataclass(repr=False)
class YoungRow:
    enrolment: Enrolment
    name: str


@dataclass(repr=False)
class RouteRow:
    route: AssistanceRoute
    name: str


def young_without_route(user: User) -> list[YoungRow]:
    """Young people (< 27) of the user's teams on social assistance without a route out."""
    enrolments = list(
        _young_on_assistance(programme_enrolments(user), _today())
        .filter(has_route=False)
        .select_related("participant__data_key")
    )
    names = _names(e.participant for e in enrolments)
    rows = sorted(
        (YoungRow(enrolment=e, name=names[e.participant_id]) for e in enrolments),
        key=lambda r: r.name.lower(),
    )
    _log(user, [e.participant_id for e in enrolments], "young_without_route", "list")
    return rows


def routes(user: User) -> list[RouteRow]:
    rows = list(visible_routes(user).select_related("participant__data_key"))
    names = _names(r.participant for r in rows)
    _log(user, [r.participant_id for r in rows], "routes", AccessEvent.Action.LIST)
    return [RouteRow(route=r, name=names[r.participant_id]) for r in rows]


# --- counters and the chart -----------------------------------------------------------------


@dataclass
class ChainYear:
    chain: str
    year: int
    committed: dict[str, int]  # what the chain promised: entered figures, not counts of people
    filled: dict[str, Figure]
    committed_total: int
    filled_total: Figure


@dataclass
class Dashboard:
    period: Period
    audience: Audience
    exact: bool
    years: list[int]
    rows: list[ChainYear]
    running: Released  # running placements today, by route
    basic_jobs_cap: int
    open_hiring: OpenHiringState  # the page says whether places are free, not how many
    retention: Grid
    young: Released  # young people on assistance today, with and without a route
    kinds: list[tuple[str, str]] = field(default_factory=list)
    specs: list = field(default_factory=list)

    @property
    def active_placements(self) -> Figure:
        return self.running.total

    @property
    def basic_jobs(self) -> Figure:
        return self.running[Route.BASIC_JOB]

    @property
    def young_on_assistance(self) -> Figure:
        return self.young.total

    @property
    def young_with_route(self) -> Figure:
        return self.young[True]


def dashboard(user: User, *, period: Period, log: bool = True) -> Dashboard:
    """Committed against filled per chain and year, and the programme's counters, for the
    viewer's audience (the programme office and team leads: exact). Running placements and
    young people on assistance are as of today; retention checks those done in the period.
    Each view is logged (aggregate, no subject)."""
    audience = audience_for(user, Scope.PROGRAMME)
    today = _today()
    commitments_by_key = {(c.chain.name, c.year): c for c in commitments()}
    kinds = list(COMMITTED_KINDS)
    filled = release(
        tables.FILLED_PLACES,
        tabulate_units(
            (
                ((year, chain, kind), pk)
                for pk, chain, year, kind in Placement.objects.filter(kind__in=kinds).values_list(
                    "pk", "employer__chain__name", "start_date__year", "kind"
                )
            ),
            kind=tables.FILLED_PLACES.unit,
        ),
        audience=audience,
    )
    keys = set(commitments_by_key) | {
        (chain, year) for year, chain, kind in filled.figures if TOTAL not in (year, chain, kind)
    }
    rows = []
    for chain, year in sorted(keys, key=lambda k: (k[1], k[0])):
        commitment = commitments_by_key.get((chain, year))
        committed = {kind: commitment.places_for(kind) if commitment else 0 for kind in kinds}
        rows.append(
            ChainYear(
                chain=chain,
                year=year,
                committed=committed,
                filled={kind: filled[(year, chain, kind)] for kind in kinds},
                committed_total=sum(committed.values()),
                filled_total=filled[(year, chain, TOTAL)],
            )
        )
    running = release(
        tables.RUNNING,
        tabulate_units(
            (
                ((route,), pk)
                for pk, route in Placement.objects.filter(start_date__lte=today)
                .exclude(end_date__lt=today)
                .values_list("pk", "route")
            ),
            kind=tables.RUNNING.unit,
        ),
        audience=audience,
    )
    checks = RetentionCheck.objects.filter(checked_on__isnull=False, checked_on__lte=period.end)
    if period.start is not None:
        checks = checks.filter(checked_on__gte=period.start)
    retention = release(
        tables.RETENTION,
        tabulate_units(
            (
                ((months, bool(kept)), pk)
                for pk, months, kept in checks.values_list("pk", "months", "still_employed")
            ),
            kind=tables.RETENTION.unit,
        ),
        audience=audience,
    )
    young = _young_on_assistance(
        Enrolment.objects.filter(programme__code=PROGRAMME, status=Enrolment.Status.ACTIVE), today
    )
    board = Dashboard(
        period=period,
        audience=audience,
        exact=running.exact,
        years=sorted({year for _chain, year in keys}),
        rows=rows,
        running=running,
        basic_jobs_cap=basic_jobs_cap(),
        open_hiring=open_hiring_state(),
        retention=grid(
            retention,
            [(m, _("na %(n)s maanden") % {"n": m}) for m in (3, 6, 12)],
            [(True, _("werkt er nog")), (False, _("werkt er niet meer"))],
            row_heading=_("Check"),
        ),
        young=release(
            tables.YOUNG_ON_ASSISTANCE,
            tabulate(
                ((bool(has_route),), key)
                for has_route, key in young.values_list("has_route", "participant__record_key")
            ),
            audience=audience,
        ),
        kinds=[(kind, PlaceKind(kind).label) for kind in COMMITTED_KINDS],
        specs=[
            tables.FILLED_PLACES,
            tables.RUNNING,
            tables.RETENTION,
            tables.YOUNG_ON_ASSISTANCE,
        ],
    )
    if log:
        log_view(user, board.specs, audience=audience, where="baangaranties:dashboard")
    return board


# --- the programme's part of the participant's file -----------------------------------------


def file_section(*, user, participant: Participant, cipher, enrolments, mode):
    """Current and past placements (employer, kind, hours, since), retention checks and the
    route out of social assistance. No free text; nothing to decrypt; the caller logs."""
    today = _today()
    placements = list(
        Placement.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .select_related("employer__chain")
        .prefetch_related(Prefetch("checks", queryset=RetentionCheck.objects.order_by("months")))
        .order_by("-start_date")
    )
    route_rows = list(
        AssistanceRoute.objects.filter(enrolment__in=[e.pk for e in enrolments]).order_by(
            "-on_assistance_since"
        )
    )
    signup = (
        OpenHiringSignup.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .exclude(status=OpenHiringSignup.Status.WITHDRAWN)
        .first()
    )
    active = [e for e in enrolments if e.status == Enrolment.Status.ACTIVE]
    return (
        "baangaranties/_file_section.html",
        {
            "mode": mode,
            "writable": mode == "own",
            "enrolment": active[0] if active else None,
            "current": _current(placements, today),
            "past": [p for p in placements if p.end_date and p.end_date < today],
            "placements": placements,
            "route": route_rows[0] if route_rows else None,
            "signup": signup,
        },
    )


def participant_name(user: User, participant: Participant, what: str) -> str:
    """The display name of one participant (``data_key`` selected) for a form's heading,
    logged as a view."""
    name = _names([participant])[participant.pk]
    _log(user, [participant.pk], what, AccessEvent.Action.VIEW)
    return name
