"""Writes of the casework core: plan and goals."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from casework.models import (
    Enrolment,
    Goal,
    Plan,
)
from casework.services.base import (
    _lock,
    _require_enrolment_scope,
    _save,
    seal_for_participant,
)
from casework.validation import check_text


def save_plan_summary(*, actor: User, plan: Plan, expected_version: int, summary: str) -> Plan:
    enrolment = plan.enrolment
    _require_enrolment_scope(actor, enrolment)
    summary = check_text(summary, field_name="summary", required=False)
    with transaction.atomic():
        current = _lock(Plan, plan.pk, expected_version)
        current.summary = seal_for_participant(enrolment, current, "summary", summary)
        _save(current)
    return current


def add_goal(
    *,
    actor: User,
    enrolment: Enrolment,
    text: str,
    life_domain: str = "",
    created_on: dt.date | None = None,
) -> Goal:
    """Add a goal, in the participant's own words, to the enrolment's plan."""
    _require_enrolment_scope(actor, enrolment)
    text = check_text(text, field_name="text", max_length=1000)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(enrolment=enrolment)
        position = (
            plan.goals.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        goal = Goal(
            plan=plan,
            position=position,
            life_domain=life_domain,
            created_on=created_on or timezone.localdate(),
        )
        goal.text = seal_for_participant(enrolment, goal, "text", text)
        _save(goal)
    return goal


def update_goal(
    *, actor: User, goal: Goal, expected_version: int, text: str, status: str, life_domain: str = ""
) -> Goal:
    enrolment = goal.plan.enrolment
    _require_enrolment_scope(actor, enrolment)
    text = check_text(text, field_name="text", max_length=1000)
    with transaction.atomic():
        current = _lock(Goal, goal.pk, expected_version)
        current.text = seal_for_participant(enrolment, current, "text", text)
        current.status = status
        current.life_domain = life_domain
        _save(current)
    return current
