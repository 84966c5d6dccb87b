"""Every lifecoaching page and API endpoint for every role: allowed roles get 200/302, the
others 403; a file-role user of another team gets 404 for this team's objects; refusals
change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import ALL_ROLES, CASEWORKER, PEER_EXPERT, TEAM_LEAD
from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus
from tests.factories import make_user
from tests.lifecoaching.conftest import TODAY, log_session, school_status
from tests.lifecoaching.matrix import MATRIX

pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def objects(worker, enrolment, the_coach, match):
    session = log_session(worker, match, note="N")
    status = school_status(worker, enrolment, "havo", advice="havo")
    return {
        "enrolment": enrolment,
        "coach": the_coach,
        "match": match,
        "session": session,
        "status": status,
    }


def _state():
    return (
        Coach.objects.count(),
        list(Coach.objects.values_list("version", flat=True)),
        CoachMatch.objects.count(),
        list(CoachMatch.objects.values_list("version", flat=True)),
        CoachSession.objects.count(),
        SchoolStatus.objects.count(),
    )


def _requests(objects):
    """(url name, method, url, data) for every URL of the app."""
    e, c, m = objects["enrolment"].pk, objects["coach"].pk, objects["match"].pk
    day = TODAY.isoformat()
    return [
        ("lifecoaching:home", "get", reverse("lifecoaching:home"), None),
        ("lifecoaching:coaches", "get", reverse("lifecoaching:coaches"), None),
        ("lifecoaching:coach_new", "get", reverse("lifecoaching:coach_new"), None),
        ("lifecoaching:coach_edit", "get", reverse("lifecoaching:coach_edit", args=[c]), None),
        ("lifecoaching:young_person", "get", reverse("lifecoaching:young_person", args=[e]), None),
        ("lifecoaching:match_new", "get", reverse("lifecoaching:match_new", args=[e]), None),
        (
            "lifecoaching:school_status_new",
            "get",
            reverse("lifecoaching:school_status_new", args=[e]),
            None,
        ),
        (
            "lifecoaching:session_new",
            "post",
            reverse("lifecoaching:session_new", args=[e]),
            {"date": day, "duration_minutes": "30", "kind": "activity", "note": ""},
        ),
        (
            "lifecoaching:session_edit",
            "get",
            reverse("lifecoaching:session_edit", args=[objects["session"].pk]),
            None,
        ),
        (
            "lifecoaching:school_status_edit",
            "get",
            reverse("lifecoaching:school_status_edit", args=[objects["status"].pk]),
            None,
        ),
        (
            "lifecoaching:match_end",
            "post",
            reverse("lifecoaching:match_end", args=[m]),
            {"version": "1", "end_date": day},
        ),
        ("lifecoaching:counters", "get", reverse("lifecoaching:counters"), None),
        *[
            (f"api:lifecoaching-{name}-list", "get", reverse(f"api:lifecoaching-{name}-list"), None)
            for name in ("coach", "match", "session", "school-status")
        ],
        *[
            (
                f"api:lifecoaching-{name}-detail",
                "get",
                reverse(f"api:lifecoaching-{name}-detail", args=[objects[key].pk]),
                None,
            )
            for name, key in (
                ("coach", "coach"),
                ("match", "match"),
                ("session", "session"),
                ("school-status", "status"),
            )
        ],
    ]


def test_every_url_of_the_app_is_exercised(objects):
    assert {name for name, *_ in _requests(objects)} == set(MATRIX)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_roles_get_what_the_matrix_gives(client, objects, role, lc_team):
    user = make_user(role, teams=[lc_team])
    client.force_login(user)
    for name, method, url, data in _requests(objects):
        before = _state()
        response = getattr(client, method)(url, data or {})
        if role in MATRIX[name]:
            assert response.status_code in {200, 302}, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)
            assert _state() == before, (name, role)


@pytest.mark.parametrize("role", [CASEWORKER, PEER_EXPERT, TEAM_LEAD])
def test_another_team_gets_404_for_this_teams_objects(client, objects, role, other_team):
    outsider = make_user(role, teams=[other_team])
    client.force_login(outsider)
    before = _state()
    for name, method, url, data in _requests(objects):
        if role not in MATRIX[name]:
            continue
        response = getattr(client, method)(url, data or {})
        if name.endswith("-list"):
            assert response.status_code == 200
            assert response.json()["results"] == [], name
        elif name in {
            "lifecoaching:home",
            "lifecoaching:coaches",
            "lifecoaching:coach_new",
            "lifecoaching:counters",
        }:
            assert response.status_code == 200, (name, response.status_code)
        else:
            assert response.status_code == 404, (name, role, response.status_code)
    assert _state() == before
    html = client.get(reverse("lifecoaching:home")).content.decode()
    assert "Jelle" not in html
    html = client.get(reverse("lifecoaching:coaches")).content.decode()
    assert "Sytske" not in html


def test_api_writes_of_another_team_are_404(client, objects, other_worker):
    client.force_login(other_worker)
    before = _state()
    e, c, m = objects["enrolment"].pk, objects["coach"].pk, objects["match"].pk
    day = TODAY.isoformat()
    attempts = [
        ("api:lifecoaching-match-list", {"enrolment": str(e), "coach": str(c), "start_date": day}),
        (
            "api:lifecoaching-session-list",
            {"match": str(m), "date": day, "duration_minutes": 30, "kind": "activity"},
        ),
        ("api:lifecoaching-school-status-list", {"enrolment": str(e), "date": day, "level": "vwo"}),
    ]
    for name, data in attempts:
        response = client.post(reverse(name), data, content_type="application/json")
        assert response.status_code == 404, (name, response.status_code)
    for name, pk, data in (
        ("api:lifecoaching-coach-detail", c, {"version": 1, "name": "X", "kind": "volunteer"}),
        ("api:lifecoaching-match-detail", m, {"version": 1, "end_date": day}),
    ):
        response = client.patch(reverse(name, args=[pk]), data, content_type="application/json")
        assert response.status_code == 404, (name, response.status_code)
    assert _state() == before
