"""Reads of Gezinslab and Buurtgezinnen: scoped querysets, decryption one page at a time (one
``Cipher().load`` per page), access logging of every household or support family shown, and
the programme-wide aggregates, released through ``privacy.release`` for the viewer's audience
(no identifier, no free text)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Team, User
from casework import permissions
from casework.models import Enrolment, Household, HouseholdMembership
from casework.selectors import visible_households
from gezinslab import tables
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
from privacy.crypto import Cipher, DecryptionError
from privacy.periods import Period
from privacy.release import (
    TOTAL,
    Audience,
    Cell,
    Figure,
    Grid,
    Scope,
    audience_for,
    grid,
    log_view,
    release,
    tabulate_units,
)
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


# --- programme-wide dashboard (management: exact; public: the cell key method) -------------


@dataclass
class MedianRow:
    label: str
    n: Figure
    median_days: Figure | None  # None: not released to this audience


@dataclass
class Dashboard:
    period: Period
    audience: Audience
    exact: bool
    barriers: Grid
    open_barriers: Grid
    breakthroughs: Grid
    system_changes: Figure
    medians: list[MedianRow]
    pairs: PairsProgress
    specs: list = field(default_factory=list)


def _organisations() -> list[SystemOrganisation]:
    used = Barrier.objects.values("organisation_id")
    return list(
        SystemOrganisation.objects.filter(Q(active=True) | Q(pk__in=used)).order_by(
            "position", "name"
        )
    )


def dashboard(user: User, *, period: Period, log: bool = True) -> Dashboard:
    """Barriers and breakthroughs by organisation and kind, programme-wide, for the period, as
    the viewer's audience may see them (the programme office and team leads: exact). No
    identifier, no free text, no single file; each view is logged (aggregate, no subject)."""
    audience = audience_for(user, Scope.PROGRAMME)
    start, end = period.start, period.end
    orgs = _organisations()
    kinds = list(Barrier.Kind.choices)
    rows = [(org.pk, org.name) for org in orgs]
    columns = [(kind, str(label)) for kind, label in kinds]
    heading = _("Organisatie")

    def layout(spec, queryset) -> Grid:
        cells = tabulate_units(
            (
                ((org, kind), pk)
                for pk, org, kind in queryset.values_list("pk", "organisation_id", "kind")
            ),
            kind=spec.unit,
        )
        return grid(release(spec, cells, audience=audience), rows, columns, row_heading=heading)

    played = Barrier.objects.filter(since__lte=end)
    if start is not None:
        played = played.filter(Q(breakthrough__isnull=True) | Q(breakthrough__date__gte=start))
    still_open = Barrier.objects.filter(since__lte=end).filter(
        Q(breakthrough__isnull=True) | Q(breakthrough__date__gt=end)
    )
    broken = Barrier.objects.filter(breakthrough__date__lte=end)
    if start is not None:
        broken = broken.filter(breakthrough__date__gte=start)
    changes = release(
        tables.SYSTEM_CHANGES,
        tabulate_units(
            (
                ((bool(change),), pk)
                for pk, change in broken.values_list("pk", "breakthrough__needs_system_change")
            ),
            kind=tables.SYSTEM_CHANGES.unit,
        ),
        audience=audience,
    )
    durations: dict[str, list[int]] = {}
    for kind, since, date in broken.values_list("kind", "since", "breakthrough__date"):
        durations.setdefault(kind, []).append((date - since).days)
    breakthroughs = layout(tables.BREAKTHROUGHS, broken)
    medians = _medians(durations, kinds, breakthroughs, audience)
    board = Dashboard(
        period=period,
        audience=audience,
        exact=breakthroughs.exact,
        barriers=layout(tables.BARRIERS, played),
        open_barriers=layout(tables.OPEN_BARRIERS, still_open),
        breakthroughs=breakthroughs,
        system_changes=changes[(True,)],
        medians=medians,
        pairs=_pairs(SupportMatch.objects.all(), on=end, audience=audience),
        specs=[
            tables.BARRIERS,
            tables.OPEN_BARRIERS,
            tables.BREAKTHROUGHS,
            tables.SYSTEM_CHANGES,
            tables.DAYS_TO_BREAKTHROUGH,
            tables.ACTIVE_PAIRS,
        ],
    )
    if log:
        log_view(user, board.specs, audience=audience, where="gezinslab:dashboard")
    return board


def _medians(durations, kinds, breakthroughs: Grid, audience: Audience) -> list[MedianRow]:
    """The median days to a breakthrough per kind and over all, beside the breakthrough
    table's column totals; a median is a statistic, released exactly or not at all."""
    spec = tables.DAYS_TO_BREAKTHROUGH
    shown = spec.releasable(audience)
    everything = [days for values in durations.values() for days in values]
    cells = {(kind,): Cell(amount=_median(durations.get(kind, []))) for kind, _label in kinds}
    cells[(TOTAL,)] = Cell(amount=_median(everything))
    released = release(spec, cells, audience=audience) if shown else None
    rows = [
        MedianRow(
            label=str(label),
            n=breakthroughs.column_totals[index],
            median_days=released[(kind,)] if released else None,
        )
        for index, (kind, label) in enumerate(kinds)
    ]
    rows.append(
        MedianRow(
            label=str(_("Totaal")),
            n=breakthroughs.total,
            median_days=released[(TOTAL,)] if released else None,
        )
    )
    return rows


def _median(days: list[int]):
    return statistics.median(days) if days else None


def barrier_table_data(user: User, *, period: Period) -> dict:
    """The dashboard as plain data for the API, released as for the page."""
    board = dashboard(user, period=period)

    def table_data(table: Grid) -> dict:
        return {
            "organisations": [row.label for row in table.rows],
            "kinds": table.column_labels,
            "cells": [[cell.value for cell in row.cells] for row in table.rows],
            "organisation_totals": [row.total.value for row in table.rows],
            "kind_totals": [figure.value for figure in table.column_totals],
            "total": table.total.value,
        }

    return {
        "period": board.period.code,
        "period_start": board.period.start.isoformat() if board.period.start else None,
        "period_end": board.period.end.isoformat(),
        "method": "exact" if board.exact else "cell_key",
        "barriers": table_data(board.barriers),
        "open_barriers": table_data(board.open_barriers),
        "breakthroughs": table_data(board.breakthroughs),
        "system_changes": board.system_changes.value,
        "median_days_to_breakthrough": [
            {
                "kind": m.label,
                "n": m.n.value,
                "median_days": None if m.median_days is None else m.median_days.value,
            }
            for m in board.medians
        ],
        "active_pairs": board.pairs.active.value,
        "target_pairs": board.pairs.target,
    }
