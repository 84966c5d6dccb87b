"""The right of access includes Lifecoaching's records: the coach match (the coach by id and
kind only: a coach's name and contact are the coach's data), sessions and school status."""

from __future__ import annotations

import pytest

from casework import privacy_provider
from casework.models import Participant
from lifecoaching import privacy_data
from privacy.crypto import Cipher
from tests.lifecoaching.conftest import log_session, school_status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

NOTE = "Samen gevoetbald"


@pytest.fixture
def filled(worker, enrolment, match):
    log_session(worker, match, kind="one_on_one", note=NOTE)
    school_status(worker, enrolment, "havo", school_name="Piter Jelles", advice="vmbo-gt/havo")
    return enrolment


def _blocks(blocks):
    return {b["title"]: b["rows"] for b in blocks}


def test_collect_includes_sessions_and_school_but_not_the_coach_name(filled, the_coach):
    data = privacy_provider.collect(filled.participant_id)
    blocks = _blocks(data["programme_data"])
    coach_rows = blocks["Coach en sessies"]
    assert coach_rows[0]["coach"] == f"coach ({the_coach.pk})"
    assert coach_rows[0]["coach_kind"] == "volunteer"
    assert NOTE in {row.get("note") for row in coach_rows}
    assert blocks["Schoolstatus"][0]["school_name"] == "Piter Jelles"
    assert blocks["Schoolstatus"][0]["level"] == "havo"
    assert "Sytske de Boer" not in str(data) and "06 1234 5678" not in str(data)


def test_after_erasure_participant_texts_are_unreadable(filled):
    privacy_provider.erase(filled.participant_id)
    participant = Participant.objects.select_related("data_key").get(pk=filled.participant_id)
    assert "programme_data" not in privacy_provider.collect(participant.pk)
    blocks = _blocks(
        privacy_data.subject_data(
            participant=participant, cipher=Cipher().load([participant.data_key])
        )
    )
    assert "[onleesbaar]" in {row.get("note") for row in blocks["Coach en sessies"]}
    assert blocks["Schoolstatus"][0]["school_name"] == "[onleesbaar]"
    assert blocks["Schoolstatus"][0]["level"] == "havo"


@pytest.mark.pdf
def test_pdf_report_shows_the_programme_block(filled):
    from weasyprint import HTML

    from privacy import report

    html = report.report_html(report.participant_report(filled.participant_id, actor_label="t"))
    assert "Schoolstatus" in html and "Piter Jelles" in html and NOTE in html
    assert HTML(string=html).write_pdf().startswith(b"%PDF-")
