"""The API: list, detail, create, stale version 409, other team 404, the same refusals as
the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import PROGRAMME_OFFICE
from baangaranties.models import OpenHiringSignup, Placement
from privacy.models import AccessEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_reference_lists_for_the_programme_office(client, chain, employer, commitment):
    client.force_login(make_user(PROGRAMME_OFFICE))
    chains = client.get(reverse("api:baangaranties-chain-list")).json()["results"]
    assert [c["name"] for c in chains] == ["Zorg & Welzijn"]
    employers = client.get(reverse("api:baangaranties-employer-list")).json()["results"]
    assert employers[0]["chain"] == chain.pk
    detail = client.get(
        reverse("api:baangaranties-commitment-detail", kwargs={"pk": commitment.pk})
    )
    assert detail.json()["job_guarantees"] == 2
    # Reading is allowed, entering a commitment is not.
    response = client.post(
        reverse("api:baangaranties-commitment-list"),
        {
            "chain": chain.pk,
            "year": 2027,
            "job_guarantees": 1,
            "work_experience_places": 0,
            "internships": 0,
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.get(reverse("api:baangaranties-placement-list")).status_code == 403


def test_commitment_create_and_stale_version(client, lead, chain, commitment):
    client.force_login(lead)
    url = reverse("api:baangaranties-commitment-list")
    body = {
        "chain": chain.pk,
        "year": 2026,
        "job_guarantees": 5,
        "work_experience_places": 1,
        "internships": 1,
    }
    assert (
        client.post(url, {**body, "version": 1}, content_type="application/json").status_code == 201
    )
    stale = client.post(url, {**body, "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale["Content-Type"].startswith("application/problem+json")
    negative = client.post(
        url, {**body, "year": 2027, "internships": -1}, content_type="application/json"
    )
    assert negative.status_code == 400 and "internships" in negative.json()["errors"]


def test_placement_create_list_detail_end(client, worker, enrolment, employer, commitment):
    client.force_login(worker)
    url = reverse("api:baangaranties-placement-list")
    body = {
        "enrolment": str(enrolment.pk),
        "employer": employer.pk,
        "kind": "job_guarantee",
        "route": "regular",
        "start_date": "2026-03-02",
        "contract_kind": "fixed_term",
        "hours_per_week": "24.0",
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert [c["months"] for c in data["checks"]] == [3, 6, 12]
    listed = client.get(url).json()["results"]
    assert [p["id"] for p in listed] == [data["id"]]
    assert AccessEvent.objects.filter(what="baangaranties_api_placements").count() == 1
    detail_url = reverse("api:baangaranties-placement-detail", kwargs={"pk": data["id"]})
    assert client.get(detail_url).json()["employer"] == employer.pk
    bad = client.post(url, {**body, "hours_per_week": "0.0"}, content_type="application/json")
    assert bad.status_code == 400
    end = {"version": 1, "end_date": "2026-07-01", "end_reason": "other_work"}
    assert client.patch(detail_url, end, content_type="application/json").status_code == 200
    assert client.patch(detail_url, end, content_type="application/json").status_code == 409
    assert Placement.objects.get().end_reason == "other_work"


def test_full_commitment_is_a_400_with_the_dutch_message(
    client, worker, bg_team, employer, commitment
):
    from tests.baangaranties.conftest import make_enrolment, place

    for name in ("Een", "Twee"):
        place(worker, make_enrolment(worker, bg_team, given_name=name), employer)
    third = make_enrolment(worker, bg_team, given_name="Drie")
    client.force_login(worker)
    response = client.post(
        reverse("api:baangaranties-placement-list"),
        {
            "enrolment": str(third.pk),
            "employer": employer.pk,
            "kind": "job_guarantee",
            "route": "regular",
            "start_date": "2026-04-01",
            "contract_kind": "fixed_term",
            "hours_per_week": "24",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "is vol" in str(response.json()["errors"]["employer"])


def test_checks_signups_routes(client, worker, enrolment, placement, other_worker):
    client.force_login(worker)
    checks = client.get(reverse("api:baangaranties-retention-check-list") + "?due=1").json()[
        "results"
    ]
    assert {c["months"] for c in checks} == {3, 6}
    url = reverse("api:baangaranties-retention-check-detail", kwargs={"pk": checks[0]["id"]})
    body = {"version": 1, "still_employed": True, "checked_on": "2026-09-03"}
    assert client.patch(url, body, content_type="application/json").status_code == 200
    assert client.patch(url, body, content_type="application/json").status_code == 409
    signup = client.post(
        reverse("api:baangaranties-open-hiring-list"),
        {"enrolment": str(enrolment.pk)},
        content_type="application/json",
    )
    assert signup.status_code == 201 and signup.json()["status"] == "waiting"
    route = client.post(
        reverse("api:baangaranties-route-list"),
        {"enrolment": str(enrolment.pk), "on_assistance_since": "2026-01-05", "route": "education"},
        content_type="application/json",
    )
    assert route.status_code == 201
    route_url = reverse("api:baangaranties-route-detail", kwargs={"pk": route.json()["id"]})
    change = {
        "version": 1,
        "route": "education",
        "status": "off_assistance",
        "status_date": "2026-06-01",
    }
    assert client.patch(route_url, change, content_type="application/json").status_code == 200
    assert client.patch(route_url, change, content_type="application/json").status_code == 409
    # Another team: not found, and nothing of it in their lists.
    client.force_login(other_worker)
    assert client.get(url).status_code == 404
    assert client.get(route_url).status_code == 404
    signup_url = reverse("api:baangaranties-open-hiring-detail", kwargs={"pk": signup.json()["id"]})
    assert client.get(signup_url).status_code == 404
    other = client.post(
        reverse("api:baangaranties-open-hiring-list"),
        {"enrolment": str(enrolment.pk)},
        content_type="application/json",
    )
    assert other.status_code == 404
    assert OpenHiringSignup.objects.count() == 1
