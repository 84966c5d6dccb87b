"""The casework selectors: scope, search, the file, households, and fixed query counts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import CASEWORKER, PEER_EXPERT, PROGRAMME_OFFICE, TEAM_LEAD
from casework import selectors, services
from casework.models import Enrolment, Instrument
from tests.clock import TODAY
from tests.factories import (
    add_member,
    end_enrolment,
    log_progress,
    make_household,
    make_participant,
    make_user,
    measure,
    valid_bsn,
)
from tests.paging import count

pytestmark = pytest.mark.usefixtures("fixed_clock")  # TODAY is the date of the fixed clock
_refs = itertools.count()
START = dt.date(2025, 1, 6)


def _fresh(user: User) -> User:
    """The user as a new request sees them (no cached roles)."""
    return User.objects.get(pk=user.pk)


def _ids(rows) -> set:
    return {row.person.id for row in rows}


# --- scope -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_visible_participants_and_caseload_follow_team(
    caseworker_a, caseworker_b, lead_a, team_a, team_b
):
    a = make_participant(actor=caseworker_a, team=team_a, given_name="Anna", family_name="Zee")
    a2 = make_participant(actor=caseworker_a, team=team_a, given_name="Bert", family_name="Aap")
    b = make_participant(actor=caseworker_b, team=team_b, given_name="Carla")
    assert set(selectors.visible_participants(caseworker_a)) == {a, a2}
    assert set(selectors.visible_participants(lead_a)) == {a, a2}
    assert set(selectors.visible_participants(caseworker_b)) == {b}
    rows = selectors.caseload(caseworker_a)
    assert [row.person.display_name for row in rows] == ["Bert Aap", "Anna Zee"]
    assert all(row.person.bsn is None for row in rows)
    assert [(e.team_id, e.team) for e in rows[0].enrolments] == [(team_a.pk, team_a.name)]
    assert _ids(selectors.caseload(caseworker_b)) == {b.pk}
    assert _ids(selectors.caseload(caseworker_a, team_code=team_b.code)) == set()
    with pytest.raises(Http404):
        selectors.get_participant(caseworker_b, a.pk)
    with pytest.raises(Http404):
        selectors.participant_file(caseworker_b, a.pk)
    with pytest.raises(Http404):
        selectors.get_enrolment(caseworker_b, a.enrolments.get().pk)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
@pytest.mark.django_db
def test_the_scope_starts_from_the_teams_enrolments_not_every_participant(
    caseworker_a, caseworker_b, team_a, team_b
):
    """Every list in a caseload reads ``visible_participants``: SQLite must look the user's
    teams' enrolments up through their index, not test each participant of the database (a
    caseload of 50 among 10,000 participants took 18 ms that way, 1.3 ms this way)."""
    mine = make_participant(actor=caseworker_a, team=team_a)
    make_participant(actor=caseworker_b, team=team_b)
    visible = selectors.visible_participants(caseworker_a)
    sql, params = visible.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SCAN casework_participant" not in plan, plan
    assert list(visible) == [mine]


@pytest.mark.django_db
def test_roles_without_file_access_see_nothing(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    office = make_user(PROGRAMME_OFFICE, teams=[team_a])
    assert not selectors.visible_participants(office).exists()
    assert selectors.caseload(office) == []
    assert selectors.search_caseload(office, "Anna") == []
    with pytest.raises(PermissionDenied):
        selectors.get_participant(office, participant.pk)


@pytest.mark.django_db
def test_participant_in_two_teams_is_visible_to_both_but_shows_own_notes_only(
    caseworker_a, caseworker_b, team_a, team_b
):
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment_a = participant.enrolments.get()
    # Team B registers nothing new: team A's lead cannot enrol for team B, so enrol directly.
    enrolment_b = Enrolment.objects.create(
        participant=participant,
        programme=enrolment_a.programme.__class__.objects.get(code="schuldenvrij"),
        team=team_b,
        start_date=START,
        legal_basis=Enrolment.LegalBasis.CONSENT,
    )
    log_progress(caseworker_a, enrolment_a, TODAY, "Notitie A")
    log_progress(caseworker_b, enrolment_b, TODAY, "Notitie B")
    file_b = selectors.participant_file(caseworker_b, participant.pk)
    texts = {item.text for item in file_b.timeline if item.kind == "progress"}
    assert texts == {"Notitie B"}
    own = {view.enrolment.pk: view.own_team for view in file_b.enrolments}
    assert own == {enrolment_a.pk: False, enrolment_b.pk: True}


@pytest.mark.django_db
def test_ended_enrolment_removes_access(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Doel")
    end_enrolment(caseworker_a, enrolment, TODAY, Enrolment.Status.COMPLETED, expected_version=1)
    assert not selectors.visible_participants(caseworker_a).exists()
    assert selectors.caseload(caseworker_a) == []
    with pytest.raises(Http404):
        selectors.participant_file(caseworker_a, participant.pk)
    with pytest.raises(Http404):
        selectors.get_enrolment(caseworker_a, enrolment.pk)
    with pytest.raises(Http404):
        selectors.get_goal(caseworker_a, goal.pk)


@pytest.mark.django_db
def test_erased_participant_is_invisible(caseworker_a, team_a):
    participant = make_participant(actor=caseworker_a, team=team_a)
    participant.erased_at = timezone.now()
    participant.save(update_fields=["erased_at"])
    assert not selectors.visible_participants(caseworker_a).exists()
    with pytest.raises(Http404):
        selectors.get_enrolment(caseworker_a, participant.enrolments.get().pk)


# --- search -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_caseload(caseworker_a, caseworker_b, team_a, team_b):
    bsn_a = valid_bsn()
    anna = make_participant(
        caseworker_a, team_a, name="Anna de Vries", bsn=bsn_a, client_ref="GL-001"
    )
    bert = make_participant(caseworker_a, team_a, name="Bert Bakker")
    nameless = make_participant(
        caseworker_a, team_a, given_name="", family_name="", client_ref="GL-777"
    )
    b = make_participant(actor=caseworker_b, team=team_b, given_name="Annabel", family_name="Vries")
    search = selectors.search_caseload
    assert _ids(search(caseworker_a, "vries")) == {anna.pk}
    assert _ids(search(caseworker_a, "ANNA")) == {anna.pk}
    assert _ids(search(caseworker_a, "de vries anna")) == {anna.pk}
    assert _ids(search(caseworker_a, "anna de vries")) == {anna.pk}
    assert _ids(search(caseworker_a, "bakker")) == {bert.pk}
    assert _ids(search(caseworker_a, bsn_a)) == {anna.pk}
    assert _ids(search(caseworker_a, f" {bsn_a[:3]} {bsn_a[3:6]} {bsn_a[6:]} ")) == {anna.pk}
    assert _ids(search(caseworker_a, "GL-001")) == {anna.pk}
    assert _ids(search(caseworker_a, "GL-777")) == {nameless.pk}
    assert _ids(search(caseworker_a, "")) == {anna.pk, bert.pk, nameless.pk}
    # Words of the placeholder labels are not names.
    assert _ids(search(caseworker_a, "deelnemer")) == set()
    assert _ids(search(caseworker_a, "cliënt")) == set()
    # Team B sees nothing of team A's caseload, not even through the blind index.
    assert _ids(search(caseworker_b, "anna")) == {b.pk}
    assert search(caseworker_b, bsn_a) == []
    assert search(caseworker_b, "GL-001") == []
    assert search(caseworker_b, "bakker") == []


# --- the file ---------------------------------------------------------------------------------


@pytest.fixture
def full_file(caseworker_a, team_a):
    bsn = valid_bsn()
    participant = make_participant(caseworker_a, team_a, bsn=bsn, date_of_birth=dt.date(1990, 1, 2))
    enrolment = participant.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Werk vinden")
    log_progress(caseworker_a, enrolment, TODAY, "Gebeld")
    measure(caseworker_a, enrolment, "zrm", "intake", START, {"financien": 2, "huisvesting": 4})
    measure(caseworker_a, enrolment, "goal_attainment", "intake", START, {str(goal.pk): 3})
    plan = enrolment.plan
    services.save_plan_summary(actor=caseworker_a, plan=plan, expected_version=1, summary="Plan")
    return {"participant": participant, "bsn": bsn, "goal": goal, "enrolment": enrolment}


@pytest.mark.django_db
def test_participant_file_has_timeline_goals_and_charts(caseworker_a, full_file):
    file = selectors.participant_file(caseworker_a, full_file["participant"].pk)
    assert file.person.bsn == full_file["bsn"]
    assert file.person.bsn_hidden is False
    assert file.person.date_of_birth_value == dt.date(1990, 1, 2)
    kinds = [item.kind for item in file.timeline]
    assert sorted(kinds) == ["enrolment", "goal", "measurement", "measurement", "progress"]
    assert [item.date for item in file.timeline] == sorted(
        (item.date for item in file.timeline), reverse=True
    )
    progress = next(item for item in file.timeline if item.kind == "progress")
    assert progress.text == "Gebeld"
    assert progress.author == caseworker_a.get_full_name()
    [enrolment_view] = file.enrolments
    assert enrolment_view.own_team
    assert enrolment_view.plan_summary == "Plan"
    [goal_view] = enrolment_view.goals
    assert goal_view.text == "Werk vinden"
    assert goal_view.attainment == [(START, 3)]
    [chart] = file.charts
    assert chart.instrument.code == "zrm"
    assert len(chart.items) == 12
    assert chart.waves == [("intake", START, {"financien": 2, "huisvesting": 4})]


@pytest.mark.django_db
def test_peer_expert_sees_no_bsn(team_a, caseworker_a, full_file):
    peer = make_user(PEER_EXPERT, teams=[team_a])
    file = selectors.participant_file(peer, full_file["participant"].pk)
    assert file.person.bsn is None
    assert file.person.bsn_hidden is True
    assert file.person.given_name == "Anna"
    # A peer expert with a second role that may see the BSN does see it.
    both = make_user(PEER_EXPERT, CASEWORKER, teams=[team_a])
    assert selectors.participant_file(both, full_file["participant"].pk).person.bsn


# --- households -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_household_view_shows_members_outside_scope_without_identity(
    caseworker_a, caseworker_b, team_a
):
    parent = make_participant(actor=caseworker_a, team=team_a, given_name="Moeder")
    child = make_participant(actor=caseworker_a, team=team_a, given_name="Kind")
    household = make_household(
        caseworker_a, parent, start_date=START, name="Gezin Post", reference="HH-9"
    )
    add_member(caseworker_a, household, child, "child", start_date=START)
    child_enrolment = child.enrolments.get()
    end_enrolment(caseworker_a, child_enrolment, TODAY, Enrolment.Status.COMPLETED)
    view = selectors.household_view(caseworker_a, household.pk)
    assert (view.name, view.reference) == ("Gezin Post", "HH-9")
    people = {m.membership.participant_id: m.person for m in view.members}
    assert people[parent.pk].given_name == "Moeder"
    assert people[child.pk] is None
    with pytest.raises(Http404):
        selectors.household_view(caseworker_b, household.pk)
    assert [h.pk for h, _ in selectors.household_choices(caseworker_a)] == [household.pk]
    assert selectors.household_choices(caseworker_b) == []


# --- query counts -----------------------------------------------------------------------------


def _touch_caseload(rows):
    """What the caseload page reads from each row."""
    for row in rows:
        row.person.display_name, row.caseworker_names  # noqa: B018
        for enrolment in row.enrolments:
            enrolment.programme, enrolment.team, enrolment.status_label  # noqa: B018


def _touch_file(file):
    for item in file.timeline:
        item.text, item.author, item.programme  # noqa: B018
    for view in file.enrolments:
        str(view.enrolment.programme), str(view.enrolment.team)
        for goal in view.goals:
            goal.goal.get_status_display()
    for membership in file.households:
        membership.household.pk  # noqa: B018


def _touch_household(view):
    for member in view.members:
        member.membership.get_role_display()
        if member.person:
            member.person.display_name  # noqa: B018


def _many_participants(actor, team, n, household=None):
    made = []
    for _ in range(n):
        participant = make_participant(actor=actor, team=team, client_ref=f"R-{next(_refs)}")
        made.append(participant)
        if household is not None:
            add_member(actor, household, participant, "child", start_date=START)
        else:
            make_household(actor, participant, start_date=START)
    return made


@pytest.mark.django_db
def test_caseload_queries_do_not_grow_with_rows(
    caseworker_a, team_a, django_assert_max_num_queries
):
    lead = make_user(TEAM_LEAD, teams=[team_a])
    _many_participants(caseworker_a, team_a, 1)
    one = count(lambda: _touch_caseload(selectors.caseload(_fresh(caseworker_a))))
    one_search = count(lambda: selectors.search_caseload(_fresh(caseworker_a), "Anna"))
    _many_participants(caseworker_a, team_a, 49)
    _many_participants(lead, team_a, 1)  # one without caseworker
    with django_assert_max_num_queries(one):
        rows = selectors.caseload(_fresh(caseworker_a))
        _touch_caseload(rows)
    assert len(rows) == 51
    with django_assert_max_num_queries(one_search):
        assert len(selectors.search_caseload(_fresh(caseworker_a), "Anna")) == 51


@pytest.mark.django_db
def test_participant_file_queries_do_not_grow_with_rows(
    caseworker_a, team_a, django_assert_max_num_queries
):
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    zrm = Instrument.objects.get(code="zrm")
    attainment = Instrument.objects.get(code="goal_attainment")

    def add_rows(n):
        for i in range(n):
            goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text=f"Doel {i}")
            log_progress(caseworker_a, enrolment, START + dt.timedelta(days=i), f"Notitie {i}")
            measure(
                caseworker_a,
                enrolment,
                zrm,
                f"m{6 * (i + 1)}" if i else "intake",
                START + dt.timedelta(days=i),
                {"financien": 1 + i % 5, "adl": 3},
            )
            measure(
                caseworker_a,
                enrolment,
                attainment,
                "intake",
                START + dt.timedelta(days=i),
                {str(goal.pk): i % 11},
            )

    add_rows(1)
    make_household(caseworker_a, participant, start_date=START)
    one = count(
        lambda: _touch_file(selectors.participant_file(_fresh(caseworker_a), participant.pk))
    )
    add_rows(49)
    with django_assert_max_num_queries(one):
        file = selectors.participant_file(_fresh(caseworker_a), participant.pk)
        _touch_file(file)
    assert len(file.enrolments[0].goals) == 50
    assert len([item for item in file.timeline if item.kind == "progress"]) == 50
    assert len(file.charts[0].waves) == 50


@pytest.mark.django_db
def test_household_view_queries_do_not_grow_with_members(
    caseworker_a, caseworker_b, team_a, team_b, django_assert_max_num_queries
):
    first = make_participant(actor=caseworker_a, team=team_a)
    household = make_household(caseworker_a, first, start_date=START, name="Groot gezin")
    one = count(
        lambda: _touch_household(selectors.household_view(_fresh(caseworker_a), household.pk))
    )
    members = _many_participants(caseworker_a, team_a, 49, household=household)
    # Some members leave team A's caseload: shown without identity.
    for member in members[:10]:
        enrolment = member.enrolments.get()
        end_enrolment(caseworker_a, enrolment, TODAY, Enrolment.Status.COMPLETED)
    with django_assert_max_num_queries(one):
        view = selectors.household_view(_fresh(caseworker_a), household.pk)
        _touch_household(view)
    assert len(view.members) == 50
    assert sum(1 for m in view.members if m.person is None) == 10
