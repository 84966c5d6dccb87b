"""Every Schuldenvrij list page, API list and list selector keeps a flat query count from 1 to
50 rows: the same bound for 1 and for 50."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy import periods
from schuldenvrij import selectors, services
from tests.api.conftest import api_client
from tests.factories import make_participant
from tests.paging import assert_flat
from tests.schuldenvrij.conftest import add_debt, make_enrolment, turning_18_soon

pytestmark = pytest.mark.django_db

PAGES = ("schuldenvrij:home", "schuldenvrij:follow_ups", "schuldenvrij:turning_18")
API_LISTS = (
    "api:schuldenvrij-intake-list",
    "api:schuldenvrij-snapshot-list",
    "api:schuldenvrij-debt-list",
    "api:schuldenvrij-place-list",
    "api:schuldenvrij-forgiveness-list",
    "api:schuldenvrij-follow-up-list",
    "api:schuldenvrij-contact-list",
    "api:schuldenvrij-turning-18-list",
)


class World:
    """Adds complete Schuldenvrij rows: enrolment, intake, snapshot, debts, a pilot place, a
    forgiveness half a year ago (every other one approved, with a due follow-up, the others
    waiting for a decision), and a young person turning 18 soon with a preventive contact.
    The baseline has two rows (one of each kind), the full world fifty. (Fifty, not more:
    the access log's bulk insert is split by SQLite above about seventy events.)"""

    def __init__(self, caseworker, lead, team):
        self.caseworker, self.lead, self.team = caseworker, lead, team
        self.count = 0
        self.first_enrolment = None

    def add(self, n: int) -> None:
        today = dt.date.today()
        for _ in range(n):
            i = self.count
            self.count += 1
            cw = self.caseworker
            enrolment = make_enrolment(cw, self.team, given_name=f"Deelnemer{i}")
            self.first_enrolment = self.first_enrolment or enrolment
            services.save_intake(actor=cw, enrolment=enrolment, date=dt.date(2025, 1, 10))
            services.add_snapshot(
                actor=cw,
                enrolment=enrolment,
                date=dt.date(2025, 2, 1),
                amounts={"income_benefit": "1200", "cost_rent": "600"},
            )
            add_debt(cw, enrolment, current="1000")
            add_debt(cw, enrolment, current="500", kind="cjib", name="CJIB")
            services.admit_to_pilot(actor=cw, enrolment=enrolment, date=dt.date(2025, 2, 1))
            proposal = services.propose_forgiveness(
                actor=cw,
                enrolment=enrolment,
                amount="1000",
                date=services.add_months(today, -6),
                funding="fno",
                debts=list(enrolment.schuldenvrij_debts.filter(creditor_kind="energy")),
            )
            if i % 2 == 0:  # every other one approved (a due follow-up), the rest waiting
                services.decide_forgiveness(
                    actor=self.lead, forgiveness=proposal, expected_version=1, approve=True
                )
            young = make_participant(
                cw,
                self.team,
                "lifecoaching",
                given_name=f"Jongere{i}",
                date_of_birth=turning_18_soon(),
            )
            services.record_preventive_contact(actor=cw, participant=young, date=today)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def world(caseworker_a, lead2_a, team_a):
    return World(caseworker_a, lead2_a, team_a)


def test_pages_and_api_lists_are_flat(
    client, world, caseworker_a, lead_a, django_assert_max_num_queries
):
    world.add(2)
    client.force_login(lead_a)
    api = api_client(caseworker_a)
    urls = [(client, reverse(name)) for name in PAGES] + [
        (api, reverse(name)) for name in API_LISTS
    ]
    urls.append(
        (client, reverse("schuldenvrij:enrolment", kwargs={"pk": world.first_enrolment.pk}))
    )
    urls.append((client, reverse("schuldenvrij:figures")))
    baseline = {url: count(c, url) for c, url in urls}
    world.add(48)
    after = {url: count(c, url) for c, url in urls}
    assert {u: n for u, n in after.items() if n > baseline[u]} == {}
    body = client.get(reverse("schuldenvrij:home")).content.decode()
    assert body.count("Deelnemer") >= 50
    assert client.get(reverse("schuldenvrij:turning_18")).content.decode().count("Jongere") >= 50
    results = api.get(reverse("api:schuldenvrij-debt-list")).json()["results"]
    assert len(results) == 50


def test_selectors_are_flat(world, caseworker_a, lead_a, django_assert_max_num_queries):
    world.add(2)
    calls = {
        "overview": lambda: selectors.overview_page(lead_a),
        "pending": lambda: selectors.pending_proposals(lead_a),
        "due": lambda: selectors.due_follow_ups(caseworker_a),
        "turning_18": lambda: selectors.turning_18(caseworker_a),
        "counters": lambda: selectors.counters(lead_a, period=periods.parse("alles")),
    }
    baseline = {}
    for name, call in calls.items():
        with CaptureQueriesContext(connection) as ctx:
            assert call() is not None
        baseline[name] = len(ctx.captured_queries)
    world.add(48)
    for name, call in calls.items():
        with django_assert_max_num_queries(baseline[name]):
            result = call()
        if name != "counters":
            assert len(result) >= 24, name


def test_enrolment_page_is_flat_in_its_debts(
    client, caseworker_a, enrolment, django_assert_max_num_queries
):
    add_debt(caseworker_a, enrolment, current="10")
    client.force_login(caseworker_a)
    url = reverse("schuldenvrij:enrolment", kwargs={"pk": enrolment.pk})
    baseline = count(client, url)
    for index in range(49):
        add_debt(caseworker_a, enrolment, current=f"{index + 1}.00", name=f"Schuldeiser {index}")
        services.add_snapshot(
            actor=caseworker_a,
            enrolment=enrolment,
            date=dt.date(2025, 2, 1) + dt.timedelta(days=index),
            amounts={"income_wage": "1000"},
        )
    with django_assert_max_num_queries(baseline):
        body = client.get(url).content.decode()
    assert body.count("Schuldeiser ") >= 49


def test_overview_costs_the_same_for_1_50_and_120_enrolments(client, caseworker_a, team_a):
    made = []

    def grow(n: int) -> None:
        while len(made) < n:
            enrolment = make_enrolment(caseworker_a, team_a, given_name=f"D{len(made)}")
            add_debt(caseworker_a, enrolment, current="100")
            made.append(enrolment)

    client.force_login(caseworker_a)
    assert_flat(client, reverse("schuldenvrij:home"), grow)
