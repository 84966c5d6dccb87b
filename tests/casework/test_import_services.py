"""The import services called directly, as an upload page would: a good file writes, a file with
bad rows writes nothing and names every bad row by number, never a value from the file."""

from __future__ import annotations

import io

import pytest

from casework.models import Enrolment, Household, Measurement, Participant
from casework.services.imports import (
    ImportRefused,
    UnreadableFile,
    import_measurements,
    import_participants,
    measurements,
    participants,
)
from tests.casework.csv_rows import csv_file, person
from tests.factories import make_participant, valid_bsn

pytestmark = pytest.mark.django_db

PUBLIC_TASK = Enrolment.LegalBasis.PUBLIC_TASK


def test_good_participants_file_writes_and_summarises(team_a):
    source = csv_file(
        participants.COLUMNS,
        [
            person(client_ref="S-1", given_name="Sjoukje", bsn=valid_bsn(), research_consent="ja"),
            person(
                client_ref="S-2",
                given_name="Jelle",
                household_ref="HH-1",
                household_role="child",
                research_consent="nee",
            ),
            person(
                client_ref="S-3",
                given_name="Tjitske",
                household_ref="HH-1",
                household_role="parent",
            ),
        ],
    )
    summary = import_participants(source=source, team=team_a, legal_basis=PUBLIC_TASK)
    assert (summary.participants, summary.households, summary.new_households) == (3, 1, 1)
    assert (summary.consent_given, summary.consent_refused, summary.consent_not_asked) == (1, 1, 1)
    assert not summary.dry_run
    assert Participant.objects.count() == 3
    assert Household.objects.count() == 1


def test_dry_run_validates_and_writes_nothing(team_a):
    source = csv_file(participants.COLUMNS, [person(client_ref="S-1", given_name="Auke")])
    summary = import_participants(source=source, team=team_a, legal_basis=PUBLIC_TASK, dry_run=True)
    assert summary.participants == 1 and summary.dry_run
    assert Participant.objects.count() == 0


def test_rows_already_read_are_accepted(team_a):
    rows = [(2, {name: person(client_ref="R-1").get(name, "") for name in participants.COLUMNS})]
    summary = import_participants(source=rows, team=team_a, legal_basis=PUBLIC_TASK)
    assert summary.participants == 1
    assert Participant.objects.count() == 1


def test_bad_participant_rows_write_nothing_and_are_all_named(team_a):
    secrets = ("Geheimnaam", "2099-01-01", "12345678", "zuidpool", "XX-99")
    source = csv_file(
        participants.COLUMNS,
        [
            person(client_ref="OK-1", given_name="Goed"),
            person(client_ref="XX-99", given_name="Geheimnaam", enrolment_date="2099-01-01"),
            person(client_ref="OK-2", given_name="Goed", bsn="12345678"),
            person(client_ref="OK-3", given_name="Goed", wijk="zuidpool"),
            person(client_ref="OK-1", given_name="Dubbel"),
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        import_participants(source=source, team=team_a, legal_basis=PUBLIC_TASK)
    errors = refused.value.errors
    assert [message.split(":")[0] for message in errors] == ["Rij 3", "Rij 4", "Rij 5", "Rij 6"]
    assert errors[0].startswith("Rij 3: enrolment_date:")
    assert errors[1].startswith("Rij 4: bsn:")
    assert errors[2].startswith("Rij 5: wijk:")
    assert errors[3] == "Rij 6: client_ref: dit cliëntnummer staat ook in rij 2."
    said = " ".join(errors)
    assert not any(secret in said for secret in secrets)
    assert Participant.objects.count() == 0


def test_an_existing_participant_is_named_by_row(team_a, caseworker_a):
    make_participant(actor=caseworker_a, team=team_a, client_ref="OLD-1")
    source = csv_file(participants.COLUMNS, [person(client_ref="OLD-1", given_name="Weer")])
    with pytest.raises(ImportRefused) as refused:
        import_participants(source=source, team=team_a, legal_basis=PUBLIC_TASK)
    assert refused.value.errors == [
        "Rij 2: client_ref: er is al een deelnemer met dit cliëntnummer."
    ]
    assert Participant.objects.count() == 1


def test_a_file_that_is_not_utf8_is_unreadable(team_a):
    source = io.BytesIO(",".join(participants.COLUMNS).encode() + b"\nNa\xefve,\n")
    with pytest.raises(UnreadableFile) as refused:
        import_participants(source=source, team=team_a, legal_basis=PUBLIC_TASK)
    assert refused.value.message.startswith("Rij 2: het bestand is geen UTF-8.")
    assert refused.value.errors == [refused.value.message]


def test_a_file_with_only_a_header_is_refused(team_a):
    with pytest.raises(ImportRefused) as refused:
        import_participants(
            source=csv_file(participants.COLUMNS, []), team=team_a, legal_basis=PUBLIC_TASK
        )
    assert refused.value.errors == [
        "Rij 1: het bestand bevat geen deelnemers, alleen een kopregel."
    ]


def test_good_measurements_file_writes_and_summarises(team_a, caseworker_a):
    make_participant(actor=caseworker_a, team=team_a, client_ref="M-1")
    source = csv_file(
        measurements.COLUMNS,
        [
            {
                "client_ref": "M-1",
                "instrument": "zrm",
                "item": "financien",
                "date": "2025-01-20",
                "value": "2",
            },
            {
                "client_ref": "M-1",
                "instrument": "zrm",
                "item": "huisvesting",
                "date": "2025-01-20",
                "value": "3",
            },
        ],
    )
    summary = import_measurements(source=source)
    assert (summary.measurements, summary.scores, summary.dry_run) == (1, 2, False)
    assert Measurement.objects.count() == 1


def test_bad_measurement_rows_write_nothing_and_are_all_named(team_a, caseworker_a):
    make_participant(actor=caseworker_a, team=team_a, client_ref="M-1")
    good = {"client_ref": "M-1", "instrument": "zrm", "item": "financien", "date": "2025-01-20"}
    source = csv_file(
        measurements.COLUMNS,
        [
            {**good, "value": "2"},
            {**good, "client_ref": "ONBEKEND-7", "value": "2"},
            {**good, "item": "huisvesting", "value": "veel"},
            {**good, "value": "3"},
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        import_measurements(source=source)
    errors = refused.value.errors
    assert [message.split(":")[0] for message in errors] == ["Rij 3", "Rij 4", "Rij 5"]
    assert errors[2] == "Rij 5: item: dit item staat voor dezelfde meting al in rij 2."
    said = " ".join(errors)
    assert "ONBEKEND-7" not in said and "veel" not in said
    assert Measurement.objects.count() == 0
