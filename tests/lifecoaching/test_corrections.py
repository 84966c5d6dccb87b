"""Correcting a logged session and a school status: the services (same checks and scope as
logging them, optimistic locking, the note and school name sealed again, the outcome values
following the correction without losing history) and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.models import OutcomeValue
from casework.selectors import latest_outcomes
from casework.services import ConcurrentEditError
from lifecoaching import services
from lifecoaching.models import CoachSession, SchoolStatus
from privacy.crypto import Cipher
from tests.helpers import assert_invalid, refused, refused_page, was_logged
from tests.lifecoaching.conftest import START, TODAY, log_session

pytestmark = pytest.mark.usefixtures("fixed_clock")

DAY = TODAY - dt.timedelta(days=20)


def _note(session: CoachSession) -> str:
    session.refresh_from_db()
    return Cipher().open(
        model=CoachSession, column="note", row_pk=session.pk, envelope=session.note
    )


def _school_name(status: SchoolStatus) -> str:
    status.refresh_from_db()
    return Cipher().open(
        model=SchoolStatus, column="school_name", row_pk=status.pk, envelope=status.school_name
    )


def _latest(enrolment) -> dict:
    """The latest outcome value per lifecoaching measure, as the participant's file reads it."""
    views = latest_outcomes(enrolment.participant_id, [enrolment.programme_id])
    return {
        v.measure.code: v.value
        for v in views.get(enrolment.programme_id, [])
        if v.measure.code.startswith("lifecoaching_") and v.measure.code != "lifecoaching_has_coach"
    }


# --- sessions: services -------------------------------------------------------------------


@pytest.fixture
def session(worker, match):
    return log_session(worker, match, date=DAY, note="Koken")


def _session_values(**overrides) -> dict:
    values = {
        "date": DAY - dt.timedelta(days=1),
        "duration_minutes": 45,
        "kind": "one_on_one",
        "note": "Gevoetbald",
    }
    values.update(overrides)
    return values


def _session_state(session: CoachSession) -> tuple:
    row = CoachSession.objects.get(pk=session.pk)
    return (row.date, row.duration_minutes, row.kind, row.version, _note(row))


def test_update_session_corrects_and_seals_the_note(worker, session):
    services.update_session(actor=worker, session=session, expected_version=1, **_session_values())
    session.refresh_from_db()
    assert (session.date, session.duration_minutes, session.kind, session.version) == (
        DAY - dt.timedelta(days=1),
        45,
        "one_on_one",
        2,
    )
    assert "Gevoetbald" not in session.note
    assert _note(session) == "Gevoetbald"
    assert session.history.count() == 2  # the session as logged stays in the history


def test_a_peer_expert_of_the_team_may_correct_a_session(peer, session):
    services.update_session(actor=peer, session=session, expected_version=1, **_session_values())
    assert _session_state(session)[3] == 2


@pytest.mark.parametrize(
    "overrides,field,fragment",
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "date", "toekomst"),
        ({"date": START}, "date", "voor de start van de koppeling"),
        ({"date": None}, "date", "Vul een datum in"),
        ({"duration_minutes": 0}, "duration_minutes", "tussen 5 en 720"),
        ({"kind": "party"}, "kind", "soort gesprek"),
        ({"note": "x" * 20001}, "note", "te lang"),
    ],
)
def test_bad_session_correction_is_refused(worker, session, overrides, field, fragment):
    assert_invalid(
        lambda: services.update_session(
            actor=worker, session=session, expected_version=1, **_session_values(**overrides)
        ),
        field,
        fragment,
        state=lambda: _session_state(session),
    )


def test_session_correction_after_the_end_of_the_match_is_refused(worker, match, session):
    services.end_match(actor=worker, match=match, expected_version=1, end_date=DAY)
    with refused(ValidationError, lambda: _session_state(session)) as info:
        services.update_session(
            actor=worker,
            session=session,
            expected_version=1,
            **_session_values(date=DAY + dt.timedelta(days=1)),
        )
    assert "na het einde van de koppeling" in info.value.message_dict["date"][0]


def test_other_team_may_not_correct_a_session(other_worker, session):
    with refused(PermissionDenied, lambda: _session_state(session)):
        services.update_session(
            actor=other_worker, session=session, expected_version=1, **_session_values()
        )


def test_stale_session_version_is_refused(worker, lead, session):
    services.update_session(actor=lead, session=session, expected_version=1, **_session_values())
    with refused(ConcurrentEditError, lambda: _session_state(session)) as info:
        services.update_session(
            actor=worker,
            session=session,
            expected_version=1,
            **_session_values(duration_minutes=90, note="Anders"),
        )
    assert "notitie" in info.value.changed_fields


# --- school status: services --------------------------------------------------------------


def _status_values(**overrides) -> dict:
    values = {
        "date": DAY,
        "school_name": "Piter Jelles",
        "level": "havo",
        "advice": "havo",
        "attendance_concern": False,
        "dropout_risk": "none",
        "start_qualification": False,
    }
    values.update(overrides)
    return values


@pytest.fixture
def status(worker, enrolment):
    return services.record_school_status(actor=worker, enrolment=enrolment, **_status_values())


def _status_state(status: SchoolStatus) -> tuple:
    row = SchoolStatus.objects.get(pk=status.pk)
    return (
        row.date,
        row.level,
        row.advice,
        row.attendance_concern,
        row.dropout_risk,
        row.version,
        _school_name(row),
        OutcomeValue.objects.count(),
    )


def test_update_school_status_corrects_and_the_latest_outcome_follows(worker, enrolment, status):
    assert _latest(enrolment)["lifecoaching_school_level"] == "havo"
    recorded = OutcomeValue.objects.count()
    services.update_school_status(
        actor=worker,
        status=status,
        expected_version=1,
        **_status_values(level="vmbo-k", school_name="Comenius", attendance_concern=True),
    )
    status.refresh_from_db()
    assert (status.level, status.attendance_concern, status.version) == ("vmbo-k", True, 2)
    assert "Comenius" not in status.school_name
    assert _school_name(status) == "Comenius"
    assert _latest(enrolment) == {
        "lifecoaching_school_level": "vmbo-k",
        "lifecoaching_at_advised_level": False,
        "lifecoaching_in_education_or_qualified": True,
        "lifecoaching_attendance_concern": True,
    }
    # History stays: the first values are still there, the corrected ones came on top.
    assert OutcomeValue.objects.count() == recorded + 4
    assert OutcomeValue.objects.filter(
        measure__code="lifecoaching_school_level", value_choice="havo"
    ).exists()


def test_a_status_moved_before_an_earlier_one_no_longer_counts_as_latest(worker, enrolment):
    earlier = services.record_school_status(
        actor=worker,
        enrolment=enrolment,
        **_status_values(date=DAY - dt.timedelta(days=100), level="vmbo-k", advice="vmbo-k"),
    )
    wrong = services.record_school_status(
        actor=worker, enrolment=enrolment, **_status_values(level="havo", advice="havo")
    )
    assert _latest(enrolment)["lifecoaching_school_level"] == "havo"
    # The havo status belonged two years back: the vmbo-k status is the latest one.
    services.update_school_status(
        actor=worker,
        status=wrong,
        expected_version=1,
        **_status_values(date=DAY - dt.timedelta(days=700), level="havo", advice="havo"),
    )
    assert _latest(enrolment) == {
        "lifecoaching_school_level": "vmbo-k",
        "lifecoaching_at_advised_level": True,
        "lifecoaching_in_education_or_qualified": True,
        "lifecoaching_attendance_concern": False,
    }
    restated = OutcomeValue.objects.filter(date=DAY, measure__code="lifecoaching_school_level")
    assert restated.order_by("-recorded_at").first().source == (
        f"lifecoaching_school_status:{earlier.pk}"
    )


def test_a_name_only_correction_records_no_outcome(worker, status):
    recorded = OutcomeValue.objects.count()
    services.update_school_status(
        actor=worker,
        status=status,
        expected_version=1,
        **_status_values(school_name="Stedelijk Gymnasium", dropout_risk="some"),
    )
    assert _school_name(status) == "Stedelijk Gymnasium"
    assert OutcomeValue.objects.count() == recorded


@pytest.mark.parametrize(
    "overrides,field,fragment",
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "date", "toekomst"),
        ({"date": None}, "date", "Vul een datum in"),
        ({"level": "mavo"}, "level", "schoolniveau"),
        ({"advice": "gymnasium"}, "advice", "schooladvies"),
        ({"dropout_risk": "extreme"}, "dropout_risk", "risico"),
        ({"level": "geen"}, "school_name", "geen schoolnaam"),
        ({"school_name": "x" * 201}, "school_name", "te lang"),
    ],
)
def test_bad_school_status_correction_is_refused(worker, status, overrides, field, fragment):
    assert_invalid(
        lambda: services.update_school_status(
            actor=worker, status=status, expected_version=1, **_status_values(**overrides)
        ),
        field,
        fragment,
        state=lambda: _status_state(status),
    )


def test_other_team_may_not_correct_a_school_status(other_worker, status):
    with refused(PermissionDenied, lambda: _status_state(status)):
        services.update_school_status(
            actor=other_worker, status=status, expected_version=1, **_status_values(level="vwo")
        )


def test_stale_school_status_version_is_refused(worker, peer, status):
    services.update_school_status(
        actor=peer, status=status, expected_version=1, **_status_values(level="vwo")
    )
    with refused(ConcurrentEditError, lambda: _status_state(status)) as info:
        services.update_school_status(
            actor=worker, status=status, expected_version=1, **_status_values(level="mbo-4")
        )
    assert "niveau" in info.value.changed_fields


# --- pages --------------------------------------------------------------------------------


@pytest.fixture
def logged_in(client, worker):
    client.force_login(worker)
    return client


def test_young_person_page_links_to_the_corrections(logged_in, enrolment, session, status):
    html = logged_in.get(
        reverse("lifecoaching:young_person", kwargs={"pk": enrolment.pk})
    ).content.decode()
    assert reverse("lifecoaching:session_edit", kwargs={"pk": session.pk}) in html
    assert reverse("lifecoaching:school_status_edit", kwargs={"pk": status.pk}) in html
    assert f'<span class="koers-visually-hidden"> coachgesprek {DAY:%-d-%-m-%Y}</span>' in html


def test_session_edit_page(logged_in, enrolment, session):
    url = reverse("lifecoaching:session_edit", kwargs={"pk": session.pk})
    response = logged_in.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Koken" in html and f'value="{DAY.isoformat()}"' in html and 'value="60"' in html
    assert 'name="version" value="1"' in html
    assert was_logged(enrolment.participant_id, "lifecoaching_session", action="view")
    data = {
        "date": (DAY - dt.timedelta(days=2)).isoformat(),
        "duration_minutes": "30",
        "kind": "school",
        "note": "Op school gesproken",
        "version": "1",
    }
    response = logged_in.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("lifecoaching:young_person", kwargs={"pk": enrolment.pk})
    assert _session_state(session) == (
        DAY - dt.timedelta(days=2),
        30,
        "school",
        2,
        "Op school gesproken",
    )
    # The same form sent again carries the version read before: refused, nothing saved.
    assert "Iemand anders heeft dit intussen gewijzigd" in refused_page(
        logged_in, url, {**data, "duration_minutes": "90"}
    )
    assert _session_state(session)[1:4] == (30, "school", 2)
    # A bad date is refused in Dutch.
    assert "voor de start van de koppeling" in refused_page(
        logged_in, url, {**data, "version": "2", "date": START.isoformat()}
    )
    assert _session_state(session)[3] == 2


def test_school_status_edit_page(logged_in, enrolment, status):
    url = reverse("lifecoaching:school_status_edit", kwargs={"pk": status.pk})
    response = logged_in.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Piter Jelles"' in html and f'value="{DAY.isoformat()}"' in html
    assert '<option value="havo" selected>' in html
    assert was_logged(enrolment.participant_id, "lifecoaching_school_status", action="view")
    data = {
        "date": DAY.isoformat(),
        "school_name": "Piter Jelles",
        "level": "vmbo-gt",
        "advice": "havo",
        "dropout_risk": "none",
        "version": "1",
    }
    response = logged_in.post(url, data)
    assert response.status_code == 302
    status.refresh_from_db()
    assert (status.level, status.version) == ("vmbo-gt", 2)
    assert _latest(enrolment)["lifecoaching_school_level"] == "vmbo-gt"
    assert "Iemand anders heeft dit intussen gewijzigd" in refused_page(
        logged_in, url, {**data, "level": "vwo"}
    )
    status.refresh_from_db()
    assert (status.level, status.version) == ("vmbo-gt", 2)


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_team_gets_404_on_the_correction_pages(
    client, other_worker, session, status, method
):
    client.force_login(other_worker)
    before = (_session_state(session), _status_state(status))
    day = DAY.isoformat()
    for url, data in (
        (
            reverse("lifecoaching:session_edit", kwargs={"pk": session.pk}),
            {"date": day, "duration_minutes": "30", "kind": "activity", "version": "1"},
        ),
        (
            reverse("lifecoaching:school_status_edit", kwargs={"pk": status.pk}),
            {"date": day, "level": "vwo", "dropout_risk": "none", "version": "1"},
        ),
    ):
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, url
    assert (_session_state(session), _status_state(status)) == before
