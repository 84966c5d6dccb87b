"""Services of lifecoaching: happy paths, every refusal in Dutch with nothing changed,
optimistic locking and the outcome measures recorded with each school status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from casework.models import OutcomeValue
from casework.services import ConcurrentEditError
from lifecoaching import services
from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus, at_advised_level
from privacy.crypto import Cipher
from tests.helpers import assert_invalid
from tests.lifecoaching.conftest import START, TODAY, coach, log_session, match_to, young

pytestmark = pytest.mark.usefixtures("fixed_clock")


def _counts():
    return (
        Coach.objects.count(),
        CoachMatch.objects.count(),
        CoachSession.objects.count(),
        SchoolStatus.objects.count(),
        OutcomeValue.objects.count(),
    )


def _refused(call, field: str, fragment: str):
    """``call()`` is refused for ``field`` and records nothing."""
    assert_invalid(call, field, fragment, state=_counts)


# --- coaches ------------------------------------------------------------------------------


def test_create_coach_encrypts_name_and_contact_under_its_own_key(worker, lc_team):
    c = coach(worker, lc_team, name="Hessel Kuipers", contact="hessel@example.org")
    c.refresh_from_db()
    assert "Hessel" not in c.name
    assert c.data_key_id.hex in c.name  # sealed under the coach's own data key
    cipher = Cipher()
    assert cipher.open(model=Coach, column="name", row_pk=c.pk, envelope=c.name) == (
        "Hessel Kuipers"
    )
    assert c.history.count() == 1


@pytest.mark.parametrize(
    "overrides,field,fragment",
    [
        ({"name": "  "}, "name", "verplicht"),
        ({"kind": "robot"}, "kind", "vrijwilliger of professional"),
        ({"capacity": 0}, "capacity", "tussen 1 en 50"),
        ({"interests": ["skydiving"]}, "interests", "Kies interesses"),
        (
            {
                "vog_date": TODAY - dt.timedelta(days=10),
                "vog_expiry": TODAY - dt.timedelta(days=20),
            },
            "vog_expiry",
            "kan niet verlopen voor de datum",
        ),
        ({"vog_date": TODAY, "vog_expiry": None}, "vog_expiry", "zowel de datum"),
        (
            {
                "vog_date": TODAY + dt.timedelta(days=2),
                "vog_expiry": TODAY + dt.timedelta(days=900),
            },
            "vog_date",
            "toekomst",
        ),
    ],
)
def test_bad_coach_input_is_refused(worker, lc_team, overrides, field, fragment):
    _refused(lambda: coach(worker, lc_team, **overrides), field, fragment)


def test_peer_expert_and_other_team_may_not_manage_coaches(peer, other_worker, lc_team):
    for actor in (peer, other_worker):
        before = _counts()
        with pytest.raises(PermissionDenied):
            coach(actor, lc_team)
        assert _counts() == before


def test_update_coach_with_stale_version_is_refused(worker, lead, the_coach):
    kwargs = {
        "name": "Nieuwe Naam",
        "kind": "professional",
        "vog_date": the_coach.vog_date,
        "vog_expiry": the_coach.vog_expiry,
        "interests": ["art"],
        "capacity": 4,
        "active": True,
    }
    services.update_coach(actor=lead, coach=the_coach, expected_version=1, **kwargs)
    with pytest.raises(ConcurrentEditError) as info:
        services.update_coach(
            actor=worker, coach=the_coach, expected_version=1, **{**kwargs, "capacity": 2}
        )
    assert "naam" in info.value.changed_fields
    the_coach.refresh_from_db()
    assert the_coach.capacity == 4 and the_coach.version == 2


def test_capacity_below_running_matches_is_refused(worker, the_coach, match):
    other = young(worker, the_coach.team, given_name="Tweede")
    match_to(worker, other, the_coach)
    the_coach.refresh_from_db()
    _refused(
        lambda: services.update_coach(
            actor=worker,
            coach=the_coach,
            expected_version=the_coach.version,
            name="X",
            kind="volunteer",
            vog_date=the_coach.vog_date,
            vog_expiry=the_coach.vog_expiry,
            interests=[],
            capacity=1,
            active=True,
        ),
        "capacity",
        "meer lopende koppelingen",
    )


# --- matches ------------------------------------------------------------------------------


def test_match_records_the_choice_and_the_has_coach_measure(match, the_coach):
    assert match.chosen_by_young_person
    assert match.interests_asked == ["sport"]
    assert match.suggested_coaches == [str(the_coach.pk)]
    value = OutcomeValue.objects.get(measure__code="lifecoaching_has_coach")
    assert value.value is True and value.date == match.start_date


def test_coach_with_expired_vog_is_refused(worker, lc_team, enrolment):
    expired = coach(
        worker,
        lc_team,
        vog_date=TODAY - dt.timedelta(days=1200),
        vog_expiry=TODAY - dt.timedelta(days=5),
    )
    _refused(
        lambda: match_to(worker, enrolment, expired), "coach", "Het VOG van deze coach is verlopen"
    )


def test_full_inactive_and_vogless_coaches_are_refused(worker, lc_team, enrolment):
    full = coach(worker, lc_team, capacity=1)
    match_to(worker, young(worker, lc_team, given_name="B"), full)
    inactive = coach(worker, lc_team, active=False)
    no_vog = coach(worker, lc_team, vog_date=None, vog_expiry=None)
    for c, fragment in ((full, "vol"), (inactive, "niet actief"), (no_vog, "nog geen VOG")):
        _refused(lambda c=c: match_to(worker, enrolment, c), "coach", fragment)


def test_second_running_match_is_refused(worker, lc_team, enrolment, match):
    other = coach(worker, lc_team, name="Tweede Coach")
    _refused(lambda: match_to(worker, enrolment, other), "coach", "al een coach")


def test_match_dates_are_checked(worker, enrolment, the_coach):
    _refused(
        lambda: match_to(worker, enrolment, the_coach, TODAY + dt.timedelta(days=1)),
        "start_date",
        "toekomst",
    )
    _refused(
        lambda: match_to(worker, enrolment, the_coach, START - dt.timedelta(days=1)),
        "start_date",
        "voor de start van het traject",
    )


def test_coach_of_another_team_and_other_teams_enrolment_are_refused(
    worker, other_worker, other_team, enrolment, the_coach
):
    foreign_coach = coach(other_worker, other_team)
    _refused(lambda: match_to(worker, enrolment, foreign_coach), "coach", "hoort niet bij het team")
    with pytest.raises(PermissionDenied):
        match_to(other_worker, enrolment, the_coach)
    assert CoachMatch.objects.count() == 0


def test_end_match_then_a_new_one(worker, lc_team, enrolment, match):
    services.end_match(actor=worker, match=match, expected_version=1, end_date=TODAY)
    match.refresh_from_db()
    assert match.end_date == TODAY and match.version == 2
    assert OutcomeValue.objects.filter(
        measure__code="lifecoaching_has_coach", value_bool=False
    ).exists()
    match_to(worker, enrolment, coach(worker, lc_team))
    assert CoachMatch.objects.filter(enrolment=enrolment).count() == 2


def test_end_match_refusals_and_stale_version(worker, match):
    _refused(
        lambda: services.end_match(
            actor=worker,
            match=match,
            expected_version=1,
            end_date=match.start_date - dt.timedelta(days=1),
        ),
        "end_date",
        "voor de startdatum",
    )
    services.end_match(actor=worker, match=match, expected_version=1, end_date=TODAY)
    with pytest.raises(ConcurrentEditError):
        services.end_match(actor=worker, match=match, expected_version=1, end_date=TODAY)


# --- sessions -----------------------------------------------------------------------------


def test_log_session_seals_the_note(worker, match):
    session = log_session(worker, match, kind="one_on_one", note="Samen gevoetbald")
    session.refresh_from_db()
    assert "gevoetbald" not in session.note
    assert (
        Cipher().open(model=CoachSession, column="note", row_pk=session.pk, envelope=session.note)
        == "Samen gevoetbald"
    )


@pytest.mark.parametrize(
    "overrides,field,fragment",
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "date", "toekomst"),
        ({"date": START}, "date", "voor de start van de koppeling"),
        ({"duration_minutes": 0}, "duration_minutes", "tussen 5 en 720"),
        ({"kind": "party"}, "kind", "soort gesprek"),
        ({"note": "x" * 20001}, "note", "te lang"),
    ],
)
def test_bad_session_input_is_refused(worker, match, overrides, field, fragment):
    values = {"date": TODAY, "duration_minutes": 60, "kind": "activity", "note": ""}
    values.update(overrides)
    _refused(lambda: services.log_session(actor=worker, match=match, **values), field, fragment)


def test_other_team_may_not_log_a_session(other_worker, match):
    with pytest.raises(PermissionDenied):
        log_session(other_worker, match)
    assert CoachSession.objects.count() == 0


# --- school status ------------------------------------------------------------------------


def _status(worker, enrolment, **overrides):
    values = {
        "date": TODAY,
        "school_name": "Piter Jelles",
        "level": "havo",
        "advice": "vmbo-gt/havo",
    }
    values.update(overrides)
    return services.record_school_status(actor=worker, enrolment=enrolment, **values)


def test_school_status_records_the_measures(worker, enrolment):
    status = _status(worker, enrolment, attendance_concern=True)
    values = {
        v.measure.code: v.value
        for v in OutcomeValue.objects.filter(source=f"lifecoaching_school_status:{status.pk}")
    }
    assert values == {
        "lifecoaching_school_level": "havo",
        "lifecoaching_at_advised_level": True,
        "lifecoaching_in_education_or_qualified": True,
        "lifecoaching_attendance_concern": True,
    }
    assert "Piter" not in SchoolStatus.objects.get().school_name


def test_school_status_below_advice_and_dropout(worker, enrolment):
    _status(worker, enrolment, level="vmbo-k", advice="havo")
    _status(worker, enrolment, level="geen", school_name="", dropout_risk="high")
    latest = {
        v.measure.code: v.value
        for v in OutcomeValue.objects.order_by("recorded_at", "id")
        if v.measure.code.startswith("lifecoaching")
    }
    assert latest["lifecoaching_at_advised_level"] is False
    assert latest["lifecoaching_in_education_or_qualified"] is False


def test_primary_school_has_no_at_advice_measure(worker, enrolment):
    _status(worker, enrolment, level="basisschool", advice="")
    assert not OutcomeValue.objects.filter(measure__code="lifecoaching_at_advised_level").exists()


@pytest.mark.parametrize(
    "overrides,field,fragment",
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "date", "toekomst"),
        ({"level": "mavo"}, "level", "schoolniveau"),
        ({"advice": "gymnasium"}, "advice", "schooladvies"),
        ({"dropout_risk": "extreme"}, "dropout_risk", "risico"),
        ({"level": "geen"}, "school_name", "geen schoolnaam"),
        ({"school_name": "x" * 201}, "school_name", "te lang"),
    ],
)
def test_bad_school_status_is_refused(worker, enrolment, overrides, field, fragment):
    _refused(lambda: _status(worker, enrolment, **overrides), field, fragment)


def test_school_status_outside_lifecoaching_is_refused(worker, lc_team):
    from tests.factories import make_participant

    other = make_participant(actor=worker, team=lc_team, programme="gezinslab").enrolments.get()
    _refused(lambda: _status(worker, other), "enrolment", "niet bij het programma Lifecoaching")


@pytest.mark.parametrize(
    "level,advice,qualified,expected",
    [
        ("havo", "havo", False, True),
        ("havo", "havo/vwo", False, True),
        ("vmbo-gt", "vmbo-gt/havo", False, True),
        ("vmbo-k", "vmbo-gt", False, False),
        ("mbo-4", "vmbo-gt", False, True),
        ("mbo-2", "vmbo-k", False, False),
        ("hbo", "havo", False, True),
        ("wo", "vwo", False, True),
        ("basisschool", "havo", False, None),
        ("vwo", "", False, None),
        ("geen", "vmbo-b", False, False),
        ("geen", "vmbo-b", True, None),
    ],
)
def test_at_advised_level_ordering(level, advice, qualified, expected):
    assert at_advised_level(level, advice, qualified) is expected
