"""The team's long lists are paged by 50 (the overview by name, the retention checks soonest
first, the Open Hiring list in the order of signing up, the routes latest first): only the
rows shown are decrypted and logged, and a page costs the same queries for 1, 50 or 120 rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from baangaranties import services
from baangaranties.models import RetentionCheck
from tests.baangaranties.conftest import START, add_route, commit, make_enrolment, place
from tests.paging import assert_flat, assert_paged, last_event, logged

pytestmark = pytest.mark.django_db

NAME = r"(P\d\d\d de Vries)"
YOUNG = dt.date(2003, 1, 1)  # under 27: on assistance, a young person who needs a route


@pytest.fixture
def people(worker, bg_team):
    """``people(n)``: the team has ``n`` enrolments of young people, named P000, P001, ... in
    the order made."""
    made = []

    def grow(n: int, then=None) -> list:
        while len(made) < n:
            enrolment = make_enrolment(
                worker, bg_team, given_name=f"P{len(made):03d}", date_of_birth=YOUNG
            )
            made.append(enrolment)
            if then is not None:
                then(len(made) - 1, enrolment)
        return made

    return grow


def _name(index: int) -> str:
    return f"P{index:03d} de Vries"


def _check_logs(client, url, what, shown_ids, params=None):
    since = last_event()
    assert client.get(url, params or {}).status_code == 200
    assert sorted(logged(what, since)) == sorted(shown_ids)


def test_overview_is_paged_by_name(client, worker, people, lead, chain, employer):
    commit(lead, chain, 100)
    made = people(53, then=lambda i, e: place(worker, e, employer) if i % 2 else None)
    client.force_login(worker)
    url = reverse("baangaranties:home")
    names = sorted(_name(i) for i in range(53))
    first, _second = assert_paged(client, url, rf">{NAME}</a></td>", names)
    assert "53 deelnemers met een lopend baangarantietraject." in first
    assert "Zorggroep Oostergo" in first
    by_name = {_name(i): e.participant_id for i, e in enumerate(made)}
    _check_logs(client, url, "baangaranties_overview", [by_name[n] for n in names[:50]])
    _check_logs(
        client, url, "baangaranties_overview", [by_name[n] for n in names[50:]], {"pagina": 2}
    )


def _due_in_order(worker, employer):
    """A placement per enrolment, each a day earlier: the 3-month checks fall due in the
    reverse order of making."""
    today = timezone.localdate()

    def then(index, enrolment):
        start = services.add_months(today, -3) + dt.timedelta(days=7 - index)
        place(worker, enrolment, employer, start_date=start)

    return then


def test_due_checks_are_paged_soonest_first(client, worker, people, lead, chain, employer):
    commit(lead, chain, 100)
    made = people(51, then=_due_in_order(worker, employer))
    client.force_login(worker)
    url = reverse("baangaranties:checks")
    # Soonest first: about the reverse of making (two starts at a month's end can fall due
    # on the same day, then the id decides).
    order = RetentionCheck.objects.filter(months=3).order_by("due_on", "id")
    made_index = {e.pk: i for i, e in enumerate(made)}
    index = [made_index[c.placement.enrolment_id] for c in order.select_related("placement")]
    assert sorted(index) == list(range(51)) and index[0] > index[-1]
    names = [_name(i) for i in index]
    first, _second = assert_paged(client, url, rf"<td>{NAME}</td>", names)
    assert "51 checks aan de beurt." in first
    ids = [made[i].participant_id for i in index]
    _check_logs(client, url, "baangaranties_due_checks", ids[:50])
    _check_logs(client, url, "baangaranties_due_checks", ids[50:], {"pagina": 2})


def test_open_hiring_is_paged_in_the_order_of_signing_up(client, worker, people):
    now = timezone.now()

    def sign_up(index, enrolment):
        services.sign_up_open_hiring(
            actor=worker, enrolment=enrolment, signed_up_at=now - dt.timedelta(minutes=60 - index)
        )

    made = people(52, then=sign_up)
    client.force_login(worker)
    url = reverse("baangaranties:open_hiring")
    names = [_name(i) for i in range(52)]
    _first, second = assert_paged(client, url, rf"<td>{NAME}</td>", names)
    assert "<td>51</td>" in second and "<td>52</td>" in second  # the queue goes on
    ids = [e.participant_id for e in made]
    _check_logs(client, url, "baangaranties_open_hiring", ids[:50])
    _check_logs(client, url, "baangaranties_open_hiring", ids[50:], {"pagina": 2})


def test_routes_are_paged_latest_first(client, worker, people):
    def route(index, enrolment):
        add_route(worker, enrolment, dt.date(2026, 1, 1) + dt.timedelta(days=index))

    made = people(51, then=route)
    client.force_login(worker)
    url = reverse("baangaranties:routes")
    names = [_name(i) for i in reversed(range(51))]
    assert_paged(client, url, rf"<td>{NAME}</td>", names)
    ids = [e.participant_id for e in reversed(made)]
    _check_logs(client, url, "baangaranties_routes", ids[:50])
    _check_logs(client, url, "baangaranties_routes", ids[50:], {"pagina": 2})


def _on_assistance(worker):
    def then(index, enrolment):
        services.record_social_assistance(
            actor=worker, enrolment=enrolment, on_assistance=True, date=dt.date(2026, 1, 5)
        )

    return then


def test_young_people_without_a_route_are_paged_by_name_beside_the_routes(client, worker, people):
    made = people(51, then=_on_assistance(worker))
    routed = made[0]  # P000 has a route: it leaves the first list for the second
    add_route(worker, routed)
    made = people(52, then=_on_assistance(worker))
    client.force_login(worker)
    url = reverse("baangaranties:routes")
    names = [_name(i) for i in range(1, 52)]
    pattern = rf">{NAME}</a></td>"
    first, _second = assert_paged(
        client, url, pattern, names, params={"pagina": 1}, param="pagina_zonder_route"
    )
    assert "51 jongeren in de bijstand zonder route." in first
    assert 'aria-label="Pagina’s van de jongeren zonder route"' in first
    assert f"<td>{_name(0)}</td>" in first  # the route, below
    ids = [e.participant_id for e in made[1:]]
    _check_logs(client, url, "baangaranties_young_without_route", ids[:50])
    _check_logs(
        client, url, "baangaranties_young_without_route", ids[50:], {"pagina_zonder_route": 2}
    )


def test_the_paged_lists_cost_the_same_for_1_50_and_120_rows(
    client, worker, bg_team, lead, chain, employer, people
):
    commit(lead, chain, 150)
    today = timezone.localdate()
    now = timezone.now()

    def everything(index, enrolment):
        place(worker, enrolment, employer, start_date=services.add_months(today, -3))
        services.sign_up_open_hiring(
            actor=worker, enrolment=enrolment, signed_up_at=now - dt.timedelta(minutes=index)
        )
        add_route(worker, enrolment, START)

    client.force_login(worker)
    for name in ("home", "checks", "open_hiring", "routes"):
        assert_flat(client, reverse(f"baangaranties:{name}"), lambda n: people(n, then=everything))
