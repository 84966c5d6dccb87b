"""Run a study's export for operators and benchmarks: the same engine, checks and access log
as the background job, written to a directory instead of private storage."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from privacy.models import AccessEvent
from research import engine, services
from research.models import Export, Study


class Command(BaseCommand):
    help = "Exporteert een goedgekeurd onderzoek naar een map (zip met alle bestanden)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("study_code")
        parser.add_argument("--out", required=True, help="Map voor de zip.")
        parser.add_argument("--format", choices=["csv", "parquet", "sav", "dta"], default="csv")
        parser.add_argument(
            "--keep-files",
            action="store_true",
            help="Laat ook de losse bestanden naast de zip staan.",
        )

    def handle(self, *args, **options) -> None:
        study = Study.objects.filter(code=options["study_code"]).first()
        if study is None:
            raise CommandError("Onbekend onderzoek.")
        if study.status != Study.Status.APPROVED:
            services.log_access(
                None,
                f"refused:research_export:{study.code}:not_approved",
                AccessEvent.Action.EXPORT,
                actor_label="export_study",
            )
            raise CommandError(
                "Alleen een goedgekeurd onderzoek dat niet gesloten is kan exporteren."
            )
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        export = Export(
            study=study,
            format=options["format"],
            variables=list(study.approved_variables),
            k=study.k,
            status=Export.Status.RUNNING,
        )
        with transaction.atomic():
            services.save(export)
        started = time.monotonic()
        files_dir = out / f"{study.code}-{export.pk}"
        try:
            result = engine.run(services.plan_for(export), files_dir)
        except Exception:
            with transaction.atomic():
                current = Export.objects.select_for_update().get(pk=export.pk)
                current.status = Export.Status.FAILED
                services.save(current)
            raise
        archive = engine.zip_files(result.files, out / f"{study.code}-{export.pk}.zip")
        digest = engine.sha256_file(archive)
        with transaction.atomic():
            current = Export.objects.select_for_update().get(pk=export.pk)
            current.status = Export.Status.DONE
            current.progress = 100
            current.sha256 = digest
            current.size = archive.stat().st_size
            current.summary = {
                "rows": result.manifest["rows"],
                "report": result.report,
                "written_to": "export_study",
            }
            services.save(current)
            services.log_access(
                None,
                f"research_export:{export.pk}:sha256={digest}",
                AccessEvent.Action.EXPORT,
                actor_label="export_study",
            )
        if not options["keep_files"]:
            shutil.rmtree(files_dir, ignore_errors=True)
        elapsed = time.monotonic() - started
        rows = sum(result.manifest["rows"].values())
        self.stdout.write(
            f"{archive} ({result.participants} deelnemers, {rows} rijen, {elapsed:.1f} s, "
            f"sha256 {digest})"
        )
