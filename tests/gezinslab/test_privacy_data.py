"""The right of access includes Gezinslab's and Buurtgezinnen's household records (under the
household's key) for every member, once each; a support family's name and contact stay out."""

from __future__ import annotations

import datetime as dt

import pytest

from casework import privacy_provider
from casework.models import HouseholdMembership
from gezinslab import services
from tests.gezinslab.conftest import RATE_TOOL, record_breakthrough

pytestmark = pytest.mark.django_db


def _blocks(data):
    return {b["title"]: b["rows"] for b in data["programme_data"]}


@pytest.fixture
def filled(caseworker_a, trajectory_a, barrier_a):
    services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text="Samen eten")
    record_breakthrough(
        caseworker_a,
        barrier_a,
        "Gesprek met de klantmanager",
        dt.date(2025, 3, 1),
        **RATE_TOOL,
    )
    return trajectory_a


def test_every_member_gets_the_household_records_decrypted(filled):
    members = HouseholdMembership.objects.filter(household=filled.household)
    assert members.count() == 2
    for membership in members:
        data = privacy_provider.collect(membership.participant_id)
        assert {b["programme"] for b in data["programme_data"]} == {"gezinslab"}
        blocks = _blocks(data)
        assert blocks["Gezinstraject"][0]["plan_summary"] == "Rust in de post"
        assert blocks["Gezinsdoelen"][0]["text"] == "Samen eten"
        assert blocks["Knelpunten"][0]["description"] == "Bijverdienen wordt gekort"
        assert blocks["Doorbraken"][0]["how"] == "Gesprek met de klantmanager"
        assert blocks["Doorbraken"][0]["system_change"] == "Rekentool bijverdienen"
        titles = [b["title"] for b in data["programme_data"]]
        assert len(titles) == len(set(titles))  # no duplicates


def test_match_names_the_support_family_by_id_only(caseworker_a, match_a, asking_household):
    services.update_match(
        actor=caseworker_a,
        match=match_a,
        expected_version=match_a.version,
        start_date=match_a.start_date,
        rhythm="fortnightly",
        end_date=dt.date(2025, 9, 1),
        evaluation="Goed contact",
        outcome="good",
    )
    member = HouseholdMembership.objects.filter(household=asking_household).first()
    data = privacy_provider.collect(member.participant_id)
    row = _blocks(data)["Buurtgezin-koppelingen"][0]
    assert row["evaluation"] == "Goed contact"
    assert row["support_family"] == f"steungezin ({match_a.support_family_id})"
    assert "Familie Steun" not in str(data) and "06-12345678" not in str(data)


def test_erasing_one_member_leaves_the_household_records_of_the_other(filled):
    first, second = HouseholdMembership.objects.filter(household=filled.household)
    privacy_provider.erase(first.participant_id)
    assert "programme_data" not in privacy_provider.collect(first.participant_id)
    blocks = _blocks(privacy_provider.collect(second.participant_id))
    assert blocks["Gezinsdoelen"][0]["text"] == "Samen eten"


@pytest.mark.pdf
def test_pdf_report_shows_the_programme_block(filled):
    from weasyprint import HTML

    from privacy import report

    member = HouseholdMembership.objects.filter(household=filled.household).first()
    html = report.report_html(report.participant_report(member.participant_id, actor_label="t"))
    assert "Gezinsdoelen" in html and "Samen eten" in html
    assert HTML(string=html).write_pdf().startswith(b"%PDF-")
