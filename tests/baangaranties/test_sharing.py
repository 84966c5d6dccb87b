"""One participant, several programmes: the baangaranties part of the file for every file role
of another team, with and without consent for sharing (each shared view logged), and the
reference data in the admin for the functional admin only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ALL_ROLES, CASEWORKER, FILE_ROLES, FUNCTIONAL_ADMIN
from baangaranties.models import BranchChain
from privacy.models import AccessEvent
from tests.factories import enrol, make_user, record_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_participant(worker, bg_team, other_team, enrolment, placement):
    both = make_user(CASEWORKER, teams=[bg_team, other_team])
    enrol(
        both, enrolment.participant, "schuldenvrij", other_team, dt.date(2026, 1, 5), "public_task"
    )
    return enrolment.participant


@pytest.mark.parametrize("consent", [True, False])
@pytest.mark.parametrize("role", sorted(FILE_ROLES))
def test_other_programme_team_sees_the_part_only_with_consent(
    client, worker, other_team, shared_participant, role, consent
):
    if consent:
        record_consent(worker, shared_participant, "sharing", "given", timezone.localdate())
    user = make_user(role, teams=[other_team])
    client.force_login(user)
    page = client.get(
        reverse("casework:participant_file", kwargs={"pk": shared_participant.pk})
    ).content.decode()
    assert ("Zorggroep Oostergo" in page) == consent
    assert "/baangaranties/plaatsing/" not in page  # never a link to change it
    shared_logs = AccessEvent.objects.filter(user=user, subject_id=shared_participant.pk).exclude(
        what="participant_file"
    )
    assert shared_logs.exists() == consent


@pytest.mark.parametrize("role", ALL_ROLES)
def test_reference_data_in_the_admin(client, role, chain):
    client.force_login(make_user(role))
    url = reverse("admin:baangaranties_branchchain_add")
    response = client.post(
        url,
        {
            "name": "Logistiek",
            "sector": "logistiek",
            "active": "on",
            "employers-TOTAL_FORMS": "0",
            "employers-INITIAL_FORMS": "0",
        },
    )
    if role == FUNCTIONAL_ADMIN:
        assert response.status_code == 302
        assert BranchChain.objects.filter(name="Logistiek").exists()
        assert client.get(reverse("admin:baangaranties_branchchain_changelist")).status_code == 200
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert not BranchChain.objects.filter(name="Logistiek").exists()


def _commitment_form(commitment, **changes) -> dict:
    """The admin's form of ``commitment`` as it stands (2026: 2 job guarantees, 1 work
    experience place, 1 internship), with ``changes``."""
    return {
        "chain": commitment.chain_id,
        "year": commitment.year,
        "job_guarantees": commitment.job_guarantees,
        "work_experience_places": commitment.work_experience_places,
        "internships": commitment.internships,
        "seen_version": commitment.version,
        **changes,
    }


def test_admin_cannot_lower_a_commitment_below_its_placements(client, commitment, placement):
    client.force_login(make_user(FUNCTIONAL_ADMIN))
    url = reverse("admin:baangaranties_commitment_change", args=[commitment.pk])
    response = client.post(url, _commitment_form(commitment, job_guarantees=0))
    assert response.status_code == 200
    assert "Iemand anders" not in response.content.decode()
    assert (
        "Er zijn in 2026 al meer plaatsingen van deze soort dan dit aantal"
        in response.content.decode()
    )
    commitment.refresh_from_db()
    assert commitment.job_guarantees == 2


def test_admin_does_not_overwrite_a_newer_version(client, commitment, placement):
    """Two admins open the same commitment; the second save is refused, nothing changed."""
    client.force_login(make_user(FUNCTIONAL_ADMIN))
    url = reverse("admin:baangaranties_commitment_change", args=[commitment.pk])
    form = client.get(url).content.decode()
    assert 'name="seen_version"' in form
    data = _commitment_form(commitment)
    first = client.post(url, {**data, "job_guarantees": 7})
    assert first.status_code == 302
    second = client.post(url, {**data, "job_guarantees": 9})
    assert second.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in second.content.decode()
    commitment.refresh_from_db()
    assert commitment.job_guarantees == 7
    assert commitment.version == data["seen_version"] + 1


def test_admin_cannot_move_what_placements_count_against(client, commitment, placement, chain):
    """Filled places never exceed committed ones (the dashboards rely on it as a bound): an
    employer with placements keeps its chain, and a commitment keeps its chain and year."""
    other = BranchChain.objects.create(name="Horeca", sector="horeca")
    employer = placement.employer
    client.force_login(make_user(FUNCTIONAL_ADMIN))
    url = reverse("admin:baangaranties_employer_change", args=[employer.pk])
    assert 'name="chain"' not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": employer.name,
            "chain": other.pk,
            "wijk": employer.wijk or "",
            "active": "on",
            "seen_version": employer.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    employer.refresh_from_db()
    assert employer.chain_id == chain.pk
    url = reverse("admin:baangaranties_commitment_change", args=[commitment.pk])
    response = client.post(url, _commitment_form(commitment, chain=other.pk, year=2027))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.chain_id, commitment.year) == (chain.pk, 2026)
