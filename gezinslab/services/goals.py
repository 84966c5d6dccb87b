"""Writes of the family plan's goals, recording the achieved-goals outcome measure."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casework import services as core
from casework.validation import check_text
from gezinslab.models import (
    FamilyGoal,
    FamilyTrajectory,
)
from gezinslab.services.base import (
    GOALS_MEASURE,
    LIFE_DOMAIN_CODES,
    _household_enrolments,
    _household_key,
    _raise,
    _require_trajectory_scope,
    _seal,
)


def _check_goal(text: str, life_domain: str, errors: dict) -> str:
    try:
        text = check_text(text, field_name="text", max_length=1000)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if life_domain and life_domain not in LIFE_DOMAIN_CODES:
        errors.setdefault("life_domain", []).append(_("Onbekend leefgebied."))
    return text


def add_family_goal(
    *, actor: User, trajectory: FamilyTrajectory, text: str, life_domain: str = ""
) -> FamilyGoal:
    """Add a goal of the family, in its own words, to the family plan."""
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    text = _check_goal(text, life_domain, errors)
    _raise(errors)
    with transaction.atomic():
        locked = FamilyTrajectory.objects.select_for_update().get(pk=trajectory.pk)
        position = (
            locked.goals.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        goal = FamilyGoal(trajectory=locked, position=position, life_domain=life_domain)
        goal.text = _seal(_household_key(locked.household_id), FamilyGoal, "text", goal.pk, text)
        core.save(goal)
    return goal


def update_family_goal(
    *,
    actor: User,
    goal: FamilyGoal,
    expected_version: int,
    text: str,
    status: str,
    life_domain: str = "",
    on: dt.date | None = None,
) -> FamilyGoal:
    """Change a family goal. When its status changes, the number of achieved goals is recorded
    (outcome measure) for each member with an active Gezinslab enrolment of the team."""
    trajectory = goal.trajectory
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    text = _check_goal(text, life_domain, errors)
    if status not in FamilyGoal.Status.values:
        errors.setdefault("status", []).append(_("Onbekende status."))
    _raise(errors)
    with transaction.atomic():
        current = core.lock(FamilyGoal, goal.pk, expected_version)
        status_changed = current.status != status
        current.text = _seal(
            _household_key(trajectory.household_id), FamilyGoal, "text", current.pk, text
        )
        current.status = status
        current.life_domain = life_domain
        core.save(current)
        if status_changed:
            _record_goals_achieved(actor=actor, trajectory=trajectory, on=on)
    return current


def _record_goals_achieved(*, actor: User, trajectory: FamilyTrajectory, on=None) -> None:
    achieved = trajectory.goals.filter(status=FamilyGoal.Status.ACHIEVED).count()
    for enrolment in _household_enrolments(
        trajectory.household_id, trajectory.team_id, "gezinslab"
    ):
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=GOALS_MEASURE,
            date=on or timezone.localdate(),
            value=achieved,
            source=f"gezinslab.FamilyTrajectory:{trajectory.pk}",
            check_scope=False,  # the actor's scope on the trajectory was checked above
        )
