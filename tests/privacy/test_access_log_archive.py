"""Archiving a closed year of the access log: the year's events go to a file with a keyed
manifest and leave the database, and the chains still verify from their anchors. The dates are
set relative to the day the test runs (time-machine), never fixed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from privacy import access_log
from privacy.access_log_archive import verify_archive
from privacy.models import AccessEvent, AccessLogArchive
from tests.privacy.chains import fresh_chain, log_looks  # noqa: F401 - fresh_chain is autouse
from tests.privacy.legacy_chain import write_legacy_chain

pytestmark = pytest.mark.django_db


def _at(year: int, month: int = 6):
    zone = timezone.get_default_timezone()
    return time_machine.travel(dt.datetime(year, month, 1, 12, tzinfo=zone), tick=False)


def _verify(*extra: str) -> str:
    out = StringIO()
    call_command("verify_access_log", "--no-seal", *extra, stdout=out)
    return out.getvalue()


def _archive(year: int, out) -> str:
    text = StringIO()
    call_command("archive_access_log", "--year", str(year), "--out", str(out), stdout=text)
    return text.getvalue()


@pytest.fixture
def two_years(officer):
    """Events of the year before last and of last year in one chain (a thread that lived
    across New Year), each year sealed; and events of this year after a new thread began."""
    this_year = timezone.localdate().year
    first, second = this_year - 2, this_year - 1
    with _at(first, 3):
        log_looks(officer, 4, "eerste")
        access_log.seal()
    with _at(second, 3):
        log_looks(officer, 3, "tweede")
        access_log.seal()
    access_log._local.chain = None
    log_looks(officer, 2, "nu")
    access_log.seal()
    return first, second, this_year


def test_archiving_a_year_keeps_the_log_intact(two_years, tmp_path):
    first, second, _this_year = two_years
    out = tmp_path / f"inzagelog-{first}.jsonl"
    said = _archive(first, out)
    assert "4 gebeurtenissen" in said
    assert not AccessEvent.objects.filter(what__startswith="eerste").exists()
    assert AccessEvent.objects.filter(what__startswith="tweede").count() == 3
    assert AccessEvent.objects.filter(what__startswith="nu").count() == 2
    assert "intact" in _verify()
    assert "Archief" in _verify("--archive", str(out)) and "4 gebeurtenissen" in _verify(
        "--archive", str(out)
    )
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    manifest = lines[-1]
    assert manifest["type"] == "manifest" and manifest["events"] == 4
    assert manifest["key_ids"] == ["audit1"]
    assert "q8n0r3cX5kzv6Yq1mJ0x8Hc2bB7dPpWm9sT4uE1fG2k" not in out.read_text()  # no key
    (chain,) = manifest["chains"]
    assert manifest["chains"][chain]["first_link"] == 1
    assert manifest["chains"][chain]["last_link"] == 4
    assert [line["type"] for line in lines].count("checkpoint") >= 1
    assert AccessLogArchive.objects.get().anchors[chain][0] == 4
    # The next year continues from the first one's anchor; and then this year stays.
    _archive(second, tmp_path / "tweede.jsonl")
    assert "intact" in _verify()
    assert list(AccessEvent.objects.values_list("what", flat=True).order_by("link")) == [
        "nu 0",
        "nu 1",
    ]


def test_the_current_year_is_refused(two_years, tmp_path):
    _first, _second, this_year = two_years
    with pytest.raises(CommandError, match="niet afgesloten"):
        _archive(this_year, tmp_path / "nu.jsonl")
    assert not (tmp_path / "nu.jsonl").exists()
    assert AccessEvent.objects.count() == 9


def test_a_later_year_waits_for_the_earlier_one(two_years, tmp_path):
    _first, second, _this_year = two_years
    with pytest.raises(CommandError, match="archiveer eerst"):
        _archive(second, tmp_path / "tweede.jsonl")
    assert AccessEvent.objects.count() == 9


def test_a_year_no_checkpoint_sealed_is_refused(officer, tmp_path):
    last_year = timezone.localdate().year - 1
    with _at(last_year):
        log_looks(officer, 3, "vorig")
        access_log.seal()
        log_looks(officer, 2, "onverzegeld")
    with pytest.raises(CommandError, match="seal_access_log"):
        _archive(last_year, tmp_path / "vorig.jsonl")
    assert AccessEvent.objects.count() == 5
    assert not list(tmp_path.iterdir())


def test_a_tampered_archive_is_caught(two_years, tmp_path):
    first, _second, _this_year = two_years
    out = tmp_path / "eerste.jsonl"
    _archive(first, out)
    original = out.read_text()

    out.write_text(original.replace('"what":"eerste 2"', '"what":"eerste X"'))
    with pytest.raises(CommandError, match="Archief is niet intact"):
        _verify("--archive", str(out))

    # Without the line, and the manifest's SHA-256 made to fit: the manifest's HMAC fails.
    lines = original.splitlines()
    manifest = json.loads(lines[-1])
    body = "".join(line + "\n" for line in lines[:-1] if '"eerste 1"' not in line)
    manifest["sha256"] = hashlib.sha256(body.encode()).hexdigest()
    manifest["events"] -= 1
    out.write_text(body + json.dumps(manifest) + "\n")
    report = verify_archive(out)
    assert not report.ok and report.where == "manifest"

    out.write_text(original)
    assert verify_archive(out).ok


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER privacy_accessevent_no_delete ON privacy_accessevent")
            cursor.execute(
                "DROP TRIGGER privacy_accesslogarchive_no_change ON privacy_accesslogarchive"
            )
        else:
            cursor.execute("DROP TRIGGER privacy_accesslogarchive_no_update")


def test_tampering_with_the_database_after_archiving_is_caught(two_years, tmp_path):
    first, _second, _this_year = two_years
    _archive(first, tmp_path / "eerste.jsonl")
    _drop_triggers()
    # The first event left in the archived chain removed: it no longer continues the anchor.
    earliest = AccessEvent.objects.filter(what="tweede 0").get()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_accessevent WHERE id = %s", [earliest.pk])
    with pytest.raises(CommandError, match="niet intact"):
        _verify()


def test_a_removed_or_altered_archive_record_is_caught(two_years, tmp_path):
    first, _second, _this_year = two_years
    _archive(first, tmp_path / "eerste.jsonl")
    _drop_triggers()
    record = AccessLogArchive.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_accesslogarchive SET anchors = %s WHERE id = %s",
            [
                json.dumps({chain: [3, digest] for chain, (_l, digest) in record.anchors.items()}),
                record.pk,
            ],
        )
    with pytest.raises(CommandError, match="archief .* altered"):
        _verify()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogarchive")
    with pytest.raises(CommandError, match="event missing"):
        _verify()


def test_the_database_refuses_to_delete_events_outside_the_archive(two_years):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite refuses UPDATE only (test flushes delete)")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('koers.archiving', 'on', true)")
        cursor.execute("DELETE FROM privacy_accessevent")
    assert AccessEvent.objects.count() == 9


def test_the_legacy_chain_is_archived_and_continues_from_its_anchor(officer, tmp_path):

    this_year = timezone.localdate().year
    zone = timezone.get_default_timezone()
    years = (this_year - 2, this_year - 2, this_year - 1)
    write_legacy_chain([dt.datetime(year, 6, 1, 12, tzinfo=zone) for year in years])
    out = tmp_path / "v1.jsonl"
    assert "2 gebeurtenissen" in _archive(this_year - 2, out)
    assert list(AccessEvent.objects.values_list("sequence", flat=True)) == [3]
    assert "intact" in _verify() and "intact" in _verify("--archive", str(out))
    assert AccessLogArchive.objects.get().anchors[""][0] == 2


def test_a_failed_deletion_leaves_no_archive_file(two_years, tmp_path, monkeypatch):
    first, _second, _this_year = two_years
    from privacy import access_log_archive

    real = access_log.verify_access_log
    calls = []

    def broken_after_the_deletion():
        calls.append(1)
        report = real()
        if len(calls) > 1:
            report.ok, report.first_broken, report.reason = False, "test", "simulated"
        return report

    monkeypatch.setattr(
        access_log_archive.access_log, "verify_access_log", broken_after_the_deletion
    )
    out = tmp_path / "eerste.jsonl"
    with pytest.raises(CommandError, match="niets is verwijderd"):
        _archive(first, out)
    assert not out.exists() and not list(tmp_path.iterdir())
    assert AccessEvent.objects.count() == 9
    assert not AccessLogArchive.objects.exists()
