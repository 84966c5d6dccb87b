"""Fixtures of the lifecoaching tests: a coaching team with a caseworker, a team lead and a
peer expert, another team, young people enrolled in lifecoaching and coaches."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD
from lifecoaching import services
from tests.clock import TODAY
from tests.factories import TeamFactory, in_order, make_participant, make_user

# The lifecoaching tests (but the demo's) use the fixed clock: TODAY is its date (tests/clock.py),
# not the date this module was imported.
START = TODAY - dt.timedelta(days=200)


@pytest.fixture
def lc_team():
    return TeamFactory(code="lct", name="Lifecoaching Test")


@pytest.fixture
def other_team():
    return TeamFactory(code="lco", name="Lifecoaching Elders")


@pytest.fixture
def worker(lc_team):
    return make_user(CASEWORKER, teams=[lc_team])


@pytest.fixture
def lead(lc_team):
    return make_user(TEAM_LEAD, teams=[lc_team])


@pytest.fixture
def peer(lc_team):
    return make_user(PEER_EXPERT, teams=[lc_team])


@pytest.fixture
def other_worker(other_team):
    return make_user(CASEWORKER, teams=[other_team])


def young(actor, team, **identity):
    participant = make_participant(
        actor=actor, team=team, programme="lifecoaching", start_date=START, **identity
    )
    return participant.enrolments.get()


def coach(actor, team, **overrides):
    values = {
        "name": "Sytske de Boer",
        "contact": "06 1234 5678",
        "kind": "volunteer",
        "vog_date": TODAY - dt.timedelta(days=365),
        "vog_expiry": TODAY + dt.timedelta(days=365 * 2),
        "interests": ["sport", "music"],
        "capacity": 3,
    }
    values.update(overrides)
    return services.create_coach(actor=actor, team=team, **values)


def log_session(actor, match, **values):
    """A session logged through the service: an hour's activity today, unless said."""
    values = {"date": TODAY, "duration_minutes": 60, "kind": "activity", **values}
    return services.log_session(actor=actor, match=match, **values)


def school_status(actor, enrolment, level, **values):
    """A school status recorded through the service, dated today unless said."""
    values = {"date": TODAY, **values}
    return services.record_school_status(actor=actor, enrolment=enrolment, level=level, **values)


# A young person matched to a coach through the service, from today unless said.
match_to = in_order(services.create_match, "actor enrolment coach start_date", start_date=TODAY)


def coached(actor, team, n, *, school=lambda index: {}):
    """``n`` young people of ``team`` matched today to one coach (room for 50), each with a
    session and a school status (havo, or what ``school(index)`` says); the last enrolment."""
    the_coach = coach(actor, team, capacity=50)
    for index in range(n):
        enrolment = young(actor, team, given_name=f"J{index}")
        match = match_to(actor, enrolment, the_coach)
        log_session(actor, match)
        school_status(actor, enrolment, **{"level": "havo", **school(index)})
    return enrolment


@pytest.fixture
def enrolment(worker, lc_team):
    return young(worker, lc_team, given_name="Jelle", family_name="Bakker")


@pytest.fixture
def the_coach(worker, lc_team):
    return coach(worker, lc_team)


@pytest.fixture
def match(worker, enrolment, the_coach):
    return services.create_match(
        actor=worker,
        enrolment=enrolment,
        coach=the_coach,
        start_date=START + dt.timedelta(days=10),
        interests_asked=["sport"],
        suggested_coaches=[the_coach.pk],
    )
