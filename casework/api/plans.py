"""The plans and goals endpoints."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    created,
    parse_pk,
)
from casework import filters, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, log_returned
from casework.models import Goal, Plan
from privacy.crypto import Cipher


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


@extend_schema_view(
    retrieve=extend_schema(
        summary="Read a plan with its goals", responses={200: s.PlanSerializer, **READ_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Change the explanation of a plan",
        request=s.PlanUpdateSerializer,
        responses={200: s.PlanSerializer, **UPDATE_ERRORS},
    ),
)
class PlanViewSet(CaseworkViewSet):
    queryset = Plan.objects.none()
    serializer_class = s.PlanSerializer
    pagination_class = None

    def get_queryset(self):
        return Plan.objects.filter(
            enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("enrolment__participant__data_key")

    def _plan(self, pk) -> Plan:
        plan = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if plan is None:
            raise Http404
        return plan

    def _detail(self, plan: Plan) -> dict:
        cipher = Cipher().load([plan.enrolment.participant.data_key])
        goals = list(plan.goals.select_related("plan").order_by("position"))
        log_returned(self.request.user, [plan.enrolment.participant_id], "api_plan", "view")
        data = {
            "id": plan.pk,
            "version": plan.version,
            "enrolment": plan.enrolment_id,
            "summary": cipher.open(
                model=Plan, column="summary", row_pk=plan.pk, envelope=plan.summary
            ),
            "goals": [
                _goal_data(g, cipher.open(model=Goal, column="text", row_pk=g.pk, envelope=g.text))
                for g in goals
            ],
        }
        return s.PlanSerializer(data).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(self._plan(pk)))

    def partial_update(self, request, pk=None):
        plan = self._plan(pk)
        serializer = s.PlanUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.save_plan_summary(
            actor=request.user,
            plan=plan,
            expected_version=serializer.validated_data["version"],
            summary=serializer.validated_data["summary"],
        )
        return Response(self._detail(self._plan(pk)))


@extend_schema_view(
    list=extend_schema(
        summary="List the goals of your teams' plans",
        responses={200: s.GoalSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="Read a goal", responses={200: s.GoalSerializer, **READ_ERRORS}),
    create=extend_schema(
        summary="Add a goal to the plan of an enrolment",
        request=s.GoalCreateSerializer,
        responses={201: s.GoalSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a goal (text, status, life domain)",
        request=s.GoalUpdateSerializer,
        responses={200: s.GoalSerializer, **UPDATE_ERRORS},
    ),
)
class GoalViewSet(CaseworkViewSet):
    queryset = Goal.objects.none()
    serializer_class = s.GoalSerializer
    filterset_class = filters.GoalFilter

    def get_queryset(self):
        return Goal.objects.filter(
            plan__enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("plan__enrolment__participant__data_key")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        cipher = Cipher().load(g.plan.enrolment.participant.data_key for g in page)
        data = [
            _goal_data(g, cipher.open(model=Goal, column="text", row_pk=g.pk, envelope=g.text))
            for g in page
        ]
        log_returned(
            request.user, [g.plan.enrolment.participant_id for g in page], "api_goals", "list"
        )
        return self.get_paginated_response(s.GoalSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        goal = selectors.get_goal(self.request.user, parse_pk(pk))
        return s.GoalSerializer(_goal_data(goal, selectors.goal_text(self.request.user, goal))).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        serializer = s.GoalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        goal = services.add_goal(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            text=data["text"],
            life_domain=data.get("life_domain", ""),
        )
        return created(self._detail(goal.pk))

    def partial_update(self, request, pk=None):
        goal = selectors.get_goal(request.user, parse_pk(pk))
        serializer = s.GoalUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.update_goal(
            actor=request.user,
            goal=goal,
            expected_version=data["version"],
            text=data["text"],
            status=data["status"],
            life_domain=data.get("life_domain", goal.life_domain),
        )
        return Response(self._detail(pk))
