"""The caseload page: filters, order and pages of 50, with the same queries for any size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import selectors
from casework.models import Enrolment
from tests.factories import end_enrolment, enrol, make_participant
from tests.paging import page_queries, queries

pytestmark = pytest.mark.django_db
URL = "casework:caseload"


def _names(response) -> list[str]:
    return [row.person.display_name for row in response.context["rows"]]


def test_filters_by_programme_wijk_and_who(client, caseworker_a, lead_a, team_a):
    make_participant(actor=caseworker_a, team=team_a, given_name="Gerrit", wijk="bilgaard")
    make_participant(
        actor=caseworker_a,
        team=team_a,
        given_name="Sietske",
        programme="schuldenvrij",
        wijk="vrijheidswijk",
    )
    make_participant(actor=lead_a, team=team_a, given_name="Lammert", wijk="bilgaard")
    client.force_login(caseworker_a)
    everyone = client.get(reverse(URL))
    assert sorted(_names(everyone)) == ["Gerrit de Vries", "Lammert de Vries", "Sietske de Vries"]
    page = everyone.content.decode()
    assert "Schuldenvrij" in page and 'name="programma"' in page
    assert _names(client.get(reverse(URL), {"programma": "schuldenvrij"})) == ["Sietske de Vries"]
    assert sorted(_names(client.get(reverse(URL), {"wijk": "bilgaard"}))) == [
        "Gerrit de Vries",
        "Lammert de Vries",
    ]
    assert "Lammert de Vries" not in _names(client.get(reverse(URL), {"status": "mine"}))
    assert _names(client.get(reverse(URL), {"status": "unassigned"})) == ["Lammert de Vries"]
    nobody = client.get(reverse(URL), {"programma": "schuldenvrij", "wijk": "bilgaard"})
    assert "Niemand in uw caseload past bij deze filters." in nobody.content.decode()
    # An unknown choice is ignored, not an error: the whole caseload shows.
    assert len(_names(client.get(reverse(URL), {"programma": "bestaat-niet"}))) == 3


def test_orders_by_dutch_family_name_or_newest_first(client, caseworker_a, team_a):
    for given, family, start in (
        ("Anne", "de Boer", dt.date(2025, 5, 1)),
        ("Pier", "Adema", dt.date(2025, 1, 1)),
        ("Ytje", "Zwart", dt.date(2025, 3, 1)),
    ):
        make_participant(
            actor=caseworker_a, team=team_a, given_name=given, family_name=family, start_date=start
        )
    client.force_login(caseworker_a)
    assert _names(client.get(reverse(URL))) == ["Pier Adema", "Anne de Boer", "Ytje Zwart"]
    newest = client.get(reverse(URL), {"sort": "start"})
    assert _names(newest) == ["Anne de Boer", "Ytje Zwart", "Pier Adema"]


def test_the_case_manager_is_named_once(client, caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a, given_name="Dubbel")
    enrol(caseworker_a, participant, "schuldenvrij", team_a, dt.date(2025, 2, 1), "consent")
    client.force_login(caseworker_a)
    response = client.get(reverse(URL))
    (row,) = response.context["rows"]
    assert len(row.enrolments) == 2
    assert len(row.caseworkers) == 1


def test_pages_of_fifty_with_flat_queries(client, caseworker_a, team_a):
    make_participant(actor=caseworker_a, team=team_a, given_name="Eerste", family_name="Aa")
    client.force_login(caseworker_a)
    one = queries(client, reverse(URL))  # after the session's first request, which warms caches
    for index in range(55):
        make_participant(
            actor=caseworker_a, team=team_a, given_name=f"Nr{index:02d}", family_name="Bakker"
        )
    assert page_queries(client, reverse(URL)) == one
    first = client.get(reverse(URL))
    assert len(first.context["rows"]) == 50
    page = first.content.decode()
    assert "56 deelnemers." in page and "Pagina 1 van 2" in page
    assert "pagina=2" in page
    second = client.get(reverse(URL), {"pagina": 2})
    assert len(second.context["rows"]) == 6
    assert "Vorige pagina" in second.content.decode()
    shown = {r.person.id for r in first.context["rows"]} | {
        r.person.id for r in second.context["rows"]
    }
    assert len(shown) == 56


def test_only_the_rows_shown_are_logged(caseworker_a, team_a):
    from privacy.models import AccessEvent

    for index in range(3):
        make_participant(actor=caseworker_a, team=team_a, given_name=f"Log{index}")
    before = AccessEvent.objects.exclude(purpose="security").count()
    page = selectors.caseload_page(
        caseworker_a, selectors.CaseloadQuery(programme="schuldenvrij"), page=1
    )
    assert page.rows == [] and AccessEvent.objects.exclude(purpose="security").count() == before
    page = selectors.caseload_page(caseworker_a, selectors.CaseloadQuery(), page=1)
    assert AccessEvent.objects.exclude(purpose="security").count() == before + 3


def test_dates_follow_the_pages_language(client, caseworker_a, team_a):
    from django.conf import settings

    make_participant(
        actor=caseworker_a, team=team_a, given_name="Datum", date_of_birth=dt.date(1990, 1, 2)
    )
    client.force_login(caseworker_a)
    assert "2-1-1990" in client.get(reverse(URL)).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse(URL)).content.decode()
    assert "01/02/1990" in english and "2-1-1990" not in english


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def test_filters_on_measurements_due_or_overdue(client, caseworker_a, team_a):
    from tests.factories import measure

    due = make_participant(actor=caseworker_a, team=team_a, given_name="Nodig", start_date=_today())
    done = make_participant(
        actor=caseworker_a, team=team_a, given_name="Gedaan", start_date=_today()
    )
    enrolment = done.enrolments.get()
    # Without goals, goal attainment is not asked yet.
    measure(caseworker_a, enrolment, "zrm", "intake", _today(), {"financien": 3})
    measure(caseworker_a, enrolment, "positieve_gezondheid", "intake", _today(), {"meedoen": 7})
    make_participant(
        actor=caseworker_a,
        team=team_a,
        given_name="Laat",
        start_date=_today() - dt.timedelta(days=200),
    )
    # Not yet started: its intake window opens two weeks before the start.
    make_participant(
        actor=caseworker_a,
        team=team_a,
        given_name="Later",
        start_date=_today() + dt.timedelta(days=20),
    )
    client.force_login(caseworker_a)
    assert len(_names(client.get(reverse(URL)))) == 4
    response = client.get(reverse(URL), {"metingen": "due"})
    assert sorted(_names(response)) == ["Laat de Vries", "Nodig de Vries"]
    assert due.pk in {row.person.id for row in response.context["rows"]}
    assert "Alle filters wissen" in response.content.decode()


def test_the_filter_on_measurements_due_has_flat_queries(client, caseworker_a, team_a):
    make_participant(actor=caseworker_a, team=team_a, given_name="Eerste", start_date=_today())
    client.force_login(caseworker_a)
    due = {"metingen": "due"}
    assert len(client.get(reverse(URL), due).context["rows"]) == 1
    one = queries(client, reverse(URL), due)
    for index in range(49):
        make_participant(
            actor=caseworker_a, team=team_a, given_name=f"Nr{index:02d}", start_date=_today()
        )
    assert page_queries(client, reverse(URL), due) == one
    assert len(client.get(reverse(URL), due).context["rows"]) == 50


def test_active_enrolments_are_the_visible_active_ones(caseworker_a, lead_a, team_a, team_b):
    """``active_enrolments`` (the caseload's rows and filters) holds exactly the active rows of
    ``visible_enrolments``: not another team's, not an ended one, not an erased participant's,
    nothing for a role without file access or once the team is inactive."""
    from django.utils import timezone

    from accounts.roles import CASEWORKER, PROGRAMME_OFFICE
    from casework.models import Participant
    from casework.selectors.caseload import active_enrolments
    from tests.factories import make_user

    other = make_user(CASEWORKER, teams=[team_b])
    shown = make_participant(actor=caseworker_a, team=team_a, given_name="Getoond")
    make_participant(actor=other, team=team_b, given_name="Ander team")
    ended = make_participant(actor=caseworker_a, team=team_a, given_name="Afgerond")
    enrolment = ended.enrolments.get()
    end_enrolment(caseworker_a, enrolment, enrolment.start_date, Enrolment.Status.COMPLETED)
    erased = make_participant(actor=caseworker_a, team=team_a, given_name="Gewist")
    Participant.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    both = make_participant(actor=caseworker_a, team=team_a, given_name="Twee teams")
    bridge = make_user(CASEWORKER, teams=[team_a, team_b])
    enrol(bridge, both, "schuldenvrij", team_b, dt.date(2025, 2, 1), "consent")
    office = make_user(PROGRAMME_OFFICE, teams=[team_a])

    def same(user) -> set:
        visible = selectors.visible_enrolments(user).filter(status=Enrolment.Status.ACTIVE)
        assert set(active_enrolments(user)) == set(visible)
        return {e.participant_id for e in visible}

    assert same(caseworker_a) == same(lead_a) == {shown.pk, both.pk}
    assert same(other) == {both.pk} | set(
        Enrolment.objects.filter(team=team_b).values_list("participant_id", flat=True)
    )
    assert same(office) == set()
    team_a.active = False
    team_a.save()
    assert same(caseworker_a) == set()


def test_a_row_shows_the_teams_active_enrolments_without_user_rows(
    client, caseworker_a, lead_a, team_a, team_b
):
    """A row names each programme and case manager of the user's teams' active enrolments
    (not another team's), read as plain values: no case manager's user row (password hash
    and all) is read for the page."""
    from accounts.roles import CASEWORKER
    from casework import services
    from tests.factories import make_user

    caseworker_a.first_name, caseworker_a.last_name = "Sjoerd", "Hylkema"
    caseworker_a.save()
    participant = make_participant(actor=caseworker_a, team=team_a, given_name="Rij")
    enrol(lead_a, participant, "schuldenvrij", team_a, dt.date(2025, 2, 1), "consent")
    unassigned = participant.enrolments.get(programme__code="schuldenvrij")
    services.assign_caseworker(
        actor=lead_a,
        enrolment=unassigned,
        expected_version=unassigned.version,
        caseworker=None,
    )
    bridge = make_user(CASEWORKER, teams=[team_a, team_b])
    enrol(bridge, participant, "lifecoaching", team_b, dt.date(2025, 3, 1), "consent")
    client.force_login(caseworker_a)
    client.get(reverse(URL))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(URL))
    (row,) = response.context["rows"]
    assert [(e.programme_code, e.team, e.caseworker) for e in row.enrolments] == [
        ("gezinslab", team_a.name, "Sjoerd Hylkema"),
        ("schuldenvrij", team_a.name, ""),
    ]
    assert row.caseworker_names == "Sjoerd Hylkema"
    page = response.content.decode()
    assert "Sjoerd Hylkema" in page and "Schuldenvrij" in page and "Lifecoaching" not in page
    enrolment_queries = [
        q["sql"] for q in captured.captured_queries if "casework_enrolment" in q["sql"]
    ]
    assert enrolment_queries and not any('"password"' in sql for sql in enrolment_queries)


def test_newest_first_and_by_wijk_pages_show_the_same_rows(client, caseworker_a, team_a):
    """Each order reads its rows its own way (newest first: ids, then the page; by name or
    wijk: the names of everyone): the same people, the same fields, every one logged once."""
    from privacy.models import AccessEvent

    for index, wijk in enumerate(("bilgaard", "", "vrijheidswijk")):
        make_participant(
            actor=caseworker_a,
            team=team_a,
            given_name=f"Nr{index}",
            family_name="Wijkstra",
            wijk=wijk,
            client_ref=f"GL-{index}",
            date_of_birth=dt.date(1990, 1, index + 1),
            start_date=dt.date(2025, 1, index + 1),
        )
    client.force_login(caseworker_a)

    def shown(sort: str) -> list[tuple]:
        before = AccessEvent.objects.filter(what="caseload").count()
        rows = client.get(reverse(URL), {"sort": sort}).context["rows"]
        assert AccessEvent.objects.filter(what="caseload").count() == before + len(rows)
        return [
            (r.person.display_name, r.person.client_ref, r.person.date_of_birth, r.person.wijk)
            for r in rows
        ]

    by_name, newest, by_wijk = shown("name"), shown("start"), shown("wijk")
    assert [name for name, *_ in newest] == ["Nr2 Wijkstra", "Nr1 Wijkstra", "Nr0 Wijkstra"]
    assert [wijk for *_, wijk in by_wijk] == ["bilgaard", "vrijheidswijk", ""]
    assert sorted(by_name) == sorted(newest) == sorted(by_wijk)
    assert ("Nr1 Wijkstra", "GL-1", "1990-01-02", "") in by_name
