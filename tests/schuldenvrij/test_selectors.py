"""Selectors of Leeuwarden Schuldenvrij: scope, sums, the 18-/18+ window, due follow-ups and
the suppressed counters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import PEER_EXPERT
from privacy.models import AccessEvent
from schuldenvrij import selectors, services
from tests.factories import make_participant, make_user
from tests.schuldenvrij.conftest import add_debt, forgive, make_enrolment

pytestmark = pytest.mark.django_db


def test_overview_sums_and_scope(caseworker_a, caseworker_b, team_a, enrolment, debts):
    add_debt(caseworker_a, enrolment, current="50", status="disputed", kind="other")
    add_debt(caseworker_a, enrolment, current="0", status="paid", kind="bank")
    (row,) = selectors.overview(caseworker_a)
    assert row.name == "Sietske Hoekstra"
    assert (row.outstanding, row.residual, row.debt_count) == (
        Decimal("2050.00"),
        Decimal("2000.00"),
        4,
    )
    assert not row.has_place and row.forgiveness_status is None
    assert selectors.overview(caseworker_b) == []
    with pytest.raises(Http404):
        selectors.get_enrolment(caseworker_b, enrolment.pk)
    with pytest.raises(PermissionDenied):
        selectors.overview(make_user(PEER_EXPERT, teams=[team_a]))
    assert not selectors.enrolments(make_user(PEER_EXPERT, teams=[team_a])).exists()


def test_turning_18_window(caseworker_a, team_a):
    today = dt.date(2026, 3, 15)

    def young(name, born):
        return make_participant(
            actor=caseworker_a, team=team_a, given_name=name, date_of_birth=born
        )

    young("Vandaag", dt.date(2008, 3, 15))  # turns 18 today
    young("Grens", dt.date(2008, 6, 15))  # exactly three months
    young("Later", dt.date(2008, 6, 16))  # one day too late
    young("Al", dt.date(2008, 3, 14))  # turned 18 yesterday
    make_participant(actor=caseworker_a, team=team_a, given_name="Onbekend")  # no birth date
    rows = selectors.turning_18(caseworker_a, today=today)
    assert [r.name.split()[0] for r in rows] == ["Vandaag", "Grens"]
    assert rows[0].turns_18 == today and rows[0].programmes == ["Gezinslab"]
    assert AccessEvent.objects.filter(what="schuldenvrij_turning_18").count() == 2


def test_due_follow_ups(caseworker_a, lead_a, caseworker_b, team_a, enrolment, debts):
    today = dt.date.today()
    forgive(caseworker_a, lead_a, enrolment, date=services.add_months(today, -7))
    other = make_enrolment(caseworker_a, team_a, given_name="Later")
    add_debt(caseworker_a, other, current="100")
    forgive(caseworker_a, lead_a, other, amount="100", date=today)
    rows = selectors.due_follow_ups(caseworker_a)
    assert [(r.follow_up.months, r.overdue) for r in rows] == [(6, True)]
    assert selectors.due_follow_ups(caseworker_b) == []


def test_counters_suppress_below_ten(caseworker_a, lead_a, enrolment, debts):
    forgive(caseworker_a, lead_a, enrolment)
    counters = selectors.counters()
    assert str(counters.places_used) == "<10" and str(counters.places_free) == "<10"
    assert str(counters.approved) == "<10" and counters.amount_forgiven is None
    assert counters.places_cap == 100
    six = enrolment.schuldenvrij_forgivenesses.get().follow_ups.get(months=6)
    services.record_follow_up(
        actor=caseworker_a,
        follow_up=six,
        expected_version=1,
        done_on=dt.date(2025, 12, 2),
        new_debts=True,
        new_debts_amount="50",
    )
    counters = selectors.counters()
    assert str(counters.follow_ups_done) == "<10"
    assert all(cell.suppressed for row in counters.follow_ups_table.cells for cell in row)
    assert counters.follow_ups_table.total.suppressed


def test_follow_up_counters_never_reveal_what_the_table_hides(caseworker_a, lead_a, team_a):
    """13 follow-ups done at 6 months, 10 with new debts: the table hides the 3 without new
    debts and so also the 10 (secondary suppression). The counts beside the table must not
    show 13 and 10, or 13 - 10 gives the hidden 3 away."""
    for i in range(13):
        enrolment = make_enrolment(caseworker_a, team_a, given_name=f"Nazorg{i}")
        add_debt(caseworker_a, enrolment, current="100")
        forgiveness = forgive(caseworker_a, lead_a, enrolment, amount="100")
        six = forgiveness.follow_ups.get(months=6)
        services.record_follow_up(
            actor=caseworker_a,
            follow_up=six,
            expected_version=six.version,
            done_on=dt.date(2025, 12, 2),
            new_debts=i < 10,
            new_debts_amount="50" if i < 10 else None,
        )
    counters = selectors.counters()
    table = counters.follow_ups_table
    assert str(table.total) == "13"
    assert str(table.column_totals[0]) == "<10" and str(table.column_totals[1]) == "<10"
    assert str(counters.follow_ups_done) == "13"
    assert str(counters.follow_ups_new_debts) == "<10"


def test_place_counters_cannot_be_subtracted_into_a_small_rest(caseworker_a, lead_a, team_a):
    """25 places: 12 forgiven, 11 proposed, 2 with neither. Showing 25, 12 and 11 would give
    the 2 away; the places are one table, so a second count is hidden beside the 2."""
    for i in range(25):
        enrolment = make_enrolment(caseworker_a, team_a, given_name=f"Plaats{i}")
        add_debt(caseworker_a, enrolment, current="100")
        if i < 12:
            forgive(caseworker_a, lead_a, enrolment, amount="100")
            continue
        services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
        if i < 23:
            services.propose_forgiveness(
                actor=caseworker_a,
                enrolment=enrolment,
                amount=Decimal("100"),
                date=dt.date(2025, 6, 1),
                funding="fno",
            )
    counters = selectors.counters()
    assert str(counters.places_used) == "25"
    assert str(counters.places_rest) == "<10"
    shown = [c.value for c in (counters.approved, counters.proposed) if not c.suppressed]
    assert len(shown) <= 1  # otherwise 25 - 12 - 11 = 2
    assert (counters.amount_forgiven is None) is counters.approved.suppressed
