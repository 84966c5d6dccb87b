"""The right of access includes Schuldenvrij's records: intake, debts (creditor names
decrypted), forgiveness with amounts; after erasure the texts under the participant's key are
unreadable."""

from __future__ import annotations

import pytest

from casework import privacy_provider
from casework.models import Participant
from privacy.crypto import Cipher
from schuldenvrij import privacy_data, services
from tests.schuldenvrij.conftest import START, add_debt, forgive

pytestmark = pytest.mark.django_db

SITUATION = "Ik kan de energierekening niet meer betalen"


@pytest.fixture
def filled(caseworker_a, lead_a, enrolment):
    services.save_intake(actor=caseworker_a, enrolment=enrolment, date=START, situation=SITUATION)
    add_debt(caseworker_a, enrolment, current="1200.00", name="Vattenfall")
    add_debt(
        caseworker_a, enrolment, current="800.00", kind="health_insurer", name="Zilveren Kruis"
    )
    forgive(caseworker_a, lead_a, enrolment, amount="2000.00")
    return enrolment


def _blocks(data):
    return {
        b["title"]: b["rows"] for b in data["programme_data"] if b["programme"] == "schuldenvrij"
    }


def test_collect_includes_decrypted_records_and_amounts(filled):
    blocks = _blocks(privacy_provider.collect(filled.participant_id))
    assert blocks["Financiële intake"][0]["situation"] == SITUATION
    debts = blocks["Schulden"]
    assert {d["creditor_name"] for d in debts} == {"Vattenfall", "Zilveren Kruis"}
    assert "1200.00" in {d["current_amount"] for d in debts}
    assert blocks["Kwijtschelding"][0]["amount"] == "2000.00"
    assert blocks["Pilotplaats"][0]["admitted_on"] == "2025-02-01"
    for rows in blocks.values():
        for row in rows:
            assert all(v is None or isinstance(v, (str, int, float, bool)) for v in row.values())


def test_after_erasure_participant_texts_are_unreadable(filled):
    privacy_provider.erase(filled.participant_id)
    participant = Participant.objects.select_related("data_key").get(pk=filled.participant_id)
    assert "programme_data" not in privacy_provider.collect(participant.pk)
    blocks = {
        b["title"]: b["rows"]
        for b in privacy_data.subject_data(
            participant=participant, cipher=Cipher().load([participant.data_key])
        )
    }
    assert blocks["Financiële intake"][0]["situation"] == "[onleesbaar]"
    assert {d["creditor_name"] for d in blocks["Schulden"]} == {"[onleesbaar]"}
    assert blocks["Kwijtschelding"][0]["amount"] == "2000.00"


@pytest.mark.pdf
def test_pdf_report_shows_the_programme_block(filled):
    from privacy import report

    html = report.report_html(report.participant_report(filled.participant_id, actor_label="t"))
    assert "Schulden" in html and "Zilveren Kruis" in html
    from weasyprint import HTML

    assert HTML(string=html).write_pdf().startswith(b"%PDF-")


def test_hook_queries_do_not_grow_with_rows(filled, django_assert_max_num_queries):
    participant = Participant.objects.select_related("data_key").get(pk=filled.participant_id)
    cipher = Cipher().load([participant.data_key])
    with django_assert_max_num_queries(12):
        privacy_data.subject_data(participant=participant, cipher=cipher)
