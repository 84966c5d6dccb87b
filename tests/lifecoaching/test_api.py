"""The lifecoaching API: list, detail, create, 409 on a stale version, 404 for another team,
Dutch refusals in problem details, access logging and flat query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus
from privacy.models import AccessEvent
from tests.helpers import was_logged
from tests.lifecoaching.conftest import START, TODAY, coach, coached

pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def api(client, worker):
    client.force_login(worker)
    return client


def _post(client, name, data):
    return client.post(reverse(name), data, content_type="application/json")


def test_coach_list_detail_create_and_stale_update(api, lc_team, the_coach):
    response = api.get(reverse("api:lifecoaching-coach-list"))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["name"] == "Sytske de Boer" and row["team"] == lc_team.code
    assert AccessEvent.objects.filter(subject_id=the_coach.pk, subject_type="coach").exists()

    response = _post(
        api,
        "api:lifecoaching-coach-list",
        {
            "team": lc_team.code,
            "name": "Douwe Smit",
            "kind": "professional",
            "vog_date": TODAY.isoformat(),
            "vog_expiry": (TODAY + dt.timedelta(days=900)).isoformat(),
            "interests": ["technology"],
            "capacity": 4,
        },
    )
    assert response.status_code == 201, response.content
    new_id = response.json()["id"]
    url = reverse("api:lifecoaching-coach-detail", args=[new_id])
    assert api.get(url).json()["interests"] == ["technology"]

    patch = {"version": 1, "name": "Douwe Smit", "kind": "professional", "capacity": 2}
    assert api.patch(url, patch, content_type="application/json").status_code == 200
    response = api.patch(url, {**patch, "capacity": 5}, content_type="application/json")
    assert response.status_code == 409
    assert Coach.objects.get(pk=new_id).capacity == 2


def test_coach_create_refusals(api, peer, client, lc_team):
    response = _post(
        api,
        "api:lifecoaching-coach-list",
        {
            "team": lc_team.code,
            "name": "X",
            "kind": "volunteer",
            "vog_date": TODAY.isoformat(),
            "vog_expiry": (TODAY - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "kan niet verlopen" in response.content.decode()
    client.force_login(peer)
    response = _post(
        client,
        "api:lifecoaching-coach-list",
        {"team": lc_team.code, "name": "X", "kind": "volunteer"},
    )
    assert response.status_code == 403
    assert Coach.objects.count() == 0


def test_match_create_expired_vog_and_end_with_stale_version(api, worker, lc_team, enrolment):
    expired = coach(
        worker,
        lc_team,
        vog_date=TODAY - dt.timedelta(days=900),
        vog_expiry=TODAY - dt.timedelta(days=1),
    )
    data = {
        "enrolment": str(enrolment.pk),
        "coach": str(expired.pk),
        "start_date": TODAY.isoformat(),
    }
    response = _post(api, "api:lifecoaching-match-list", data)
    assert response.status_code == 400
    assert "Het VOG van deze coach is verlopen" in response.content.decode()
    assert CoachMatch.objects.count() == 0

    good = coach(worker, lc_team, name="Goed")
    response = _post(api, "api:lifecoaching-match-list", {**data, "coach": str(good.pk)})
    assert response.status_code == 201
    match_id = response.json()["id"]
    assert response.json()["participant"] == str(enrolment.participant_id)
    url = reverse("api:lifecoaching-match-detail", args=[match_id])
    assert api.get(url).status_code == 200
    assert api.get(reverse("api:lifecoaching-match-list")).json()["results"][0]["id"] == match_id
    body = {"version": 1, "end_date": TODAY.isoformat()}
    assert api.patch(url, body, content_type="application/json").status_code == 200
    assert api.patch(url, body, content_type="application/json").status_code == 409


def test_sessions_api(api, worker, enrolment, match):
    data = {
        "match": str(match.pk),
        "date": TODAY.isoformat(),
        "duration_minutes": 60,
        "kind": "school",
        "note": "Met de mentor",
    }
    response = _post(api, "api:lifecoaching-session-list", data)
    assert response.status_code == 201
    assert response.json()["note"] == "Met de mentor"
    session_id = response.json()["id"]
    assert (
        api.get(reverse("api:lifecoaching-session-detail", args=[session_id])).json()["kind"]
        == "school"
    )
    [row] = api.get(reverse("api:lifecoaching-session-list")).json()["results"]
    assert row["participant"] == str(enrolment.participant_id)
    response = _post(api, "api:lifecoaching-session-list", {**data, "date": START.isoformat()})
    assert response.status_code == 400
    assert CoachSession.objects.count() == 1
    assert was_logged(enrolment.participant_id, "api_lifecoaching_session", action="list")


def test_school_status_api(api, enrolment):
    data = {
        "enrolment": str(enrolment.pk),
        "date": TODAY.isoformat(),
        "school_name": "Stedelijk Gymnasium",
        "level": "vwo",
        "advice": "havo/vwo",
    }
    response = _post(api, "api:lifecoaching-school-status-list", data)
    assert response.status_code == 201
    body = response.json()
    assert body["school_name"] == "Stedelijk Gymnasium" and body["at_advised_level"] is True
    assert (
        api.get(reverse("api:lifecoaching-school-status-detail", args=[body["id"]])).status_code
        == 200
    )
    response = _post(api, "api:lifecoaching-school-status-list", {**data, "date": "2999-01-01"})
    assert response.status_code == 400
    assert SchoolStatus.objects.count() == 1


def test_unknown_or_malformed_ids_are_404(api):
    for name in ("coach", "match", "session", "school-status"):
        assert api.get(reverse(f"api:lifecoaching-{name}-detail", args=["nope"])).status_code == 404


@pytest.mark.parametrize("n", [1, 50])
def test_api_lists_are_flat(api, worker, lc_team, django_assert_max_num_queries, n):
    coached(worker, lc_team, n)
    for name in ("coach", "match", "session", "school-status"):
        with django_assert_max_num_queries(20):
            response = api.get(reverse(f"api:lifecoaching-{name}-list"))
        assert response.status_code == 200
        assert len(response.json()["results"]) == (1 if name == "coach" else n)
