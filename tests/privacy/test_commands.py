"""The privacy commands: participant_data, erase_participant (four eyes), apply_retention and
rotate_keys. erase_participant is also the end-to-end test of erasure by crypto-shredding."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts.roles import CASEWORKER
from casework.models import (
    BreakGlassAccess,
    Enrolment,
    Goal,
    Household,
    Participant,
    Plan,
    ProgressEntry,
)
from casework.services import PARTICIPANT_SECRET_FIELDS
from privacy import registry
from privacy.crypto import Cipher, KeyDestroyedError
from privacy.keys import keyring, reset_keyring_cache
from privacy.models import AccessEvent, DataKey, ErasureRequest
from tests.factories import end_enrolment, make_participant, make_user, valid_bsn
from tests.privacy.conftest import NOTE


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- participant_data ---------------------------------------------------------------------


@pytest.mark.pdf
def test_participant_data_writes_everything_as_json_and_logs_the_run(full_file, tmp_path):
    pk = full_file.participant.pk
    pdf = tmp_path / "inzage.pdf"
    out, _err = run("participant_data", str(pk), "--pdf", str(pdf))
    data = json.loads(out)
    assert data["erased"] is False
    assert data["identity"]["bsn"] == full_file.bsn
    assert len(data["identity_versions"]) >= 2  # registered, then changed
    assert {v["street"] for v in data["identity_versions"]} >= {"Bilgaardpark", "Vlietzone"}
    assert data["enrolments"][0]["progress"][0]["note"] == NOTE
    assert data["households"][0]["household_name"] == "Familie de Vries"
    assert data["break_glass"][0]["reason"] == "Crisismelding in het weekend"
    newest = data["access_events"][0]
    assert (newest["who"], newest["action"]) == ("command:participant_data", "data_request")
    event = AccessEvent.objects.get(pk=newest["number"])
    assert event.user is None and event.request_id.startswith("cmd-")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_participant_data_says_when_erased(full_file, officer, officer2):
    pk = full_file.participant.pk
    run("erase_participant", str(pk), "--reason", "Verzoek art. 17", "--officer", officer.username)
    run("erase_participant", str(pk), "--confirm", "--officer", officer2.username)
    out, err = run("participant_data", str(pk))
    data = json.loads(out)
    assert data["erased"] is True
    assert "gewist" in err
    assert "identity" not in data and full_file.bsn not in out and NOTE not in out
    assert any(e["action"] == "erasure" for e in data["access_events"])


@pytest.mark.parametrize("value", ["geen-uuid", "7d0e5c8e-0000-4000-8000-000000000000"])
def test_participant_data_refuses_an_unknown_id(db, value):
    with pytest.raises(CommandError, match="deelnemer") as failure:
        run("participant_data", value)
    assert failure.value.returncode == 1
    assert not AccessEvent.objects.exclude(purpose="security").exists()


# --- erase_participant --------------------------------------------------------------------


def _unreadable(model, pk, column, envelope) -> bool:
    if envelope is None:
        return True
    try:
        Cipher().open(model=model, column=column, row_pk=pk, envelope=envelope)
    except KeyDestroyedError:
        return True
    return False


def test_erasure_takes_two_officers_and_shreds_rows_and_history(full_file, officer, officer2):
    participant = full_file.participant
    pk = str(participant.pk)
    out, _ = run(
        "erase_participant", pk, "--reason", "Verzoek art. 17", "--officer", officer.username
    )
    assert "tweede privacy officer" in out
    assert Participant.objects.get(pk=pk).erased_at is None  # one officer cannot erase alone
    with pytest.raises(CommandError, match="tweede privacy officer") as failure:
        run("erase_participant", pk, "--confirm", "--officer", officer.username)
    assert failure.value.returncode == 1
    with pytest.raises(CommandError, match="al een wisverzoek"):
        run("erase_participant", pk, "--reason", "Nog eens", "--officer", officer2.username)
    assert Participant.objects.get(pk=pk).erased_at is None

    out, _ = run("erase_participant", pk, "--confirm", "--officer", officer2.username)
    assert "gewist" in out
    erasure = ErasureRequest.objects.get()
    assert (erasure.requested_by, erasure.confirmed_by, erasure.status) == (
        officer,
        officer2,
        ErasureRequest.Status.DONE,
    )

    participant = Participant.objects.get(pk=pk)
    assert participant.erased_at is not None
    assert participant.data_key.wrapped is None
    history = list(Participant.history.model.objects.filter(id=pk))
    assert len(history) >= 3
    for row in [participant, *history]:
        assert row.bsn_index is None and row.client_ref_index is None
        for name in PARTICIPANT_SECRET_FIELDS:
            assert _unreadable(Participant, participant.pk, name, getattr(row, name)), name
    assert any(row.bsn for row in history)  # the envelopes are there, unreadable
    notes = {
        Plan: ("summary", Plan.objects.filter(enrolment__participant=participant)),
        Goal: ("text", Goal.objects.filter(plan__enrolment__participant=participant)),
        ProgressEntry: ("note", ProgressEntry.objects.filter(enrolment__participant=participant)),
        BreakGlassAccess: ("reason", BreakGlassAccess.objects.filter(participant=participant)),
    }
    for model, (column, rows) in notes.items():
        ids = list(rows.values_list("pk", flat=True))
        assert ids, model
        copies = [*rows, *model.history.model.objects.filter(id__in=ids)]
        assert any(getattr(row, column) for row in copies), model  # envelopes are still there
        for row in copies:
            assert _unreadable(model, row.id, column, getattr(row, column)), model
    provider = registry.provider()
    assert provider.find(full_file.bsn) is None
    assert provider.find(full_file.client_ref) is None
    assert provider.summarise(pk)["erased"] is True
    assert "identity" not in provider.collect(pk)

    # The household and the other member stay intact and readable.
    household = Household.objects.select_related("data_key").get(pk=full_file.household.pk)
    assert Cipher().open(
        model=Household, column="name", row_pk=household.pk, envelope=household.name
    ) == ("Familie de Vries")
    assert household.memberships.count() == 2
    other = provider.collect(full_file.other.pk)
    assert other["erased"] is False and other["identity"]["given_name"] == "Bram"
    assert provider.find(str(full_file.other.pk)) == full_file.other.pk

    with pytest.raises(CommandError, match="al gewist"):
        run("erase_participant", pk, "--reason", "Nog eens", "--officer", officer.username)
    with pytest.raises(CommandError, match="al gewist"):
        run("erase_participant", pk, "--confirm", "--officer", officer2.username)


def test_erasure_refuses_non_officers_unknown_users_and_ids(full_file, officer):
    pk = str(full_file.participant.pk)
    caseworker = make_user(CASEWORKER)
    with pytest.raises(CommandError, match="geen privacy officer"):
        run("erase_participant", pk, "--reason", "x", "--officer", caseworker.username)
    with pytest.raises(CommandError, match="Onbekende of inactieve gebruiker"):
        run("erase_participant", pk, "--reason", "x", "--officer", "niemand")
    with pytest.raises(CommandError, match="Onbekende deelnemer"):
        run(
            "erase_participant",
            "7d0e5c8e-0000-4000-8000-000000000000",
            "--reason",
            "x",
            "--officer",
            officer.username,
        )
    with pytest.raises(CommandError, match="geen wisverzoek"):
        run("erase_participant", pk, "--confirm", "--officer", officer.username)
    with pytest.raises(CommandError, match="--reason"):
        run("erase_participant", pk, "--officer", officer.username)
    assert not ErasureRequest.objects.exists()
    assert Participant.objects.get(pk=pk).erased_at is None


def test_erase_participant_help_documents_the_two_steps():
    from privacy.management.commands.erase_participant import Command

    assert "--confirm" in Command.help and "two different privacy officers" in Command.help


# --- apply_retention ----------------------------------------------------------------------


def _ended(actor, team, end_date, programme="gezinslab"):
    participant = make_participant(
        actor, team, programme, bsn=valid_bsn(), start_date=dt.date(1999, 1, 4)
    )
    enrolment = participant.enrolments.get()
    end_enrolment(actor, enrolment, dt.date(2025, 1, 31), Enrolment.Status.COMPLETED)
    Enrolment.objects.filter(pk=enrolment.pk).update(end_date=end_date)
    return participant


@override_settings(KOERS_RETENTION_YEARS={"gezinslab": 20, "schuldenvrij": 7})
def test_retention_dry_run_lists_and_the_real_run_erases_only_what_is_due(caseworker_a, team_a):
    due = _ended(caseworker_a, team_a, dt.date(2001, 3, 1))
    recent = _ended(caseworker_a, team_a, dt.date(2020, 3, 1))
    schulden_due = _ended(caseworker_a, team_a, dt.date(2010, 3, 1), programme="schuldenvrij")
    running = make_participant(
        caseworker_a, team_a, bsn=valid_bsn(), start_date=dt.date(2000, 1, 3)
    )

    out, _ = run("apply_retention", "--dry-run")
    assert "te wissen: 2" in out and "gezinslab: 1" in out and "schuldenvrij: 1" in out
    assert "niets gewist" in out
    assert not Participant.objects.filter(erased_at__isnull=False).exists()
    for participant in (due, recent, schulden_due, running):
        assert str(participant.pk) not in out  # counts only, no identifiers

    out, _ = run("apply_retention")
    assert "gewist: 2" in out
    erased = set(Participant.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {due.pk, schulden_due.pk}
    events = AccessEvent.objects.filter(actor_label="command:apply_retention")
    assert {e.subject_id for e in events} == {due.pk, schulden_due.pk}
    assert {e.action for e in events} == {AccessEvent.Action.ERASURE}
    out, _ = run("apply_retention")
    assert "gewist: 0" in out


# --- rotate_keys --------------------------------------------------------------------------


def _new_kek() -> str:
    return "new:" + base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def rotating():
    from django.conf import settings

    original = settings.KOERS_KEKS
    yield original
    reset_keyring_cache()


def test_rotate_keys_rewraps_everything_under_the_new_kek(full_file, rotating):
    old_ids = {kek_id for kek_id, _ in keyring().keks}
    with override_settings(KOERS_KEKS=f"{_new_kek()},{rotating}"):
        reset_keyring_cache()
        assert keyring().current_kek_id == "new"
        live = DataKey.objects.filter(destroyed_at__isnull=True).count()
        with pytest.raises(CommandError, match="oude sleutel") as failure:
            run("rotate_keys", "--check")
        assert failure.value.returncode == 1
        out, _ = run("rotate_keys")
        assert f"{live} gegevenssleutel(s) opnieuw verpakt" in out
        assert set(
            DataKey.objects.filter(destroyed_at__isnull=True).values_list("kek_id", flat=True)
        ) == {"new"}
        out, _ = run("rotate_keys", "--check")
        assert "nieuwste sleutel 'new'" in out
        data = registry.provider().collect(full_file.participant.pk)
        assert data["identity"]["bsn"] == full_file.bsn
        assert data["enrolments"][0]["progress"][0]["note"] == NOTE
    assert old_ids  # the old ones were in use before


def test_rotate_keys_check_counts_per_key_id(full_file, rotating):
    with override_settings(KOERS_KEKS=f"{_new_kek()},{rotating}"):
        reset_keyring_cache()
        out = StringIO()
        with pytest.raises(CommandError):
            call_command("rotate_keys", "--check", stdout=out)
        counts = {
            kek_id: DataKey.objects.filter(kek_id=kek_id, destroyed_at__isnull=True).count()
            for kek_id in {"test1", "test2"}
        }
        for kek_id, count in counts.items():
            if count:
                assert f"{kek_id}: {count}" in out.getvalue()


def test_rotate_keys_refuses_when_an_old_kek_is_missing(full_file, rotating):
    before = dict(DataKey.objects.values_list("pk", "wrapped"))
    with override_settings(KOERS_KEKS=_new_kek()):
        reset_keyring_cache()
        with pytest.raises(CommandError, match="KOERS_KEKS") as failure:
            run("rotate_keys")
        assert failure.value.returncode == 1
    assert dict(DataKey.objects.values_list("pk", "wrapped")) == before
    reset_keyring_cache()
    assert registry.provider().collect(full_file.participant.pk)["identity"]["bsn"] == full_file.bsn
