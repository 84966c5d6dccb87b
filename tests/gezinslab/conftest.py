"""Fixtures of the Gezinslab and Buurtgezinnen tests: a Gezinslab team (team_a, "gla") with a
duo, a family in Gezinslab and a family asking Buurtgezinnen for support, and builders."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import PEER_EXPERT
from casework import services as core
from gezinslab import services
from gezinslab.models import SystemOrganisation
from tests.factories import in_order, make_participant, make_user

START = dt.date(2025, 1, 6)


def make_household(*, actor, team, programme: str = "gezinslab", members: int = 1, name="Gezin"):
    first = make_participant(actor=actor, team=team, programme=programme, given_name=name)
    household = core.create_household(
        actor=actor, name=name, first_member=first, role="parent", start_date=START
    )
    for index in range(members - 1):
        other = make_participant(actor, team, programme, given_name=f"{name}kind{index}")
        core.add_household_member(
            actor=actor, household=household, participant=other, role="child", start_date=START
        )
    return household


def make_trajectory(*, actor, team, peer, household=None, **extra):
    household = household or make_household(actor=actor, team=team)
    return services.start_trajectory(
        actor=actor,
        household=household,
        professional=actor,
        peer_expert=peer,
        finding_place="school",
        start_date=extra.pop("start_date", START),
        life_domains=extra.pop("life_domains", ["financien"]),
        plan_summary=extra.pop("plan_summary", "Rust in de post"),
        **extra,
    )


def organisation(code: str = "uwv") -> SystemOrganisation:
    return SystemOrganisation.objects.get(code=code)


def make_barrier(*, actor, trajectory, code: str = "uwv", kind: str = "rule", **extra):
    return services.add_barrier(
        actor=actor,
        trajectory=trajectory,
        organisation=organisation(code),
        kind=kind,
        description=extra.pop("description", "Bijverdienen wordt gekort"),
        since=extra.pop("since", dt.date(2025, 2, 1)),
        **extra,
    )


@pytest.fixture
def peer_a(team_a):
    return make_user(PEER_EXPERT, teams=[team_a])


@pytest.fixture
def household_a(caseworker_a, team_a):
    return make_household(actor=caseworker_a, team=team_a, members=2, name="Bosma")


@pytest.fixture
def trajectory_a(caseworker_a, team_a, peer_a, household_a):
    return make_trajectory(actor=caseworker_a, team=team_a, peer=peer_a, household=household_a)


@pytest.fixture
def barrier_a(caseworker_a, trajectory_a):
    return make_barrier(actor=caseworker_a, trajectory=trajectory_a)


@pytest.fixture
def asking_household(caseworker_a, team_a):
    return make_household(
        actor=caseworker_a, team=team_a, programme="buurtgezinnen", members=2, name="Vraag"
    )


@pytest.fixture
def support_family_a(caseworker_a, team_a):
    return services.add_support_family(
        actor=caseworker_a,
        team=team_a,
        name="Familie Steun",
        contact="06-12345678",
        wijk="bilgaard",
    )


# A support family starts helping a household (weekly, from 1 March 2025, unless said).
start_match = in_order(
    services.start_match,
    "actor support_family household start_date rhythm",
    start_date=dt.date(2025, 3, 1),
    rhythm="weekly",
)


@pytest.fixture
def match_a(caseworker_a, support_family_a, asking_household):
    return start_match(caseworker_a, support_family_a, asking_household)


# What the breakthrough of barrier A changes in the system.
RATE_TOOL = {"needs_system_change": True, "system_change": "Rekentool bijverdienen"}


def record_breakthrough(actor, barrier, how, date, *, expected_version=None, **change):
    """A breakthrough of ``barrier`` recorded through the service (against its current version
    unless said); ``change``: ``needs_system_change`` and ``system_change``."""
    version = barrier.version if expected_version is None else expected_version
    return services.record_breakthrough(
        actor=actor, barrier=barrier, expected_version=version, how=how, date=date, **change
    )
