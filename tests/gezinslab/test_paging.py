"""Gezinslab's trajectories and Buurtgezinnen's support families and matches are paged by
50: only the page's names (and evaluations) are decrypted and its households and families
logged, and a page costs the same queries for 1, 50 or 120 rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gezinslab import services
from tests.gezinslab.conftest import START, make_household, make_trajectory, start_match
from tests.paging import assert_flat, assert_paged, last_event, logged

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectories(caseworker_a, team_a, peer_a):
    """``trajectories(n)``: the team has ``n``, of households Gezin000, Gezin001, ..., each
    started a day after the one before, with a goal."""
    made = []

    def grow(n: int) -> list:
        while len(made) < n:
            index = len(made)
            household = make_household(actor=caseworker_a, team=team_a, name=f"Gezin{index:03d}")
            trajectory = make_trajectory(
                actor=caseworker_a,
                team=team_a,
                peer=peer_a,
                household=household,
                start_date=START + dt.timedelta(days=index),
            )
            services.add_family_goal(actor=caseworker_a, trajectory=trajectory, text="Doel")
            made.append(trajectory)
        return made

    return grow


@pytest.fixture
def families(caseworker_a, team_a):
    made = []

    def grow(n: int) -> list:
        while len(made) < n:
            made.append(
                services.add_support_family(
                    actor=caseworker_a,
                    team=team_a,
                    name=f"Familie{len(made):03d}",
                    contact="06-12345678",
                    max_families=5,
                )
            )
        return made

    return grow


@pytest.fixture
def matches(caseworker_a, team_a, families):
    """``matches(n)``: ``n`` matches of households Vraag000, ... (each a day later than the
    one before), five to a support family."""
    made = []

    def grow(n: int) -> list:
        while len(made) < n:
            index = len(made)
            family = families(index // 5 + 1)[-1]
            household = make_household(
                actor=caseworker_a, team=team_a, programme="buurtgezinnen", name=f"Vraag{index:03d}"
            )
            made.append(
                start_match(
                    caseworker_a,
                    family,
                    household,
                    start_date=dt.date(2025, 3, 1) + dt.timedelta(days=index),
                )
            )
        return made

    return grow


def _logs(client, url, number, what, expected):
    since = last_event()
    assert client.get(url, {"pagina": number}).status_code == 200
    assert sorted(logged(what, since)) == sorted(expected)


def test_trajectories_are_paged_newest_first(client, caseworker_a, trajectories):
    made = list(reversed(trajectories(51)))  # the newest first
    client.force_login(caseworker_a)
    url = reverse("gezinslab:trajectories")
    names = [f"Gezin{i:03d}" for i in reversed(range(51))]
    first, _second = assert_paged(client, url, r">(Gezin\d\d\d)</a></td>", names)
    assert "51 gezinstrajecten van uw team" in first
    ids = [t.household_id for t in made]
    _logs(client, url, 1, "gezinslab_trajectories", ids[:50])
    _logs(client, url, 2, "gezinslab_trajectories", ids[50:])


def test_support_families_are_paged_oldest_first(client, caseworker_a, families):
    made = families(52)
    client.force_login(caseworker_a)
    url = reverse("gezinslab:support_families")
    names = [f"Familie{i:03d}" for i in range(52)]
    assert_paged(client, url, r"<td>(Familie\d\d\d)</td>", names)
    ids = [f.pk for f in made]
    _logs(client, url, 1, "buurtgezinnen_families", ids[:50])
    _logs(client, url, 2, "buurtgezinnen_families", ids[50:])


def test_matches_are_paged_newest_first(client, caseworker_a, matches):
    made = list(reversed(matches(51)))
    client.force_login(caseworker_a)
    url = reverse("gezinslab:matches")
    names = [f"Vraag{i:03d}" for i in reversed(range(51))]
    assert_paged(client, url, r"<td>(Vraag\d\d\d)</td>", names)
    households = [m.household_id for m in made]
    families = [m.support_family_id for m in made]  # each logged once a page
    _logs(client, url, 1, "buurtgezinnen_matches", households[:50] + [*{*families[:50]}])
    _logs(client, url, 2, "buurtgezinnen_matches", households[50:] + [*{*families[50:]}])


def test_running_matches_come_before_ended_ones_on_every_database(client, caseworker_a, matches):
    """The newest match is ended: it goes after the running one (a NULL end date sorts first
    on SQLite and last on PostgreSQL unless the order says so)."""
    from gezinslab import services

    older, newer = matches(2)
    services.update_match(
        actor=caseworker_a,
        match=newer,
        expected_version=newer.version,
        start_date=newer.start_date,
        rhythm=newer.rhythm,
        end_date=newer.start_date + dt.timedelta(days=30),
    )
    client.force_login(caseworker_a)
    page = client.get(reverse("gezinslab:matches")).content.decode()
    assert page.index("Vraag000") < page.index("Vraag001")


def test_the_paged_lists_cost_the_same_for_1_50_and_120_rows(
    client, caseworker_a, trajectories, families, matches
):
    client.force_login(caseworker_a)
    assert_flat(client, reverse("gezinslab:trajectories"), trajectories)
    assert_flat(client, reverse("gezinslab:matches"), matches)
    assert_flat(client, reverse("gezinslab:support_families"), families)
