"""The imports with an acting user, as the upload page calls them: own teams only, own caseload
only, a preview that writes nothing, a confirmation that writes all or nothing, and the sealed
token that carries the file between the two."""

from __future__ import annotations

import io
import time

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD
from casework.models import Enrolment, Household, Measurement, Participant
from casework.services.imports import (
    ImportRefused,
    UnreadableFile,
    import_measurements,
    import_participants,
    measurements,
    participants,
    preview_measurements,
    preview_participants,
    tokens,
)
from tests.casework.csv_rows import csv_file, person
from tests.factories import enrol, make_participant, make_user

pytestmark = pytest.mark.django_db

PUBLIC_TASK = Enrolment.LegalBasis.PUBLIC_TASK


def score(client_ref: str, item: str = "financien", value: str = "3", **cells) -> dict[str, str]:
    return {
        "client_ref": client_ref,
        "instrument": "zrm",
        "item": item,
        "date": "2025-01-20",
        "value": value,
        **cells,
    }


# --- participants -------------------------------------------------------------------------


def test_an_actor_imports_into_an_own_team_and_becomes_the_caseworker(team_a, caseworker_a):
    source = csv_file(participants.COLUMNS, [person(client_ref="P-1"), person(client_ref="P-2")])
    summary = import_participants(
        actor=caseworker_a, source=source, team=team_a, legal_basis=PUBLIC_TASK
    )
    assert summary.participants == 2
    assert set(Enrolment.objects.values_list("team", "caseworker")) == {
        (team_a.pk, caseworker_a.pk)
    }


@pytest.mark.parametrize("role", [CASEWORKER, TEAM_LEAD])
def test_an_actor_may_not_import_into_another_team(role, team_a, team_b):
    actor = make_user(role, teams=[team_b])
    source = csv_file(participants.COLUMNS, [person(client_ref="P-1")])
    with pytest.raises(PermissionDenied):
        import_participants(actor=actor, source=source, team=team_a, legal_basis=PUBLIC_TASK)
    with pytest.raises(PermissionDenied):
        preview_participants(actor=actor, source=source, team=team_a)
    assert Participant.objects.count() == 0


def test_a_peer_expert_may_not_import(team_a):
    actor = make_user(PEER_EXPERT, teams=[team_a])
    source = csv_file(participants.COLUMNS, [person(client_ref="P-1")])
    with pytest.raises(PermissionDenied):
        preview_participants(actor=actor, source=source, team=team_a)
    with pytest.raises(PermissionDenied):
        import_measurements(actor=actor, source=csv_file(measurements.COLUMNS, [score("P-1")]))


def test_the_participants_preview_names_every_bad_row_and_writes_nothing(team_a, caseworker_a):
    source = csv_file(
        participants.COLUMNS,
        [
            person(client_ref="G-1", household_ref="HH-1", household_role="parent"),
            person(client_ref="G-2", enrolment_date="2099-01-01"),
            person(client_ref="G-3", research_consent="ja"),
            person(client_ref="G-4", programme="onbekend", research_consent="misschien"),
        ],
    )
    preview = preview_participants(actor=caseworker_a, source=source, team=team_a)
    assert (preview.rows, preview.good, preview.refused_rows) == (4, 2, 2)
    assert [message.split(":")[0] for message in preview.errors] == ["Rij 3", "Rij 5", "Rij 5"]
    assert not preview.accepted and preview.summary is None
    assert [sample.line for sample in preview.samples] == [2, 4]
    assert preview.samples[0].household_role_label == "Ouder"
    assert "G-1" not in repr(preview.samples)
    assert Participant.objects.count() == 0
    assert Household.objects.count() == 0


def test_a_good_participants_preview_is_accepted_with_the_dry_run_summary(team_a, lead_a):
    source = csv_file(participants.COLUMNS, [person(client_ref="G-1", research_consent="nee")])
    preview = preview_participants(actor=lead_a, source=source, team=team_a)
    assert preview.accepted and preview.errors == []
    assert preview.summary.participants == 1 and preview.summary.dry_run
    assert preview.summary.consent_refused == 1
    assert Participant.objects.count() == 0


def test_a_household_of_another_team_is_a_refused_row_in_the_preview(
    team_a, team_b, caseworker_a, caseworker_b
):
    other = make_participant(actor=caseworker_b, team=team_b)
    import_participants(
        source=csv_file(
            participants.COLUMNS,
            [person(client_ref="B-1", household_ref="HH-B", household_role="parent")],
        ),
        team=team_b,
        legal_basis=PUBLIC_TASK,
    )
    assert other.pk
    source = csv_file(
        participants.COLUMNS,
        [person(client_ref="A-1", household_ref="HH-B", household_role="child")],
    )
    preview = preview_participants(actor=caseworker_a, source=source, team=team_a)
    assert preview.errors == [
        "Rij 2: household_ref: dit huishoudnummer hoort bij een huishouden van een ander team."
    ]
    assert preview.good == 0


def test_a_wrong_header_is_a_refused_preview_and_a_too_long_file_unreadable(team_a, caseworker_a):
    wrong = io.BytesIO(b"naam,adres\nA,B\n")
    preview = preview_participants(actor=caseworker_a, source=wrong, team=team_a)
    assert preview.errors[0].startswith("Rij 1: de kopregel ontbreekt of klopt niet")
    assert (preview.good, preview.refused_rows) == (0, 1)
    many = csv_file(participants.COLUMNS, [person(client_ref=f"R-{i}") for i in range(4)])
    with pytest.raises(UnreadableFile) as refused:
        preview_participants(actor=caseworker_a, source=many, team=team_a, max_rows=3)
    assert refused.value.message.startswith("Het bestand heeft te veel rijen: 4, hoogstens 3.")


def test_a_confirmed_participants_import_is_atomic(team_a, caseworker_a, monkeypatch):
    """A failure while writing the third row leaves nothing of the first two."""
    from casework.services.imports import participants as module

    real = module.import_participant
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(module, "import_participant", failing)
    source = csv_file(participants.COLUMNS, [person(client_ref=f"A-{i}") for i in range(3)])
    with pytest.raises(ImportRefused) as refused:
        import_participants(actor=caseworker_a, source=source, team=team_a, legal_basis=PUBLIC_TASK)
    assert refused.value.errors[0].startswith("Rij 4: onverwachte fout bij het opslaan")
    assert Participant.objects.count() == 0
    assert Enrolment.objects.count() == 0


# --- measurements -------------------------------------------------------------------------


@pytest.fixture
def own_and_other(team_a, team_b, caseworker_a, caseworker_b):
    make_participant(actor=caseworker_a, team=team_a, client_ref="EIGEN-1")
    make_participant(actor=caseworker_b, team=team_b, client_ref="ANDER-1")


def test_a_participant_of_another_team_is_a_refused_row(own_and_other, caseworker_a):
    source = csv_file(
        measurements.COLUMNS,
        [score("EIGEN-1"), score("ANDER-1"), score("NIEMAND-1")],
    )
    preview = preview_measurements(actor=caseworker_a, source=source)
    assert preview.refused_rows == 2 and preview.good == 1
    other, unknown = preview.errors
    assert other.startswith("Rij 3: client_ref: er is in uw caseload geen deelnemer")
    # Another team's participant reads exactly as an unknown number: nothing leaks.
    assert other.removeprefix("Rij 3") == unknown.removeprefix("Rij 4")
    assert "ANDER-1" not in " ".join(preview.errors)
    with pytest.raises(ImportRefused):
        import_measurements(
            actor=caseworker_a, source=csv_file(measurements.COLUMNS, [score("ANDER-1")])
        )
    assert Measurement.objects.count() == 0


def test_the_command_path_without_actor_still_imports_for_every_team(own_and_other):
    source = csv_file(measurements.COLUMNS, [score("EIGEN-1"), score("ANDER-1")])
    assert import_measurements(source=source).measurements == 2


def test_an_enrolment_of_another_team_is_refused_even_in_the_caseload(
    team_a, team_b, caseworker_a, caseworker_b
):
    """A participant in both teams' caseloads: a date before team A's enrolment started is
    team B's, and team A may not record it."""
    import datetime as dt

    participant = make_participant(
        actor=caseworker_b, team=team_b, client_ref="BEIDE-1", start_date=dt.date(2024, 1, 8)
    )
    both = make_user(CASEWORKER, teams=[team_a, team_b])
    enrol(both, participant, "lifecoaching", team_a, dt.date(2025, 1, 6), PUBLIC_TASK)
    source = csv_file(
        measurements.COLUMNS,
        [score("BEIDE-1", date="2024-06-03"), score("BEIDE-1", date="2025-02-03")],
    )
    preview = preview_measurements(actor=caseworker_a, source=source)
    assert preview.errors == [
        "Rij 2: date: de deelnemer had op deze datum nog geen inschrijving bij uw team; "
        "u kunt alleen metingen importeren bij inschrijvingen van uw eigen team."
    ]
    assert preview.good == 1


def test_the_measurements_preview_writes_nothing_and_the_import_writes_as_actor(
    own_and_other, caseworker_a
):
    source = csv_file(
        measurements.COLUMNS, [score("EIGEN-1"), score("EIGEN-1", item="huisvesting")]
    )
    preview = preview_measurements(actor=caseworker_a, source=source)
    assert preview.accepted and preview.good == 2
    assert (preview.summary.measurements, preview.summary.scores) == (1, 2)
    assert [(s.instrument, s.wave, s.scores) for s in preview.samples] == [("zrm", "intake", 2)]
    assert Measurement.objects.count() == 0
    source.seek(0)
    summary = import_measurements(actor=caseworker_a, source=source)
    assert summary.measurements == 1
    assert Measurement.objects.get().values.count() == 2


# --- the token ------------------------------------------------------------------------------


def test_a_token_opens_for_its_user_and_kind_only(caseworker_a, lead_a):
    pending = tokens.PendingImport(
        kind="participants", data=b"client_ref\nGEHEIM-1\n", team_id=7, legal_basis="consent"
    )
    token = tokens.seal(user=caseworker_a, pending=pending)
    assert b"GEHEIM" not in token.encode() and "GEHEIM" not in repr(pending)
    assert tokens.unseal(user=caseworker_a, kind="participants", token=token) == pending
    for user, kind in ((lead_a, "participants"), (caseworker_a, "measurements")):
        with pytest.raises(tokens.InvalidImportToken):
            tokens.unseal(user=user, kind=kind, token=token)


def test_a_tampered_or_expired_token_is_refused(caseworker_a, monkeypatch):
    pending = tokens.PendingImport(kind="measurements", data=b"x")
    token = tokens.seal(user=caseworker_a, pending=pending)
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    for bad in (tampered, "", "nonsens", "é"):
        with pytest.raises(tokens.InvalidImportToken):
            tokens.unseal(user=caseworker_a, kind="measurements", token=bad)
    later = time.time() + tokens.MAX_AGE + 5
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(tokens.InvalidImportToken) as invalid:
        tokens.unseal(user=caseworker_a, kind="measurements", token=token)
    assert "Er is niets geïmporteerd" in str(invalid.value)
