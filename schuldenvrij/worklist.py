"""Schuldenvrij's work for the work list: forgiveness proposals waiting for a second team lead
(four eyes) and follow-ups due."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.roles import CASEWORKER, TEAM_LEAD
from casework.registry import WorkItem, WorkSource, register_work_source
from schuldenvrij import selectors
from schuldenvrij.models import Forgiveness

# Follow-ups enter the work list two weeks before they are due (the window of a measurement).
FOLLOW_UP_NOTICE_DAYS = 14


def _proposals(user):
    # Four eyes: the team lead who proposed it does not decide it.
    return Forgiveness.objects.filter(
        status=Forgiveness.Status.PROPOSED, enrolment__in=selectors.enrolments(user)
    ).exclude(proposed_by=user)


def proposal_items(user) -> list[WorkItem]:
    url = reverse("schuldenvrij:home") + "#h-proposals"
    return [
        WorkItem(
            kind="forgiveness",
            label=_("Kwijtschelding beoordelen (vier ogen): %(name)s") % {"name": row.name},
            since=timezone.localdate(row.forgiveness.proposed_at),
            url=url,
        )
        for row in selectors.pending_proposals(user)
        if row.forgiveness.proposed_by_id != user.pk
    ]


def proposal_count(user) -> int:
    return _proposals(user).count()


def follow_up_items(user) -> list[WorkItem]:
    return [
        WorkItem(
            kind="follow_up",
            label=_("Nazorg na %(months)s maanden: %(name)s, uiterlijk %(due)s")
            % {
                "months": row.follow_up.months,
                "name": row.name,
                "due": formats.date_format(row.follow_up.due_on, "SHORT_DATE_FORMAT"),
            },
            since=row.follow_up.due_on,
            url=reverse("schuldenvrij:follow_up", kwargs={"pk": row.follow_up.pk}),
            overdue=row.overdue,
        )
        for row in selectors.due_follow_ups(user, within_days=FOLLOW_UP_NOTICE_DAYS)
    ]


def follow_up_count(user) -> int:
    return selectors.follow_ups_due(user, within_days=FOLLOW_UP_NOTICE_DAYS).count()


def register_sources() -> None:
    register_work_source(
        WorkSource("schuldenvrij_proposals", frozenset({TEAM_LEAD}), proposal_items, proposal_count)
    )
    register_work_source(
        WorkSource(
            "schuldenvrij_follow_ups",
            frozenset({CASEWORKER, TEAM_LEAD}),
            follow_up_items,
            follow_up_count,
        )
    )
