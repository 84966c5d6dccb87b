from __future__ import annotations

import pytest

from accounts.roles import CASEWORKER, TEAM_LEAD
from tests.factories import TeamFactory, make_user


@pytest.fixture(autouse=True)
def _registry(db):
    """Programmes and instruments exist in every test database (post_migrate fills them)."""
    from casework.services import sync_registry

    sync_registry()


@pytest.fixture
def team_a():
    return TeamFactory(code="gla", name="Gezinslab Bilgaard")


@pytest.fixture
def team_b():
    return TeamFactory(code="svb", name="Schuldenvrij Oost")


@pytest.fixture
def caseworker_a(team_a):
    return make_user(CASEWORKER, teams=[team_a])


@pytest.fixture
def caseworker_b(team_b):
    return make_user(CASEWORKER, teams=[team_b])


@pytest.fixture
def lead_a(team_a):
    return make_user(TEAM_LEAD, teams=[team_a])


@pytest.fixture
def lead_b(team_b):
    return make_user(TEAM_LEAD, teams=[team_b])
