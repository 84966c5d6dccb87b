"""The lifecoaching pages through the Django test client: what a worker sees and does, what
is logged, refusals in Dutch with nothing changed, and flat query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from casework.models import OutcomeValue
from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus
from privacy.models import AccessEvent
from tests.helpers import page_as, refused_page, was_logged
from tests.lifecoaching.conftest import (
    START,
    TODAY,
    coach,
    log_session,
    match_to,
    school_status,
    young,
)
from tests.paging import assert_flat, assert_paged, last_event, logged

pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def logged_in(client, worker):
    client.force_login(worker)
    return client


def test_home_lists_young_people_with_coach_and_logs(logged_in, enrolment, match, the_coach):
    response = logged_in.get(reverse("lifecoaching:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jelle Bakker" in html and "Sytske de Boer" in html
    assert was_logged(enrolment.participant_id, "lifecoaching_young_people", action="list")


def test_nav_shows_lifecoaching_for_the_team(logged_in, enrolment):
    html = logged_in.get(reverse("lifecoaching:home")).content.decode()
    assert reverse("lifecoaching:home") in html
    assert reverse("lifecoaching:counters") not in html  # caseworkers see no counters


def test_coaches_page_lists_vog_expiring(logged_in, worker, lc_team):
    coach(worker, lc_team, name="Wybren Hoekstra", vog_expiry=TODAY + dt.timedelta(days=30))
    coach(
        worker,
        lc_team,
        name="Gerrit Zwart",
        vog_date=TODAY - dt.timedelta(days=1100),
        vog_expiry=TODAY - dt.timedelta(days=3),
    )
    coach(worker, lc_team, name="Aukje Visser")
    response = logged_in.get(reverse("lifecoaching:coaches"))
    html = response.content.decode()
    expiring = html.split('id="vog-expiring"')[1].split("</table>")[0]
    assert "Wybren Hoekstra" in expiring and "Gerrit Zwart" in expiring
    assert "Aukje Visser" not in expiring
    assert AccessEvent.objects.filter(subject_type="coach", action="list").count() == 3


def _new_coach(team, vog_date: dt.date, vog_expiry: dt.date, **fields) -> dict:
    """The new-coach form for ``team``: a volunteer with room for two and a VOG of
    ``vog_date`` that expires on ``vog_expiry``, with ``fields``."""
    vog = {"vog_date": vog_date.isoformat(), "vog_expiry": vog_expiry.isoformat()}
    return {"team": team.code, "kind": "volunteer", "capacity": "2", **vog, **fields}


def test_coach_new_and_edit(logged_in, lc_team):
    form = _new_coach(
        lc_team,
        TODAY - dt.timedelta(days=10),
        TODAY + dt.timedelta(days=700),
        name="Hessel Kuipers",
        interests=["technology", "games"],
        active="on",
    )
    response = logged_in.post(reverse("lifecoaching:coach_new"), form)
    assert response.status_code == 302
    c = Coach.objects.get()
    assert c.interests == ["technology", "games"]
    url = reverse("lifecoaching:coach_edit", kwargs={"pk": c.pk})
    assert "Hessel Kuipers" in logged_in.get(url).content.decode()
    data = {
        "name": "Hessel Kuipers",
        "kind": "professional",
        "vog_date": c.vog_date.isoformat(),
        "vog_expiry": c.vog_expiry.isoformat(),
        "capacity": "3",
        "active": "on",
        "version": "1",
    }
    assert logged_in.post(url, data).status_code == 302
    # A second save with the version read before is refused and changes nothing.
    assert "Iemand anders heeft dit intussen gewijzigd" in refused_page(
        logged_in, url, {**data, "capacity": "5"}
    )
    c.refresh_from_db()
    assert c.capacity == 3 and c.kind == "professional"


def test_coach_new_refuses_bad_vog_in_dutch(logged_in, lc_team):
    expired_before_issued = _new_coach(lc_team, TODAY, TODAY - dt.timedelta(days=1), name="X")
    page = refused_page(logged_in, reverse("lifecoaching:coach_new"), expired_before_issued)
    assert "Het VOG kan niet verlopen voor de datum van afgifte" in page
    assert Coach.objects.count() == 0


def test_match_new_suggests_by_interest_and_free_capacity(logged_in, worker, lc_team, enrolment):
    sport = coach(worker, lc_team, name="Sport Coach", interests=["sport"])
    coach(worker, lc_team, name="Muziek Coach", interests=["music"])
    full = coach(worker, lc_team, name="Volle Coach", interests=["sport"], capacity=1)
    match_to(worker, young(worker, lc_team, given_name="B"), full)
    coach(
        worker,
        lc_team,
        name="Verlopen Coach",
        interests=["sport"],
        vog_date=TODAY - dt.timedelta(days=1100),
        vog_expiry=TODAY - dt.timedelta(days=1),
    )
    url = reverse("lifecoaching:match_new", kwargs={"pk": enrolment.pk})
    html = logged_in.get(url, {"interests": ["sport"]}).content.decode()
    assert "Sport Coach" in html
    assert "Muziek Coach" not in html and "Volle Coach" not in html
    assert "Verlopen Coach" not in html
    response = logged_in.post(
        url,
        {
            "interests": ["sport"],
            "coach": str(sport.pk),
            "start_date": TODAY.isoformat(),
            "chosen_by_young_person": "on",
        },
    )
    assert response.status_code == 302
    made = CoachMatch.objects.get(enrolment=enrolment)
    assert made.coach == sport and made.chosen_by_young_person
    assert made.interests_asked == ["sport"] and made.suggested_coaches == [str(sport.pk)]


def test_young_person_page_shows_sessions_and_school(logged_in, worker, enrolment, match):
    log_session(worker, match, note="Koken")
    school_status(worker, enrolment, "vmbo-k", school_name="Piter Jelles", advice="vmbo-gt")
    response = logged_in.get(reverse("lifecoaching:young_person", kwargs={"pk": enrolment.pk}))
    html = response.content.decode()
    assert "Koken" in html and "Piter Jelles" in html and "nee, onder advies" in html
    assert was_logged(enrolment.participant_id, "lifecoaching_young_person")


def test_session_new_with_htmx_and_bad_input(logged_in, enrolment, match):
    url = reverse("lifecoaching:session_new", kwargs={"pk": enrolment.pk})
    data = {
        "date": TODAY.isoformat(),
        "duration_minutes": "45",
        "kind": "one_on_one",
        "note": "Fijn",
    }
    response = logged_in.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Het gesprek is vastgelegd" in response.content.decode()
    assert CoachSession.objects.count() == 1
    bad = {**data, "date": (START - dt.timedelta(days=1)).isoformat()}
    response = logged_in.post(url, bad, HTTP_HX_REQUEST="true")
    assert "voor de start van de koppeling" in response.content.decode()
    response = logged_in.post(url, bad)
    assert response.status_code == 400
    assert CoachSession.objects.count() == 1


def test_session_without_coach_is_refused(logged_in, enrolment):
    url = reverse("lifecoaching:session_new", kwargs={"pk": enrolment.pk})
    assert "nog geen coach" in refused_page(
        logged_in, url, {"date": TODAY.isoformat(), "duration_minutes": "45", "kind": "one_on_one"}
    )


def test_match_end_page(logged_in, match):
    url = reverse("lifecoaching:match_end", kwargs={"pk": match.pk})
    response = logged_in.post(url, {"version": "1", "end_date": TODAY.isoformat()})
    assert response.status_code == 302
    response = logged_in.post(url, {"version": "1", "end_date": TODAY.isoformat()})
    assert response.status_code == 400
    match.refresh_from_db()
    assert match.version == 2


def test_school_status_new_page(logged_in, enrolment):
    url = reverse("lifecoaching:school_status_new", kwargs={"pk": enrolment.pk})
    assert logged_in.get(url).status_code == 200
    response = logged_in.post(
        url,
        {
            "date": TODAY.isoformat(),
            "school_name": "Comenius College",
            "level": "havo",
            "advice": "havo",
            "dropout_risk": "none",
        },
    )
    assert response.status_code == 302
    assert SchoolStatus.objects.count() == 1
    assert OutcomeValue.objects.filter(measure__code="lifecoaching_at_advised_level").exists()
    assert "Zonder school hoort er geen schoolnaam bij" in refused_page(
        logged_in,
        url,
        {"date": TODAY.isoformat(), "level": "geen", "school_name": "X", "dropout_risk": "none"},
    )
    assert SchoolStatus.objects.count() == 1


def test_counters_page_for_lead_is_exact_with_a_period(client, lead, worker, enrolment, match):
    html = page_as(client, lead, reverse("lifecoaching:counters"))
    assert "&lt;10" not in html and "Exacte aantallen" in html
    assert "Jelle" not in html
    assert client.get(reverse("lifecoaching:counters"), {"periode": "2025"}).status_code == 200
    refused = client.get(reverse("lifecoaching:counters"), {"periode": "2025-13"})
    assert refused.status_code == 400 and "01 tot en met 12" in refused.content.decode()


def _many(worker, lc_team, n):
    coaches = [coach(worker, lc_team, name=f"Coach {i}", capacity=10) for i in range(n // 10 + 1)]
    for i in range(n):
        e = young(worker, lc_team, given_name=f"Jongere{i}")
        m = match_to(worker, e, coaches[i // 10])
        log_session(worker, m)
        school_status(worker, e, "havo", school_name="S", advice="havo")


@pytest.mark.parametrize("n", [1, 50])
def test_list_pages_query_counts_are_flat(
    client, worker, lead, lc_team, django_assert_max_num_queries, n
):
    _many(worker, lc_team, n)
    client.force_login(worker)
    cache.clear()  # the header's work count is kept per user
    with django_assert_max_num_queries(30):
        assert client.get(reverse("lifecoaching:home")).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(30):
        assert client.get(reverse("lifecoaching:coaches")).status_code == 200
    client.force_login(lead)
    cache.clear()
    with django_assert_max_num_queries(25):
        assert client.get(reverse("lifecoaching:counters")).status_code == 200


def test_home_is_paged_by_50_and_logs_only_the_page(client, worker, lc_team):
    for i in range(51):
        young(worker, lc_team, given_name=f"Jongere{i:02d}", family_name="Test")
    client.force_login(worker)
    url = reverse("lifecoaching:home")
    before = AccessEvent.objects.filter(what="lifecoaching_young_people").count()
    first = client.get(url).content.decode()
    assert len(re.findall(r"Jongere\d\d Test</a></th>", first)) == 50
    assert "Jongere00 Test" in first and "Jongere50" not in first
    assert "Pagina 1 van 2" in first
    assert AccessEvent.objects.filter(what="lifecoaching_young_people").count() == before + 50
    second = client.get(url, {"pagina": 2}).content.decode()
    assert "Jongere50 Test" in second and "Jongere00" not in second


def test_coaches_are_paged_active_first_by_name_and_only_the_page_is_logged(
    client, worker, lc_team
):
    made = {}
    for i in reversed(range(52)):  # made in the reverse of the order by name
        made[f"Coach{i:02d}"] = coach(worker, lc_team, name=f"Coach{i:02d}").pk
    made["Stopper"] = coach(worker, lc_team, name="Stopper", active=False).pk  # inactive: last
    names = [*sorted(n for n in made if n != "Stopper"), "Stopper"]
    client.force_login(worker)
    url = reverse("lifecoaching:coaches")
    assert_paged(client, url, r'<th scope="row">(\w+)<br>', names)
    for number, shown in ((1, names[:50]), (2, names[50:])):
        since = last_event()
        assert client.get(url, {"pagina": number}).status_code == 200
        assert sorted(logged("lifecoaching_coaches", since)) == sorted(made[n] for n in shown)


def test_coaches_page_costs_the_same_for_1_50_and_120_coaches(client, worker, lc_team):
    made = []

    def grow(n: int) -> None:
        """The first coach's VOG is about to expire (in the list above the table from the
        start), then one of every twenty (more to decrypt and log there as the list grows)."""
        while len(made) < n:
            soon = len(made) % 20 == 0
            expiry = TODAY + dt.timedelta(days=5 if soon else 700)
            made.append(coach(worker, lc_team, name=f"Coach{len(made)}", vog_expiry=expiry))

    client.force_login(worker)
    assert_flat(client, reverse("lifecoaching:coaches"), grow)


def test_match_new_says_when_there_is_a_coach_already(logged_in, enrolment, match):
    url = reverse("lifecoaching:match_new", kwargs={"pk": enrolment.pk})
    html = logged_in.get(url).content.decode()
    assert "Deze jongere heeft al een coach" in html
    assert 'id="match-form"' not in html
