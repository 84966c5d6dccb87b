"""Plans, goals and the instruments they are measured with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from casework.models import Enrolment, Goal, Instrument, Plan
from casework.selectors.file import GoalView
from casework.selectors.people import decrypt_person
from casework.selectors.scope import log_reads, visible_enrolments
from privacy.crypto import Cipher
from privacy.models import AccessEvent

NAME_FIELDS = ("given_name", "family_name", "client_ref")


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


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class PlanPrint:
    """The plan as the resident takes it home: their goals in their own words and the
    agreements made, with who to call."""

    enrolment: Enrolment
    name: str
    summary: str | None
    goals: list[GoalView] = field(default_factory=list)
    printed_on: dt.date | None = None


def plan_for_print(user: User, enrolment: Enrolment) -> PlanPrint:
    """The plan of an enrolment of the user's teams with every goal (open ones first), the
    resident's name and today's date; one logged look at the plan."""
    plan = (
        Plan.objects.filter(enrolment=enrolment, enrolment__in=visible_enrolments(user))
        .select_related("enrolment__participant__data_key", "enrolment__programme")
        .select_related("enrolment__team", "enrolment__caseworker")
        .first()
    )
    if plan is None:
        raise Http404
    participant = plan.enrolment.participant
    cipher = Cipher().load([participant.data_key])
    person = decrypt_person(participant, cipher, show_bsn=False, fields=NAME_FIELDS)
    goals = sorted(
        Goal.objects.filter(plan=plan),
        key=lambda goal: (goal.status != Goal.Status.OPEN, goal.position),
    )
    log_reads(user, [participant.pk], "plan_print", AccessEvent.Action.VIEW)
    return PlanPrint(
        enrolment=plan.enrolment,
        name=person.display_name,
        summary=cipher.open(model=Plan, column="summary", row_pk=plan.pk, envelope=plan.summary),
        goals=[
            GoalView(
                goal=goal,
                text=cipher.open(model=Goal, column="text", row_pk=goal.pk, envelope=goal.text),
            )
            for goal in goals
        ],
        printed_on=timezone.localdate(),
    )
