"""API of Gezinslab family trajectories and their family goals."""

from __future__ import annotations

from apibase.viewsets import CreateMixin, Creates
from gezinslab import selectors, services
from gezinslab import serializers as s
from gezinslab.api.base import USER, GezinslabViewSet, _open, _schema, _user
from gezinslab.models import (
    FamilyGoal,
    FamilyTrajectory,
)


@_schema(
    "family trajectories",
    s.GezinslabTrajectorySerializer,
    s.GezinslabTrajectoryCreateSerializer,
    s.GezinslabTrajectoryUpdateSerializer,
)
class TrajectoryViewSet(CreateMixin, GezinslabViewSet):
    queryset = FamilyTrajectory.objects.none()
    serializer_class = s.GezinslabTrajectorySerializer
    selector = staticmethod(selectors.get_trajectory)
    logged_as = ("api_gezinslab_trajectories", "api_gezinslab_trajectory")
    subject = "household_id"
    data_key = "household.data_key"

    def get_queryset(self):
        return selectors.visible_trajectories(self.request.user).select_related(
            "household__data_key", "team"
        )

    def to_data(self, t, cipher=None):
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

    creates = Creates(
        services.start_trajectory,
        s.GezinslabTrajectoryCreateSerializer,
        {"household": selectors.get_household, **USER},
        arguments={"life_domains": []},
    )

    def partial_update(self, request, pk=None):
        t = self.one(pk)
        data = self.parsed(s.GezinslabTrajectoryUpdateSerializer)
        services.update_trajectory(
            actor=request.user,
            trajectory=t,
            expected_version=data["version"],
            professional=_user(data.get("professional", t.professional_id)),
            peer_expert=_user(data.get("peer_expert", t.peer_expert_id)),
            **self.kept(
                t,
                data,
                plain=("finding_place", "start_date", "end_date", "status", "life_domains"),
                sealed=("plan_summary",),
            ),
        )
        return self.answer(self.one(pk))


@_schema(
    "family goals",
    s.GezinslabFamilyGoalSerializer,
    s.GezinslabFamilyGoalCreateSerializer,
    s.GezinslabFamilyGoalUpdateSerializer,
)
class FamilyGoalViewSet(CreateMixin, GezinslabViewSet):
    queryset = FamilyGoal.objects.none()
    serializer_class = s.GezinslabFamilyGoalSerializer
    selector = staticmethod(selectors.get_goal)
    logged_as = ("api_gezinslab_goals", "api_gezinslab_goal")
    subject = "trajectory.household_id"
    data_key = "trajectory.household.data_key"

    def get_queryset(self):
        return selectors.visible_goals(self.request.user).select_related(
            "trajectory__household__data_key"
        )

    def to_data(self, g, cipher=None):
        return {
            "id": g.pk,
            "version": g.version,
            "trajectory": g.trajectory_id,
            "position": g.position,
            "text": _open(cipher, FamilyGoal, "text", g),
            "life_domain": g.life_domain,
            "status": g.status,
        }

    creates = Creates(
        services.add_family_goal,
        s.GezinslabFamilyGoalCreateSerializer,
        {"trajectory": selectors.get_trajectory},
    )

    def partial_update(self, request, pk=None):
        g = self.one(pk)
        data = self.parsed(s.GezinslabFamilyGoalUpdateSerializer)
        services.update_family_goal(
            actor=request.user,
            goal=g,
            expected_version=data["version"],
            **self.kept(g, data, plain=("status", "life_domain"), sealed=("text",)),
        )
        return self.answer(self.one(pk))
