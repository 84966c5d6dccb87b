"""Selectors of lifecoaching: scope, suggestions, the VOG list, counters (exact for a team lead
and the programme office) and
the programme's part of the participant's file in each mode."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from casework.models import Enrolment
from lifecoaching import selectors
from privacy import periods
from privacy.crypto import Cipher
from privacy.models import AccessEvent, Purpose
from tests.factories import enrol, make_user, record_consent
from tests.lifecoaching.conftest import TODAY, coach, coached, log_session, school_status

pytestmark = pytest.mark.usefixtures("fixed_clock")


def test_scope_is_the_users_teams(worker, other_worker, enrolment, match, the_coach):
    assert list(selectors.visible_coaches(worker)) == [the_coach]
    assert list(selectors.visible_coaches(other_worker)) == []
    assert list(selectors.visible_matches(other_worker)) == []
    with pytest.raises(Exception):  # noqa: B017 - Http404
        selectors.get_enrolment(other_worker, enrolment.pk)
    with pytest.raises(Exception):  # noqa: B017
        selectors.get_coach(other_worker, the_coach.pk)
    programme_office = make_user("programme_office")
    assert list(selectors.visible_coaches(programme_office)) == []
    assert list(selectors.lifecoaching_enrolments(programme_office)) == []


def test_suggestions_order_by_shared_interests_and_skip_unavailable(worker, lc_team, enrolment):
    both = coach(worker, lc_team, name="Beide", interests=["sport", "music"])
    one = coach(worker, lc_team, name="Een", interests=["music"])
    coach(worker, lc_team, name="Geen", interests=["art"])
    coach(worker, lc_team, name="Inactief", interests=["music"], active=False)
    views = selectors.suggestions(worker, enrolment, interests=["sport", "music"])
    assert [v.coach.pk for v in views] == [both.pk, one.pk]
    assert len(selectors.suggestions(worker, enrolment)) == 3  # no filter: every available coach


def test_vog_expiring_within_60_days(worker, lc_team):
    coach(worker, lc_team, name="Ver", vog_expiry=TODAY + dt.timedelta(days=61))
    soon = coach(worker, lc_team, name="Bijna", vog_expiry=TODAY + dt.timedelta(days=60))
    gone = coach(
        worker,
        lc_team,
        name="Weg",
        vog_date=TODAY - dt.timedelta(days=900),
        vog_expiry=TODAY - dt.timedelta(days=1),
    )
    listed = selectors.vog_expiring(worker, log=False)
    assert [v.coach.pk for v in listed] == [gone.pk, soon.pk]


def test_young_people_rows(worker, enrolment, match):
    log_session(worker, match)
    school_status(worker, enrolment, "vwo")
    [row] = selectors.young_people(worker, log=False)
    assert row.name == "Jelle Bakker" and row.coach_name == "Sytske de Boer"
    assert row.session_count == 1 and row.last_session == TODAY and row.school.level == "vwo"


@pytest.mark.parametrize("n", [1, 50])
def test_selectors_are_flat(worker, lc_team, django_assert_max_num_queries, n):
    last = coached(worker, lc_team, n)
    lead = make_user("team_lead", teams=[lc_team])
    with django_assert_max_num_queries(16):
        assert len(selectors.young_people(worker)) == n
    with django_assert_max_num_queries(10):
        selectors.coaches_page(worker)
    with django_assert_max_num_queries(14):
        selectors.counters(lead, period=EVERYTHING)
    with django_assert_max_num_queries(10):
        selectors.suggestions(worker, last)


# --- counters -----------------------------------------------------------------------------


def _population(worker, lc_team, n, *, below=0, dropped=0):
    def school(index):
        if index < dropped:
            return {"level": "geen", "advice": "havo"}
        if index < dropped + below:
            return {"level": "vmbo-gt", "advice": "havo"}
        return {"level": "havo", "advice": "havo"}

    coached(worker, lc_team, n, school=school)


EVERYTHING = periods.parse("alles")


def test_counters_are_exact_for_a_team_lead_and_the_office(worker, lc_team):
    _population(worker, lc_team, 6, below=1)
    lead = make_user("team_lead", teams=[lc_team])
    c = selectors.counters(lead, period=EVERYTHING)
    assert c.scope == "teams" and c.audience == "care" and c.exact
    assert c.young_people.value == 6 and c.with_coach.yes.value == 6
    assert (c.at_advice.yes.value, c.at_advice.no.value, c.at_advice.percentage) == (5, 1, 83)
    assert c.sessions.value == 6 and c.young_people_with_session.value == 6
    office = selectors.counters(make_user("programme_office"), period=EVERYTHING)
    assert office.scope == "programme" and office.audience == "management" and office.exact
    assert office.no_dropout.total.value == 6
    assert AccessEvent.objects.filter(subject_type="aggregate").count() == 1  # management only


def test_counters_count_the_sessions_of_the_period(worker, lc_team):
    _population(worker, lc_team, 4)
    office = make_user("programme_office")
    today = selectors.counters(office, period=periods.parse(TODAY.strftime("%Y-%m")))
    assert today.sessions.value == 4
    earlier = periods.parse((TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"))
    assert selectors.counters(office, period=earlier).sessions.value == 0


def test_counters_of_a_lead_cover_own_teams_only(worker, lc_team, other_worker, other_team):
    _population(worker, lc_team, 12)
    _population(other_worker, other_team, 3)
    lead = make_user("team_lead", teams=[other_team])
    assert selectors.counters(lead, period=EVERYTHING).young_people.value == 3
    office = make_user("programme_office")
    assert selectors.counters(office, period=EVERYTHING).young_people.value == 15


@override_settings(KOERS_RELEASE_MANAGEMENT="public")
def test_the_office_on_the_public_method_and_a_lead_still_exact(worker, lc_team):
    from privacy import cellkey

    _population(worker, lc_team, 5)
    office = selectors.counters(make_user("programme_office"), period=EVERYTHING)
    assert not office.exact
    keys = [
        e.participant.record_key for e in Enrolment.objects.filter(programme__code="lifecoaching")
    ]
    assert office.young_people.value == cellkey.perturb(5, sum(keys))
    lead = make_user("team_lead", teams=[lc_team])
    assert selectors.counters(lead, period=EVERYTHING).young_people.value == 5  # care


# --- the file section ---------------------------------------------------------------------


def _section(user, enrolment, mode):
    participant = enrolment.participant
    cipher = Cipher().load([participant.data_key])
    return selectors.file_section(
        user=user,
        participant=participant,
        cipher=cipher,
        enrolments=[Enrolment.objects.get(pk=enrolment.pk)],
        mode=mode,
    )


def test_file_section_own_and_shared(worker, enrolment, match):
    log_session(worker, match)
    school_status(worker, enrolment, "havo", school_name="Piter Jelles", advice="havo")
    before = AccessEvent.objects.exclude(purpose="security").count()
    template, own = _section(worker, enrolment, "own")
    assert template == "lifecoaching/_file_section.html"
    assert own["coach_name"] == "Sytske de Boer" and own["school_name"] == "Piter Jelles"
    assert own["session_count"] == 1 and own["enrolment"].pk == enrolment.pk
    _template, shared = _section(worker, enrolment, "shared")
    assert shared["coach_name"] is None and shared["school_name"] is None
    assert shared["match"] is not None and shared["enrolment"] is None
    _template, glass = _section(worker, enrolment, "read_only")
    assert glass["coach_name"] is None and glass["enrolment"] is None
    assert (
        AccessEvent.objects.exclude(purpose="security").count() == before
    )  # the hook does not log


def test_file_page_shows_the_part_to_another_team_only_with_consent(
    client, worker, lc_team, other_team, enrolment, match
):
    """One participant in lifecoaching (this team) and gezinslab (another team)."""
    gezinslab_worker = make_user("caseworker", teams=[other_team])
    participant = enrolment.participant
    _enrol_other(worker, participant, lc_team, other_team)
    url = reverse("casework:participant_file", kwargs={"pk": participant.pk})
    client.force_login(gezinslab_worker)
    html = client.get(url).content.decode()
    assert "heeft een coach sinds" not in html
    assert "Sytske" not in html
    record_consent(worker, participant, Purpose.SHARING, "given", TODAY, text_version="2025-01")
    html = client.get(url).content.decode()
    assert "heeft een coach sinds" in html
    assert "Sytske" not in html
    client.force_login(worker)
    html = client.get(url).content.decode()
    assert "Sytske de Boer" in html
    assert reverse("lifecoaching:young_person", kwargs={"pk": enrolment.pk}) in html


def _enrol_other(worker, participant, lc_team, other_team):
    """Enrol the participant with the other team (by a worker of both teams)."""
    both = make_user("caseworker", teams=[lc_team, other_team])
    enrol(
        both,
        participant,
        "gezinslab",
        other_team,
        TODAY - dt.timedelta(days=5),
        Enrolment.LegalBasis.CONSENT,
    )


def test_the_level_chart_shows_every_group_exactly(worker, lc_team):
    _population(worker, lc_team, 15, below=3)
    c = selectors.counters(make_user("programme_office"), period=EVERYTHING)
    rows = {row.label: row.count.value for row in c.levels}
    assert c.levels_total.value == 15
    assert rows["havo en vwo"] == 12 and rows["Praktijkonderwijs en vmbo"] == 3
    assert rows["mbo"] == 0
