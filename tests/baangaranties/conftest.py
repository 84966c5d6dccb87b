"""Fixtures of the baangaranties tests: a baangaranties team with a caseworker and a team
lead, another team, one chain with two employers and a small commitment for 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import CASEWORKER, TEAM_LEAD
from baangaranties import services
from baangaranties.models import BranchChain, Employer
from tests.factories import TeamFactory, in_order, make_participant, make_user

YEAR = 2026
START = dt.date(2026, 3, 2)


@pytest.fixture
def bg_team():
    return TeamFactory(code="bgt", name="Baangaranties Test")


@pytest.fixture
def other_team():
    return TeamFactory(code="oth", name="Ander team")


@pytest.fixture
def worker(bg_team):
    return make_user(CASEWORKER, teams=[bg_team])


@pytest.fixture
def lead(bg_team):
    return make_user(TEAM_LEAD, teams=[bg_team])


@pytest.fixture
def other_worker(other_team):
    return make_user(CASEWORKER, teams=[other_team])


@pytest.fixture
def chain():
    chain = BranchChain(name="Zorg & Welzijn", sector="zorg")
    services.core.save(chain)
    return chain


@pytest.fixture
def employer(chain):
    employer = Employer(chain=chain, name="Zorggroep Oostergo", wijk="bilgaard")
    services.core.save(employer)
    return employer


@pytest.fixture
def employer2(chain):
    employer = Employer(chain=chain, name="Thuiszorg De Wâlden")
    services.core.save(employer)
    return employer


# A chain's commitment of places (for YEAR unless said), saved through the service.
commit = in_order(
    services.save_commitment,
    "actor chain job_guarantees work_experience_places internships",
    work_experience_places=0,
    internships=0,
    year=YEAR,
)


# A route out of social assistance (education, on assistance since 5 January 2026 unless said),
# and an employer's offer of places (one, for 2026, opened on 1 January), through the services.
add_route = in_order(
    services.add_route,
    "actor enrolment on_assistance_since",
    on_assistance_since=dt.date(2026, 1, 5),
    route="education",
)
offer_places = in_order(
    services.add_offered_place,
    "actor employer kind",
    year=YEAR,
    places=1,
    opened_on=dt.date(2026, 1, 1),
)


@pytest.fixture
def commitment(lead, chain):
    return commit(lead, chain, 2, 1, 1)


def make_enrolment(actor, team, **identity):
    participant = make_participant(
        actor=actor,
        team=team,
        programme="baangarantie",
        start_date=dt.date(2025, 10, 1),
        **identity,
    )
    return participant.enrolments.get()


@pytest.fixture
def enrolment(worker, bg_team):
    return make_enrolment(worker, bg_team, given_name="Sietske", family_name="Hoekstra")


@pytest.fixture
def other_enrolment(other_worker, other_team):
    return make_enrolment(other_worker, other_team, given_name="Klaas", family_name="Visser")


def place(actor, enrolment, employer, **overrides):
    values = {
        "kind": "job_guarantee",
        "route": "regular",
        "start_date": START,
        "contract_kind": "fixed_term",
        "hours_per_week": 24,
    }
    values.update(overrides)
    return services.create_placement(actor=actor, enrolment=enrolment, employer=employer, **values)


@pytest.fixture
def placement(worker, enrolment, employer, commitment):
    return place(worker, enrolment, employer)
