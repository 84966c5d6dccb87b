"""Reads of Gezinslab trajectories: the list, the trajectory page with goals and barriers, texts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Team, User
from casework import permissions
from casework.selectors import visible_households
from casework.selectors.paging import page_of
from gezinslab.models import (
    Barrier,
    Breakthrough,
    FamilyGoal,
    FamilyTrajectory,
    SystemOrganisation,
)
from gezinslab.selectors.base import (
    HouseholdChoice,
    _open,
    get_trajectory,
    has_active_member,
    household_choices,
    household_name,
    log_households,
    visible_trajectories,
)
from privacy.crypto import Cipher


@dataclass
class TrajectoryRow:
    trajectory: FamilyTrajectory
    name: str
    open_goals: int
    achieved_goals: int
    open_barriers: int


def trajectories_page(user: User, page: int | str = 1) -> Page:
    """One page of 50 of the team's trajectories (open first, newest first) with counts of
    goals and barriers (annotated, one query for the page); only the page's household names
    are decrypted and logged."""
    trajectories = (
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

    def rows(chosen: list[FamilyTrajectory]) -> list[TrajectoryRow]:
        cipher = Cipher().load(t.household.data_key for t in chosen)
        log_households(user, [t.household_id for t in chosen], "gezinslab_trajectories", "list")
        return [
            TrajectoryRow(
                trajectory=t,
                name=household_name(cipher, t.household),
                open_goals=t.n_open_goals,
                achieved_goals=t.n_achieved,
                open_barriers=t.n_open_barriers,
            )
            for t in chosen
        ]

    return page_of(trajectories, page, rows)


def households_to_start(user: User, *, log: bool = True) -> list[HouseholdChoice]:
    """Visible households with an active Gezinslab enrolment of the user's teams and no open
    trajectory: the families a trajectory can be started for."""
    if not permissions.has_file_access(user):
        return []
    open_trajectory = FamilyTrajectory.objects.filter(
        household_id=OuterRef("pk"), status__in=FamilyTrajectory.OPEN_STATUSES
    )
    households = (
        visible_households(user)
        .filter(has_active_member(user, "gezinslab"))
        .exclude(Exists(open_trajectory))
        .order_by("created_at", "id")
    )
    return household_choices(user, households, "gezinslab_households", log=log)


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
