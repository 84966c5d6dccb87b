"""API v1 endpoints of the gezinslab app, mounted under /api/v1/ by koers.api_urls.

The same rules as the pages: reads through ``gezinslab.selectors`` (team scope, households
visible to the user), one ``Cipher().load`` per page, every household or support family
returned written to the access log; writes through ``gezinslab.services``; a stale
``version`` gets 409. The barrier table is aggregated and suppressed (programme office).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions as drf_permissions
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import Team, User
from accounts.permissions import has_role
from accounts.roles import FILE_ROLES, PROGRAMME_OFFICE, TEAM_LEAD
from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    created,
    declare,
    parse_pk,
)
from casework.api import CaseworkViewSet
from gezinslab import selectors, services
from gezinslab import serializers as s
from gezinslab.models import (
    Barrier,
    Breakthrough,
    FamilyGoal,
    FamilyTrajectory,
    SupportFamily,
    SupportMatch,
    SystemOrganisation,
)
from privacy import periods
from privacy.crypto import Cipher


def _user(pk) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _organisation(code: str) -> SystemOrganisation:
    organisation = SystemOrganisation.objects.filter(code=code, active=True).first()
    if organisation is None:
        raise ValidationError({"organisation": ["Onbekende organisatie (code)."]})
    return organisation


def _schema(name: str, out, create_in=None, update_in=None):
    views = {
        "list": extend_schema(
            summary=f"List the {name} of your teams",
            responses={200: out(many=True), **LIST_ERRORS},
        ),
        "retrieve": extend_schema(
            summary=f"Read one of the {name}", responses={200: out, **READ_ERRORS}
        ),
    }
    if create_in is not None:
        views["create"] = extend_schema(
            summary=f"Create one of the {name}",
            request=create_in,
            responses={201: out, **WRITE_ERRORS},
        )
    if update_in is not None:
        views["partial_update"] = extend_schema(
            summary=f"Change one of the {name}",
            description="Send `version` as read; fields left out keep their value. A stale "
            "version gets 409 and nothing is saved.",
            request=update_in,
            responses={200: out, **UPDATE_ERRORS},
        )
    return extend_schema_view(**views)


def _parsed(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _open(cipher, model, column, obj):
    return selectors._open(cipher, model, column, obj)


# --- trajectories -------------------------------------------------------------------------


def _trajectory_data(t: FamilyTrajectory, cipher: Cipher) -> dict:
    return {
        "id": t.pk,
        "version": t.version,
        "household": t.household_id,
        "team": t.team.code,
        "professional": t.professional_id,
        "peer_expert": t.peer_expert_id,
        "finding_place": t.finding_place,
        "start_date": t.start_date,
        "end_date": t.end_date,
        "status": t.status,
        "life_domains": t.life_domains,
        "plan_summary": _open(cipher, FamilyTrajectory, "plan_summary", t),
    }


@_schema(
    "family trajectories",
    s.GezinslabTrajectorySerializer,
    s.GezinslabTrajectoryCreateSerializer,
    s.GezinslabTrajectoryUpdateSerializer,
)
class TrajectoryViewSet(CaseworkViewSet):
    queryset = FamilyTrajectory.objects.none()
    serializer_class = s.GezinslabTrajectorySerializer

    def get_queryset(self):
        return selectors.visible_trajectories(self.request.user).select_related(
            "household__data_key", "team"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(t.household.data_key for t in page)
        data = [_trajectory_data(t, cipher) for t in page]
        selectors.log_households(
            request.user, [t.household_id for t in page], "api_gezinslab_trajectories", "list"
        )
        return self.get_paginated_response(s.GezinslabTrajectorySerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        t = selectors.get_trajectory(self.request.user, parse_pk(pk))
        cipher = Cipher().load([t.household.data_key])
        selectors.log_households(
            self.request.user, [t.household_id], "api_gezinslab_trajectory", "view"
        )
        return s.GezinslabTrajectorySerializer(_trajectory_data(t, cipher)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.GezinslabTrajectoryCreateSerializer, request)
        trajectory = services.start_trajectory(
            actor=request.user,
            household=selectors.get_household(request.user, data["household"]),
            professional=_user(data["professional"]),
            peer_expert=_user(data["peer_expert"]),
            finding_place=data["finding_place"],
            start_date=data["start_date"],
            life_domains=data.get("life_domains", []),
            plan_summary=data.get("plan_summary", ""),
        )
        return created(self._detail(trajectory.pk))

    def partial_update(self, request, pk=None):
        t = selectors.get_trajectory(request.user, parse_pk(pk))
        data = _parsed(s.GezinslabTrajectoryUpdateSerializer, request)
        cipher = Cipher().load([t.household.data_key])
        services.update_trajectory(
            actor=request.user,
            trajectory=t,
            expected_version=data["version"],
            professional=_user(data.get("professional", t.professional_id)),
            peer_expert=_user(data.get("peer_expert", t.peer_expert_id)),
            finding_place=data.get("finding_place", t.finding_place),
            start_date=data.get("start_date", t.start_date),
            end_date=data.get("end_date", t.end_date),
            status=data.get("status", t.status),
            life_domains=data.get("life_domains", t.life_domains),
            plan_summary=data["plan_summary"]
            if "plan_summary" in data
            else (_open(cipher, FamilyTrajectory, "plan_summary", t) or ""),
        )
        return Response(self._detail(pk))


# --- family goals -------------------------------------------------------------------------


def _goal_data(g: FamilyGoal, cipher: Cipher) -> dict:
    return {
        "id": g.pk,
        "version": g.version,
        "trajectory": g.trajectory_id,
        "position": g.position,
        "text": _open(cipher, FamilyGoal, "text", g),
        "life_domain": g.life_domain,
        "status": g.status,
    }


@_schema(
    "family goals",
    s.GezinslabFamilyGoalSerializer,
    s.GezinslabFamilyGoalCreateSerializer,
    s.GezinslabFamilyGoalUpdateSerializer,
)
class FamilyGoalViewSet(CaseworkViewSet):
    queryset = FamilyGoal.objects.none()
    serializer_class = s.GezinslabFamilyGoalSerializer

    def get_queryset(self):
        return selectors.visible_goals(self.request.user).select_related(
            "trajectory__household__data_key"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(g.trajectory.household.data_key for g in page)
        data = [_goal_data(g, cipher) for g in page]
        selectors.log_households(
            request.user, [g.trajectory.household_id for g in page], "api_gezinslab_goals", "list"
        )
        return self.get_paginated_response(s.GezinslabFamilyGoalSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        g = selectors.get_goal(self.request.user, parse_pk(pk))
        cipher = Cipher().load([g.trajectory.household.data_key])
        selectors.log_households(
            self.request.user, [g.trajectory.household_id], "api_gezinslab_goal", "view"
        )
        return s.GezinslabFamilyGoalSerializer(_goal_data(g, cipher)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.GezinslabFamilyGoalCreateSerializer, request)
        goal = services.add_family_goal(
            actor=request.user,
            trajectory=selectors.get_trajectory(request.user, data["trajectory"]),
            text=data["text"],
            life_domain=data.get("life_domain", ""),
        )
        return created(self._detail(goal.pk))

    def partial_update(self, request, pk=None):
        g = selectors.get_goal(request.user, parse_pk(pk))
        data = _parsed(s.GezinslabFamilyGoalUpdateSerializer, request)
        cipher = Cipher().load([g.trajectory.household.data_key])
        services.update_family_goal(
            actor=request.user,
            goal=g,
            expected_version=data["version"],
            text=data["text"] if "text" in data else (_open(cipher, FamilyGoal, "text", g) or ""),
            status=data.get("status", g.status),
            life_domain=data.get("life_domain", g.life_domain),
        )
        return Response(self._detail(pk))


# --- barriers -----------------------------------------------------------------------------


def _barrier_data(b: Barrier, cipher: Cipher, breakthrough_id) -> dict:
    return {
        "id": b.pk,
        "version": b.version,
        "trajectory": b.trajectory_id,
        "organisation": b.organisation.code,
        "kind": b.kind,
        "description": _open(cipher, Barrier, "description", b),
        "since": b.since,
        "escalated_to": _open(cipher, Barrier, "escalated_to", b),
        "escalated_on": b.escalated_on,
        "status": b.status,
        "breakthrough": breakthrough_id,
    }


def _breakthrough_ids(barrier_ids) -> dict:
    return dict(
        Breakthrough.objects.filter(barrier_id__in=barrier_ids).values_list("barrier_id", "id")
    )


@_schema(
    "barriers",
    s.GezinslabBarrierSerializer,
    s.GezinslabBarrierCreateSerializer,
    s.GezinslabBarrierUpdateSerializer,
)
class BarrierViewSet(CaseworkViewSet):
    queryset = Barrier.objects.none()
    serializer_class = s.GezinslabBarrierSerializer

    def get_queryset(self):
        return selectors.visible_barriers(self.request.user).select_related(
            "trajectory__household__data_key", "organisation"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(b.trajectory.household.data_key for b in page)
        ids = _breakthrough_ids([b.pk for b in page])
        data = [_barrier_data(b, cipher, ids.get(b.pk)) for b in page]
        selectors.log_households(
            request.user,
            [b.trajectory.household_id for b in page],
            "api_gezinslab_barriers",
            "list",
        )
        return self.get_paginated_response(s.GezinslabBarrierSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        b = selectors.get_barrier(self.request.user, parse_pk(pk))
        cipher = Cipher().load([b.trajectory.household.data_key])
        selectors.log_households(
            self.request.user, [b.trajectory.household_id], "api_gezinslab_barrier", "view"
        )
        return s.GezinslabBarrierSerializer(
            _barrier_data(b, cipher, _breakthrough_ids([b.pk]).get(b.pk))
        ).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.GezinslabBarrierCreateSerializer, request)
        trajectory = selectors.get_trajectory(request.user, data["trajectory"])
        barrier = services.add_barrier(
            actor=request.user,
            trajectory=trajectory,
            organisation=_organisation(data["organisation"]),
            kind=data["kind"],
            description=data["description"],
            since=data["since"],
            escalated_to=data.get("escalated_to", ""),
            escalated_on=data.get("escalated_on"),
        )
        return created(self._detail(barrier.pk))

    def partial_update(self, request, pk=None):
        b = selectors.get_barrier(request.user, parse_pk(pk))
        data = _parsed(s.GezinslabBarrierUpdateSerializer, request)
        cipher = Cipher().load([b.trajectory.household.data_key])
        services.update_barrier(
            actor=request.user,
            barrier=b,
            expected_version=data["version"],
            organisation=_organisation(data["organisation"])
            if "organisation" in data
            else b.organisation,
            kind=data.get("kind", b.kind),
            description=data["description"]
            if "description" in data
            else (_open(cipher, Barrier, "description", b) or ""),
            since=data.get("since", b.since),
            escalated_to=data["escalated_to"]
            if "escalated_to" in data
            else (_open(cipher, Barrier, "escalated_to", b) or ""),
            escalated_on=data.get("escalated_on", b.escalated_on),
            status=data.get("status", b.status),
        )
        return Response(self._detail(pk))


# --- breakthroughs ------------------------------------------------------------------------


def _breakthrough_data(bt: Breakthrough, cipher: Cipher) -> dict:
    return {
        "id": bt.pk,
        "version": bt.version,
        "barrier": bt.barrier_id,
        "how": _open(cipher, Breakthrough, "how", bt),
        "date": bt.date,
        "needs_system_change": bt.needs_system_change,
        "system_change": _open(cipher, Breakthrough, "system_change", bt),
    }


@_schema(
    "breakthroughs",
    s.GezinslabBreakthroughSerializer,
    s.GezinslabBreakthroughCreateSerializer,
    s.GezinslabBreakthroughUpdateSerializer,
)
class BreakthroughViewSet(CaseworkViewSet):
    queryset = Breakthrough.objects.none()
    serializer_class = s.GezinslabBreakthroughSerializer

    def get_queryset(self):
        return selectors.visible_breakthroughs(self.request.user).select_related(
            "barrier__trajectory__household__data_key"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(bt.barrier.trajectory.household.data_key for bt in page)
        data = [_breakthrough_data(bt, cipher) for bt in page]
        selectors.log_households(
            request.user,
            [bt.barrier.trajectory.household_id for bt in page],
            "api_gezinslab_breakthroughs",
            "list",
        )
        return self.get_paginated_response(s.GezinslabBreakthroughSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        bt = selectors.get_breakthrough(self.request.user, parse_pk(pk))
        cipher = Cipher().load([bt.barrier.trajectory.household.data_key])
        selectors.log_households(
            self.request.user,
            [bt.barrier.trajectory.household_id],
            "api_gezinslab_breakthrough",
            "view",
        )
        return s.GezinslabBreakthroughSerializer(_breakthrough_data(bt, cipher)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.GezinslabBreakthroughCreateSerializer, request)
        breakthrough = services.record_breakthrough(
            actor=request.user,
            barrier=selectors.get_barrier(request.user, data["barrier"]),
            expected_version=data["barrier_version"],
            how=data["how"],
            date=data["date"],
            needs_system_change=data.get("needs_system_change", False),
            system_change=data.get("system_change", ""),
        )
        return created(self._detail(breakthrough.pk))

    def partial_update(self, request, pk=None):
        bt = selectors.get_breakthrough(request.user, parse_pk(pk))
        data = _parsed(s.GezinslabBreakthroughUpdateSerializer, request)
        cipher = Cipher().load([bt.barrier.trajectory.household.data_key])
        services.update_breakthrough(
            actor=request.user,
            breakthrough=bt,
            expected_version=data["version"],
            how=data["how"] if "how" in data else (_open(cipher, Breakthrough, "how", bt) or ""),
            date=data.get("date", bt.date),
            needs_system_change=data.get("needs_system_change", bt.needs_system_change),
            system_change=data["system_change"]
            if "system_change" in data
            else (_open(cipher, Breakthrough, "system_change", bt) or ""),
        )
        return Response(self._detail(pk))


# --- support families ---------------------------------------------------------------------


def _family_data(f: SupportFamily, cipher: Cipher, running: int) -> dict:
    return {
        "id": f.pk,
        "version": f.version,
        "team": f.team.code,
        "name": _open(cipher, SupportFamily, "name", f),
        "contact": _open(cipher, SupportFamily, "contact", f),
        "wijk": f.wijk,
        "household": f.household_id,
        "active": f.active,
        "max_families": f.max_families,
        "running": running,
    }


@_schema(
    "support families",
    s.BuurtgezinnenSupportFamilySerializer,
    s.BuurtgezinnenSupportFamilyCreateSerializer,
    s.BuurtgezinnenSupportFamilyUpdateSerializer,
)
class SupportFamilyViewSet(CaseworkViewSet):
    queryset = SupportFamily.objects.none()
    serializer_class = s.BuurtgezinnenSupportFamilySerializer

    def get_queryset(self):
        return (
            selectors.visible_support_families(self.request.user)
            .select_related("data_key", "team")
            .annotate(
                n_running=Count("matches", filter=selectors._active_q("matches__"), distinct=True)
            )
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(f.data_key for f in page)
        data = [_family_data(f, cipher, f.n_running) for f in page]
        selectors.log_support_families(
            request.user, [f.pk for f in page], "api_buurtgezinnen_families", "list"
        )
        return self.get_paginated_response(
            s.BuurtgezinnenSupportFamilySerializer(data, many=True).data
        )

    def _family(self, pk) -> SupportFamily:
        family = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if family is None:
            raise Http404
        return family

    def _detail(self, pk) -> dict:
        f = self._family(pk)
        cipher = Cipher().load([f.data_key])
        selectors.log_support_families(
            self.request.user, [f.pk], "api_buurtgezinnen_family", "view"
        )
        return s.BuurtgezinnenSupportFamilySerializer(_family_data(f, cipher, f.n_running)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.BuurtgezinnenSupportFamilyCreateSerializer, request)
        team = Team.objects.filter(
            code=data["team"], active=True, memberships__user=request.user
        ).first()
        if team is None:
            raise ValidationError({"team": ["Geen actief team van u met deze code."]})
        household = (
            selectors.get_household(request.user, data["household"])
            if data.get("household")
            else None
        )
        family = services.add_support_family(
            actor=request.user,
            team=team,
            name=data["name"],
            contact=data.get("contact", ""),
            wijk=data.get("wijk", ""),
            household=household,
            max_families=data.get("max_families", 1),
            active=data.get("active", True),
        )
        return created(self._detail(family.pk))

    def partial_update(self, request, pk=None):
        f = self._family(pk)
        data = _parsed(s.BuurtgezinnenSupportFamilyUpdateSerializer, request)
        cipher = Cipher().load([f.data_key])
        if "household" in data:
            household = (
                f.household
                if data["household"] == f.household_id
                else (
                    selectors.get_household(request.user, data["household"])
                    if data["household"]
                    else None
                )
            )
        else:
            household = f.household
        services.update_support_family(
            actor=request.user,
            family=f,
            expected_version=data["version"],
            name=data["name"]
            if "name" in data
            else (_open(cipher, SupportFamily, "name", f) or ""),
            contact=data["contact"]
            if "contact" in data
            else (_open(cipher, SupportFamily, "contact", f) or ""),
            wijk=data.get("wijk", f.wijk),
            household=household,
            max_families=data.get("max_families", f.max_families),
            active=data.get("active", f.active),
        )
        return Response(self._detail(pk))


# --- matches ------------------------------------------------------------------------------


def _match_data(m: SupportMatch, cipher: Cipher) -> dict:
    from django.utils import timezone

    return {
        "id": m.pk,
        "version": m.version,
        "support_family": m.support_family_id,
        "household": m.household_id,
        "team": m.team.code,
        "start_date": m.start_date,
        "end_date": m.end_date,
        "rhythm": m.rhythm,
        "outcome": m.outcome,
        "evaluation": _open(cipher, SupportMatch, "evaluation", m),
        "active": m.end_date is None or m.end_date >= timezone.localdate(),
    }


@_schema(
    "support matches",
    s.BuurtgezinnenMatchSerializer,
    s.BuurtgezinnenMatchCreateSerializer,
    s.BuurtgezinnenMatchUpdateSerializer,
)
class MatchViewSet(CaseworkViewSet):
    queryset = SupportMatch.objects.none()
    serializer_class = s.BuurtgezinnenMatchSerializer

    def get_queryset(self):
        return selectors.visible_matches(self.request.user).select_related(
            "household__data_key", "team"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(m.household.data_key for m in page)
        data = [_match_data(m, cipher) for m in page]
        selectors.log_households(
            request.user, [m.household_id for m in page], "api_buurtgezinnen_matches", "list"
        )
        return self.get_paginated_response(s.BuurtgezinnenMatchSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        m = selectors.get_match(self.request.user, parse_pk(pk))
        cipher = Cipher().load([m.household.data_key])
        selectors.log_households(
            self.request.user, [m.household_id], "api_buurtgezinnen_match", "view"
        )
        return s.BuurtgezinnenMatchSerializer(_match_data(m, cipher)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.BuurtgezinnenMatchCreateSerializer, request)
        match = services.start_match(
            actor=request.user,
            support_family=selectors.get_support_family(request.user, data["support_family"]),
            household=selectors.get_household(request.user, data["household"]),
            start_date=data["start_date"],
            rhythm=data["rhythm"],
            end_date=data.get("end_date"),
        )
        return created(self._detail(match.pk))

    def partial_update(self, request, pk=None):
        m = selectors.get_match(request.user, parse_pk(pk))
        data = _parsed(s.BuurtgezinnenMatchUpdateSerializer, request)
        cipher = Cipher().load([m.household.data_key])
        services.update_match(
            actor=request.user,
            match=m,
            expected_version=data["version"],
            start_date=data.get("start_date", m.start_date),
            rhythm=data.get("rhythm", m.rhythm),
            end_date=data.get("end_date", m.end_date),
            evaluation=data["evaluation"]
            if "evaluation" in data
            else (_open(cipher, SupportMatch, "evaluation", m) or ""),
            outcome=data.get("outcome", m.outcome),
        )
        return Response(self._detail(pk))


# --- programme office ---------------------------------------------------------------------


class DashboardAccess(drf_permissions.BasePermission):
    def has_permission(self, request, view):
        return has_role(request.user, PROGRAMME_OFFICE, TEAM_LEAD)


@extend_schema_view(
    list=extend_schema(
        summary="Barriers and breakthroughs by organisation and kind, for a period",
        description="Programme-wide counts without identifiers or free text, released for the "
        "viewer's audience (privacy.release): exact for the programme office and team leads. "
        "Each call is logged. A bad or future period is a 400.",
        parameters=[
            OpenApiParameter(
                "periode",
                str,
                description="alles (default), JJJJ, JJJJ-K1..JJJJ-K4 or JJJJ-MM",
                required=False,
            )
        ],
        responses={200: s.GezinslabBarrierTableSerializer, **READ_ERRORS},
    )
)
class BarrierTableViewSet(CaseworkViewSet):
    queryset = Barrier.objects.none()
    serializer_class = s.GezinslabBarrierTableSerializer
    pagination_class = None
    http_method_names = ["get", "head", "options"]

    def get_permissions(self):
        from apibase.policies import HasScope

        return [drf_permissions.IsAuthenticated(), DashboardAccess(), HasScope()]

    def list(self, request):
        period = periods.parse(request.query_params.get("periode"))
        data = selectors.barrier_table_data(request.user, period=period)
        return Response(s.GezinslabBarrierTableSerializer(data).data)


router = SimpleRouter()
router.register("gezinslab/trajectories", TrajectoryViewSet, basename="gezinslab-trajectory")
router.register("gezinslab/goals", FamilyGoalViewSet, basename="gezinslab-goal")
router.register("gezinslab/barriers", BarrierViewSet, basename="gezinslab-barrier")
router.register("gezinslab/breakthroughs", BreakthroughViewSet, basename="gezinslab-breakthrough")
router.register(
    "buurtgezinnen/support-families", SupportFamilyViewSet, basename="buurtgezinnen-family"
)
router.register("buurtgezinnen/matches", MatchViewSet, basename="buurtgezinnen-match")

table_router = SimpleRouter()
table_router.register(
    "gezinslab/barrier-table", BarrierTableViewSet, basename="gezinslab-barrier-table"
)

urlpatterns = declare(router.urls, roles=FILE_ROLES) + declare(
    table_router.urls, roles={PROGRAMME_OFFICE, TEAM_LEAD}
)
