"""Importing on pages in the browser: a caseworker uploads a measurements file with a bad row
and sees every refused row with its number; then a good participants file, its preview and
the confirmation. axe reports no accessibility violation on any page on the way."""

from __future__ import annotations

import pytest

from casework.models import Measurement, Participant
from casework.services.imports import measurements, participants
from tests.e2e.conftest import WORKLIST, follow, log_in, open_caseload
from tests.factories import make_participant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def csv_text(columns, rows) -> bytes:
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def choose_file(page, name: str, content: bytes) -> None:
    page.get_by_label("CSV-bestand").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )


def test_a_bad_row_is_refused_with_its_number_then_a_good_file_is_imported(
    live_server, page, axe_check, caseworker_a, team_a
):
    make_participant(caseworker_a, team_a, client_ref="EIGEN-1")
    log_in(page, live_server, caseworker_a)
    page.wait_for_url(WORKLIST)
    open_caseload(page)
    axe_check(page)  # the caseload, with its link to the imports
    follow(page, axe_check, "Bestand importeren", "Bestand importeren")

    # A measurements file with one bad row: refused, every bad row named, nothing written.
    score = {"client_ref": "EIGEN-1", "instrument": "zrm", "date": "2025-01-20"}
    page.get_by_label("Soort bestand").select_option("measurements")
    choose_file(
        page,
        "metingen.csv",
        csv_text(
            measurements.COLUMNS,
            [
                {**score, "item": "financien", "value": "3"},
                {**score, "item": "huisvesting", "value": "9"},
            ],
        ),
    )
    page.get_by_role("button", name="Bestand controleren").click()
    page.get_by_role("heading", name="Bestand geweigerd").wait_for()
    assert page.get_by_text("1 rij heeft een fout. Er wordt niets geïmporteerd.").is_visible()
    refused = page.get_by_role("list", name="Geweigerde rijen")
    assert refused.get_by_role("listitem").all_inner_texts() == [
        "Rij 3: value: de score moet tussen 1 en 5 liggen."
    ]
    assert page.get_by_role("button", name="Importeren bevestigen").count() == 0
    axe_check(page)
    assert Measurement.objects.count() == 0

    # A good participants file: the preview, then the confirmation.
    follow(page, axe_check, "Ander bestand kiezen", "Bestand importeren")
    page.get_by_label("Soort bestand").select_option("participants")
    choose_file(
        page,
        "deelnemers.csv",
        csv_text(
            participants.COLUMNS,
            [
                {"client_ref": "NIEUW-1", "programme": "gezinslab", "enrolment_date": "2025-01-06"},
                {"client_ref": "NIEUW-2", "programme": "gezinslab", "enrolment_date": "2025-01-06"},
            ],
        ),
    )
    page.get_by_role("button", name="Bestand controleren").click()
    page.get_by_role("heading", name="Controle van het bestand").wait_for()
    assert page.get_by_text("2 rijen zijn in orde").is_visible()
    axe_check(page)
    assert Participant.objects.count() == 1
    page.get_by_role("button", name="Importeren bevestigen").click()
    page.get_by_text("2 deelnemers geïmporteerd").wait_for()
    axe_check(page)
    assert Participant.objects.count() == 3
