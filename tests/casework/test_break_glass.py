"""Break-the-glass from the caseworker's side: find by exact BSN or client reference (POST
only), give a reason, read the file for a limited time with a banner and no edit actions,
every look logged with break_glass=True, and 404 again after expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import PEER_EXPERT
from casework import services
from casework.models import BreakGlassAccess
from casework.views import BREAK_GLASS_CANDIDATE
from privacy.models import AccessEvent
from tests.factories import log_progress, make_household, make_participant, make_user, valid_bsn
from tests.helpers import urls_of

pytestmark = pytest.mark.django_db

FIND = reverse("casework:break_glass_find")
CONFIRM = reverse("casework:break_glass_confirm")
REASON = "Crisismelding in het weekend, eigen casemanager niet bereikbaar"


@pytest.fixture
def outside(caseworker_b, team_b):
    """A participant of team B, outside caseworker A's caseload."""
    bsn = valid_bsn()
    participant = make_participant(
        caseworker_b, team_b, name="Wiebren Terpstra", bsn=bsn, client_ref="SV-99120"
    )
    enrolment = participant.enrolments.get()
    services.add_goal(actor=caseworker_b, enrolment=enrolment, text="Schulden op een rij")
    log_progress(caseworker_b, enrolment, dt.date(2025, 2, 1), "Gesprek over de regeling")
    make_household(caseworker_b, participant, name="Gezin Terpstra")
    return participant, bsn


def file_url(participant):
    return reverse("casework:participant_file", kwargs={"pk": participant.pk})


def open_glass(client, user, query, reason=REASON):
    client.force_login(user)
    found = client.post(FIND, {"q": query})
    assert found.status_code == 302 and found["Location"] == CONFIRM
    return client.post(CONFIRM, {"reason": reason})


def test_caseload_links_to_break_the_glass_for_caseworkers_and_leads(
    client, caseworker_a, lead_a, team_a
):
    for user in (caseworker_a, lead_a):
        client.force_login(user)
        html = client.get(reverse("casework:caseload")).content.decode()
        assert "Dossier buiten mijn caseload openen" in html
        assert FIND in html
    client.force_login(make_user(PEER_EXPERT, teams=[team_a]))
    html = client.get(reverse("casework:caseload")).content.decode()
    assert "Dossier buiten mijn caseload openen" not in html


def test_peer_experts_are_refused(client, team_a, outside):
    participant, bsn = outside
    client.force_login(make_user(PEER_EXPERT, teams=[team_a]))
    assert client.get(FIND).status_code == 403
    assert client.post(FIND, {"q": bsn}).status_code == 403
    assert client.post(CONFIRM, {"reason": REASON}).status_code == 403
    assert not BreakGlassAccess.objects.exists()


def test_the_whole_flow_by_bsn(client, caseworker_a, outside):
    participant, bsn = outside
    assert client.get(file_url(participant)).status_code in {302, 403}  # not logged in
    client.force_login(caseworker_a)
    assert client.get(file_url(participant)).status_code == 404

    found = client.post(FIND, {"q": bsn})
    assert found.status_code == 302
    assert found["Location"] == CONFIRM  # neither the number nor the id in the URL
    assert client.session[BREAK_GLASS_CANDIDATE] == str(participant.pk)
    lookup = AccessEvent.objects.get(what="search_outside_caseload")
    assert (lookup.subject_id, lookup.action) == (participant.pk, AccessEvent.Action.SEARCH)

    page = client.get(CONFIRM)
    html = page.content.decode()
    assert page.status_code == 200
    assert "24 uur" in html and "privacy officer" in html
    for secret in ("Wiebren", "Terpstra", bsn, "SV-99120"):
        assert secret not in html  # nothing of the file before the reason

    opened = client.post(CONFIRM, {"reason": REASON})
    assert opened.status_code == 302
    assert opened["Location"] == file_url(participant)
    assert BREAK_GLASS_CANDIDATE not in client.session
    access = BreakGlassAccess.objects.get()
    assert access.user == caseworker_a and access.participant_id == participant.pk
    assert access.reason != REASON  # sealed
    lasts = access.expires_at - access.opened_at
    assert dt.timedelta(hours=24) - dt.timedelta(seconds=5) < lasts <= dt.timedelta(hours=24)
    assert caseworker_a.has_perm("casework.break_glass", participant)
    grant = AccessEvent.objects.get(action=AccessEvent.Action.BREAK_GLASS)
    assert grant.break_glass and grant.purpose == "break_glass"

    response = client.get(file_url(participant))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Toegang buiten uw caseload tot" in html
    assert "reden vastgelegd, de privacy officer beoordeelt dit" in html
    local = timezone.localtime(access.expires_at)
    assert local.strftime("%H:%M") in html
    assert (
        "Wiebren" in html and "Schulden op een rij" in html and "Gesprek over de regeling" in html
    )


def test_find_by_client_reference(client, caseworker_a, outside):
    participant, _bsn = outside
    opened = open_glass(client, caseworker_a, "SV-99120")
    assert opened["Location"] == file_url(participant)


def test_file_opened_through_the_glass_has_no_edit_actions(client, caseworker_a, outside):
    participant, _bsn = outside
    open_glass(client, caseworker_a, "SV-99120")
    html = client.get(file_url(participant)).content.decode()
    enrolment = participant.enrolments.get()
    goal = enrolment.plan.goals.get()
    household = participant.household_memberships.get().household
    forbidden = [
        *urls_of(
            participant,
            "casework:participant_edit",
            "casework:enrol",
            "casework:household_new",
            "casework:consent_new",
        ),
        *urls_of(household, "casework:household"),
        *urls_of(goal, "casework:goal_edit"),
        *urls_of(
            enrolment,
            "casework:progress_new",
            "casework:measurement_new",
            "casework:plan_edit",
            "casework:goal_new",
            "casework:enrolment_end",
            "casework:assign",
            "casework:transfer_new",
        ),
    ]
    for url in forbidden:
        assert url not in html, url
    # And the pages themselves stay closed: the grant is for reading the file only.
    for url in forbidden:
        response = client.post(url) if "/voortgang/" in url else client.get(url)
        assert response.status_code in {403, 404}, url  # 403: a team lead's page


def test_every_view_during_the_grant_is_logged_as_break_glass(client, caseworker_a, outside):
    participant, _bsn = outside
    open_glass(client, caseworker_a, "SV-99120")
    for _ in range(3):
        response = client.get(file_url(participant))
        assert response.status_code == 200
    views = AccessEvent.objects.filter(what="participant_file", subject_id=participant.pk)
    assert views.count() == 3
    assert all(event.break_glass for event in views)
    assert {event.user_id for event in views} == {caseworker_a.pk}


def test_after_expiry_the_file_is_not_found_again(client, caseworker_a, outside):
    participant, _bsn = outside
    open_glass(client, caseworker_a, "SV-99120")
    assert client.get(file_url(participant)).status_code == 200
    BreakGlassAccess.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(file_url(participant)).status_code == 404


def test_own_caseload_goes_straight_to_the_file(client, caseworker_b, outside):
    participant, bsn = outside
    client.force_login(caseworker_b)
    response = client.post(FIND, {"q": bsn})
    assert response.status_code == 302 and response["Location"] == file_url(participant)
    assert not BreakGlassAccess.objects.exists()


def test_an_open_grant_goes_straight_to_the_file(client, caseworker_a, outside):
    participant, bsn = outside
    open_glass(client, caseworker_a, bsn)
    response = client.post(FIND, {"q": bsn})
    assert response["Location"] == file_url(participant)
    assert BreakGlassAccess.objects.count() == 1


def test_not_found_does_not_echo_the_number(client, caseworker_a, outside):
    client.force_login(caseworker_a)
    response = client.post(FIND, {"q": "NIEMAND-4242"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is geen deelnemer met dit BSN of cliëntnummer" in html
    assert "NIEMAND-4242" not in html
    assert BREAK_GLASS_CANDIDATE not in client.session


def test_names_do_not_find_anything(client, caseworker_a, outside):
    client.force_login(caseworker_a)
    response = client.post(FIND, {"q": "Terpstra"})
    assert "Er is geen deelnemer" in response.content.decode()


def test_a_get_never_searches(client, caseworker_a, outside):
    _participant, bsn = outside
    client.force_login(caseworker_a)
    response = client.get(FIND, {"q": bsn})
    assert response.status_code == 200
    assert bsn not in response.content.decode()
    assert not AccessEvent.objects.exclude(purpose="security").exists()


def test_empty_query_is_a_form_error(client, caseworker_a):
    client.force_login(caseworker_a)
    assert client.post(FIND, {"q": ""}).status_code == 400


def test_reason_is_required_and_at_least_ten_characters(client, caseworker_a, outside):
    participant, bsn = outside
    client.force_login(caseworker_a)
    client.post(FIND, {"q": bsn})
    for reason in ("", "te kort"):
        response = client.post(CONFIRM, {"reason": reason})
        assert response.status_code == 400
    assert not BreakGlassAccess.objects.exists()
    assert client.get(file_url(participant)).status_code == 404


def test_confirm_without_a_search_goes_back_to_the_search(client, caseworker_a, outside):
    client.force_login(caseworker_a)
    assert client.get(CONFIRM)["Location"] == FIND
    response = client.post(CONFIRM, {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == FIND
    assert not BreakGlassAccess.objects.exists()


def test_tampered_session_candidate_is_ignored(client, caseworker_a):
    client.force_login(caseworker_a)
    session = client.session
    session[BREAK_GLASS_CANDIDATE] = "not-a-uuid"
    session.save()
    assert client.post(CONFIRM, {"reason": REASON})["Location"] == FIND
    assert not BreakGlassAccess.objects.exists()
