"""API of Gezinslab family trajectories and their family goals."""

from __future__ import annotations

from rest_framework.response import Response

from apibase.framework import (
    created,
    parse_pk,
)
from casework.api import CaseworkViewSet
from gezinslab import selectors, services
from gezinslab import serializers as s
from gezinslab.api.base import _open, _parsed, _schema, _user
from gezinslab.models import (
    FamilyGoal,
    FamilyTrajectory,
)
from privacy.crypto import Cipher


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
