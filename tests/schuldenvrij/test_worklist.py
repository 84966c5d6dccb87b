"""Schuldenvrij's work in the work list: a forgiveness proposal waits for a team lead of the
team who did not propose it (four eyes); follow-ups due wait for the team."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from casework import worklist
from schuldenvrij import services
from tests.schuldenvrij.conftest import forgive, propose

pytestmark = pytest.mark.django_db


def _of(user, kind: str) -> list:
    return [item for item in worklist.work_items(user) if item.kind == kind]


def test_a_proposal_waits_for_the_other_team_lead(
    lead_a, lead2_a, lead_b, caseworker_a, enrolment, debts
):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    propose(lead_a, enrolment, Decimal("1500.00"))
    (item,) = _of(lead2_a, "forgiveness")
    assert "Sietske Hoekstra" in item.label
    assert item.url == "/schuldenvrij/#h-proposals"
    assert _of(lead_a, "forgiveness") == []  # who proposed it does not decide it
    assert _of(lead_b, "forgiveness") == []  # another team's lead
    counts = {user: worklist.work_count(user) for user in (lead_a, lead2_a, lead_b)}
    assert counts[lead2_a] == counts[lead_a] + 1
    assert counts[lead_b] == 0


def test_a_follow_up_due_waits_for_the_team(caseworker_a, caseworker_b, lead_a, enrolment, debts):
    today = timezone.localdate()
    forgive(caseworker_a, lead_a, enrolment, date=services.add_months(today, -7))
    (item,) = _of(caseworker_a, "follow_up")
    assert item.overdue and "Sietske Hoekstra" in item.label and "6 maanden" in item.label
    assert item.url.startswith("/schuldenvrij/nazorg/")
    assert _of(caseworker_b, "follow_up") == []
    assert worklist.work_count(caseworker_b) == 0
