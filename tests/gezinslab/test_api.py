"""The gezinslab API: list, detail, create, patch with version (stale: 409), other team 404,
bad input 400 with a Dutch message, access logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gezinslab.models import Barrier, Breakthrough, FamilyGoal, SupportFamily, SupportMatch
from tests.factories import make_user
from tests.helpers import was_logged

pytestmark = pytest.mark.django_db


def _post(client, name, data):
    return client.post(reverse(name), data, content_type="application/json")


def _patch(client, name, pk, data):
    return client.patch(reverse(name, kwargs={"pk": pk}), data, content_type="application/json")


def test_trajectory_list_detail_patch_and_409(client, caseworker_a, trajectory_a):
    client.force_login(caseworker_a)
    listed = client.get(reverse("api:gezinslab-trajectory-list")).json()
    assert [row["id"] for row in listed["results"]] == [str(trajectory_a.pk)]
    assert listed["results"][0]["plan_summary"] == "Rust in de post"
    detail_url = reverse("api:gezinslab-trajectory-detail", kwargs={"pk": trajectory_a.pk})
    assert client.get(detail_url).json()["team"] == "gla"
    assert was_logged(trajectory_a.household_id, "api_gezinslab_trajectory")
    patched = _patch(
        client,
        "api:gezinslab-trajectory-detail",
        trajectory_a.pk,
        {"version": 1, "life_domains": ["huisvesting"]},
    )
    assert patched.status_code == 200, patched.json()
    assert patched.json()["life_domains"] == ["huisvesting"]
    assert patched.json()["plan_summary"] == "Rust in de post"  # left out: kept
    stale = _patch(
        client,
        "api:gezinslab-trajectory-detail",
        trajectory_a.pk,
        {"version": 1, "status": "paused"},
    )
    assert stale.status_code == 409


def test_trajectory_create(client, caseworker_a, peer_a, household_a):
    client.force_login(caseworker_a)
    data = {
        "household": str(household_a.pk),
        "professional": caseworker_a.pk,
        "peer_expert": peer_a.pk,
        "finding_place": "community_centre",
        "start_date": "2025-01-10",
        "life_domains": ["financien"],
    }
    bad = _post(client, "api:gezinslab-trajectory-list", {**data, "start_date": "2999-01-01"})
    assert bad.status_code == 400
    assert "toekomst" in str(bad.json())
    created = _post(client, "api:gezinslab-trajectory-list", data)
    assert created.status_code == 201, created.json()
    assert created.json()["finding_place"] == "community_centre"


def test_goals_barriers_and_breakthroughs(client, peer_a, trajectory_a):
    client.force_login(peer_a)
    goal = _post(
        client, "api:gezinslab-goal-list", {"trajectory": str(trajectory_a.pk), "text": "Rust"}
    )
    assert goal.status_code == 201
    goal_id = goal.json()["id"]
    assert (
        _patch(
            client, "api:gezinslab-goal-detail", goal_id, {"version": 1, "status": "achieved"}
        ).json()["text"]
        == "Rust"
    )
    assert FamilyGoal.objects.get().status == "achieved"
    barrier = _post(
        client,
        "api:gezinslab-barrier-list",
        {
            "trajectory": str(trajectory_a.pk),
            "organisation": "cjib",
            "kind": "debt_collection",
            "description": "Verhoogde boetes",
            "since": "2025-02-01",
        },
    )
    assert barrier.status_code == 201, barrier.json()
    unknown = _post(
        client,
        "api:gezinslab-barrier-list",
        {
            "trajectory": str(trajectory_a.pk),
            "organisation": "nasa",
            "kind": "rule",
            "description": "X",
            "since": "2025-02-01",
        },
    )
    assert unknown.status_code == 400 and Barrier.objects.count() == 1
    barrier_id = barrier.json()["id"]
    early = _post(
        client,
        "api:gezinslab-breakthrough-list",
        {"barrier": barrier_id, "barrier_version": 1, "how": "Regeling", "date": "2025-01-01"},
    )
    assert early.status_code == 400 and not Breakthrough.objects.exists()
    made = _post(
        client,
        "api:gezinslab-breakthrough-list",
        {"barrier": barrier_id, "barrier_version": 1, "how": "Regeling", "date": "2025-03-01"},
    )
    assert made.status_code == 201, made.json()
    listed = client.get(reverse("api:gezinslab-barrier-list")).json()["results"]
    assert listed[0]["status"] == "unblocked" and listed[0]["breakthrough"] == made.json()["id"]
    stale = _patch(
        client, "api:gezinslab-breakthrough-detail", made.json()["id"], {"version": 3, "how": "X"}
    )
    assert stale.status_code == 409
    ok = _patch(
        client,
        "api:gezinslab-breakthrough-detail",
        made.json()["id"],
        {"version": 1, "how": "Regeling CJIB"},
    )
    assert ok.status_code == 200 and ok.json()["how"] == "Regeling CJIB"
    assert (
        client.get(reverse("api:gezinslab-breakthrough-list")).json()["results"][0]["how"]
        == "Regeling CJIB"
    )


def test_support_families_and_matches(client, caseworker_a, asking_household):
    client.force_login(caseworker_a)
    family = _post(
        client,
        "api:buurtgezinnen-family-list",
        {"team": "gla", "name": "Familie Kooistra", "max_families": 1},
    )
    assert family.status_code == 201, family.json()
    family_id = family.json()["id"]
    assert client.get(reverse("api:buurtgezinnen-family-detail", kwargs={"pk": family_id})).json()[
        "name"
    ] == ("Familie Kooistra")
    bad = _post(
        client,
        "api:buurtgezinnen-match-list",
        {
            "support_family": family_id,
            "household": str(asking_household.pk),
            "start_date": "2025-03-01",
            "end_date": "2025-02-01",
            "rhythm": "weekly",
        },
    )
    assert bad.status_code == 400 and "voor de startdatum" in str(bad.json())
    match = _post(
        client,
        "api:buurtgezinnen-match-list",
        {
            "support_family": family_id,
            "household": str(asking_household.pk),
            "start_date": "2025-03-01",
            "rhythm": "weekly",
        },
    )
    assert match.status_code == 201, match.json()
    assert client.get(reverse("api:buurtgezinnen-family-list")).json()["results"][0]["running"] == 1
    ended = _patch(
        client,
        "api:buurtgezinnen-match-detail",
        match.json()["id"],
        {"version": 1, "end_date": "2025-09-01", "evaluation": "Goed", "outcome": "good"},
    )
    assert ended.status_code == 200 and ended.json()["active"] is False
    assert (
        _patch(
            client, "api:buurtgezinnen-match-detail", match.json()["id"], {"version": 1}
        ).status_code
        == 409
    )
    renamed = _patch(
        client, "api:buurtgezinnen-family-detail", family_id, {"version": 1, "contact": "06-2"}
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Familie Kooistra"
    assert SupportMatch.objects.count() == 1 and SupportFamily.objects.count() == 1


def test_other_team_gets_404_and_changes_nothing(
    client, caseworker_b, trajectory_a, match_a, support_family_a
):
    client.force_login(caseworker_b)
    for name, pk in (
        ("api:gezinslab-trajectory-detail", trajectory_a.pk),
        ("api:buurtgezinnen-match-detail", match_a.pk),
        ("api:buurtgezinnen-family-detail", support_family_a.pk),
    ):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404
        assert _patch(client, name, pk, {"version": 1}).status_code == 404
    assert client.get(reverse("api:gezinslab-trajectory-list")).json()["results"] == []
    created = _post(
        client, "api:gezinslab-goal-list", {"trajectory": str(trajectory_a.pk), "text": "X"}
    )
    assert created.status_code == 404 and not FamilyGoal.objects.exists()
    family = _post(client, "api:buurtgezinnen-family-list", {"team": "gla", "name": "X"})
    assert family.status_code == 400 and SupportFamily.objects.count() == 1


def test_barrier_table_is_for_the_programme_office(client, caseworker_a, trajectory_a):
    client.force_login(caseworker_a)
    assert client.get(reverse("api:gezinslab-barrier-table-list")).status_code == 403
    client.force_login(make_user("programme_office"))
    data = client.get(reverse("api:gezinslab-barrier-table-list")).json()
    assert data["target_pairs"] == 20 and data["active_pairs"] == 0
    assert "UWV" in data["barriers"]["organisations"] and data["period"] == "alles"
