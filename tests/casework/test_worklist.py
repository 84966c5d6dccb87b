"""The work list ("werkbak"): casework's and the privacy office's sources, the page, the header
count, the landing page of each role and their query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import (
    EVALUATOR,
    FUNCTIONAL_ADMIN,
    PEER_EXPERT,
    PROGRAMME_OFFICE,
    RESEARCHER,
)
from casework import services, worklist
from casework.registry import WorkItem, WorkSource, work_sources
from privacy import services as privacy_services
from privacy.models import AccessEvent, DataSubjectRequest
from tests.factories import make_participant, make_user, measure
from tests.paging import page_queries

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _kinds(user) -> list[str]:
    return [item.kind for item in worklist.work_items(user)]


def _starting_today(actor, team, **identity):
    participant = make_participant(actor=actor, team=team, start_date=_today(), **identity)
    return participant, participant.enrolments.get()


# --- the registry ----------------------------------------------------------------------------


def test_every_source_is_typed_and_callable():
    sources = {source.code: source for source in work_sources()}
    assert {
        "casework_transfers",
        "casework_unassigned",
        "casework_waves",
        "privacy_requests",
        "privacy_erasures",
        "privacy_retention",
        "schuldenvrij_proposals",
        "schuldenvrij_follow_ups",
        "financing_verify",
        "financing_pay",
        "research_studies",
        "research_exports",
        "research_approved",
        "lifecoaching_vog",
        "baangaranties_checks",
    } <= set(sources)
    for source in sources.values():
        assert isinstance(source, WorkSource)
        assert callable(source.items) and callable(source.count)
        assert source.roles


# --- measurement waves -----------------------------------------------------------------------


def test_caseworker_sees_the_intake_due_of_their_team_only(caseworker_a, caseworker_b, team_a):
    participant, enrolment = _starting_today(caseworker_a, team_a, name="Wietske Bouma")
    items = [item for item in worklist.work_items(caseworker_a) if item.kind == "wave"]
    assert any("Zelfredzaamheidsmatrix" in item.label for item in items)
    assert all("Wietske Bouma" in item.label and "Intake" in item.label for item in items)
    assert all(not item.overdue for item in items)
    assert items[0].url.startswith(reverse("casework:measurement_new", kwargs={"pk": enrolment.pk}))
    assert worklist.work_count(caseworker_a) == len(items)
    # Another team's caseworker sees nothing of it.
    assert _kinds(caseworker_b) == []
    assert worklist.work_count(caseworker_b) == 0


def test_showing_a_wave_logs_the_look(caseworker_a, team_a):
    participant, _enrolment = _starting_today(caseworker_a, team_a)
    before = AccessEvent.objects.filter(user=caseworker_a, subject_id=participant.pk).count()
    worklist.work_items(caseworker_a)
    events = AccessEvent.objects.filter(user=caseworker_a, subject_id=participant.pk)
    assert events.count() == before + 1
    assert events.order_by("-sequence").first().what == "worklist_wave"


def test_counting_decrypts_and_logs_nothing(caseworker_a, team_a):
    _starting_today(caseworker_a, team_a)
    before = AccessEvent.objects.count()
    assert worklist.work_count(caseworker_a) > 0
    assert AccessEvent.objects.count() == before


def test_a_recorded_wave_leaves_the_list(caseworker_a, team_a):
    _participant, enrolment = _starting_today(caseworker_a, team_a)
    before = worklist.work_count(caseworker_a)
    measure(caseworker_a, enrolment, "zrm", "intake", _today(), {"financien": 3})
    assert worklist.work_count(caseworker_a) == before - 1
    labels = [item.label for item in worklist.work_items(caseworker_a)]
    assert not any("Zelfredzaamheidsmatrix" in label for label in labels)


def test_an_old_enrolment_without_measurements_is_overdue(caseworker_a, team_a):
    make_participant(actor=caseworker_a, team=team_a, start_date=_today() - dt.timedelta(days=60))
    items = worklist.work_items(caseworker_a)
    assert items and all(item.overdue for item in items)
    assert all("te laat" in item.label for item in items)


def test_team_leads_get_no_waves_but_peer_experts_do(caseworker_a, lead_a, team_a):
    _starting_today(caseworker_a, team_a)
    peer = make_user(PEER_EXPERT, teams=[team_a])
    assert "wave" not in _kinds(lead_a)
    assert "wave" in _kinds(peer)


# --- transfers ---------------------------------------------------------------------------------


def test_the_receiving_team_lead_decides_a_transfer(caseworker_a, lead_a, lead_b, team_a, team_b):
    participant = make_participant(actor=caseworker_a, team=team_a, name="Hessel Visser")
    services.request_transfer(
        actor=lead_a, enrolment=participant.enrolments.get(), to_team=team_b, reason="Verhuisd"
    )
    (item,) = [item for item in worklist.work_items(lead_b) if item.kind == "transfer"]
    assert "Hessel Visser" in item.label and "Gezinslab Bilgaard" in item.label
    assert item.url == reverse("casework:transfers")
    assert worklist.work_count(lead_b) == 1
    assert "transfer" not in _kinds(lead_a)
    event = AccessEvent.objects.filter(user=lead_b).order_by("-sequence").first()
    assert (event.what, event.purpose) == ("worklist_transfer", "transfer")


# --- the privacy office ------------------------------------------------------------------------


def test_privacy_officer_sees_requests_and_only_erasures_of_the_other(
    officer, officer2, caseworker_a, team_a
):
    participant = make_participant(actor=caseworker_a, team=team_a)
    privacy_services.register_request(
        actor=officer,
        subject_id=participant.pk,
        kind=DataSubjectRequest.Kind.ACCESS,
        received_on=_today() - dt.timedelta(days=40),
    )
    privacy_services.request_erasure(actor=officer, subject_id=participant.pk, reason="Verzoek")
    mine = worklist.work_items(officer)
    other = worklist.work_items(officer2)
    assert [item.kind for item in mine] == ["privacy_request"]
    assert mine[0].overdue  # the month to answer has passed
    assert sorted(item.kind for item in other) == ["erasure", "privacy_request"]
    assert worklist.work_count(officer2) == 2
    # No identifier of the participant in any label.
    assert all("de Vries" not in item.label for item in other)


# --- the page, the header and the landing --------------------------------------------------------


def test_the_page_lists_items_oldest_first_with_links(client, caseworker_a, team_a):
    make_participant(
        actor=caseworker_a,
        team=team_a,
        name="Oudste Deelnemer",
        start_date=_today() - dt.timedelta(days=40),
    )
    _starting_today(caseworker_a, team_a, name="Nieuwste Deelnemer")
    client.force_login(caseworker_a)
    page = client.get(reverse("casework:worklist")).content.decode()
    assert page.index("Oudste Deelnemer") < page.index("Nieuwste Deelnemer")
    assert "/meting/?instrument=zrm" in page
    assert "te laat" in page


def test_an_empty_list_says_so_kindly(client, caseworker_a):
    client.force_login(caseworker_a)
    page = client.get(reverse("casework:worklist")).content.decode()
    assert "Er wacht niets op u." in page


def test_the_header_shows_the_count(client, caseworker_a, team_a):
    _starting_today(caseworker_a, team_a)
    count = worklist.work_count(caseworker_a)
    client.force_login(caseworker_a)
    page = client.get(reverse("casework:caseload")).content.decode()
    assert f'aria-hidden="true">{count}</span>' in page
    assert f"({count} taken)" in page


@pytest.mark.parametrize(
    ("role", "target"),
    [
        (EVALUATOR, "casework:worklist"),
        (RESEARCHER, "casework:worklist"),
        (PROGRAMME_OFFICE, "monitoring:home"),
        (FUNCTIONAL_ADMIN, "admin:index"),
    ],
)
def test_each_role_lands_where_its_work_is(client, role, target):
    client.force_login(make_user(role))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(target)


def test_file_roles_and_the_privacy_officer_land_on_the_work_list(
    client, caseworker_a, lead_a, officer
):
    for user in (caseworker_a, lead_a, officer):
        client.force_login(user)
        assert client.get(reverse("home")).url == reverse("casework:worklist")


def test_the_monitor_shows_the_programme_office_what_waits(client, monkeypatch):
    office = make_user(PROGRAMME_OFFICE)
    item = WorkItem(kind="payment", label="Betaal dit", since=_today(), url="/financiering/")
    monkeypatch.setattr(worklist, "work_items", lambda user: [item])
    client.force_login(office)
    page = client.get(reverse("monitoring:home")).content.decode()
    assert "Wacht op u" in page and "Betaal dit" in page


def test_the_monitor_has_no_box_when_nothing_waits(client):
    client.force_login(make_user(PROGRAMME_OFFICE))
    page = client.get(reverse("monitoring:home")).content.decode()
    assert "Wacht op u" not in page


# --- query counts --------------------------------------------------------------------------------


def _flat_from_1_to_50(client, url, caseworker, team, django_assert_max_num_queries):
    """``url`` costs no more queries with 50 participants starting today than with 1 (the
    cache cleared each time: counted again, not read from it); the response at 50."""
    _starting_today(caseworker, team)
    baseline = page_queries(client, url)
    for index in range(49):
        _starting_today(caseworker, team, given_name=f"P{index}")
    cache.clear()
    with django_assert_max_num_queries(baseline):
        return client.get(url)


def test_the_page_is_flat_from_1_to_50_participants(
    client, caseworker_a, team_a, django_assert_max_num_queries
):
    client.force_login(caseworker_a)
    url = reverse("casework:worklist")
    response = _flat_from_1_to_50(client, url, caseworker_a, team_a, django_assert_max_num_queries)
    assert response.context["work"].total >= 50


def test_the_header_count_is_flat(client, caseworker_a, team_a, django_assert_max_num_queries):
    """Any page with the header: the count costs the same for 1 or 50 items."""
    client.force_login(caseworker_a)
    url = reverse("casework:transfers")
    _flat_from_1_to_50(client, url, caseworker_a, team_a, django_assert_max_num_queries)


def test_the_header_count_is_kept_a_while_and_renewed_by_the_work_list(
    client, caseworker_a, team_a, django_assert_max_num_queries
):
    """A count reads the whole caseload: the header keeps it for a minute; the work list page
    counts afresh and renews it."""
    _starting_today(caseworker_a, team_a)
    client.force_login(caseworker_a)
    url = reverse("casework:transfers")
    first = client.get(url).content.decode()
    count = worklist.work_count(caseworker_a)
    assert f'aria-hidden="true">{count}</span>' in first
    _starting_today(caseworker_a, team_a, given_name="Later")
    kept = client.get(url).content.decode()
    assert f'aria-hidden="true">{count}</span>' in kept
    renewed = worklist.work_count(caseworker_a)
    assert renewed > count
    page = client.get(reverse("casework:worklist")).content.decode()
    assert f'aria-hidden="true">{renewed}</span>' in page


def test_goal_attainment_is_asked_once_the_plan_has_a_goal(caseworker_a, team_a):
    _participant, enrolment = _starting_today(caseworker_a, team_a)
    labels = [item.label for item in worklist.work_items(caseworker_a)]
    assert not any("Doelrealisatie" in label for label in labels)
    services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Werk vinden")
    labels = [item.label for item in worklist.work_items(caseworker_a)]
    assert any("Doelrealisatie" in label for label in labels)


def test_the_team_lead_assigns_a_case_manager(client, caseworker_a, lead_a, lead_b, team_a):
    # A participant registered by the team lead has no case manager yet.
    participant = make_participant(actor=lead_a, team=team_a, name="Zonder Casemanager")
    make_participant(actor=caseworker_a, team=team_a, name="Met Casemanager")
    (item,) = [item for item in worklist.work_items(lead_a) if item.kind == "assign"]
    enrolment = participant.enrolments.get()
    assert "Zonder Casemanager" in item.label
    assert item.url == reverse("casework:assign", kwargs={"pk": enrolment.pk})
    assert worklist.work_count(lead_a) == 1
    assert "assign" not in _kinds(caseworker_a)
    assert _kinds(lead_b) == []


@override_settings(KOERS_RETENTION_YEARS={"gezinslab": 20})
def test_the_privacy_officer_is_told_when_participants_are_due_for_erasure(
    officer, caseworker_a, team_a
):
    from casework.models import Enrolment
    from tests.factories import end_enrolment

    assert "retention" not in _kinds(officer)
    participant = make_participant(caseworker_a, team_a, start_date=dt.date(1999, 1, 4))
    enrolment = participant.enrolments.get()
    end_enrolment(caseworker_a, enrolment, dt.date(2025, 1, 31), Enrolment.Status.COMPLETED)
    Enrolment.objects.filter(pk=enrolment.pk).update(end_date=dt.date(2001, 3, 1))
    (item,) = [item for item in worklist.work_items(officer) if item.kind == "retention"]
    assert "1 deelnemer laten wissen" in item.label
    assert worklist.work_count(officer) == 1
    assert "retention" not in _kinds(caseworker_a)
