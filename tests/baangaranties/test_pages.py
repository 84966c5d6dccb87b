"""The pages through the Django test client: the week's work of the team, the file section
in its modes, the reference pages and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASEWORKER, PROGRAMME_OFFICE
from baangaranties import services
from baangaranties.models import (
    AssistanceRoute,
    Commitment,
    OfferedPlace,
    OpenHiringSignup,
    Placement,
)
from tests.baangaranties.conftest import make_enrolment
from tests.factories import enrol, make_user, record_consent
from tests.helpers import page_as, was_logged

pytestmark = pytest.mark.django_db


def test_home_lists_the_participants_and_logs_each(client, worker, enrolment, placement):
    page = page_as(client, worker, reverse("baangaranties:home"))
    assert "Sietske Hoekstra" in page and "Zorggroep Oostergo" in page
    assert was_logged(enrolment.participant_id, "baangaranties_overview", action="list")


def test_placement_form_places_and_refuses_a_full_commitment(
    client, worker, bg_team, enrolment, employer, commitment
):
    client.force_login(worker)
    url = reverse("baangaranties:placement_new", kwargs={"pk": enrolment.pk})
    assert client.get(url).status_code == 200
    data = {
        "employer": employer.pk,
        "kind": "job_guarantee",
        "route": "regular",
        "start_date": "2026-03-02",
        "contract_kind": "permanent",
        "hours_per_week": "32",
    }
    assert client.post(url, data).status_code == 302
    second = make_enrolment(worker, bg_team, given_name="Twee")
    client.post(reverse("baangaranties:placement_new", kwargs={"pk": second.pk}), data)
    third = make_enrolment(worker, bg_team, given_name="Drie")
    response = client.post(reverse("baangaranties:placement_new", kwargs={"pk": third.pk}), data)
    assert response.status_code == 400
    assert "De toezegging van Zorg &amp; Welzijn voor 2026 is vol" in response.content.decode()
    assert Placement.objects.count() == 2
    bad = client.post(url, {**data, "hours_per_week": "50"})
    assert bad.status_code == 400 and "tussen 0 en 40" in bad.content.decode()


def test_end_placement_page_and_stale_version(client, worker, placement):
    client.force_login(worker)
    url = reverse("baangaranties:placement_end", kwargs={"pk": placement.pk})
    stale = client.post(url, {"version": 99, "end_date": "2026-07-01", "end_reason": "moved"})
    assert stale.status_code == 400 and "Iemand anders" in stale.content.decode()
    early = client.post(url, {"version": 1, "end_date": "2026-01-01", "end_reason": "moved"})
    assert "voor de startdatum" in early.content.decode()
    assert (
        client.post(
            url, {"version": 1, "end_date": "2026-07-01", "end_reason": "moved"}
        ).status_code
        == 302
    )
    placement.refresh_from_db()
    assert placement.end_reason == "moved"


def test_due_checks_and_htmx_record(client, worker, placement):
    client.force_login(worker)
    page = client.get(reverse("baangaranties:checks")).content.decode()
    check = placement.checks.get(months=3)  # due 2 June 2026: overdue by now
    assert f"check-{check.pk}" in page and "te laat" in page
    response = client.post(
        reverse("baangaranties:check_record", kwargs={"pk": check.pk}),
        {"version": 1, "still_employed": "yes", "checked_on": "2026-06-03"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Vastgelegd: werkt er nog." in response.content.decode()
    check.refresh_from_db()
    assert check.still_employed is True
    future = client.post(
        reverse("baangaranties:check_record", kwargs={"pk": placement.checks.get(months=6).pk}),
        {"version": 1, "still_employed": "no", "checked_on": "2099-01-01"},
        HTTP_HX_REQUEST="true",
    )
    assert "toekomst" in future.content.decode()


def test_open_hiring_pages(client, worker, bg_team):
    client.force_login(worker)
    enrolments = [make_enrolment(worker, bg_team, given_name=f"Persoon{i}") for i in range(6)]
    for enrolment in enrolments:
        response = client.post(
            reverse("baangaranties:open_hiring_signup", kwargs={"pk": enrolment.pk})
        )
        assert response.status_code == 302
    client.post(reverse("baangaranties:open_hiring_offer"))
    statuses = list(
        OpenHiringSignup.objects.order_by("signed_up_at").values_list("status", flat=True)
    )
    assert statuses == ["offered"] * 5 + ["waiting"]
    page = client.get(reverse("baangaranties:open_hiring")).content.decode()
    assert "Persoon5" in page and "Alle 5 plekken zijn vergeven." in page
    again = client.post(reverse("baangaranties:open_hiring_offer"), follow=True)
    assert "Alle 5 Open Hiring-plekken zijn vergeven." in again.content.decode()


def test_young_people_without_a_route(client, worker, bg_team):
    client.force_login(worker)
    young = make_enrolment(worker, bg_team, given_name="Jelle", date_of_birth=dt.date(2004, 5, 1))
    older = make_enrolment(worker, bg_team, given_name="Oudere", date_of_birth=dt.date(1980, 5, 1))
    for enrolment in (young, older):
        services.record_social_assistance(
            actor=worker, enrolment=enrolment, on_assistance=True, date=dt.date(2026, 1, 5)
        )
    page = client.get(reverse("baangaranties:routes")).content.decode()
    assert "Jelle" in page and "Oudere" not in page
    response = client.post(
        reverse("baangaranties:route_new", kwargs={"pk": young.pk}),
        {
            "on_assistance_since": "2026-01-05",
            "route": "education",
            "target_date": "2026-09-01",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("baangaranties:routes")).content.decode()
    assert "0 jongeren in de bijstand zonder route." in page
    route = AssistanceRoute.objects.get()
    edit = client.post(
        reverse("baangaranties:route_edit", kwargs={"pk": route.pk}),
        {"version": 1, "route": "education", "target_date": "2025-01-01", "status": "in_progress"},
    )
    assert edit.status_code == 400 and "streefdatum" in edit.content.decode().lower()


def test_assistance_form(client, worker, enrolment):
    client.force_login(worker)
    url = reverse("baangaranties:assistance_new", kwargs={"pk": enrolment.pk})
    assert client.post(url, {"on_assistance": "yes", "date": "2026-01-05"}).status_code == 302


def test_chains_commitments_and_offers(client, lead, worker, chain, employer, commitment):
    client.force_login(lead)
    page = client.get(reverse("baangaranties:chains")).content.decode()
    assert "Zorg &amp; Welzijn" in page and "Zorggroep Oostergo" in page
    url = reverse("baangaranties:commitment_edit") + f"?chain={chain.pk}&year=2026"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "chain": chain.pk,
            "year": 2026,
            "version": 1,
            "job_guarantees": 50,
            "work_experience_places": 12,
            "internships": 20,
        },
    )
    assert response.status_code == 302
    assert Commitment.objects.get().job_guarantees == 50
    negative = client.post(
        reverse("baangaranties:commitment_edit"),
        {
            "chain": chain.pk,
            "year": 2027,
            "job_guarantees": -3,
            "work_experience_places": 0,
            "internships": 0,
        },
    )
    assert negative.status_code == 400 and "0 of meer" in negative.content.decode()
    client.force_login(worker)
    response = client.post(
        reverse("baangaranties:offered_place_new"),
        {
            "employer": employer.pk,
            "kind": "internship",
            "year": 2026,
            "places": 3,
            "opened_on": "2026-02-01",
        },
    )
    assert response.status_code == 302 and OfferedPlace.objects.count() == 1


def test_file_section_own_and_shared(
    client, worker, other_worker, other_team, enrolment, placement, bg_team
):
    client.force_login(worker)
    url = reverse("casework:participant_file", kwargs={"pk": enrolment.participant_id})
    page = client.get(url).content.decode()
    assert "Huidige plaatsing" in page and "Zorggroep Oostergo" in page
    assert reverse("baangaranties:placement_end", kwargs={"pk": placement.pk}) in page
    # The participant is also in another team's programme; with consent for sharing that
    # team sees this part read-only, without a link to change it.
    both = make_user(CASEWORKER, teams=[bg_team, other_team])
    enrol(both, enrolment.participant, "gezinslab", other_team, dt.date(2026, 1, 5), "consent")
    client.force_login(other_worker)
    page = client.get(url).content.decode()
    assert "Zorggroep Oostergo" not in page
    record_consent(worker, enrolment.participant, "sharing", "given", timezone.localdate())
    page = client.get(url).content.decode()
    assert "Zorggroep Oostergo" in page
    assert reverse("baangaranties:placement_end", kwargs={"pk": placement.pk}) not in page


def test_dashboard_is_exact_for_the_team_lead_and_the_office(
    client, lead, worker, enrolment, placement
):
    for user in (lead, make_user(PROGRAMME_OFFICE)):
        client.force_login(user)
        page = client.get(reverse("baangaranties:dashboard")).content.decode()
        assert "&lt;10" not in page and "Zorg &amp; Welzijn" in page
        assert "Exacte aantallen" in page
    assert "Sietske" not in page
    assert client.get(reverse("baangaranties:dashboard"), {"periode": "2025-K2"}).status_code == 200
    refused = client.get(reverse("baangaranties:dashboard"), {"periode": "2999"})
    assert refused.status_code == 400


def test_home_shows_availability_not_programme_wide_counts(client, worker, placement):
    client.force_login(worker)
    page = client.get(reverse("baangaranties:home")).content.decode()
    assert "Basisbanen: er zijn nog plaatsen vrij (van 15)." in page
    assert "Open Hiring: er zijn nog plekken vrij (van 5)." in page
    assert "bezet:" not in page.lower()
