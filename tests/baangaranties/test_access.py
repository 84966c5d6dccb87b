"""Every page and endpoint of the app for every role: allowed gives 200/302, the rest 403;
file roles of another team get 404 for this team's objects; refusals change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import ALL_ROLES, FILE_ROLES
from baangaranties import services
from baangaranties.models import AssistanceRoute, OpenHiringSignup, Placement, RetentionCheck
from casework.models import OutcomeValue
from tests.baangaranties.conftest import add_route, offer_places
from tests.baangaranties.matrix import MATRIX
from tests.factories import make_user

pytestmark = pytest.mark.django_db

POST_ONLY = {
    "baangaranties:open_hiring_offer",
    "baangaranties:open_hiring_signup",
    "baangaranties:open_hiring_withdraw",
}


@pytest.fixture
def objects(worker, enrolment, placement, chain, employer, commitment):
    signup = services.sign_up_open_hiring(actor=worker, enrolment=enrolment)
    route = add_route(worker, enrolment)
    check = placement.checks.get(months=3)
    return {
        "placement_new": enrolment.pk,
        "route_new": enrolment.pk,
        "assistance_new": enrolment.pk,
        "open_hiring_signup": enrolment.pk,
        "placement_end": placement.pk,
        "check_record": check.pk,
        "open_hiring_withdraw": signup.pk,
        "route_edit": route.pk,
        "baangaranties-chain-detail": chain.pk,
        "baangaranties-employer-detail": employer.pk,
        "baangaranties-commitment-detail": commitment.pk,
        "baangaranties-offered-place-detail": offer_places(worker, employer, "internship").pk,
        "baangaranties-placement-detail": placement.pk,
        "baangaranties-retention-check-detail": check.pk,
        "baangaranties-open-hiring-detail": signup.pk,
        "baangaranties-route-detail": route.pk,
    }


def url_for(name, objects):
    short = name.split(":")[-1]
    return reverse(name, kwargs={"pk": objects[short]} if short in objects else {})


def state():
    return (
        [(p.pk, p.version) for p in Placement.objects.all()],
        [(c.pk, c.version) for c in RetentionCheck.objects.all()],
        [(s.pk, s.version, s.status) for s in OpenHiringSignup.objects.all()],
        [(r.pk, r.version) for r in AssistanceRoute.objects.all()],
        OutcomeValue.objects.count(),
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_url_for_every_role(client, objects, role, bg_team):
    user = make_user(role, teams=[bg_team])
    client.force_login(user)
    for name, allowed in MATRIX.items():
        url = url_for(name, objects)
        before = state()
        response = client.post(url) if name in POST_ONLY else client.get(url)
        if role in allowed:
            assert response.status_code in {200, 302}, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)
            assert state() == before, name


@pytest.mark.parametrize("role", sorted(FILE_ROLES))
def test_other_team_gets_404(client, objects, role, other_team):
    user = make_user(role, teams=[other_team])
    client.force_login(user)
    before = state()
    for short, pk in objects.items():
        if short.startswith("baangaranties-") and short.split("-")[1] in {
            "chain",
            "employer",
            "commitment",
            "offered",
        }:
            continue  # reference data: the same for every team
        name = f"api:{short}" if short.startswith("baangaranties-") else f"baangaranties:{short}"
        url = reverse(name, kwargs={"pk": pk})
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code == 404, (name, role, response.status_code)
        if short.startswith("baangaranties-"):
            response = client.patch(url, {"version": 1}, content_type="application/json")
            assert response.status_code in {404, 405}, (name, response.status_code)
        elif name not in POST_ONLY:
            assert client.post(url, {"version": 1}).status_code == 404, name
    assert state() == before


def test_other_team_sees_none_of_it_in_lists(client, objects, other_worker):
    client.force_login(other_worker)
    for name in (
        "api:baangaranties-placement-list",
        "api:baangaranties-retention-check-list",
        "api:baangaranties-open-hiring-list",
        "api:baangaranties-route-list",
    ):
        assert client.get(reverse(name)).json()["results"] == [], name
    page = client.get(reverse("baangaranties:home")).content.decode()
    assert "Sietske" not in page
