"""Every list page, API list and selector keeps a flat query count from 1 to 50 rows (the
team's overview from 2 to 50, the other lists from 1 to 25)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.paginator import Page
from django.urls import reverse

from accounts.roles import PROGRAMME_OFFICE
from baangaranties import selectors, services
from baangaranties.models import Employer
from privacy import periods
from tests.baangaranties.conftest import (
    add_route,
    commit,
    make_enrolment,
    offer_places,
    place,
)
from tests.factories import make_user
from tests.paging import count

pytestmark = pytest.mark.django_db

PAGES = [
    "baangaranties:home",
    "baangaranties:checks",
    "baangaranties:open_hiring",
    "baangaranties:routes",
    "baangaranties:chains",
    "api:baangaranties-placement-list",
    "api:baangaranties-retention-check-list",
    "api:baangaranties-open-hiring-list",
    "api:baangaranties-route-list",
    "api:baangaranties-chain-list",
    "api:baangaranties-employer-list",
    "api:baangaranties-commitment-list",
    "api:baangaranties-offered-place-list",
]
SELECTORS = [
    selectors.overview_page,
    selectors.due_checks,
    selectors.due_checks_page,
    selectors.open_hiring_page,
    selectors.young_without_route,
    selectors.routes_page,
    lambda user: selectors.dashboard(user, period=periods.parse("alles")),
]


@pytest.fixture
def grow(worker, lead, bg_team, chain, employer):
    commit(lead, chain, 100)
    made = []

    def grow_to(n: int) -> None:
        """n enrolments: even ones placed, on the Open Hiring list and with a route; odd ones
        young people on assistance without a route (so every list has a row from n=2)."""
        while len(made) < n:
            index = len(made)
            enrolment = make_enrolment(
                worker, bg_team, given_name=f"P{index}", date_of_birth=dt.date(2003, 1, 1)
            )
            made.append(enrolment)
            if index % 2:
                services.record_social_assistance(
                    actor=worker, enrolment=enrolment, on_assistance=True, date=dt.date(2026, 1, 5)
                )
                continue
            extra = Employer(chain=chain, name=f"Werkgever {index}")
            services.core.save(extra)
            offer_places(lead, extra, "job_guarantee")
            place(worker, enrolment, extra)
            services.sign_up_open_hiring(actor=worker, enrolment=enrolment)
            add_route(worker, enrolment)

    return grow_to


def _count(call) -> int:
    """Queries of the second call (the first may create the access log's head row)."""
    call()
    return count(call)


def test_pages_and_api_lists_are_flat(client, worker, grow, django_assert_max_num_queries):
    client.force_login(worker)
    grow(2)
    baselines = {}
    for name in PAGES:
        url = reverse(name)
        baselines[name] = _count(lambda url=url: client.get(url))
    grow(50)
    for name in PAGES:
        cache.clear()
        with django_assert_max_num_queries(baselines[name]):
            response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert client.get(reverse("baangaranties:home")).content.decode().count("P4") >= 1


def test_dashboard_is_flat(client, lead, grow, django_assert_max_num_queries):
    office = make_user(PROGRAMME_OFFICE)
    grow(2)
    baselines = {}
    for user in (lead, office):
        client.force_login(user)
        baselines[user.pk] = _count(lambda: client.get(reverse("baangaranties:dashboard")))
    grow(50)
    for user in (lead, office):
        client.force_login(user)
        with django_assert_max_num_queries(baselines[user.pk]):
            assert client.get(reverse("baangaranties:dashboard")).status_code == 200


def test_selectors_are_flat(worker, grow, django_assert_max_num_queries):
    grow(2)
    baselines = {
        index: _count(lambda call=call: call(worker)) for index, call in enumerate(SELECTORS)
    }
    grow(50)
    for index, call in enumerate(SELECTORS):
        with django_assert_max_num_queries(baselines[index]):
            result = call(worker)
        if isinstance(result, list | Page):
            assert len(result) >= 25, index
