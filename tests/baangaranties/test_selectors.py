"""Selectors: scope, due checks, the Open Hiring queue, the young on assistance, the file
section's modes and the dashboard's disclosure control."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone

from accounts.roles import PROGRAMME_OFFICE
from baangaranties import selectors, services
from tests.baangaranties.conftest import make_enrolment, place
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
    rows = selectors.open_hiring_list(worker)
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


def test_dashboard_counts(lead, worker, bg_team, employer, chain):
    services.save_commitment(
        actor=lead,
        chain=chain,
        year=2026,
        job_guarantees=20,
        work_experience_places=0,
        internships=0,
    )
    for index in range(12):
        place(worker, make_enrolment(worker, bg_team, given_name=f"D{index}"), employer)
    # The same suppressed figures for the team's lead as for the programme office.
    for user in (lead, make_user(PROGRAMME_OFFICE)):
        dashboard = selectors.dashboard(user)
        (row,) = dashboard.rows
        assert row.committed_total == 20
        assert str(row.filled["job_guarantee"]) == "12"  # 10 or more: shown
        assert str(row.filled["internship"]) == "0"  # nothing committed: a known zero
        assert str(row.filled_total) == "12"
        assert str(dashboard.basic_jobs) == "<10"
        assert dashboard.retention.total.suppressed


def test_dashboard_shows_basic_jobs_beside_other_routes(lead, worker, bg_team, employer, chain):
    """Found in review: the routes' table held a row per route, so an empty Open Hiring row
    (never shown) hid the 12 basic jobs. Only what the page shows is audited now: basic jobs
    and all running placements."""
    services.save_commitment(
        actor=lead,
        chain=chain,
        year=2026,
        job_guarantees=20,
        work_experience_places=0,
        internships=0,
    )
    for index in range(20):
        place(worker, make_enrolment(worker, bg_team, given_name=f"G{index}"), employer)
    basic = {"kind": "basic_job", "route": "basic_job", "contract_kind": "fixed_term"}
    for index in range(12):
        place(worker, make_enrolment(worker, bg_team, given_name=f"B{index}"), employer, **basic)
    dashboard = selectors.dashboard(make_user(PROGRAMME_OFFICE))
    assert str(dashboard.basic_jobs) == "12"
    assert str(dashboard.active_placements) == "32"


def test_dashboard_row_totals_never_give_away_a_hidden_cell(lead, worker, bg_team, chain, employer):
    """12 job guarantees and 3 internships at one chain: the internships are hidden, so the
    job guarantees or the chain's total must be hidden too (15 - 12 = 3 otherwise)."""
    services.save_commitment(
        actor=lead,
        chain=chain,
        year=2026,
        job_guarantees=20,
        work_experience_places=0,
        internships=5,
    )
    for index in range(15):
        kind = "internship" if index < 3 else "job_guarantee"
        place(worker, make_enrolment(worker, bg_team, given_name=f"R{index}"), employer, kind=kind)
    (row,) = selectors.dashboard(lead).rows
    # No work-experience places were committed, so everyone knows that none are filled: the
    # 0 protects nothing, and the job guarantees are hidden beside the internships.
    assert str(row.filled["work_experience"]) == "0"
    assert str(row.filled["internship"]) == "<10"
    assert str(row.filled["job_guarantee"]) == "<10"
    assert str(row.filled_total) == "15"


def test_young_people_with_and_without_a_route_cannot_be_subtracted(lead):
    dashboard = selectors.dashboard(lead)
    table = dashboard.young
    assert table.column_labels == ["met een route eruit", "zonder route"]
    assert dashboard.young_on_assistance is table.row_totals[0]
    assert dashboard.young_with_route is table.cells[0][0]
