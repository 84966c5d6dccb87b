"""The team's lists: the overview, retention checks due, the Open Hiring list, and young
people on social assistance with and without a route out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)

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
from casework.selectors.paging import page_of
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


def _overview_prefetches() -> tuple[Prefetch, ...]:
    return (
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


def _overview_row(enrolment: Enrolment, name: str, today: dt.date) -> OverviewRow:
    open_checks = sorted(
        (c for p in enrolment.placements for c in p.open_checks), key=lambda c: c.due_on
    )
    return OverviewRow(
        enrolment=enrolment,
        name=name,
        current=_current(enrolment.placements, today),
        next_check=open_checks[0] if open_checks else None,
        signup=enrolment.signups[0] if enrolment.signups else None,
        route=enrolment.routes[0] if enrolment.routes else None,
    )


def overview_page(user: User, page: int | str = 1) -> Page:
    """One page of 50 of the active baangarantie participants of the user's teams, by name,
    with the current placement, the next retention check, the Open Hiring sign-up and the
    route out of assistance. Every name is decrypted for the order; only the page's rows are
    read further (placements, checks, sign-ups, routes) and logged."""
    today = _today()
    enrolments = list(
        programme_enrolments(user)
        .select_related("participant__data_key")
        .order_by("start_date", "pk")
    )
    names = _names(e.participant for e in enrolments)
    enrolments.sort(key=lambda e: names[e.participant_id].lower())

    def rows(chosen: list[Enrolment]) -> list[OverviewRow]:
        prefetch_related_objects(chosen, *_overview_prefetches())
        _log(user, [e.participant_id for e in chosen], "overview", AccessEvent.Action.LIST)
        return [_overview_row(e, names[e.participant_id], today) for e in chosen]

    return page_of(enrolments, page, rows)


@dataclass(repr=False)
class CheckRow:
    check: RetentionCheck
    name: str
    overdue: bool


def _due(user: User, within_days: int) -> QuerySet[RetentionCheck]:
    today = _today()
    return (
        visible_checks(user)
        .filter(checked_on__isnull=True, due_on__lte=today + dt.timedelta(days=within_days))
        .select_related("placement__employer__chain", "placement__participant__data_key")
        .order_by("due_on", "id")
    )


def _check_rows(user: User, checks: list[RetentionCheck]) -> list[CheckRow]:
    today = _today()
    names = _names(c.placement.participant for c in checks)
    _log(user, [c.placement.participant_id for c in checks], "due_checks", AccessEvent.Action.LIST)
    return [
        CheckRow(check=c, name=names[c.placement.participant_id], overdue=c.due_on < today)
        for c in checks
    ]


def due_checks(user: User, *, within_days: int = DUE_WITHIN_DAYS) -> list[CheckRow]:
    """Retention checks not yet done that are due within ``within_days`` (or overdue)."""
    return _check_rows(user, list(_due(user, within_days)))


def due_checks_page(user: User, page: int | str = 1, *, within_days: int = DUE_WITHIN_DAYS) -> Page:
    """One page of 50 of ``due_checks``, soonest first: only its rows decrypted and logged."""
    return page_of(_due(user, within_days), page, lambda chosen: _check_rows(user, chosen))


@dataclass(repr=False)
class SignupRow:
    signup: OpenHiringSignup
    name: str
    position: int | None


def open_hiring_page(user: User, page: int | str = 1) -> Page:
    """One page of 50 of the Open Hiring list of the user's teams, in the order of signing up;
    ``position`` is the place in the queue of those still waiting (counted over the whole list
    from its ids and statuses). Only the page's sign-ups are read further and logged."""
    listed = visible_signups(user).exclude(status=OpenHiringSignup.Status.WITHDRAWN)
    order = list(listed.order_by("signed_up_at", "id").values_list("pk", "status"))
    positions = {}
    for pk, status in order:
        if status == OpenHiringSignup.Status.WAITING:
            positions[pk] = len(positions) + 1

    def rows(chosen: list) -> list[SignupRow]:
        found = listed.select_related("participant__data_key", "placement__employer").in_bulk(
            chosen
        )
        signups = [found[pk] for pk in chosen if pk in found]
        names = _names(s.participant for s in signups)
        _log(user, [s.participant_id for s in signups], "open_hiring", AccessEvent.Action.LIST)
        return [
            SignupRow(signup=s, name=names[s.participant_id], position=positions.get(s.pk))
            for s in signups
        ]

    return page_of([pk for pk, _status in order], page, rows)


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


def young_without_route(user: User, page: int | str = 1) -> Page:
    """One page of 50 of the young people (< 27) of the user's teams on social assistance
    without a route out, by name: every name is decrypted for the order, only the page's
    are logged."""
    enrolments = list(
        _young_on_assistance(programme_enrolments(user), _today())
        .filter(has_route=False)
        .select_related("participant__data_key")
        .order_by("start_date", "pk")
    )
    names = _names(e.participant for e in enrolments)
    enrolments.sort(key=lambda e: names[e.participant_id].lower())

    def rows(chosen: list[Enrolment]) -> list[YoungRow]:
        _log(user, [e.participant_id for e in chosen], "young_without_route", "list")
        return [YoungRow(enrolment=e, name=names[e.participant_id]) for e in chosen]

    return page_of(enrolments, page, rows)


def routes_page(user: User, page: int | str = 1) -> Page:
    """One page of 50 of the routes out of assistance of the user's teams, the latest start
    on assistance first: only the page's names decrypted and logged."""
    routes = visible_routes(user).select_related("participant__data_key")

    def rows(chosen: list[AssistanceRoute]) -> list[RouteRow]:
        names = _names(r.participant for r in chosen)
        _log(user, [r.participant_id for r in chosen], "routes", AccessEvent.Action.LIST)
        return [RouteRow(route=r, name=names[r.participant_id]) for r in chosen]

    return page_of(routes.order_by("-on_assistance_since", "id"), page, rows)
