"""Fixtures of the Schuldenvrij tests: team A works in Schuldenvrij, with a caseworker, two team
leads (four eyes) and a participant with debts; team B is another team."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from accounts.roles import TEAM_LEAD
from schuldenvrij import services
from tests.factories import make_participant, make_user

START = dt.date(2025, 1, 6)


@pytest.fixture(autouse=True)
def _clear_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lead2_a(team_a):
    return make_user(TEAM_LEAD, teams=[team_a])


def make_enrolment(actor, team, **identity):
    participant = make_participant(actor=actor, team=team, programme="schuldenvrij", **identity)
    return participant.enrolments.get()


@pytest.fixture
def enrolment(caseworker_a, team_a):
    return make_enrolment(caseworker_a, team_a, given_name="Sietske", family_name="Hoekstra")


def add_debt(actor, enrolment, *, current="1000.00", original=None, kind="energy", **kwargs):
    return services.add_debt(
        actor=actor,
        enrolment=enrolment,
        creditor_kind=kind,
        creditor_name=kwargs.pop("name", "Vattenfall"),
        original_amount=Decimal(original or current),
        current_amount=Decimal(current),
        status=kwargs.pop("status", "open"),
        since=kwargs.pop("since", dt.date(2024, 3, 1)),
        **kwargs,
    )


@pytest.fixture
def debts(caseworker_a, enrolment):
    return [
        add_debt(caseworker_a, enrolment, current="1200.00", kind="energy"),
        add_debt(
            caseworker_a, enrolment, current="800.00", kind="health_insurer", name="Zilveren Kruis"
        ),
    ]


def forgive(caseworker, lead, enrolment, amount="2000.00", date=dt.date(2025, 6, 1)):
    services.admit_to_pilot(actor=caseworker, enrolment=enrolment, date=dt.date(2025, 2, 1))
    proposal = services.propose_forgiveness(
        actor=caseworker, enrolment=enrolment, amount=Decimal(amount), date=date, funding="fno"
    )
    return services.decide_forgiveness(
        actor=lead, forgiveness=proposal, expected_version=proposal.version, approve=True
    )
