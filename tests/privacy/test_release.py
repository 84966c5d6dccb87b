"""The release policy (privacy.release): declared tables, the method per audience and role,
the figures, and the access event of a view of management figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import override_settings

from accounts.roles import (
    CASEWORKER,
    EVALUATOR,
    PEER_EXPERT,
    PRIVACY_OFFICER,
    PROGRAMME_OFFICE,
    RESEARCHER,
    TEAM_LEAD,
)
from privacy import cellkey, periods
from privacy.models import AccessEvent
from privacy.release import (
    TOTAL,
    Audience,
    Cell,
    Method,
    NotReleasable,
    Scope,
    audience_for,
    declare,
    declared,
    grid,
    log_view,
    release,
    tabulate,
    unit_record_key,
)
from tests.factories import make_user

ALL = [a for a in Audience if a is not Audience.RESEARCH]
COUNTS = declare(
    "tests.people_by_wijk",
    title="Mensen per wijk en programma",
    dimensions=("wijk", "programme"),
    unit="participant",
    population="test population",
    audiences=ALL,
)
PAID = declare(
    "tests.paid",
    title="Betaald",
    dimensions=("provider",),
    unit="euro",
    population="test payments",
    audiences=[Audience.CONTRACT, Audience.MANAGEMENT],
    measure="amount",
    contract=True,
)
CLAIMS = declare(
    "tests.claims",
    title="Claims",
    dimensions=("status",),
    unit="claim",
    population="test claims",
    audiences=[Audience.CONTRACT, Audience.MANAGEMENT],
    contract=True,
)
PEOPLE = [(("bilgaard", "gezinslab"), 17), (("bilgaard", "gezinslab"), 200)] + [
    (("oud-oost", "schuldenvrij"), key) for key in range(3, 15)
]


def test_the_method_per_audience():
    assert COUNTS.method(Audience.CARE) is Method.EXACT
    assert COUNTS.method(Audience.MANAGEMENT) is Method.EXACT
    assert COUNTS.method(Audience.PUBLIC) is Method.CELL_KEY
    assert COUNTS.method(Audience.CONTRACT) is Method.CELL_KEY  # not what is paid on
    assert CLAIMS.method(Audience.CONTRACT) is Method.EXACT
    with pytest.raises(NotReleasable):
        COUNTS.method(Audience.RESEARCH)
    with pytest.raises(NotReleasable):
        CLAIMS.method(Audience.PUBLIC)  # not declared for the public


@override_settings(KOERS_RELEASE_MANAGEMENT="public")
def test_the_privacy_officer_can_put_management_on_the_public_method():
    assert COUNTS.method(Audience.MANAGEMENT) is Method.CELL_KEY
    with pytest.raises(NotReleasable):
        PAID.method(Audience.MANAGEMENT)  # an amount is never perturbed
    assert PAID.method(Audience.CONTRACT) is Method.EXACT


def test_exact_figures_with_every_margin():
    cells = tabulate(PEOPLE)
    table = release(COUNTS, cells, audience=Audience.MANAGEMENT)
    assert table.exact
    assert table.value("bilgaard", "gezinslab") == 2
    assert table.value("oud-oost", TOTAL) == 12
    assert table.value(TOTAL, TOTAL) == table.total.value == 14
    assert table.value("vrijheidswijk", "gezinslab") == 0  # an empty group


def test_public_figures_are_the_cell_key_method():
    cells = tabulate(PEOPLE)
    table = release(COUNTS, cells, audience=Audience.PUBLIC)
    assert not table.exact and table.total.perturbed
    for key, cell in cells.items():
        assert table[key].value == cellkey.perturb(cell.count, cell.key_sum)
    assert table.value("vrijheidswijk", "gezinslab") == 0  # zeros stay zero


def test_amounts_are_exact_to_the_cent():
    cells = {
        ("gezinslab",): Cell(amount=Decimal("1500.5")),
        (TOTAL,): Cell(amount=Decimal("1500.5")),
    }
    table = release(PAID, cells, audience=Audience.CONTRACT)
    assert table.value("gezinslab") == Decimal("1500.50")
    assert table.value("dreamfabryk") == Decimal("0.00")


def test_an_undeclared_table_is_not_released():
    from dataclasses import replace

    stranger = replace(COUNTS, code="tests.undeclared")
    with pytest.raises(NotReleasable):
        release(stranger, {}, audience=Audience.MANAGEMENT)


@pytest.mark.parametrize(
    "changes,problem",
    [
        ({"code": "nodot"}, "app.name"),
        ({"audiences": []}, "audience"),
        ({"audiences": ["research"]}, "research"),
        ({"measure": "amount", "audiences": ["public"]}, "table of amount"),
        ({"contract": True, "audiences": ["public"]}, "contract"),
        ({"dimensions": ["a", "a"]}, "distinct"),
        ({"population": ""}, "population"),
    ],
)
def test_a_bad_declaration_stops_the_start(changes, problem):
    values = {
        "code": "tests.bad",
        "title": "x",
        "dimensions": ["a"],
        "unit": "participant",
        "population": "p",
        "audiences": ["management"],
        **changes,
    }
    with pytest.raises(ImproperlyConfigured, match=problem):
        declare(values.pop("code"), **values)


def test_a_table_is_declared_once():
    with pytest.raises(ImproperlyConfigured, match="twice"):
        declare(
            "tests.people_by_wijk",
            title="Iets anders",
            dimensions=("wijk",),
            unit="participant",
            population="p",
            audiences=ALL,
        )
    assert declared()["tests.people_by_wijk"] is COUNTS


def test_grid_lays_out_rows_columns_and_totals():
    table = release(COUNTS, tabulate(PEOPLE), audience=Audience.MANAGEMENT)
    layout = grid(
        table,
        [("bilgaard", "Bilgaard"), ("oud-oost", "Oud-Oost")],
        [("gezinslab", "Gezinslab"), ("schuldenvrij", "Schuldenvrij")],
    )
    assert [r.label for r in layout.rows] == ["Bilgaard", "Oud-Oost"]
    assert [int(c) for c in layout.rows[1].cells] == [0, 12]
    assert [int(c) for c in layout.column_totals] == [2, 12]
    assert int(layout.total) == 14 and layout.top == 12


def test_record_keys_of_other_units_are_stable_and_in_range():
    keys = {unit_record_key("barrier", index) for index in range(500)}
    assert keys <= set(range(cellkey.KEY_RANGE)) and len(keys) > 150
    assert unit_record_key("barrier", 7) == unit_record_key("barrier", 7)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,scope,audience",
    [
        (PROGRAMME_OFFICE, Scope.PROGRAMME, Audience.MANAGEMENT),
        (TEAM_LEAD, Scope.PROGRAMME, Audience.MANAGEMENT),
        (PRIVACY_OFFICER, Scope.PROGRAMME, Audience.MANAGEMENT),
        (CASEWORKER, Scope.PROGRAMME, Audience.PUBLIC),
        (RESEARCHER, Scope.PROGRAMME, Audience.PUBLIC),
        (CASEWORKER, Scope.TEAM, Audience.CARE),
        (PEER_EXPERT, Scope.TEAM, Audience.CARE),
        (TEAM_LEAD, Scope.TEAM, Audience.CARE),
        (PROGRAMME_OFFICE, Scope.TEAM, Audience.PUBLIC),
        (EVALUATOR, Scope.AGREEMENT, Audience.CONTRACT),
        (TEAM_LEAD, Scope.AGREEMENT, Audience.MANAGEMENT),
        (EVALUATOR, Scope.PROGRAMME, Audience.PUBLIC),
    ],
)
def test_the_audience_per_role_and_scope(role, scope, audience):
    assert audience_for(make_user(role), scope) is audience


def test_no_login_is_the_public():
    from django.contrib.auth.models import AnonymousUser

    assert audience_for(AnonymousUser(), Scope.PROGRAMME) is Audience.PUBLIC


@pytest.mark.django_db
def test_a_view_of_management_figures_is_logged_without_a_subject():
    user = make_user(PROGRAMME_OFFICE)
    log_view(user, [COUNTS, CLAIMS], audience=Audience.MANAGEMENT, where="dashboard:test")
    event = AccessEvent.objects.get()
    assert event.subject_id is None and event.subject_type == "aggregate"
    assert event.what == "dashboard:test:management:tests.claims,tests.people_by_wijk"
    log_view(user, [COUNTS], audience=Audience.PUBLIC, where="dashboard:test")
    assert AccessEvent.objects.exclude(purpose="security").count() == 1


# --- periods ------------------------------------------------------------------------------

TODAY = dt.date(2026, 5, 20)


@pytest.mark.parametrize(
    "value,start,end,kind",
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year"),
        ("2026", dt.date(2026, 1, 1), TODAY, "year"),
        ("2026-K1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "quarter"),
        ("2026-q2", dt.date(2026, 4, 1), TODAY, "quarter"),
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28), "month"),
        ("", None, TODAY, "all"),
        ("alles", None, TODAY, "all"),
    ],
)
def test_periods(value, start, end, kind):
    period = periods.parse(value, today=TODAY)
    assert (period.start, period.end, period.kind) == (start, end, kind)


@pytest.mark.parametrize(
    "value,message",
    [
        ("9999-12", "2000 tot en met 2100"),
        ("1999", "2000 tot en met 2100"),
        ("2026-13", "01 tot en met 12"),
        ("2026-06", "nog niet begonnen"),
        ("2027", "nog niet begonnen"),
        ("2026-K5", "JJJJ-K1"),
        ("volgend jaar", "JJJJ-K1"),
    ],
)
def test_bad_periods_are_refused_in_dutch(value, message):
    with pytest.raises(ValidationError) as info:
        periods.parse(value, today=TODAY)
    assert message in str(info.value.message_dict["period"])


def test_period_choices_offer_everything_years_quarters_and_months():
    codes = [code for code, _label in periods.choices(today=TODAY)]
    assert codes[:4] == ["alles", "2026", "2025", "2024"]
    assert "2026-K2" in codes and "2026-K3" not in codes
    assert "2026-05" in codes and "2025-06" in codes and "2025-05" not in codes
    for code in codes:
        periods.parse(code, today=TODAY)  # every choice is accepted
