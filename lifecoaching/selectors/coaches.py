"""Coaches: names and contact decrypted in bulk, lists, VOG expiry and suggestions for a
young person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from casework.models import Enrolment
from casework.selectors.paging import page_of
from lifecoaching.models import Coach, CoachMatch, Interest
from lifecoaching.selectors.scope import VOG_WARNING_DAYS, _log, get_coach, visible_coaches
from privacy.crypto import Cipher


@dataclass(repr=False)
class CoachView:
    coach: Coach
    name: str | None
    contact: str | None
    running: int = 0

    @property
    def free(self) -> int:
        return max(self.coach.capacity - self.running, 0)

    @property
    def interest_labels(self) -> list[str]:
        labels = dict(Interest.choices)
        return [str(labels.get(code, code)) for code in self.coach.interests]

    @property
    def vog_state(self) -> str:
        today = timezone.localdate()
        expiry = self.coach.vog_expiry
        if expiry is None:
            return "missing"
        if expiry < today:
            return "expired"
        if expiry <= today + dt.timedelta(days=VOG_WARNING_DAYS):
            return "expiring"
        return "valid"


def coach_views(coaches, *, cipher: Cipher | None = None, contact: bool = True) -> list[CoachView]:
    """Decrypt names (and contact) of coaches in bulk, with their running match counts."""
    coaches = list(coaches)
    cipher = cipher or Cipher()
    cipher.load(c.data_key for c in coaches)
    running = dict(
        CoachMatch.objects.filter(coach__in=[c.pk for c in coaches], end_date__isnull=True)
        .values("coach_id")
        .annotate(n=Count("id"))
        .values_list("coach_id", "n")
    )
    return [
        CoachView(
            coach=c,
            name=cipher.open(model=Coach, column="name", row_pk=c.pk, envelope=c.name),
            contact=cipher.open(model=Coach, column="contact", row_pk=c.pk, envelope=c.contact)
            if contact
            else None,
            running=running.get(c.pk, 0),
        )
        for c in coaches
    ]


def coaches_page(user: User, page: int | str = 1) -> tuple[Page, list[CoachView]]:
    """One page of 50 of the coaches of the user's teams, active ones first, by name, and
    (above it on the page) every active coach whose VOG expires soon. Every name is decrypted
    for the order; only the page's coaches get their contact decrypted and their running
    matches counted; the coaches of both tables are logged once, in one write."""
    coaches = list(visible_coaches(user).select_related("data_key", "team").order_by("created_at"))
    cipher = Cipher().load(c.data_key for c in coaches)
    names = {
        c.pk: cipher.open(model=Coach, column="name", row_pk=c.pk, envelope=c.name) for c in coaches
    }
    coaches.sort(key=lambda c: (not c.active, (names[c.pk] or "").lower()))
    expiring = vog_expiring(user, log=False)

    def rows(chosen: list[Coach]) -> list[CoachView]:
        shown = dict.fromkeys([c.pk for c in chosen] + [v.coach.pk for v in expiring])
        _log(user, list(shown), "lifecoaching_coaches", "list", "coach")
        return coach_views(chosen, cipher=cipher)

    return page_of(coaches, page, rows), expiring


def vog_expiring(user: User, *, log: bool = True) -> list[CoachView]:
    """Active coaches of the user's teams whose VOG has expired or expires within 60 days,
    soonest first."""
    limit = timezone.localdate() + dt.timedelta(days=VOG_WARNING_DAYS)
    coaches = (
        visible_coaches(user)
        .filter(active=True, vog_expiry__lte=limit)
        .select_related("data_key", "team")
        .order_by("vog_expiry", "created_at")
    )
    views = coach_views(coaches, contact=False)
    if log:
        _log(user, [v.coach.pk for v in views], "lifecoaching_coaches", "list", "coach")
    return views


def coach_detail(user: User, pk, *, log: bool = True) -> CoachView:
    view = coach_views([get_coach(user, pk)])[0]
    if log:
        _log(user, [view.coach.pk], "lifecoaching_coach", "view", "coach")
    return view


def suggestions(
    user: User, enrolment: Enrolment, *, interests=(), on: dt.date | None = None
) -> list[CoachView]:
    """Coaches a young person can choose from: active, of the enrolment's team, a VOG valid
    on ``on``, a free place; those sharing most of ``interests`` first. Nothing is logged
    here: the caller logs the page."""
    on = on or timezone.localdate()
    coaches = (
        visible_coaches(user)
        .filter(team_id=enrolment.team_id, active=True, vog_expiry__gte=on, vog_date__lte=on)
        .select_related("data_key")
    )
    wanted = set(interests or ())
    views = [v for v in coach_views(coaches, contact=False) if v.free > 0]
    if wanted:
        views = [v for v in views if wanted & set(v.coach.interests)]
    return sorted(
        views,
        key=lambda v: (-len(wanted & set(v.coach.interests)), -v.free, (v.name or "").lower()),
    )
