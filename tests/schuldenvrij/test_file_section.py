"""The Schuldenvrij part of a participant's file: own team (with links), another team with
sharing consent (read-only, no creditor names, the view logged by casework), without consent
(hidden), peer experts (nothing of it), break-the-glass (read-only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import CASEWORKER, PEER_EXPERT
from privacy.models import AccessEvent
from schuldenvrij import selectors, services
from tests.factories import enrol, make_participant, make_user, record_consent
from tests.helpers import page_as
from tests.schuldenvrij.conftest import add_debt, forgive

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(team_a, team_b, caseworker_a, lead_a):
    """A participant of team B (Gezinslab) who is also in team A's Schuldenvrij."""
    both = make_user(CASEWORKER, teams=[team_a, team_b])
    participant = make_participant(actor=both, team=team_b, given_name="Griet", family_name="Nauta")
    enrolment = enrol(both, participant, "schuldenvrij", team_a, dt.date(2025, 1, 6), "public_task")
    add_debt(caseworker_a, enrolment, current="900", name="Pieter de Wit")
    services.add_snapshot(
        actor=caseworker_a,
        enrolment=enrolment,
        date=dt.date(2025, 2, 1),
        amounts={"income_benefit": "1000", "cost_rent": "400"},
    )
    forgive(caseworker_a, lead_a, enrolment, amount="900", date=dt.date(2025, 6, 1))
    return participant, enrolment


def section(body: str) -> str:
    start = body.find('data-programme="schuldenvrij"')
    assert start != -1
    return body[start : body.find("</section>", start)]


def section_as(client, user, participant) -> str:
    """The Schuldenvrij part of ``participant``'s file as ``user`` sees it."""
    url = reverse("casework:participant_file", kwargs={"pk": participant.pk})
    return section(page_as(client, user, url))


def consent(participant, actor, status="given"):
    record_consent(actor, participant, "sharing", status, dt.date(2025, 1, 6))


def test_own_team_sees_the_part_with_links(client, caseworker_a, shared):
    participant, enrolment = shared
    body = section_as(client, caseworker_a, participant)
    assert 'data-mode="own"' in body
    assert "Pieter de Wit" in body and "Goedgekeurd" in body and "€ 600,00" in body
    assert "6 maanden, 1-12-2025" in body
    assert reverse("schuldenvrij:enrolment", kwargs={"pk": enrolment.pk}) in body
    assert "Openstaande schulden" in body  # the measure's latest value, shown by casework


def test_another_team_with_consent_reads_without_names(client, caseworker_b, shared):
    participant, enrolment = shared
    consent(participant, caseworker_b)
    body = section_as(client, caseworker_b, participant)
    assert 'data-mode="shared"' in body
    assert "Goedgekeurd" in body and "Energieleverancier" in body
    assert "Pieter de Wit" not in body
    assert "/schuldenvrij/" not in body
    assert AccessEvent.objects.filter(what="programme_section:schuldenvrij").count() == 1


def test_another_team_without_consent_sees_nothing(client, caseworker_b, shared):
    participant, _enrolment = shared
    consent(participant, caseworker_b, status="refused")
    body = section_as(client, caseworker_b, participant)
    assert 'data-mode="hidden"' in body
    assert "Energieleverancier" not in body and "€" not in body


def test_peer_experts_get_nothing_of_the_part(caseworker_a, team_a, shared):
    participant, enrolment = shared
    peer = make_user(PEER_EXPERT, teams=[team_a])
    from privacy.crypto import Cipher

    cipher = Cipher()
    for mode in ("own", "shared", "read_only"):
        assert (
            selectors.file_section(
                user=peer, participant=participant, cipher=cipher, enrolments=[enrolment], mode=mode
            )
            is None
        )


def test_break_the_glass_is_read_only(caseworker_a, shared, team_b):
    participant, enrolment = shared
    from privacy.crypto import Cipher

    outsider = make_user(CASEWORKER, teams=[team_b])
    template, ctx = selectors.file_section(
        user=outsider,
        participant=participant,
        cipher=Cipher(),
        enrolments=[enrolment],
        mode="read_only",
    )
    assert template == "schuldenvrij/_file_section.html"
    assert ctx["own"] is False and ctx["parts"][0].detail.debts[0].creditor_name == "Pieter de Wit"
