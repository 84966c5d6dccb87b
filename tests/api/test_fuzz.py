"""schemathesis against the API's own OpenAPI schema, in process (WSGI), with a caseworker's
token: no 5xx, every response conforms to the schema (status, content type, body, headers),
and what the schema says is invalid is rejected. Strings hold no NUL character (refused
everywhere: PostgreSQL cannot store it). Examples per operation are limited so the
whole module stays within about a minute and a half."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from casework import services
from tests.api.conftest import token_for
from tests.factories import log_progress, make_participant, measure

pytestmark = pytest.mark.fuzz

APP = get_wsgi_application()
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = APP  # in process, also for the probes of the checks
schema.config.generation.update(
    modes=["positive", "negative"], max_examples=10, deterministic=True, allow_x00=False
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the WSGI handler would close the connection after each
    request (on PostgreSQL mid-transaction), so the test's transaction must survive it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(db, caseworker_a, lead_a, team_a, team_b):
    """A caseworker with a small caseload, so reads find something."""
    participant = make_participant(actor=caseworker_a, team=team_a, bsn="111222333")
    enrolment = participant.enrolments.get()
    services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Werk")
    log_progress(caseworker_a, enrolment, dt.date(2025, 2, 1), "N")
    measure(caseworker_a, enrolment, "zrm", "intake", dt.date(2025, 1, 7), {"financien": 2})
    services.request_transfer(actor=lead_a, enrolment=enrolment, to_team=team_b, reason="R")
    return token_for(caseworker_a, scopes=("read", "write", "export"))


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_schema(case, fuzz_token):
    cache.clear()  # the throttles would otherwise answer 429 after a few hundred calls
    case.call_and_validate(
        headers={"Authorization": f"Bearer {fuzz_token}"},
        # A schema-valid request may still break a business rule the schema cannot express
        # (a team code that exists, an opaque cursor, an instrument's items): a 400 then.
        excluded_checks=[positive_data_acceptance],
    )
