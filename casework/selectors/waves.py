"""Measurement waves due or overdue in the user's caseload (``casework.schedule`` over the
active enrolments of the user's teams): for the work list and the caseload's filter.

Four queries for any caseload: the enrolments, the instruments' schedules, the waves
already recorded and which enrolments have goals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from casework.models import Enrolment, Goal, Instrument, Measurement
from casework.registry import programmes
from casework.schedule import WINDOW_BEFORE, DueWave, due_waves
from casework.selectors.scope import visible_enrolments


@dataclass(frozen=True)
class EnrolmentWave:
    enrolment_id: object
    participant_id: object
    wave: DueWave


def _instruments() -> tuple[dict[str, dict | None], set[str]]:
    """The active instruments' schedules by code, and the codes of those scored per goal."""
    schedules, per_goal = {}, set()
    for code, definition in Instrument.objects.filter(active=True).values_list(
        "code", "definition"
    ):
        schedules[code] = (definition or {}).get("schedule")
        if (definition or {}).get("per_goal"):
            per_goal.add(code)
    return schedules, per_goal


def waves_due(
    enrolments: QuerySet[Enrolment], *, today: dt.date | None = None
) -> list[EnrolmentWave]:
    """The wave of each instrument of each active enrolment in ``enrolments`` that is due or
    overdue today, oldest first. An instrument scored per goal is asked only of an enrolment
    with goals (there is nothing to score before the plan has one)."""
    today = today or timezone.localdate()
    scoped = enrolments.filter(
        status=Enrolment.Status.ACTIVE, start_date__lte=today + WINDOW_BEFORE
    )
    rows = list(
        scoped.order_by().values_list(
            "pk", "participant_id", "programme__code", "start_date", "end_date"
        )
    )
    # The same four queries whether there are rows or not (subqueries, not lists of ids).
    ids = scoped.order_by().values("pk")
    schedules, per_goal = _instruments()
    recorded: dict[object, set[tuple[str, str]]] = {}
    for enrolment_id, instrument, wave in Measurement.objects.filter(
        enrolment_id__in=ids
    ).values_list("enrolment_id", "instrument__code", "wave"):
        recorded.setdefault(enrolment_id, set()).add((instrument, wave))
    with_goals = set(
        Goal.objects.filter(plan__enrolment_id__in=ids).values_list("plan__enrolment_id", flat=True)
    )
    specs = programmes()
    result = []
    for pk, participant_id, programme, start, end in rows:
        spec = specs.get(programme)
        codes = [
            code
            for code in (spec.instruments if spec is not None else ())
            if code in schedules and (code not in per_goal or pk in with_goals)
        ]
        for wave in due_waves(
            start=start,
            today=today,
            schedules={code: schedules[code] for code in codes},
            recorded=recorded.get(pk, ()),
            end=end,
        ):
            result.append(EnrolmentWave(pk, participant_id, wave))
    result.sort(key=lambda row: (row.wave.date, str(row.enrolment_id), row.wave.instrument))
    return result


def due_waves_for(user: User, *, today: dt.date | None = None) -> list[EnrolmentWave]:
    """The waves due or overdue in the active enrolments of the user's teams."""
    return waves_due(visible_enrolments(user), today=today)


def participants_with_due_waves(user: User, *, today: dt.date | None = None) -> set:
    """The ids of the participants of the user's caseload with a wave due or overdue."""
    return {row.participant_id for row in due_waves_for(user, today=today)}
