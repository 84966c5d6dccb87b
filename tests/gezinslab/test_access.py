"""Every page and API endpoint of gezinslab, for every role: allowed roles get 200/302, the
others 403; file roles of another team get 404 for this team's objects; refusals change
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import ALL_ROLES
from gezinslab import services
from gezinslab.models import Barrier, FamilyGoal, SupportMatch
from tests.factories import make_user
from tests.gezinslab.conftest import record_breakthrough
from tests.gezinslab.matrix import FILE, MATRIX


@pytest.fixture
def objects(caseworker_a, trajectory_a, barrier_a, match_a, support_family_a):
    goal = services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text="Post")
    breakthrough = record_breakthrough(caseworker_a, barrier_a, "Gesprek", dt.date(2025, 3, 1))
    other_barrier = services.add_barrier(
        actor=caseworker_a,
        trajectory=trajectory_a,
        organisation=barrier_a.organisation,
        kind="rule",
        description="Tweede",
        since=dt.date(2025, 2, 1),
    )
    return {
        "trajectory_new": trajectory_a.household_id,
        "trajectory": trajectory_a.pk,
        "trajectory_edit": trajectory_a.pk,
        "goal_new": trajectory_a.pk,
        "goal_edit": goal.pk,
        "barrier_new": trajectory_a.pk,
        "barrier_edit": barrier_a.pk,
        "breakthrough_new": other_barrier.pk,
        "match_edit": match_a.pk,
        "support_family_edit": support_family_a.pk,
        "gezinslab-trajectory-detail": trajectory_a.pk,
        "gezinslab-goal-detail": goal.pk,
        "gezinslab-barrier-detail": barrier_a.pk,
        "gezinslab-breakthrough-detail": breakthrough.pk,
        "buurtgezinnen-family-detail": support_family_a.pk,
        "buurtgezinnen-match-detail": match_a.pk,
    }


def _url(name: str, objects: dict) -> str:
    short = name.split(":")[-1]
    return reverse(name, kwargs={"pk": objects[short]} if short in objects else {})


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_url_allows_exactly_the_matrix_roles(client, objects, role, team_a):
    client.force_login(make_user(role, teams=[team_a]))
    for name, allowed in MATRIX.items():
        response = client.get(_url(name, objects))
        if role in allowed:
            assert response.status_code in {200, 302}, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)


def test_another_teams_file_roles_get_not_found(client, objects, team_b):
    for role in FILE:
        client.force_login(make_user(role, teams=[team_b]))
        for name in MATRIX:
            short = name.split(":")[-1]
            if short not in objects:
                continue
            response = client.get(_url(name, objects))
            assert response.status_code == 404, (name, role, response.status_code)


def test_refusals_change_nothing(client, objects, team_b, trajectory_a, barrier_a, match_a):
    before = (FamilyGoal.objects.count(), Barrier.objects.count(), SupportMatch.objects.count())
    outsider = make_user("caseworker", teams=[team_b])
    office = make_user("programme_office")
    for user, expected in ((outsider, 404), (office, 403)):
        client.force_login(user)
        response = client.post(
            reverse("gezinslab:goal_new", kwargs={"pk": trajectory_a.pk}), {"text": "Inbraak"}
        )
        assert response.status_code == expected
        response = client.post(
            reverse("api:gezinslab-goal-list"),
            {"trajectory": str(trajectory_a.pk), "text": "Inbraak"},
            content_type="application/json",
        )
        assert response.status_code == expected
        response = client.patch(
            reverse("api:buurtgezinnen-match-detail", kwargs={"pk": match_a.pk}),
            {"version": match_a.version, "rhythm": "monthly"},
            content_type="application/json",
        )
        assert response.status_code == expected
        response = client.post(
            reverse("gezinslab:barrier_edit", kwargs={"pk": barrier_a.pk}),
            {"version": 1, "status": "stuck"},
        )
        assert response.status_code == expected
    assert before == (
        FamilyGoal.objects.count(),
        Barrier.objects.count(),
        SupportMatch.objects.count(),
    )
    match_a.refresh_from_db()
    assert match_a.rhythm == "weekly"
