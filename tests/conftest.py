from __future__ import annotations

import os

import pytest

from accounts.roles import CASEWORKER, PRIVACY_OFFICER, TEAM_LEAD
from tests import clock
from tests.factories import TeamFactory, make_user
from tests.reference_data import ensure_reference_data

pytest_plugins = ["tests.demo_database"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Reports and the monitor are reused while their data are unchanged (keyed by the data's
    newest change); each test starts without any, since a rolled-back test database may give
    the next test the same ids."""
    from django.core.cache import cache

    from monitoring.selectors import forget

    cache.clear()
    forget()
    yield
    cache.clear()
    forget()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread (LocaleMiddleware activates
    the request's language and nothing deactivates it): every test starts and ends in Dutch."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _registry(request):
    """Programmes, instruments and the reference lists of the migrations exist in every test
    database (tests/reference_data.py). A test of the demo data has them from the seed."""
    from tests.demo_database import uses_demo

    if uses_demo(request.fixturenames):
        return
    request.getfixturevalue("db")
    ensure_reference_data()


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


@pytest.fixture
def officer():
    return make_user(PRIVACY_OFFICER)


@pytest.fixture
def officer2():
    """A second privacy officer (four eyes)."""
    return make_user(PRIVACY_OFFICER)


def _pdf_engine_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as error:  # Pango missing on this machine
        return f"WeasyPrint cannot load ({type(error).__name__}); install Pango (apt-get install -y libpango-1.0-0 libpangoft2-1.0-0)"
    return None


@pytest.fixture(params=list(clock.STARTS.values()), ids=list(clock.STARTS))
def fixed_clock(request, time_machine):
    """The clock of tests/clock.py: this test runs once at ``clock.NOW`` and once just before
    midnight of ``clock.TODAY``, the clock ticking from there."""
    time_machine.move_to(request.param, tick=True)
    return time_machine


@pytest.hookimpl(tryfirst=True)  # before pytest-django's, which orders the tests by marker
def pytest_collection_modifyitems(config, items):
    """Every test uses the database (``_registry``): a test without a ``django_db`` marker gets
    the plain one, so that pytest-django sets the test database up whichever tests are run.
    Tests marked ``pdf`` need Pango;
    without it they are skipped with a plain reason (CI sets KOERS_REQUIRE_PDF so that they
    fail there instead)."""
    for item in items:
        if not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)
    pdf_items = [item for item in items if item.get_closest_marker("pdf")]
    if not pdf_items:
        return
    problem = _pdf_engine_problem()
    if problem is None or os.environ.get("KOERS_REQUIRE_PDF"):
        return
    for item in pdf_items:
        item.add_marker(pytest.mark.skip(reason=problem))
