"""The file's timeline names a goal by its own words, never as 'doel ?'."""

from __future__ import annotations

import datetime as dt

import pytest

from casework import selectors, services
from tests.factories import make_participant, measure

pytestmark = pytest.mark.django_db


def test_a_goal_score_on_the_timeline_is_named_by_the_goal(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Schulden op een rij")
    measure(
        caseworker_a, enrolment, "goal_attainment", "intake", dt.date(2025, 1, 8), {str(goal.pk): 6}
    )
    file = selectors.participant_file(caseworker_a, participant.pk)
    (measured,) = [item for item in file.timeline if item.kind == "measurement"]
    assert measured.text == "“Schulden op een rij”: 6"
    assert "?" not in measured.text
