"""The export job: build an export's zip in a temporary directory, store it privately, log
it and record the release in the group's ledger; a cancelled export stops between chunks."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import shutil
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from accounts.unavailable import no_space
from casework.services import save
from privacy.models import AccessEvent
from research import engine
from research.models import EXPIRY_DAYS, Export, Release, Study
from research.services.access import log_access
from research.services.exports import plan_for

logger = logging.getLogger("koers.research")


def run_export(export_id, *, work_dir: Path | None = None) -> Export:
    """The job: build the export's zip in a temporary directory, store it privately, log it.
    Checks between chunks whether the export was cancelled, and stops (and cleans up) if so."""
    export, started = _start(export_id)
    if not started:
        return export
    temp = Path(tempfile.mkdtemp(prefix="koers-research-", dir=work_dir))
    try:
        result = engine.run(plan_for(export), temp / "files", progress=_Progress(export_id))
        archive = engine.zip_files(result.files, temp / "export.zip")
        return _store(export, archive, result)
    except engine.Cancelled:
        return Export.objects.get(pk=export_id)
    except OSError as error:
        if not no_space(error):
            logger.error("Research export failed: %s", type(error).__name__)
            _fail(export_id, error)
            raise
        # An expected condition, not a fault of the code: no traceback, the export says why.
        logger.error(
            "Research export failed: no space left for the export (KOERS_PRIVATE_MEDIA_ROOT, "
            "or the temporary directory TMPDIR): %s",
            errno.errorcode.get(error.errno, "?"),
        )
        _fail(export_id, error, code=Export.DISK_FULL)
        return Export.objects.get(pk=export_id)
    except Exception as error:
        logger.error("Research export failed: %s", type(error).__name__)
        _fail(export_id, error)
        raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _start(export_id) -> tuple[Export, bool]:
    """Mark a queued export running; one whose study is no longer approved fails. Returns the
    export and whether the job goes on."""
    with transaction.atomic():
        export = Export.objects.select_for_update().select_related("study").get(pk=export_id)
        if export.status != Export.Status.QUEUED:
            return export, False
        if export.study.status != Study.Status.APPROVED:
            export.status = Export.Status.FAILED
            export.error = "study_not_approved"
            export.finished_at = timezone.now()
            save(export)
            return export, False
        export.status = Export.Status.RUNNING
        export.started_at = timezone.now()
        save(export)
    return export, True


class _Progress:
    """The engine's progress callback: saves the percentage done when it changes, and stops
    the engine (``engine.Cancelled``) when the export was cancelled meanwhile."""

    def __init__(self, export_id) -> None:
        self.export_id = export_id
        self.percent = -1

    def __call__(self, done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 100
        with transaction.atomic():
            current = Export.objects.select_for_update().get(pk=self.export_id)
            if current.status == Export.Status.CANCELLED:
                raise engine.Cancelled
            if percent != self.percent:
                self.percent = percent
                current.progress = min(percent, 99)
                current.participants_done = done
                current.participants_total = total
                save(current)


def _store(export: Export, archive: Path, result: engine.Result) -> Export:
    """Save the zip with the export (unless cancelled meanwhile), record the release, log it."""
    digest = engine.sha256_file(archive)
    with transaction.atomic():
        current = Export.objects.select_for_update().get(pk=export.pk)
        if current.status == Export.Status.CANCELLED:
            raise engine.Cancelled
        current.file.name = _save_privately(
            current, f"{export.study.code}-{export.pk}.zip", archive
        )
        now = timezone.now()
        current.status = Export.Status.DONE
        current.progress = 100
        current.finished_at = now
        current.expires_at = now + dt.timedelta(days=EXPIRY_DAYS)
        current.sha256 = digest
        current.size = archive.stat().st_size
        current.summary = {"rows": result.manifest["rows"], "report": result.report}
        save(current)
        record_release(export=current, report=result.report)
        log_access(
            current.requested_by,
            f"research_export:{current.pk}:sha256={digest}",
            AccessEvent.Action.EXPORT,
            actor_label="" if current.requested_by else "export_study",
        )
    return current


def _save_privately(export: Export, filename: str, source: Path) -> str:
    """Copy the zip into the export storage under a new name and return that name. The storage
    writes to the final name directly: a write that fails half-way (a full disk) removes what
    it wrote, so no truncated zip is left to be downloaded or backed up."""
    field = export.file.field
    storage = export.file.storage
    name = storage.get_available_name(
        field.generate_filename(export, filename), max_length=field.max_length
    )
    try:
        with open(source, "rb") as handle:
            return storage.save(name, File(handle), max_length=field.max_length)
    except BaseException:
        storage.delete(name)
        raise


def _fail(export_id, error: Exception, *, code: str = "") -> None:
    """Mark a running export failed with the kind of error (never its message)."""
    with transaction.atomic():
        current = Export.objects.select_for_update().get(pk=export_id)
        if current.status == Export.Status.RUNNING:
            current.status = Export.Status.FAILED
            current.error = (code or type(error).__name__)[:200]
            current.finished_at = timezone.now()
            save(current)


def record_release(*, export: Export, report: dict) -> Release:
    """Put a finished export in its group's ledger: the levels it wrote and the sensitive
    variables it released. Kept after the file expires: the researchers may still hold it."""
    levels = {name: item["level"] for name, item in report["generalisation"].items()}
    release = Release(
        group=export.study.group,
        export=export,
        levels=levels,
        sensitive=list(report.get("sensitive_variables", [])),
        k=report["k"],
        l_diversity=report["l"],
        released_at=export.finished_at or timezone.now(),
    )
    with transaction.atomic():
        save(release)
    return release
