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


def debt_data(**fields) -> dict:
    """What a form or the API sends for a debt: 10 euro owed to the CJIB since 1 January 2025,
    unless ``fields`` say otherwise."""
    return {
        "creditor_kind": "cjib",
        "creditor_name": "CJIB",
        "original_amount": "10",
        "current_amount": "10",
        "since": "2025-01-01",
        **fields,
    }


def turning_18_soon() -> dt.date:
    """A date of birth of someone who turns 18 in the coming weeks (on the turning-18 list)."""
    today = dt.date.today()
    return dt.date(today.year - 18, today.month, 1) + dt.timedelta(days=40)


def update_debt(actor, debt, *, current, original=None, kind="energy", **kwargs):
    """``debt`` changed through the service, with the defaults of ``add_debt`` and the debt's
    own version and start."""
    return services.update_debt(
        actor=actor,
        debt=debt,
        expected_version=kwargs.pop("expected_version", debt.version),
        creditor_kind=kind,
        creditor_name=kwargs.pop("name", "Vattenfall"),
        original_amount=original or current,
        current_amount=current,
        status=kwargs.pop("status", "open"),
        since=kwargs.pop("since", debt.since),
        **kwargs,
    )


def propose(actor, enrolment, amount, *, date=dt.date(2025, 6, 1), funding="fno", **kwargs):
    """A forgiveness of ``amount`` proposed through the service (on 1 June 2025, paid by FNO,
    unless said)."""
    return services.propose_forgiveness(
        actor=actor, enrolment=enrolment, amount=amount, date=date, funding=funding, **kwargs
    )


def decide(lead, proposal, *, approve=True, expected_version=1, reason=""):
    """``lead`` approves (or rejects, with ``reason``) ``proposal`` through the service."""
    return services.decide_forgiveness(
        actor=lead,
        forgiveness=proposal,
        expected_version=expected_version,
        approve=approve,
        reason=reason,
    )


def record_follow_up(actor, follow_up, done_on, new_debts, *, expected_version=None, **amount):
    """``follow_up`` done on ``done_on`` through the service (against its current version
    unless said); ``amount``: ``new_debts_amount``."""
    answers = {"done_on": done_on, "new_debts": new_debts, **amount}
    version = follow_up.version if expected_version is None else expected_version
    return services.record_follow_up(
        actor=actor, follow_up=follow_up, expected_version=version, **answers
    )


def forgive(caseworker, lead, enrolment, amount="2000.00", date=dt.date(2025, 6, 1)):
    services.admit_to_pilot(actor=caseworker, enrolment=enrolment, date=dt.date(2025, 2, 1))
    proposal = propose(caseworker, enrolment, Decimal(amount), date=date)
    return decide(lead, proposal, expected_version=proposal.version)
