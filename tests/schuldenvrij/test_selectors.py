"""Selectors of Leeuwarden Schuldenvrij: scope, sums, the 18-/18+ window, due follow-ups and
the programme-wide counters (exact for management)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings

from accounts.roles import PEER_EXPERT, PROGRAMME_OFFICE
from privacy import periods
from privacy.models import AccessEvent
from schuldenvrij import selectors, services
from tests.factories import make_participant, make_user
from tests.schuldenvrij.conftest import add_debt, forgive, make_enrolment, record_follow_up

pytestmark = pytest.mark.django_db


def test_overview_sums_and_scope(caseworker_a, caseworker_b, team_a, enrolment, debts):
    add_debt(caseworker_a, enrolment, current="50", status="disputed", kind="other")
    add_debt(caseworker_a, enrolment, current="0", status="paid", kind="bank")
    (row,) = selectors.overview_page(caseworker_a)
    assert row.name == "Sietske Hoekstra"
    assert (row.outstanding, row.residual, row.debt_count) == (
        Decimal("2050.00"),
        Decimal("2000.00"),
        4,
    )
    assert not row.has_place and row.forgiveness_status is None
    assert list(selectors.overview_page(caseworker_b)) == []
    with pytest.raises(Http404):
        selectors.get_enrolment(caseworker_b, enrolment.pk)
    with pytest.raises(PermissionDenied):
        selectors.overview_page(make_user(PEER_EXPERT, teams=[team_a]))
    assert not selectors.enrolments(make_user(PEER_EXPERT, teams=[team_a])).exists()


def test_turning_18_window(caseworker_a, team_a):
    today = dt.date(2026, 3, 15)

    def young(name, born):
        return make_participant(caseworker_a, team_a, given_name=name, date_of_birth=born)

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


def _office():
    return make_user(PROGRAMME_OFFICE)


EVERYTHING = periods.parse("alles")


def test_counters_are_exact_for_management(caseworker_a, lead_a, team_a, enrolment, debts):
    """25 places: 12 forgiven, 11 proposed, 2 with neither; one forgiveness followed up at six
    months with new debts. The programme office sees every figure as it is."""
    forgive(caseworker_a, lead_a, enrolment)
    for i in range(24):
        other = make_enrolment(caseworker_a, team_a, given_name=f"Plaats{i}")
        add_debt(caseworker_a, other, current="100")
        if i < 11:
            forgive(caseworker_a, lead_a, other, amount="100")
            continue
        services.admit_to_pilot(actor=caseworker_a, enrolment=other, date=dt.date(2025, 2, 1))
        if i < 22:
            services.propose_forgiveness(
                actor=caseworker_a,
                enrolment=other,
                amount=Decimal("100"),
                date=dt.date(2025, 6, 1),
                funding="fno",
            )
    six = enrolment.schuldenvrij_forgivenesses.get().follow_ups.get(months=6)
    record_follow_up(
        caseworker_a, six, dt.date(2025, 12, 2), True, expected_version=1, new_debts_amount="50"
    )
    office = _office()
    counters = selectors.counters(office, period=EVERYTHING)
    assert counters.exact and counters.places_cap == 100
    assert (counters.places_used.value, counters.places_free) == (25, 75)
    assert (counters.approved.value, counters.proposed.value, counters.places_rest.value) == (
        12,
        11,
        2,
    )
    assert counters.forgivenesses.total.value == 12
    assert counters.amount_forgiven.value == Decimal("3100.00")  # 2000 + 11 x 100
    assert counters.follow_ups.total.value == 1
    assert counters.follow_ups.rows[0].cells[0].value == 1  # 6 months, with new debts
    event = AccessEvent.objects.filter(subject_type="aggregate").get()
    assert event.what.startswith("schuldenvrij:figures:management:")
    # A period: forgivenesses dated 2025-06-01, the follow-up done 2025-12-02.
    june = selectors.counters(office, period=periods.parse("2025-06"))
    assert june.forgivenesses.total.value == 12 and june.follow_ups.total.value == 0
    december = selectors.counters(office, period=periods.parse("2025-12"))
    assert december.forgivenesses.total.value == 0 and december.follow_ups.total.value == 1
    assert december.places_used.value == 25  # the pilot's places are as of today


@override_settings(KOERS_RELEASE_MANAGEMENT="public")
def test_counters_on_the_public_method(caseworker_a, lead_a, enrolment, debts):
    from privacy import cellkey

    forgive(caseworker_a, lead_a, enrolment)
    counters = selectors.counters(_office(), period=EVERYTHING)
    assert not counters.exact
    assert counters.amount_forgiven is None and counters.places_free is None
    key = enrolment.participant.record_key
    assert counters.approved.value == cellkey.perturb(1, key)
