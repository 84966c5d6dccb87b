"""The right of access includes Baangaranties' records: placements (with the employer, an
organisation), retention checks, Open Hiring sign-ups and the route out of social assistance.
The app keeps no encrypted text; after erasure the report carries no programme data."""

from __future__ import annotations

import pytest

from baangaranties import services
from casework import privacy_provider
from tests.baangaranties.conftest import add_route

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(worker, enrolment, placement):
    services.sign_up_open_hiring(actor=worker, enrolment=enrolment)
    add_route(worker, enrolment)
    return enrolment


def _blocks(data):
    return {
        b["title"]: b["rows"] for b in data["programme_data"] if b["programme"] == "baangarantie"
    }


def test_collect_includes_placements_checks_signups_and_routes(filled, placement, employer):
    blocks = _blocks(privacy_provider.collect(filled.participant_id))
    row = blocks["Plaatsingen"][0]
    assert row["placement"] == str(placement.pk)
    assert row["employer"] == employer.name
    assert row["hours_per_week"] == "24.0"  # decimals as strings
    assert row["start_date"] == "2026-03-02"
    assert {c["months"] for c in blocks["Nazorgchecks"]} >= {3}
    assert len(blocks["Open Hiring"]) == 1
    assert blocks["Route uit de bijstand"][0]["route"] == "education"
    assert blocks["Route uit de bijstand"][0]["on_assistance_since"] == "2026-01-05"
    for rows in blocks.values():
        for value in (v for r in rows for v in r.values()):
            assert value is None or isinstance(value, (str, int, float, bool))


def test_after_erasure_no_programme_data_is_reported(filled):
    privacy_provider.erase(filled.participant_id)
    data = privacy_provider.collect(filled.participant_id)
    assert data["erased"] is True and "programme_data" not in data


@pytest.mark.pdf
def test_pdf_report_shows_the_programme_block(filled):
    from weasyprint import HTML

    from privacy import report

    html = report.report_html(report.participant_report(filled.participant_id, actor_label="t"))
    assert "Plaatsingen" in html and "Route uit de bijstand" in html
    assert HTML(string=html).write_pdf().startswith(b"%PDF-")
