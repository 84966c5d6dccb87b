from __future__ import annotations

import os

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


def _pdf_engine_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as error:  # Pango missing on this machine
        return f"WeasyPrint cannot load ({type(error).__name__}); install Pango (apt-get install -y libpango-1.0-0 libpangoft2-1.0-0)"
    return None


def pytest_collection_modifyitems(config, items):
    """Tests marked ``pdf`` need Pango; without it they are skipped with a plain reason
    (CI sets KOERS_REQUIRE_PDF so that they fail there instead)."""
    pdf_items = [item for item in items if item.get_closest_marker("pdf")]
    if not pdf_items:
        return
    problem = _pdf_engine_problem()
    if problem is None or os.environ.get("KOERS_REQUIRE_PDF"):
        return
    for item in pdf_items:
        item.add_marker(pytest.mark.skip(reason=problem))
