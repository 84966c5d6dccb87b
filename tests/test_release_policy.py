"""The release policy over the whole project (privacy.release): every declared table names
its audiences and what it counts; every programme-wide page releases its figures through
declared tables only (a figure computed beside them fails here); with the demo data the
management pages show every figure exactly, with bars."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from privacy import periods
from privacy.release import Audience, Figure, Grid, NotReleasable, Released, declared
from tests.factories import make_user

APPS = ("gezinslab", "buurtgezinnen", "schuldenvrij", "lifecoaching", "baangaranties")


def _project_tables():
    return {code: spec for code, spec in declared().items() if not code.startswith("tests.")}


def test_every_declared_table_names_its_audience_rules():
    tables = _project_tables()
    for app in APPS:
        assert any(code.startswith(f"{app}.") for code in tables), app
    for code, spec in tables.items():
        assert spec.title and spec.unit and spec.population, code
        assert spec.audiences and Audience.RESEARCH not in spec.audiences, code
        for audience in Audience:
            if audience in spec.audiences:
                try:
                    spec.method(audience)
                except NotReleasable:
                    assert spec.measure != "count", code  # only amounts and statistics
            else:
                with pytest.raises(NotReleasable):
                    spec.method(audience)


# Numbers a dashboard may show that are not aggregates of records: caps and targets from the
# settings or the plan, what the chains committed (entered figures), years. Open Hiring's state
# holds how many places are taken, but its page says only "full" or "free" (availability of a
# service, tested in tests/baangaranties).
NOT_AGGREGATES = {
    "open_hiring",
    "places_cap",
    "places_free",
    "basic_jobs_cap",
    "target",
    "committed",
    "committed_total",
    "years",
    "year",
    "places",
    "percentage",
}


def _numbers(value, path=""):
    """Every plain number in a dashboard object, with where it is."""
    if isinstance(value, Figure | Released | Grid | periods.Period):
        return
    if isinstance(value, bool):
        return
    if isinstance(value, int | float | Decimal):
        yield path
        return
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name in NOT_AGGREGATES or field.name == "specs":
                continue
            yield from _numbers(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _numbers(item, f"{path}[{index}]")


def _boards(demo_user):
    from baangaranties import selectors as baangaranties
    from gezinslab import selectors as gezinslab
    from lifecoaching import selectors as lifecoaching
    from schuldenvrij import selectors as schuldenvrij

    period = periods.parse("alles")
    return {
        "gezinslab": gezinslab.dashboard(demo_user, period=period),
        "schuldenvrij": schuldenvrij.counters(demo_user, period=period),
        "lifecoaching": lifecoaching.counters(demo_user, period=period),
        "baangaranties": baangaranties.dashboard(demo_user, period=period),
    }


def test_every_figure_of_a_dashboard_comes_from_a_declared_table(demo_data):
    from accounts.models import User

    office = User.objects.get(username="programmabureau")
    for name, board in _boards(office).items():
        assert list(_numbers(board, name)) == [], name
        assert board.specs and all(spec.code in declared() for spec in board.specs), name


PAGES = [
    "gezinslab:dashboard",
    "schuldenvrij:figures",
    "lifecoaching:counters",
    "baangaranties:dashboard",
]


@pytest.mark.parametrize("username", ["programmabureau", "teamleider"])
def test_the_demo_dashboards_are_exact_for_management(demo_data, username):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    for name in PAGES:
        if username == "teamleider" and name != "gezinslab:dashboard":
            continue  # the demo's team lead leads Gezinslab only; the pages are the same
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "&lt;10" not in html and "<10" not in html and "verborgen" not in html, name
        assert "Exacte aantallen" in html, name
        if name != "lifecoaching:counters" or username == "programmabureau":
            bars = re.findall(r'<rect [^>]*width="(\d+)"', html)
            assert bars and any(int(width) > 0 for width in bars), name
    data = client.get(reverse("api:gezinslab-barrier-table-list")).json()
    assert data["method"] == "exact" and data["barriers"]["total"] > 0


def test_a_caseworker_gets_no_programme_wide_page(demo_data):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="hulpverlener"))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    assert make_user  # the factories are there for tests that need more users
