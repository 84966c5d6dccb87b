"""The caseload page, the file and the household view keep a flat query count from 1 to 50 rows.
Each count starts with an empty cache: the header's work count is kept per user."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.urls import reverse

from casework import services
from casework.models import Instrument
from tests.factories import add_member, log_progress, make_household, make_participant, measure
from tests.paging import page_queries


def test_caseload_page_is_flat(client, caseworker_a, team_a, django_assert_max_num_queries):
    client.force_login(caseworker_a)
    make_participant(actor=caseworker_a, team=team_a)
    url = reverse("casework:caseload")
    baseline = page_queries(client, url)
    for index in range(49):
        make_participant(actor=caseworker_a, team=team_a, given_name=f"P{index}")
    cache.clear()
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.content.decode().count("/dossiers/") >= 50


def test_participant_file_is_flat(client, caseworker_a, team_a, django_assert_max_num_queries):
    client.force_login(caseworker_a)
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    zrm = Instrument.objects.get(code="zrm")

    def add(index: int) -> None:
        log_progress(caseworker_a, enrolment, dt.date(2025, 2, 1), f"Notitie {index}")
        services.add_goal(actor=caseworker_a, enrolment=enrolment, text=f"Doel {index}")
        measure(
            caseworker_a,
            enrolment,
            zrm,
            "m6",
            dt.date(2025, 2, 1) + dt.timedelta(days=index),
            {"financien": 1 + index % 5},
        )

    add(0)
    url = reverse("casework:participant_file", kwargs={"pk": participant.pk})
    baseline = page_queries(client, url)
    for index in range(1, 50):
        add(index)
    cache.clear()
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert "Notitie 49" in response.content.decode()


def test_household_view_is_flat(client, caseworker_a, team_a, django_assert_max_num_queries):
    client.force_login(caseworker_a)
    first = make_participant(actor=caseworker_a, team=team_a)
    household = make_household(caseworker_a, first, start_date=dt.date(2025, 1, 1), name="Gezin")
    url = reverse("casework:household", kwargs={"pk": household.pk})
    baseline = page_queries(client, url)
    for index in range(49):
        member = make_participant(actor=caseworker_a, team=team_a, given_name=f"Kind{index}")
        add_member(caseworker_a, household, member, "child", start_date=dt.date(2025, 1, 1))
    cache.clear()
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert "Kind48" in response.content.decode()
