"""Consent per purpose in the participant's file: what is in force today, the history, the
form, withdrawal at once, and the selector that exports and reports will use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import PEER_EXPERT
from casework import selectors
from casework.models import Participant
from privacy.models import Consent, Purpose
from privacy.selectors import has_consent, subjects_with_consent
from tests.factories import make_participant, make_user, record_consent

pytestmark = pytest.mark.django_db

GIVEN, REFUSED, WITHDRAWN = (
    Consent.Status.GIVEN,
    Consent.Status.REFUSED,
    Consent.Status.WITHDRAWN,
)


def record(actor, participant, status, day, purpose=Purpose.RESEARCH, version="2026-01"):
    return record_consent(actor, participant, purpose, status, day, text_version=version)


@pytest.fixture
def participant(caseworker_a, team_a):
    return make_participant(actor=caseworker_a, team=team_a)


def test_withdrawal_takes_effect_at_once(caseworker_a, participant):
    today = timezone.localdate()
    record(caseworker_a, participant, GIVEN, today - dt.timedelta(days=30))
    assert has_consent(participant.pk, Purpose.RESEARCH)
    assert participant.pk in set(
        subjects_with_consent(Purpose.RESEARCH).values_list("subject_id", flat=True)
    )
    assert list(selectors.participants_with_consent(Purpose.RESEARCH)) == [participant]

    record(caseworker_a, participant, WITHDRAWN, today)

    assert not has_consent(participant.pk, Purpose.RESEARCH)
    assert not subjects_with_consent(Purpose.RESEARCH).exists()
    assert not selectors.participants_with_consent(Purpose.RESEARCH).exists()
    # Yesterday it was still in force: the history is kept, not rewritten.
    yesterday = today - dt.timedelta(days=1)
    assert has_consent(participant.pk, Purpose.RESEARCH, yesterday)
    assert selectors.participants_with_consent(Purpose.RESEARCH, yesterday).exists()


def test_withdrawal_and_new_consent_on_the_same_day_latest_counts(caseworker_a, participant):
    today = timezone.localdate()
    record(caseworker_a, participant, GIVEN, today)
    record(caseworker_a, participant, WITHDRAWN, today)
    assert not has_consent(participant.pk, Purpose.RESEARCH)
    record(caseworker_a, participant, GIVEN, today)
    assert has_consent(participant.pk, Purpose.RESEARCH)


def test_statement_before_the_latest_one_is_refused(caseworker_a, participant):
    """It would never be in force: a backdated withdrawal must not silently do nothing."""
    today = timezone.localdate()
    record(caseworker_a, participant, GIVEN, today)
    with pytest.raises(ValidationError) as info:
        record(caseworker_a, participant, WITHDRAWN, today - dt.timedelta(days=3))
    assert "effective_on" in info.value.message_dict
    assert has_consent(participant.pk, Purpose.RESEARCH)


def test_consent_is_per_purpose(caseworker_a, participant):
    day = timezone.localdate()
    record(caseworker_a, participant, GIVEN, day, purpose=Purpose.CARE)
    record(caseworker_a, participant, REFUSED, day, purpose=Purpose.RESEARCH)
    assert has_consent(participant.pk, Purpose.CARE)
    assert not has_consent(participant.pk, Purpose.RESEARCH)
    assert selectors.participants_with_consent(Purpose.CARE).exists()
    assert not selectors.participants_with_consent(Purpose.RESEARCH).exists()


def test_record_consent_is_scope_checked(caseworker_b, participant):
    with pytest.raises(PermissionDenied):
        record(caseworker_b, participant, GIVEN, timezone.localdate())
    assert Consent.objects.count() == 0


def test_participants_with_consent_skips_erased_and_is_one_query(
    caseworker_a, team_a, django_assert_num_queries
):
    day = timezone.localdate() - dt.timedelta(days=1)
    people = [make_participant(actor=caseworker_a, team=team_a) for _ in range(5)]
    for person in people[:4]:
        record(caseworker_a, person, GIVEN, day)
    record(caseworker_a, people[3], WITHDRAWN, timezone.localdate())
    Participant.objects.filter(pk=people[0].pk).update(erased_at=timezone.now())
    with django_assert_num_queries(1):
        found = {p.pk for p in selectors.participants_with_consent(Purpose.RESEARCH)}
    assert found == {people[1].pk, people[2].pk}
    # The same single query for ten times as many participants.
    for _ in range(10):
        person = make_participant(actor=caseworker_a, team=team_a)
        record(caseworker_a, person, GIVEN, day)
    with django_assert_num_queries(1):
        assert len(list(selectors.participants_with_consent(Purpose.RESEARCH))) == 12


def test_file_shows_consent_per_purpose_and_history(client, caseworker_a, participant):
    today = timezone.localdate()
    record(caseworker_a, participant, GIVEN, today - dt.timedelta(days=10), version="2025-07")
    record(caseworker_a, participant, WITHDRAWN, today, version="2026-01")
    record(caseworker_a, participant, REFUSED, today, purpose=Purpose.SHARING)
    client.force_login(caseworker_a)
    body = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
    html = body.content.decode()
    assert 'id="toestemming"' in html
    for label in (
        "Hulpverlening",
        "Delen met partnerorganisaties",
        "Rapportage aan financiers",
        "Wetenschappelijk onderzoek",
    ):
        assert label in html
    assert "Ingetrokken" in html and "Geweigerd" in html
    assert html.count("Niet gevraagd") == 2  # care and funder reporting
    assert "2025-07" in html  # the history keeps the earlier statement
    assert "Gegeven" in html
    assert reverse("casework:consent_new", kwargs={"pk": participant.pk}) + "?doel=research" in html


def _statement(purpose: str) -> dict:
    """A consent given today, as the consent form posts it (the current text version)."""
    return {
        "purpose": purpose,
        "status": "given",
        "effective_on": timezone.localdate().isoformat(),
        "text_version": "2026-01",
    }


def test_consent_form_records_a_statement(client, caseworker_a, participant):
    client.force_login(caseworker_a)
    url = reverse("casework:consent_new", kwargs={"pk": participant.pk})
    page = client.get(url + "?doel=funder_reporting")
    assert page.status_code == 200
    assert 'value="funder_reporting" selected' in page.content.decode()
    assert 'value="2026-01"' in page.content.decode()  # the default text version
    response = client.post(url, _statement("funder_reporting"))
    assert response.status_code == 302
    assert response["Location"].endswith("#toestemming")
    consent = Consent.objects.get()
    assert (consent.subject_id, consent.purpose, consent.status) == (
        participant.pk,
        "funder_reporting",
        "given",
    )
    assert consent.recorded_by == caseworker_a
    assert has_consent(participant.pk, Purpose.FUNDER_REPORTING)


def test_consent_form_errors(client, caseworker_a, participant):
    client.force_login(caseworker_a)
    url = reverse("casework:consent_new", kwargs={"pk": participant.pk})
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(
        url,
        {"purpose": "research", "status": "given", "effective_on": future, "text_version": "x"},
    )
    assert response.status_code == 400
    assert "De ingangsdatum ligt in de toekomst." in response.content.decode()
    response = client.post(url, {"purpose": "nonsense", "status": "given"})
    assert response.status_code == 400
    assert Consent.objects.count() == 0


def test_consent_form_outside_scope_is_not_found(client, caseworker_b, participant):
    client.force_login(caseworker_b)
    url = reverse("casework:consent_new", kwargs={"pk": participant.pk})
    assert client.get(url).status_code == 404
    response = client.post(url, _statement("research"))
    assert response.status_code == 404
    assert Consent.objects.count() == 0


def test_peer_expert_of_the_team_may_record_consent(client, team_a, participant):
    """The service lets every file role of the team record consent; so does the page."""
    peer = make_user(PEER_EXPERT, teams=[team_a])
    client.force_login(peer)
    url = reverse("casework:consent_new", kwargs={"pk": participant.pk})
    assert client.get(url).status_code == 200
