"""The erasure ledger: every erasure is also written outside the database, and after a restore
`reapply_erasures` erases again whoever the restored database holds unerased. A ledger line
that was not written by Koers (no valid HMAC) erases nobody."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.models import Participant
from privacy import services
from privacy.erasure_ledger import ledger_line
from privacy.models import AccessEvent
from tests.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(settings, tmp_path):
    path = tmp_path / "erasure-ledger.jsonl"
    settings.KOERS_ERASURE_LEDGER = str(path)
    return path


def _reapply(*args: str) -> str:
    out = StringIO()
    call_command("reapply_erasures", *args, stdout=out)
    return out.getvalue()


def test_a_confirmed_erasure_is_written_in_the_ledger(
    ledger, officer, officer2, caseworker_a, team_a, django_capture_on_commit_callbacks
):
    participant = make_participant(caseworker_a, team_a)
    erasure = services.request_erasure(
        actor=officer, subject_id=participant.pk, reason="Verzoek art. 17"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_erasure(actor=officer2, erasure=erasure, expected_version=erasure.version)
    (line,) = [json.loads(raw) for raw in ledger.read_text().splitlines()]
    assert (line["subject_id"], line["reason"]) == (str(participant.pk), "request")
    assert "Verzoek" not in ledger.read_text()  # ids and reasons of a kind, no free text
    assert "0 opnieuw gewist, 1 al gewist" in _reapply()


def test_after_a_restore_the_erasure_is_applied_again(ledger, caseworker_a, team_a):
    """The restored database holds the participant unerased; the ledger says otherwise."""
    restored = make_participant(caseworker_a, team_a)
    kept = make_participant(caseworker_a, team_a, name="Gerrit Hoekstra")
    ledger.write_text(ledger_line(restored.pk, "request") + "\n")
    assert "1 opnieuw te wissen" in _reapply("--dry-run")
    assert Participant.objects.get(pk=restored.pk).erased_at is None
    assert "1 opnieuw gewist, 0 al gewist" in _reapply()
    assert Participant.objects.get(pk=restored.pk).erased_at is not None
    assert Participant.objects.get(pk=kept.pk).erased_at is None
    assert AccessEvent.objects.filter(
        subject_id=restored.pk, action="erasure", what__contains="re-applied"
    ).exists()


def test_a_forged_line_erases_nobody(ledger, caseworker_a, team_a):
    first = make_participant(caseworker_a, team_a)
    second = make_participant(caseworker_a, team_a, name="Sjoerd Bakker")
    forged = json.loads(ledger_line(second.pk, "request"))
    forged["subject_id"] = str(first.pk)  # someone who can write the file, not the env
    ledger.write_text(ledger_line(second.pk, "request") + "\n" + json.dumps(forged) + "\n")
    with pytest.raises(CommandError, match="regel 2 zonder geldige handtekening"):
        _reapply()
    assert not Participant.objects.filter(erased_at__isnull=False).exists()


def test_without_a_ledger_the_command_says_what_to_set(settings):
    settings.KOERS_ERASURE_LEDGER = ""
    with pytest.raises(CommandError, match="KOERS_ERASURE_LEDGER"):
        _reapply()
