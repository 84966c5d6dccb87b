"""Plans, goals and the instruments they are measured with."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from casework.models import Enrolment, Goal, Instrument, Plan
from casework.selectors.file import GoalView
from casework.selectors.scope import log_reads, visible_enrolments
from privacy.crypto import Cipher
from privacy.models import AccessEvent


def instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(active=True).order_by("name_nl")


def get_goal(user: User, pk) -> Goal:
    goal = (
        Goal.objects.filter(pk=pk, plan__enrolment__in=visible_enrolments(user))
        .select_related("plan__enrolment__participant__data_key")
        .first()
    )
    if goal is None:
        raise Http404
    return goal


def goal_text(user: User, goal: Goal) -> str | None:
    cipher = Cipher().load([goal.plan.enrolment.participant.data_key])
    log_reads(user, [goal.plan.enrolment.participant_id], "goal", AccessEvent.Action.VIEW)
    return cipher.open(model=Goal, column="text", row_pk=goal.pk, envelope=goal.text)


def plan_summary(user: User, enrolment: Enrolment) -> tuple[Plan, str | None]:
    """The plan of an enrolment of the user's teams and its summary, decrypted: what the plan
    form edits. Only the plan is opened (not the whole file) and logged."""
    plan = Plan.objects.filter(enrolment=enrolment, enrolment__in=visible_enrolments(user)).first()
    if plan is None:
        raise Http404
    cipher = Cipher().load([enrolment.participant.data_key])
    log_reads(user, [enrolment.participant_id], "plan", AccessEvent.Action.VIEW)
    return plan, cipher.open(model=Plan, column="summary", row_pk=plan.pk, envelope=plan.summary)


def open_goals(user: User, enrolment: Enrolment) -> list[GoalView]:
    """The open goals of an enrolment of the user's teams, decrypted, in plan order: what a
    measurement per goal scores. Only these goals are opened (not the whole file) and logged."""
    goals = list(
        Goal.objects.filter(
            plan__enrolment=enrolment,
            plan__enrolment__in=visible_enrolments(user),
            status=Goal.Status.OPEN,
        )
    )
    if not goals:
        return []
    cipher = Cipher().load([enrolment.participant.data_key])
    log_reads(user, [enrolment.participant_id], "goal", AccessEvent.Action.VIEW)
    return [
        GoalView(
            goal=goal,
            text=cipher.open(model=Goal, column="text", row_pk=goal.pk, envelope=goal.text),
        )
        for goal in goals
    ]
