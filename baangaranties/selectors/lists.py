"""The team's lists: the overview, retention checks due, the Open Hiring list, and young
people on social assistance with and without a route out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from accounts.models import User
from baangaranties.models import (
    AssistanceRoute,
    OpenHiringSignup,
    Placement,
    RetentionCheck,
    open_hiring_places,
)
from baangaranties.selectors.scope import (
    DUE_WITHIN_DAYS,
    YOUNG_BELOW_AGE,
    _log,
    _names,
    _today,
    programme_enrolments,
    visible_checks,
    visible_routes,
    visible_signups,
)
from casework.models import Enrolment, OutcomeValue
from privacy.models import AccessEvent


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
