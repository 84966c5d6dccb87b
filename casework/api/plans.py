"""The plans and goals endpoints."""

from __future__ import annotations

from rest_framework.response import Response

from apibase.framework import created, parse_pk
from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin, RetrieveMixin, UpdateMixin, Updates
from casework import filters, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet
from casework.models import Goal, Plan


def _goal_data(goal: Goal, text) -> dict:
    return {
        "id": goal.pk,
        "version": goal.version,
        "plan_id": goal.plan_id,
        "enrolment": goal.plan.enrolment_id,
        "position": goal.position,
        "text": text,
        "life_domain": goal.life_domain,
        "status": goal.status,
        "created_on": goal.created_on,
    }


def _goal_text(goal: Goal, cipher):
    return cipher.open(model=Goal, column="text", row_pk=goal.pk, envelope=goal.text)


@endpoints(
    s.PlanSerializer,
    retrieve="Read a plan with its goals",
    partial_update=Op("Change the explanation of a plan", s.PlanUpdateSerializer),
)
class PlanViewSet(UpdateMixin, RetrieveMixin, CaseworkViewSet):
    queryset = Plan.objects.none()
    serializer_class = s.PlanSerializer
    pagination_class = None
    logged_as = (None, "api_plan")
    subject = "enrolment.participant_id"
    data_key = "enrolment.participant.data_key"

    def get_queryset(self):
        return Plan.objects.filter(
            enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("enrolment__participant__data_key")

    def to_data(self, plan, cipher=None):
        goals = list(plan.goals.select_related("plan").order_by("position"))
        return {
            "id": plan.pk,
            "version": plan.version,
            "enrolment": plan.enrolment_id,
            "summary": cipher.open(
                model=Plan, column="summary", row_pk=plan.pk, envelope=plan.summary
            ),
            "goals": [_goal_data(g, _goal_text(g, cipher)) for g in goals],
        }

    updates = Updates(services.save_plan_summary, s.PlanUpdateSerializer, "plan")


@endpoints(
    s.GoalSerializer,
    list="List the goals of your teams' plans",
    retrieve="Read a goal",
    create=Op("Add a goal to the plan of an enrolment", s.GoalCreateSerializer),
    partial_update=Op("Change a goal (text, status, life domain)", s.GoalUpdateSerializer),
)
class GoalViewSet(ListMixin, CaseworkViewSet):
    queryset = Goal.objects.none()
    serializer_class = s.GoalSerializer
    filterset_class = filters.GoalFilter
    logged_as = ("api_goals", None)  # one goal: logged by ``selectors.goal_text``
    subject = "plan.enrolment.participant_id"
    data_key = "plan.enrolment.participant.data_key"

    def get_queryset(self):
        return Goal.objects.filter(
            plan__enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("plan__enrolment__participant__data_key")

    def to_data(self, goal, cipher=None):
        return _goal_data(goal, _goal_text(goal, cipher))

    def _detail(self, pk) -> dict:
        goal = selectors.get_goal(self.request.user, parse_pk(pk))
        return s.GoalSerializer(_goal_data(goal, selectors.goal_text(self.request.user, goal))).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        goal = self.write(
            services.add_goal,
            s.GoalCreateSerializer,
            lookups={"enrolment": selectors.get_enrolment},
        )
        return created(self._detail(goal.pk))

    def partial_update(self, request, pk=None):
        goal = selectors.get_goal(request.user, parse_pk(pk))
        self.write(
            services.update_goal, s.GoalUpdateSerializer, goal=goal, life_domain=goal.life_domain
        )
        return Response(self._detail(pk))
