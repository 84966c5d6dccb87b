"""A full disk while an export is written (Bad input): the export ends as failed with a Dutch
message for the researcher and leaves no part of the file behind; a request that hits it gets
the 503 page, never a traceback; /health/ready names the storage and the setting."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from privacy.models import AccessEvent
from research import services
from research.models import Export, Release

pytestmark = pytest.mark.django_db

FULL = "De export is mislukt: de opslag voor exports is vol."


def _no_space() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def _half_a_write(self, name, content):
    """What FileSystemStorage does on a full disk: the file exists, part of it written."""
    path = Path(self.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.read(10))
    raise _no_space()


def _queued(researcher, study):
    return services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False)


def test_a_full_export_storage_fails_the_export_and_leaves_nothing(
    researcher, study, cohort, monkeypatch, tmp_path, settings, client
):
    export = _queued(researcher, study)
    monkeypatch.setattr(FileSystemStorage, "_save", _half_a_write)
    work = tmp_path / "work"
    work.mkdir()

    export = services.run_export(export.pk, work_dir=work)

    assert export.status == Export.Status.FAILED
    assert export.error == Export.DISK_FULL
    assert str(export.failure_message).startswith(FULL)
    assert not export.file
    assert _files(Path(settings.PRIVATE_MEDIA_ROOT)) == []  # the half-written zip is gone
    assert list(work.iterdir()) == []  # and the job's temporary files
    assert not Release.objects.filter(export=export).exists()
    assert not AccessEvent.objects.filter(what__startswith=f"research_export:{export.pk}").exists()
    client.force_login(researcher)
    row = client.get(reverse("research:export_status", kwargs={"pk": export.pk}))
    assert FULL in row.content.decode()


def test_a_full_temporary_directory_fails_the_export_too(
    researcher, study, cohort, monkeypatch, tmp_path, settings
):
    export = _queued(researcher, study)

    def full(files, target):
        Path(target).write_bytes(b"PK half")
        raise _no_space()

    monkeypatch.setattr("research.engine.zip_files", full)
    work = tmp_path / "work"
    work.mkdir()
    export = services.run_export(export.pk, work_dir=work)
    assert export.status == Export.Status.FAILED and export.error == Export.DISK_FULL
    assert list(work.iterdir()) == []
    assert _files(Path(settings.PRIVATE_MEDIA_ROOT)) == []


def test_another_os_error_still_fails_loudly(researcher, study, cohort, monkeypatch):
    export = _queued(researcher, study)

    def broken(files, target):
        raise PermissionError(errno.EACCES, "no")

    monkeypatch.setattr("research.engine.zip_files", broken)
    with pytest.raises(PermissionError):
        services.run_export(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED and export.error == "PermissionError"
    assert "Vraag hem opnieuw aan" in str(export.failure_message)


def test_a_request_that_hits_a_full_disk_gets_the_503_page(client, researcher, study, monkeypatch):
    export = _queued(researcher, study)

    def full(*args, **kwargs):
        raise _no_space()

    monkeypatch.setattr("research.views.selectors.get_export", full)
    client.raise_request_exception = False
    client.force_login(researcher)
    response = client.get(reverse("research:export_status", kwargs={"pk": export.pk}))
    assert response.status_code == 503
    page = response.content.decode()
    assert "Koers is even niet bereikbaar" in page and "Traceback" not in page
    assert response["Retry-After"] == "30"


def test_health_names_a_full_export_storage(client, tmp_path, settings, monkeypatch):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    settings.KOERS_MIN_FREE_MB = 1

    def refuse(self, data):
        Path.open(self, "wb").close()  # created, then the disk refuses the bytes
        raise _no_space()

    monkeypatch.setattr(Path, "write_bytes", refuse)
    response = client.get("/health/ready")
    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert "export storage is not writable (KOERS_PRIVATE_MEDIA_ROOT)" in storage
    assert "No space left on device" in storage
    assert list(tmp_path.iterdir()) == []  # the probe did not stay behind


def test_health_names_too_little_room(client, tmp_path, settings, monkeypatch):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    settings.KOERS_MIN_FREE_MB = 500
    usage = shutil.disk_usage(tmp_path)._replace(free=2**20)
    monkeypatch.setattr("accounts.health.shutil.disk_usage", lambda path: usage)
    response = client.get("/health/ready")
    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert "1 MB free, less than KOERS_MIN_FREE_MB (500)" in storage
    assert "KOERS_PRIVATE_MEDIA_ROOT" in storage
