"""Reads of Buurtgezinnen: support families, matches, households asking, pairs progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import User
from casework import permissions
from casework.selectors import visible_households
from casework.selectors.paging import page_of
from gezinslab import tables
from gezinslab.models import (
    SupportFamily,
    SupportMatch,
)
from gezinslab.selectors.base import (
    HouseholdChoice,
    _open,
    _teams,
    has_active_member,
    household_choices,
    household_name,
    log_households,
    log_support_families,
    visible_matches,
    visible_support_families,
)
from gezinslab.services import PLAN_TARGET_PAIRS
from privacy.crypto import Cipher
from privacy.release import (
    Audience,
    Figure,
    release,
    tabulate_units,
)


def _active_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})


@dataclass
class SupportFamilyRow:
    family: SupportFamily
    name: str | None
    contact: str | None
    running: int


def _families(user: User):
    return (
        visible_support_families(user)
        .select_related("data_key", "team")
        .annotate(n_running=Count("matches", filter=_active_q("matches__"), distinct=True))
        .order_by("-active", "created_at", "id")
    )


def _family_rows(user: User, families: list[SupportFamily], log: bool) -> list[SupportFamilyRow]:
    cipher = Cipher().load(f.data_key for f in families)
    if log:
        log_support_families(user, [f.pk for f in families], "buurtgezinnen_families", "list")
    return [
        SupportFamilyRow(
            family=f,
            name=_open(cipher, SupportFamily, "name", f),
            contact=_open(cipher, SupportFamily, "contact", f),
            running=f.n_running,
        )
        for f in families
    ]


def support_family_rows(user: User, *, log: bool = True) -> list[SupportFamilyRow]:
    """Every support family of the user's teams, active first (the choices of a new match)."""
    return _family_rows(user, list(_families(user)), log)


def support_families_page(user: User, page: int | str = 1) -> Page:
    """One page of 50 of the support families of the user's teams, active first, oldest
    first: only the page's names and contacts are decrypted and logged."""
    return page_of(_families(user), page, lambda chosen: _family_rows(user, chosen, True))


def support_family_texts(user: User, family: SupportFamily) -> tuple[str | None, str | None]:
    cipher = Cipher().load([family.data_key])
    log_support_families(user, [family.pk], "buurtgezinnen_family", "edit")
    return _open(cipher, SupportFamily, "name", family), _open(
        cipher, SupportFamily, "contact", family
    )


@dataclass
class MatchRow:
    match: SupportMatch
    family_name: str | None
    household_name: str
    evaluation: str | None
    active: bool


def matches_page(user: User, page: int | str = 1) -> Page:
    """One page of 50 of the matches of the user's teams, running first, newest first: only
    the page's names and evaluations are decrypted, its households and support families
    logged."""
    matches = (
        visible_matches(user)
        .select_related("household__data_key", "support_family__data_key")
        .order_by(F("end_date").asc(nulls_first=True), "-start_date", "id")
    )

    def rows(chosen: list[SupportMatch]) -> list[MatchRow]:
        keys = [m.household.data_key for m in chosen] + [m.support_family.data_key for m in chosen]
        cipher = Cipher().load(keys)
        today = timezone.localdate()
        log_households(user, [m.household_id for m in chosen], "buurtgezinnen_matches", "list")
        log_support_families(
            user, [m.support_family_id for m in chosen], "buurtgezinnen_matches", "list"
        )
        return [
            MatchRow(
                match=m,
                family_name=_open(cipher, SupportFamily, "name", m.support_family),
                household_name=household_name(cipher, m.household),
                evaluation=_open(cipher, SupportMatch, "evaluation", m),
                active=m.end_date is None or m.end_date >= today,
            )
            for m in chosen
        ]

    return page_of(matches, page, rows)


def match_evaluation(user: User, match: SupportMatch) -> str | None:
    cipher = Cipher().load([match.household.data_key])
    log_households(user, [match.household_id], "buurtgezinnen_match", "edit")
    return _open(cipher, SupportMatch, "evaluation", match)


def buurtgezinnen_households(user: User, *, log: bool = True) -> list[HouseholdChoice]:
    """Visible households with an active Buurtgezinnen enrolment of the user's teams: the
    families that ask for support."""
    if not permissions.has_file_access(user):
        return []
    households = (
        visible_households(user)
        .filter(has_active_member(user, "buurtgezinnen"))
        .order_by("created_at", "id")
    )
    return household_choices(user, households, "buurtgezinnen_households", log=log)


def household_choices_named(user: User, *, log: bool = True) -> list[HouseholdChoice]:
    """Every household visible to the user (for a support family that is itself known)."""
    households = visible_households(user).order_by("created_at")
    return household_choices(user, households, "buurtgezinnen_households", log=log)


@dataclass(frozen=True)
class PairsProgress:
    active: Figure
    target: int = PLAN_TARGET_PAIRS


def _pairs(queryset, *, on: dt.date, audience: Audience) -> PairsProgress:
    running = queryset.filter(start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    cells = tabulate_units(
        (((), pk) for pk in running.values_list("pk", flat=True)), kind=tables.ACTIVE_PAIRS.unit
    )
    return PairsProgress(active=release(tables.ACTIVE_PAIRS, cells, audience=audience)[()])


def team_pairs_progress(user: User) -> PairsProgress:
    """Active pairs of the user's teams today, exactly (their own caseload)."""
    return _pairs(
        SupportMatch.objects.filter(team_id__in=_teams(user)),
        on=timezone.localdate(),
        audience=Audience.CARE,
    )
