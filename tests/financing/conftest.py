"""Fixtures of the financing tests: a programme office user, evaluators and a team lead
granted on a Gezinslab agreement, and participants whose recorded data meet its rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.roles import EVALUATOR, PROGRAMME_OFFICE
from casework import services as cw
from casework.models import Instrument, Programme
from financing import services
from tests.factories import (
    OrganisationFactory,
    in_order,
    make_participant,
    make_user,
    measure,
    record_consent,
    valid_bsn,
)

START = dt.date(2025, 1, 6)


@pytest.fixture
def office():
    return make_user(PROGRAMME_OFFICE)


@pytest.fixture
def evaluator():
    return make_user(EVALUATOR)


@pytest.fixture
def other_evaluator():
    return make_user(EVALUATOR)


@pytest.fixture
def orgs():
    return {
        "fno": OrganisationFactory(code="fno", name="FNO", kind="funder"),
        "wb": OrganisationFactory(code="wijkbedrijf-bilgaard", name="Wijkbedrijf Bilgaard"),
        "df": OrganisationFactory(code="dreamfabryk", name="Dreamfabryk"),
    }


def make_agreement(office, orgs, code="FNO-TEST", cap="10000.00", **kwargs):
    return services.create_agreement(
        actor=office,
        code=code,
        name=f"Afspraak {code}",
        payer=orgs["fno"],
        providers=[orgs["wb"], orgs["df"]],
        programme=Programme.objects.get(code=kwargs.pop("programme", "gezinslab")),
        start_date=kwargs.pop("start_date", dt.date(2025, 1, 1)),
        end_date=kwargs.pop("end_date", dt.date(2026, 12, 31)),
        cap=Decimal(cap),
        **kwargs,
    )


@pytest.fixture
def agreement(office, orgs, evaluator, lead_a):
    agreement = make_agreement(office, orgs)
    services.grant(actor=office, agreement=agreement, user=evaluator)
    services.grant(actor=office, agreement=agreement, user=lead_a)
    return agreement


def add_definition(office, agreement, code="doel-2", rule="goal_attainment_rise_2", **kwargs):
    values = {
        "description": "Doelrealisatie 2 punten hoger",
        "unit": "person",
        "price": Decimal("1000.00"),
        "max_count": 100,
        "max_amount": Decimal("100000.00"),
        "sustain_days": 0,
        "validation": "data_verification",
    }
    values.update(kwargs)
    return services.add_definition(
        actor=office, agreement=agreement, code=code, rule=rule, **values
    )


@pytest.fixture
def definition(office, agreement):
    return add_definition(office, agreement)


def submit_claim(lead, agreement, definition, participant, orgs, **kwargs):
    """A claim by ``lead`` for ``participant``, provided by Wijkbedrijf Bilgaard."""
    kwargs.setdefault("provider", orgs["wb"])
    return services.submit_claim(
        actor=lead, agreement=agreement, definition=definition, participant=participant, **kwargs
    )


def decide_claim(evaluator, claim, verdict, reason, *, expected_version=None):
    """``evaluator``'s verdict on ``claim`` (against its current version unless said)."""
    version = claim.version if expected_version is None else expected_version
    return services.decide_claim(
        actor=evaluator, claim=claim, expected_version=version, verdict=verdict, reason=reason
    )


# A milestone of an agreement, over 2025 unless said.
add_milestone = in_order(
    services.add_milestone,
    "actor agreement label metric kind target",
    period_start=dt.date(2025, 1, 1),
    period_end=dt.date(2025, 12, 31),
)


def consent(actor, participant, status="given", on=START):
    record_consent(actor, participant, "funder_reporting", status, on, text_version="2025-01")


def rising_participant(actor, team, scores=(3, 6), dates=None, with_consent=True, **identity):
    """A participant whose one goal's attainment goes ``scores`` at ``dates``."""
    identity.setdefault("bsn", valid_bsn())
    participant = make_participant(actor=actor, team=team, start_date=START, **identity)
    enrolment = participant.enrolments.get()
    goal = cw.add_goal(
        actor=actor, enrolment=enrolment, text="Mijn post zelf bijhouden", created_on=START
    )
    instrument = Instrument.objects.get(code="goal_attainment")
    dates = dates or [START + dt.timedelta(days=10 + 180 * i) for i in range(len(scores))]
    waves = ["intake", "m6", "m12", "m18", "m24"]
    for index, (score, day) in enumerate(zip(scores, dates, strict=True)):
        measure(actor, enrolment, instrument, waves[index], day, {str(goal.pk): score})
    if with_consent:
        consent(actor, participant)
    return participant


@pytest.fixture
def achiever(caseworker_a, team_a):
    return rising_participant(caseworker_a, team_a)


@pytest.fixture
def claim(lead_a, agreement, definition, achiever, orgs):
    """The achiever's claim, submitted by team lead A."""
    return submit_claim(lead_a, agreement, definition, achiever, orgs)
