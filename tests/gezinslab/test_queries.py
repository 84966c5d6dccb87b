"""Every list page, API list and selector of gezinslab keeps a flat query count from 1 to 50
rows (the same bound for both)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.cache import cache
from django.urls import reverse

from gezinslab import selectors, services
from privacy import periods
from tests.gezinslab.conftest import (
    make_barrier,
    make_household,
    make_trajectory,
    record_breakthrough,
    start_match,
)
from tests.paging import count

pytestmark = pytest.mark.django_db
_names = itertools.count()


def _get(client, url):
    def call():
        response = client.get(url)
        assert response.status_code == 200, url
        return response

    return call


def _pages(client, *names: str) -> list:
    """A call per URL name: it gets that page, which loads (200)."""
    return [_get(client, reverse(name)) for name in names]


def _flat(django_assert_max_num_queries, add, calls) -> None:
    """Measure each call with one row, add 49 rows, and check the same bound holds."""
    add(1)
    baselines = [count(call) for call in calls]
    add(49)
    for call, baseline in zip(calls, baselines, strict=True):
        cache.clear()
        with django_assert_max_num_queries(baseline):
            call()


@pytest.fixture
def add_trajectories(caseworker_a, team_a, peer_a):
    def add(n: int) -> None:
        for _ in range(n):
            trajectory = make_trajectory(actor=caseworker_a, team=team_a, peer=peer_a)
            services.add_family_goal(actor=caseworker_a, trajectory=trajectory, text="Doel")
            barrier = make_barrier(actor=caseworker_a, trajectory=trajectory)
            record_breakthrough(
                caseworker_a, barrier, "Gesprek", dt.date(2025, 3, 1), expected_version=1
            )

    return add


@pytest.fixture
def add_matches(caseworker_a, team_a):
    state = {"family": None}

    def add(n: int) -> None:
        for _ in range(n):
            family = state["family"]
            if family is None or family.matches.count() >= 5:
                family = services.add_support_family(
                    actor=caseworker_a, team=team_a, name=f"Familie {next(_names)}", max_families=5
                )
                state["family"] = family
            household = make_household(
                actor=caseworker_a, team=team_a, programme="buurtgezinnen", name="Vraag"
            )
            start_match(caseworker_a, family, household)

    return add


def test_trajectory_pages_api_and_selectors_are_flat(
    client, caseworker_a, add_trajectories, django_assert_max_num_queries
):
    client.force_login(caseworker_a)
    calls = [
        *_pages(
            client,
            "gezinslab:trajectories",
            "api:gezinslab-trajectory-list",
            "api:gezinslab-goal-list",
            "api:gezinslab-barrier-list",
            "api:gezinslab-breakthrough-list",
        ),
        lambda: selectors.trajectories_page(caseworker_a),
        lambda: selectors.households_to_start(caseworker_a),
    ]
    _flat(django_assert_max_num_queries, add_trajectories, calls)
    assert len(selectors.trajectories_page(caseworker_a)) == 50


def test_trajectory_page_is_flat_in_goals_and_barriers(
    client, caseworker_a, trajectory_a, django_assert_max_num_queries
):
    client.force_login(caseworker_a)

    def add(n: int) -> None:
        for index in range(n):
            services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text=f"D{index}")
            barrier = make_barrier(actor=caseworker_a, trajectory=trajectory_a)
            if index % 2:
                record_breakthrough(
                    caseworker_a, barrier, "Gesprek", dt.date(2025, 3, 1), expected_version=1
                )

    _flat(
        django_assert_max_num_queries,
        add,
        [
            _get(client, reverse("gezinslab:trajectory", kwargs={"pk": trajectory_a.pk})),
            lambda: selectors.trajectory_view(caseworker_a, trajectory_a.pk),
        ],
    )


def test_buurtgezinnen_pages_api_and_selectors_are_flat(
    client, caseworker_a, add_matches, django_assert_max_num_queries
):
    client.force_login(caseworker_a)
    calls = [
        *_pages(
            client,
            "gezinslab:matches",
            "gezinslab:support_families",
            "gezinslab:match_new",
            "api:buurtgezinnen-match-list",
            "api:buurtgezinnen-family-list",
        ),
        lambda: selectors.matches_page(caseworker_a),
        lambda: selectors.support_family_rows(caseworker_a),
        lambda: selectors.support_families_page(caseworker_a),
        lambda: selectors.buurtgezinnen_households(caseworker_a),
    ]
    _flat(django_assert_max_num_queries, add_matches, calls)
    assert len(selectors.matches_page(caseworker_a)) == 50


def test_dashboard_is_flat(
    client, lead_a, caseworker_a, add_trajectories, django_assert_max_num_queries
):
    client.force_login(lead_a)
    _flat(
        django_assert_max_num_queries,
        add_trajectories,
        [
            *_pages(
                client,
                "gezinslab:dashboard",
            ),
            *_pages(
                client,
                "api:gezinslab-barrier-table-list",
            ),
            lambda: selectors.dashboard(lead_a, period=periods.parse("2025")),
        ],
    )
