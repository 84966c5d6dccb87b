"""The pages of Gezinslab and Buurtgezinnen through the Django test client: a week's work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gezinslab.models import Barrier, Breakthrough, FamilyGoal, FamilyTrajectory, SupportMatch
from tests.gezinslab.conftest import organisation
from tests.helpers import refused_page

pytestmark = pytest.mark.django_db


def test_start_a_trajectory_from_the_overview(client, caseworker_a, peer_a, household_a):
    client.force_login(caseworker_a)
    html = client.get(reverse("gezinslab:trajectories")).content.decode()
    url = reverse("gezinslab:trajectory_new", kwargs={"pk": household_a.pk})
    assert url in html and "Bosma" in html
    form = client.get(url)
    assert form.status_code == 200 and "Voor Bosma, met team" in form.content.decode()
    response = client.post(
        url,
        {
            "professional": caseworker_a.pk,
            "peer_expert": peer_a.pk,
            "finding_place": "school",
            "start_date": "2025-01-10",
            "life_domains": ["financien", "huisvesting"],
            "plan_summary": "Rust in de post",
        },
    )
    trajectory = FamilyTrajectory.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("gezinslab:trajectory", kwargs={"pk": trajectory.pk})
    page = client.get(response.url).content.decode()
    assert "Rust in de post" in page and "Huisvesting" in page


def test_bad_trajectory_input_is_shown_in_dutch(client, caseworker_a, peer_a, household_a):
    client.force_login(caseworker_a)
    url = reverse("gezinslab:trajectory_new", kwargs={"pk": household_a.pk})
    data = {
        "professional": caseworker_a.pk,
        "peer_expert": peer_a.pk,
        "finding_place": "school",
        "start_date": "2999-01-10",
    }
    assert "De datum ligt in de toekomst." in refused_page(client, url, data)
    assert not FamilyTrajectory.objects.exists()


def test_goal_with_htmx_and_goal_edit(client, caseworker_a, trajectory_a):
    client.force_login(caseworker_a)
    url = reverse("gezinslab:goal_new", kwargs={"pk": trajectory_a.pk})
    response = client.post(
        url, {"text": "Samen de post", "life_domain": "financien"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Samen de post" in response.content.decode()
    assert "<html" not in response.content.decode()
    goal = FamilyGoal.objects.get()
    empty = client.post(url, {"text": ""}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 400 and FamilyGoal.objects.count() == 1
    edit = reverse("gezinslab:goal_edit", kwargs={"pk": goal.pk})
    assert "Samen de post" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {"text": "Samen de post", "life_domain": "financien", "status": "achieved", "version": 1},
    )
    assert response.status_code == 302
    stale = {"text": "Anders", "life_domain": "", "status": "open", "version": 1}
    assert "Iemand anders heeft dit intussen gewijzigd" in refused_page(client, edit, stale)
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_barrier_and_breakthrough_forms(client, peer_a, trajectory_a):
    client.force_login(peer_a)
    response = client.post(
        reverse("gezinslab:barrier_new", kwargs={"pk": trajectory_a.pk}),
        {
            "organisation": organisation("toeslagen").pk,
            "kind": "benefit",
            "description": "Terugvordering kinderopvangtoeslag",
            "since": "2025-02-01",
            "escalated_to": "Maatwerkloket",
            "escalated_on": "2025-02-15",
        },
    )
    assert response.status_code == 302
    barrier = Barrier.objects.get()
    url = reverse("gezinslab:breakthrough_new", kwargs={"pk": barrier.pk})
    assert "Belastingdienst/Toeslagen" in client.get(url).content.decode()
    early = {"how": "Afspraak", "date": "2025-01-01", "version": 1}
    page = refused_page(client, url, early)
    assert "De doorbraak ligt voor de datum waarop het knelpunt speelt." in page
    response = client.post(
        url,
        {
            "how": "Afspraak bij het maatwerkloket",
            "date": "2025-04-01",
            "needs_system_change": "on",
            "system_change": "Voorschieten op actueel inkomen",
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert Breakthrough.objects.get().needs_system_change
    page = client.get(
        reverse("gezinslab:trajectory", kwargs={"pk": trajectory_a.pk})
    ).content.decode()
    assert "Afspraak bij het maatwerkloket" in page and "Doorbroken" in page
    edit = client.get(reverse("gezinslab:barrier_edit", kwargs={"pk": barrier.pk}))
    assert "Terugvordering kinderopvangtoeslag" in edit.content.decode()


def test_trajectory_edit_page(client, caseworker_a, peer_a, trajectory_a):
    client.force_login(caseworker_a)
    url = reverse("gezinslab:trajectory_edit", kwargs={"pk": trajectory_a.pk})
    assert "Rust in de post" in client.get(url).content.decode()
    ended_before_start = {
        "professional": caseworker_a.pk,
        "peer_expert": peer_a.pk,
        "finding_place": "gp",
        "start_date": "2025-01-06",
        "end_date": "2025-01-01",
        "status": "completed",
        "plan_summary": "Klaar",
        "version": 1,
    }
    page = refused_page(client, url, ended_before_start)
    assert "De einddatum ligt voor de startdatum." in page


def test_support_family_and_match_pages(client, caseworker_a, asking_household):
    client.force_login(caseworker_a)
    response = client.post(
        reverse("gezinslab:support_family_new"),
        {
            "name": "Familie Kooistra",
            "contact": "06-1",
            "wijk": "bilgaard",
            "max_families": 1,
            "active": "on",
            "team": "gla",
        },
    )
    assert response.status_code == 302, response.content.decode()
    html = client.get(reverse("gezinslab:support_families")).content.decode()
    assert "Familie Kooistra" in html
    from gezinslab.models import SupportFamily

    family = SupportFamily.objects.get()
    match_url = reverse("gezinslab:match_new")
    assert "Vraag" in client.get(match_url).content.decode()
    response = client.post(
        match_url,
        {
            "support_family": family.pk,
            "household": asking_household.pk,
            "start_date": "2025-03-01",
            "rhythm": "weekly",
        },
    )
    assert response.status_code == 302
    match = SupportMatch.objects.get()
    html = client.get(reverse("gezinslab:matches")).content.decode()
    assert "Familie Kooistra" in html and "1 van 20 koppels actief" in html
    edit = reverse("gezinslab:match_edit", kwargs={"pk": match.pk})
    ended_before_start = {
        "start_date": "2025-03-01",
        "rhythm": "weekly",
        "end_date": "2025-02-01",
        "version": 1,
    }
    assert "De einddatum ligt voor de startdatum." in refused_page(client, edit, ended_before_start)
    done = client.post(
        edit,
        {
            "start_date": "2025-03-01",
            "rhythm": "weekly",
            "end_date": "2025-09-01",
            "outcome": "good",
            "evaluation": "Vaste maatjes geworden",
            "version": 1,
        },
    )
    assert done.status_code == 302
    assert "Vaste maatjes geworden" in client.get(reverse("gezinslab:matches")).content.decode()
    family_edit = reverse("gezinslab:support_family_edit", kwargs={"pk": family.pk})
    assert "Familie Kooistra" in client.get(family_edit).content.decode()
    assert dt.date(2025, 9, 1) == SupportMatch.objects.get().end_date


def test_menu_shows_the_programme_links(
    client, caseworker_a, lead_a, trajectory_a, asking_household
):
    client.force_login(lead_a)
    html = client.get(reverse("gezinslab:trajectories")).content.decode()
    for url_name in ("gezinslab:trajectories", "gezinslab:matches", "gezinslab:dashboard"):
        assert reverse(url_name) in html
