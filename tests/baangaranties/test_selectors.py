"""Selectors: scope, due checks, the Open Hiring queue, the young on assistance, the file
section's modes and the dashboard (exact for management)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone

from accounts.roles import PROGRAMME_OFFICE
from baangaranties import selectors, services
from privacy import periods
from privacy.models import AccessEvent
from tests.baangaranties.conftest import commit, make_enrolment, place
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_scope_is_the_team(worker, other_worker, placement):
    assert list(selectors.visible_placements(worker)) == [placement]
    assert not selectors.visible_placements(other_worker).exists()
    assert not selectors.visible_checks(make_user(PROGRAMME_OFFICE)).exists()


def test_due_checks_window(worker, bg_team, employer, commitment):
    today = timezone.localdate()
    soon = make_enrolment(worker, bg_team, given_name="Binnenkort")
    # Started three months minus a week ago: the 3-month check is due within two weeks.
    start = services.add_months(today, -3) + dt.timedelta(days=7)
    place(worker, soon, employer, kind="basic_job", route="basic_job", start_date=start)
    later = make_enrolment(worker, bg_team, given_name="Later")
    place(worker, later, employer, kind="basic_job", route="basic_job", start_date=today)
    rows = selectors.due_checks(worker)
    assert [(r.name, r.check.months, r.overdue) for r in rows] == [
        ("Binnenkort de Vries", 3, False)
    ]


def test_open_hiring_positions(worker, bg_team):
    now = timezone.now()
    for index in range(3):
        enrolment = make_enrolment(worker, bg_team, given_name=f"N{index}")
        services.sign_up_open_hiring(
            actor=worker, enrolment=enrolment, signed_up_at=now - dt.timedelta(hours=5 - index)
        )
    with override_settings(KOERS_OPEN_HIRING_PLACES=1):
        services.offer_open_hiring(actor=worker)
        assert selectors.open_hiring_state().free == 0
    rows = selectors.open_hiring_page(worker)
    assert [(r.name.split()[0], r.signup.status, r.position) for r in rows] == [
        ("N0", "offered", None),
        ("N1", "waiting", 1),
        ("N2", "waiting", 2),
    ]


def test_young_on_assistance_by_year_of_birth(worker, bg_team):
    year = timezone.localdate().year
    young = make_enrolment(worker, bg_team, given_name="Jong", year_of_birth=year - 26)
    old = make_enrolment(worker, bg_team, given_name="Oud", year_of_birth=year - 27)
    off = make_enrolment(worker, bg_team, given_name="Uit", year_of_birth=year - 20)
    for enrolment in (young, old, off):
        services.record_social_assistance(
            actor=worker, enrolment=enrolment, on_assistance=True, date=dt.date(2026, 1, 5)
        )
    services.record_social_assistance(
        actor=worker, enrolment=off, on_assistance=False, date=dt.date(2026, 3, 5)
    )
    assert [r.enrolment for r in selectors.young_without_route(worker)] == [young]


@pytest.mark.parametrize("mode", ["own", "shared", "read_only"])
def test_file_section_modes(worker, enrolment, placement, mode):
    template, context = selectors.file_section(
        user=worker,
        participant=enrolment.participant,
        cipher=None,
        enrolments=[enrolment],
        mode=mode,
    )
    html = render_to_string(template, {"ctx": context})
    assert "Zorggroep Oostergo" in html and "uur per week" in html
    assert ("/baangaranties/" in html) == (mode == "own")


EVERYTHING = periods.parse("alles")


def test_dashboard_counts_are_exact_for_management(lead, worker, bg_team, employer, chain):
    commit(lead, chain, 20, 0, 5)
    for index in range(15):
        kind = "internship" if index < 3 else "job_guarantee"
        place(worker, make_enrolment(worker, bg_team, given_name=f"D{index}"), employer, kind=kind)
    basic = {"kind": "basic_job", "route": "basic_job", "contract_kind": "fixed_term"}
    for index in range(2):
        place(worker, make_enrolment(worker, bg_team, given_name=f"B{index}"), employer, **basic)
    for user in (lead, make_user(PROGRAMME_OFFICE)):
        dashboard = selectors.dashboard(user, period=EVERYTHING)
        assert dashboard.exact and dashboard.audience == "management"
        (row,) = dashboard.rows
        assert row.committed_total == 25
        assert row.filled["job_guarantee"].value == 12
        assert row.filled["internship"].value == 3
        assert row.filled["work_experience"].value == 0
        assert row.filled_total.value == 15
        assert dashboard.basic_jobs.value == 2 and dashboard.active_placements.value == 17
        assert dashboard.retention.total.value == 0
    assert AccessEvent.objects.filter(subject_type="aggregate").count() == 2


def test_retention_checks_of_the_period_and_young_people_on_assistance(lead):
    dashboard = selectors.dashboard(lead, period=periods.parse("2025"))
    assert dashboard.retention.total.value == 0
    assert dashboard.young_on_assistance.value == 0 and dashboard.young_with_route.value == 0


@override_settings(KOERS_RELEASE_MANAGEMENT="public")
def test_dashboard_on_the_public_method(lead, worker, bg_team, employer, chain):
    from privacy import cellkey, release

    commit(lead, chain, 20)
    placement = place(worker, make_enrolment(worker, bg_team, given_name="P"), employer)
    dashboard = selectors.dashboard(lead, period=EVERYTHING)
    assert not dashboard.exact
    key = release.unit_record_key("placement", placement.pk)
    assert dashboard.active_placements.value == cellkey.perturb(1, key)
