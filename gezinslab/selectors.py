"""Reads of Gezinslab and Buurtgezinnen: scoped querysets, decryption one page at a time (one
``Cipher().load`` per page), access logging of every household or support family shown, and
the programme office's aggregates (no identifier, no free text, suppressed counts)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Team, User
from casework import permissions
from casework.models import Enrolment, Household, HouseholdMembership
from casework.selectors import visible_households
from gezinslab.models import (
    Barrier,
    Breakthrough,
    FamilyGoal,
    FamilyTrajectory,
    SupportFamily,
    SupportMatch,
    SystemOrganisation,
)
from gezinslab.services import PLAN_TARGET_PAIRS
from privacy import disclosure
from privacy.crypto import Cipher, DecryptionError
from privacy.services import Look, log_access

# --- scope --------------------------------------------------------------------------------


def _teams(user: User):
    return permissions.member_teams_subquery(user)


def visible_trajectories(user: User) -> QuerySet[FamilyTrajectory]:
    """Trajectories of the user's teams on households visible to the user."""
    if not permissions.has_file_access(user):
        return FamilyTrajectory.objects.none()
    return FamilyTrajectory.objects.filter(
        team_id__in=_teams(user), household__in=visible_households(user)
    )


def visible_goals(user: User) -> QuerySet[FamilyGoal]:
    return FamilyGoal.objects.filter(trajectory__in=visible_trajectories(user))


def visible_barriers(user: User) -> QuerySet[Barrier]:
    return Barrier.objects.filter(trajectory__in=visible_trajectories(user))


def visible_breakthroughs(user: User) -> QuerySet[Breakthrough]:
    return Breakthrough.objects.filter(barrier__trajectory__in=visible_trajectories(user))


def visible_support_families(user: User) -> QuerySet[SupportFamily]:
    if not permissions.has_file_access(user):
        return SupportFamily.objects.none()
    return SupportFamily.objects.filter(team_id__in=_teams(user))


def visible_matches(user: User) -> QuerySet[SupportMatch]:
    if not permissions.has_file_access(user):
        return SupportMatch.objects.none()
    return SupportMatch.objects.filter(
        team_id__in=_teams(user), household__in=visible_households(user)
    )


def _get(queryset, user: User, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        if not permissions.has_file_access(user):
            raise PermissionDenied
        raise Http404
    return obj


def get_trajectory(user: User, pk) -> FamilyTrajectory:
    return _get(visible_trajectories(user).select_related("household__data_key", "team"), user, pk)


def get_goal(user: User, pk) -> FamilyGoal:
    return _get(visible_goals(user).select_related("trajectory__household__data_key"), user, pk)


def get_barrier(user: User, pk) -> Barrier:
    return _get(
        visible_barriers(user).select_related("trajectory__household__data_key", "organisation"),
        user,
        pk,
    )


def get_breakthrough(user: User, pk) -> Breakthrough:
    return _get(
        visible_breakthroughs(user).select_related(
            "barrier__trajectory__household__data_key", "barrier__organisation"
        ),
        user,
        pk,
    )


def get_support_family(user: User, pk) -> SupportFamily:
    return _get(visible_support_families(user).select_related("data_key"), user, pk)


def get_match(user: User, pk) -> SupportMatch:
    return _get(
        visible_matches(user).select_related("household__data_key", "support_family__data_key"),
        user,
        pk,
    )


def get_household(user: User, pk) -> Household:
    return _get(visible_households(user).select_related("data_key"), user, pk)


# --- decryption helpers -------------------------------------------------------------------


def _open(cipher: Cipher, model, column: str, obj) -> str | None:
    try:
        return cipher.open(model=model, column=column, row_pk=obj.pk, envelope=getattr(obj, column))
    except DecryptionError:  # crypto-shredded
        return None


def household_name(cipher: Cipher, household: Household) -> str:
    return _open(cipher, Household, "name", household) or f"Huishouden {str(household.pk)[:8]}"


def _log(user: User, ids, what: str, action: str, subject_type: str) -> None:
    log_access(
        user=user,
        looks=[
            Look(subject_id=pk, what=what, action=action, subject_type=subject_type)
            for pk in dict.fromkeys(ids)
        ],
        purpose="care",
    )


def household_label(user: User, household: Household) -> str:
    """The decrypted name of one household (logged as a view)."""
    cipher = Cipher().load([household.data_key])
    log_households(user, [household.pk], "gezinslab_household", "view")
    return household_name(cipher, household)


def log_households(user: User, ids, what: str, action: str = "view") -> None:
    _log(user, ids, what, action, "household")


def log_support_families(user: User, ids, what: str, action: str = "view") -> None:
    _log(user, ids, what, action, "support_family")


def person_name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


# --- trajectories -------------------------------------------------------------------------


@dataclass
class TrajectoryRow:
    trajectory: FamilyTrajectory
    name: str
    open_goals: int
    achieved_goals: int
    open_barriers: int


def trajectory_rows(user: User, *, log: bool = True) -> list[TrajectoryRow]:
    """The team's trajectories with counts, the household names decrypted (one query for the
    rows and their keys, counts annotated)."""
    rows = list(
        visible_trajectories(user)
        .select_related("household__data_key", "professional", "peer_expert", "team")
        .annotate(
            n_open_goals=Count("goals", filter=Q(goals__status="open"), distinct=True),
            n_achieved=Count("goals", filter=Q(goals__status="achieved"), distinct=True),
            n_open_barriers=Count(
                "barriers", filter=Q(barriers__status__in=["open", "stuck"]), distinct=True
            ),
        )
        .order_by("status", "-start_date", "id")
    )
    cipher = Cipher().load(t.household.data_key for t in rows)
    result = [
        TrajectoryRow(
            trajectory=t,
            name=household_name(cipher, t.household),
            open_goals=t.n_open_goals,
            achieved_goals=t.n_achieved,
            open_barriers=t.n_open_barriers,
        )
        for t in rows
    ]
    if log:
        log_households(user, [t.household_id for t in rows], "gezinslab_trajectories", "list")
    return result


@dataclass
class HouseholdChoice:
    household: Household
    name: str


def households_to_start(user: User, *, log: bool = True) -> list[HouseholdChoice]:
    """Visible households with an active Gezinslab enrolment of the user's teams and no open
    trajectory: the families a trajectory can be started for."""
    if not permissions.has_file_access(user):
        return []
    gezinslab_members = Enrolment.objects.filter(
        team_id__in=_teams(user), programme__code="gezinslab", status=Enrolment.Status.ACTIVE
    ).values("participant_id")
    with_member = HouseholdMembership.objects.filter(
        household_id=OuterRef("pk"), end_date__isnull=True, participant_id__in=gezinslab_members
    )
    open_trajectory = FamilyTrajectory.objects.filter(
        household_id=OuterRef("pk"), status__in=FamilyTrajectory.OPEN_STATUSES
    )
    households = list(
        visible_households(user)
        .filter(Exists(with_member))
        .exclude(Exists(open_trajectory))
        .select_related("data_key")
        .order_by("created_at", "id")
    )
    cipher = Cipher().load(h.data_key for h in households)
    if log:
        log_households(user, [h.pk for h in households], "gezinslab_households", "list")
    return [HouseholdChoice(h, household_name(cipher, h)) for h in households]


@dataclass
class GoalItem:
    goal: FamilyGoal
    text: str | None

    @property
    def domain(self) -> str:
        return life_domain_label(self.goal.life_domain) if self.goal.life_domain else ""


@dataclass
class BarrierItem:
    barrier: Barrier
    description: str | None
    escalated_to: str | None
    breakthrough: Breakthrough | None = None
    how: str | None = None
    system_change: str | None = None


@dataclass
class TrajectoryView:
    trajectory: FamilyTrajectory
    name: str
    plan_summary: str | None
    goals: list[GoalItem]
    barriers: list[BarrierItem]
    life_domain_labels: list[str] = field(default_factory=list)


def life_domain_label(code: str) -> str:
    from casework.instruments import LIFE_DOMAINS

    return {c: nl for c, nl, _en in LIFE_DOMAINS}.get(code, code)


def _barrier_items(barriers, cipher: Cipher, *, texts: bool = True) -> list[BarrierItem]:
    items = []
    for barrier in barriers:
        breakthrough = getattr(barrier, "breakthrough", None) if _has_bt(barrier) else None
        item = BarrierItem(
            barrier=barrier,
            description=_open(cipher, Barrier, "description", barrier) if texts else None,
            escalated_to=_open(cipher, Barrier, "escalated_to", barrier) if texts else None,
            breakthrough=breakthrough,
        )
        if breakthrough is not None and texts:
            item.how = _open(cipher, Breakthrough, "how", breakthrough)
            item.system_change = _open(cipher, Breakthrough, "system_change", breakthrough)
        items.append(item)
    return items


def _has_bt(barrier: Barrier) -> bool:
    try:
        barrier.breakthrough  # noqa: B018 - select_related fills it
    except Breakthrough.DoesNotExist:
        return False
    return True


def trajectory_view(user: User, pk) -> TrajectoryView:
    trajectory = get_trajectory(user, pk)
    trajectory = FamilyTrajectory.objects.select_related(
        "household__data_key", "team", "professional", "peer_expert"
    ).get(pk=trajectory.pk)
    cipher = Cipher().load([trajectory.household.data_key])
    goals = list(trajectory.goals.order_by("position"))
    barriers = list(
        trajectory.barriers.select_related("organisation", "breakthrough").order_by(
            "status", "since", "id"
        )
    )
    log_households(user, [trajectory.household_id], "gezinslab_trajectory", "view")
    return TrajectoryView(
        trajectory=trajectory,
        name=household_name(cipher, trajectory.household),
        plan_summary=_open(cipher, FamilyTrajectory, "plan_summary", trajectory),
        goals=[GoalItem(g, _open(cipher, FamilyGoal, "text", g)) for g in goals],
        barriers=_barrier_items(barriers, cipher),
        life_domain_labels=[life_domain_label(c) for c in trajectory.life_domains],
    )


def trajectory_plan_summary(user: User, trajectory: FamilyTrajectory) -> str | None:
    cipher = Cipher().load([trajectory.household.data_key])
    log_households(user, [trajectory.household_id], "gezinslab_trajectory", "edit")
    return _open(cipher, FamilyTrajectory, "plan_summary", trajectory)


def goal_text(user: User, goal: FamilyGoal) -> str | None:
    cipher = Cipher().load([goal.trajectory.household.data_key])
    log_households(user, [goal.trajectory.household_id], "gezinslab_goal", "edit")
    return _open(cipher, FamilyGoal, "text", goal)


def barrier_texts(user: User, barrier: Barrier) -> tuple[str | None, str | None]:
    cipher = Cipher().load([barrier.trajectory.household.data_key])
    log_households(user, [barrier.trajectory.household_id], "gezinslab_barrier", "edit")
    return (
        _open(cipher, Barrier, "description", barrier),
        _open(cipher, Barrier, "escalated_to", barrier),
    )


def organisations() -> QuerySet[SystemOrganisation]:
    return SystemOrganisation.objects.filter(active=True).order_by("position", "name")


def duo_candidates(team: Team) -> tuple[list[User], list[User]]:
    """(professionals, peer experts) among the team's active members."""
    from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD

    members = list(
        User.objects.filter(memberships__team=team, is_active=True)
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "pk")
    )
    professionals, peers = [], []
    for member in members:
        names = {g.name for g in member.groups.all()}
        if names & {CASEWORKER, TEAM_LEAD}:
            professionals.append(member)
        if PEER_EXPERT in names:
            peers.append(member)
    return professionals, peers


# --- Buurtgezinnen ------------------------------------------------------------------------


def _active_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})


@dataclass
class SupportFamilyRow:
    family: SupportFamily
    name: str | None
    contact: str | None
    running: int


def support_family_rows(user: User, *, log: bool = True) -> list[SupportFamilyRow]:
    families = list(
        visible_support_families(user)
        .select_related("data_key", "team")
        .annotate(n_running=Count("matches", filter=_active_q("matches__"), distinct=True))
        .order_by("-active", "created_at", "id")
    )
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


def match_rows(user: User, *, log: bool = True) -> list[MatchRow]:
    matches = list(
        visible_matches(user)
        .select_related("household__data_key", "support_family__data_key")
        .order_by("end_date", "-start_date", "id")
    )
    keys = [m.household.data_key for m in matches] + [m.support_family.data_key for m in matches]
    cipher = Cipher().load(keys)
    today = timezone.localdate()
    if log:
        log_households(user, [m.household_id for m in matches], "buurtgezinnen_matches", "list")
        log_support_families(
            user, [m.support_family_id for m in matches], "buurtgezinnen_matches", "list"
        )
    return [
        MatchRow(
            match=m,
            family_name=_open(cipher, SupportFamily, "name", m.support_family),
            household_name=household_name(cipher, m.household),
            evaluation=_open(cipher, SupportMatch, "evaluation", m),
            active=m.end_date is None or m.end_date >= today,
        )
        for m in matches
    ]


def match_evaluation(user: User, match: SupportMatch) -> str | None:
    cipher = Cipher().load([match.household.data_key])
    log_households(user, [match.household_id], "buurtgezinnen_match", "edit")
    return _open(cipher, SupportMatch, "evaluation", match)


def buurtgezinnen_households(user: User, *, log: bool = True) -> list[HouseholdChoice]:
    """Visible households with an active Buurtgezinnen enrolment of the user's teams: the
    families that ask for support."""
    if not permissions.has_file_access(user):
        return []
    asking = Enrolment.objects.filter(
        team_id__in=_teams(user), programme__code="buurtgezinnen", status=Enrolment.Status.ACTIVE
    ).values("participant_id")
    households = list(
        visible_households(user)
        .filter(
            Exists(
                HouseholdMembership.objects.filter(
                    household_id=OuterRef("pk"), end_date__isnull=True, participant_id__in=asking
                )
            )
        )
        .select_related("data_key")
        .order_by("created_at", "id")
    )
    cipher = Cipher().load(h.data_key for h in households)
    if log:
        log_households(user, [h.pk for h in households], "buurtgezinnen_households", "list")
    return [HouseholdChoice(h, household_name(cipher, h)) for h in households]


def household_choices_named(user: User, *, log: bool = True) -> list[HouseholdChoice]:
    """Every household visible to the user (for a support family that is itself known)."""
    households = list(visible_households(user).select_related("data_key").order_by("created_at"))
    cipher = Cipher().load(h.data_key for h in households)
    if log:
        log_households(user, [h.pk for h in households], "buurtgezinnen_households", "list")
    return [HouseholdChoice(h, household_name(cipher, h)) for h in households]


@dataclass(frozen=True)
class PairsProgress:
    active: object  # int for the team, a disclosure.Count for the programme office
    target: int = PLAN_TARGET_PAIRS


def team_pairs_progress(user: User) -> PairsProgress:
    """Active pairs of the user's teams, exact: counts of pairs are not about one person."""
    return PairsProgress(
        active=SupportMatch.objects.filter(team_id__in=_teams(user)).filter(_active_q()).count()
    )


def programme_pairs_progress() -> PairsProgress:
    """Active pairs over all teams, suppressed below the threshold (programme office)."""
    return PairsProgress(active=disclosure.count(SupportMatch.objects.filter(_active_q()).count()))


# --- programme office dashboard -----------------------------------------------------------


@dataclass
class MedianRow:
    label: str
    n: disclosure.Count
    median_days: float | None


@dataclass
class Dashboard:
    barriers: disclosure.Table  # all: open and broken through, shown where both parts are
    open_barriers: disclosure.Table
    breakthroughs: disclosure.Table
    system_changes: disclosure.Count
    medians: list[MedianRow]
    pairs: PairsProgress
    threshold: int


def _table(rows, orgs: list[SystemOrganisation], kinds, **options) -> disclosure.Table:
    counts = {(org_id, kind): n for org_id, kind, n in rows}
    values = [[counts.get((org.pk, kind), 0) for kind, _label in kinds] for org in orgs]
    # Barriers are about organisations' rules: a zero says nothing about anyone and is
    # shown; every small count above it is protected.
    return disclosure.table(
        [o.name for o in orgs],
        [str(label) for _k, label in kinds],
        values,
        hide_zeros=False,
        **options,
    )


def dashboard() -> Dashboard:
    """Barriers and breakthroughs by organisation and kind, programme-wide, suppressed: no
    identifier, no free text, no single file."""
    from django.db.models import F

    used = Barrier.objects.values("organisation_id")
    orgs = list(
        SystemOrganisation.objects.filter(Q(active=True) | Q(pk__in=used)).order_by(
            "position", "name"
        )
    )
    kinds = list(Barrier.Kind.choices)
    # Barriers split into those without a breakthrough and those with one (a barrier has at
    # most one): two tables of disjoint counts, each audited on its own, and all barriers as
    # their sum. Audited separately, a table of all barriers and one of breakthroughs would
    # leak: a shown breakthrough count is a lower bound of a hidden barrier count.
    open_barriers = _table(
        Barrier.objects.filter(breakthrough__isnull=True)
        .values("organisation_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "kind", "n"),
        orgs,
        kinds,
    )
    breakthroughs = _table(
        Breakthrough.objects.annotate(org=F("barrier__organisation_id"), kind=F("barrier__kind"))
        .values("org", "kind")
        .annotate(n=Count("pk"))
        .values_list("org", "kind", "n"),
        orgs,
        kinds,
    )
    barriers = disclosure.combined(open_barriers, breakthroughs)
    # Breakthroughs that need a change of the system and those that do not add up to the
    # breakthroughs' total, which the table shows: the first is shown only when the second is
    # not small either, or subtracting would give it away.
    changes = Breakthrough.objects.filter(needs_system_change=True).count()
    change_table = disclosure.table(
        ["ja", "nee"], ["n"], [[changes], [Breakthrough.objects.count() - changes]]
    )
    system_changes = (
        change_table.cells[0][0]
        if not any(row[0].suppressed for row in change_table.cells)
        else disclosure.Count(None, disclosure.threshold())
    )
    durations: dict[str, list[int]] = {}
    all_days: list[int] = []
    for kind, since, date in Breakthrough.objects.values_list(
        "barrier__kind", "barrier__since", "date"
    ):
        days = (date - since).days
        durations.setdefault(kind, []).append(days)
        all_days.append(days)
    limit = disclosure.threshold()

    def median_row(label, days: list[int], n: disclosure.Count) -> MedianRow:
        # n is the breakthrough table's total for the kind, suppressed as there: shown
        # separately it could give away what the table hides.
        return MedianRow(
            label=str(label),
            n=n,
            median_days=statistics.median(days) if not n.suppressed and n.value >= limit else None,
        )

    medians = [
        median_row(label, durations.get(kind, []), breakthroughs.column_totals[index])
        for index, (kind, label) in enumerate(kinds)
    ]
    medians.append(median_row("Totaal", all_days, breakthroughs.total))
    return Dashboard(
        barriers=barriers,
        open_barriers=open_barriers,
        breakthroughs=breakthroughs,
        system_changes=system_changes,
        medians=medians,
        pairs=programme_pairs_progress(),
        threshold=limit,
    )


def barrier_table_data() -> dict:
    """The aggregated barrier table as plain data for the API (suppressed cells are null)."""
    board = dashboard()

    def table_data(table: disclosure.Table) -> dict:
        return {
            "organisations": table.row_labels,
            "kinds": table.column_labels,
            "cells": [[c.value for c in row] for row in table.cells],
            "organisation_totals": [c.value for c in table.row_totals],
            "kind_totals": [c.value for c in table.column_totals],
            "total": table.total.value,
        }

    return {
        "threshold": board.threshold,
        "barriers": table_data(board.barriers),
        "open_barriers": table_data(board.open_barriers),
        "breakthroughs": table_data(board.breakthroughs),
        "system_changes": board.system_changes.value,
        "median_days_to_breakthrough": [
            {"kind": m.label, "n": m.n.value, "median_days": m.median_days} for m in board.medians
        ],
        "active_pairs": board.pairs.active.value,
        "target_pairs": board.pairs.target,
    }
