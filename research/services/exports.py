"""Writes about exports of a study: request, cancel, expire and download (the job that builds
one is in ``export_job``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import has_role
from accounts.roles import RESEARCHER
from casework.services import save
from privacy.models import AccessEvent
from research import engine, plans, selectors
from research.models import L_DIVERSITY, MIN_K, Export, Study
from research.services.access import log_access, refuse
from research.services.studies import effective_k


def request_export(
    *,
    actor,
    study: Study,
    fmt: str,
    variables: list[str] | None = None,
    k: int | None = None,
    enqueue: bool = True,
) -> Export:
    """Queue an export of an approved study of the actor; refusals are logged."""
    what = f"research_export:{study.code}"
    action = AccessEvent.Action.EXPORT
    if not has_role(actor, RESEARCHER) or not selectors.is_study_researcher(actor, study):
        refuse(actor, f"{what}:not_your_study", action, PermissionDenied())
    if study.status != Study.Status.APPROVED:
        reason = "closed" if study.status == Study.Status.CLOSED else "not_approved"
        refuse(
            actor,
            f"{what}:{reason}",
            action,
            ValidationError(
                _("Alleen een goedgekeurd onderzoek dat niet gesloten is kan exporteren.")
            ),
        )
    if fmt not in Export.Format.values:
        raise ValidationError({"format": [_("Kies CSV, Parquet, SPSS of Stata.")]})
    chosen = list(dict.fromkeys(variables)) if variables else list(study.approved_variables)
    if set(chosen) - set(study.approved_variables):
        refuse(
            actor,
            f"{what}:variable_not_approved",
            action,
            ValidationError(
                {"variables": [_("Deze variabele is niet goedgekeurd voor dit onderzoek.")]}
            ),
        )
    if not chosen:
        raise ValidationError({"variables": [_("Kies ten minste één variabele.")]})
    if k is not None and int(k) < MIN_K:
        refuse(
            actor,
            f"{what}:k_below_5",
            action,
            ValidationError(
                {"k": [_("k moet minstens 5 zijn; een export mag meer vragen, nooit minder.")]}
            ),
        )
    export_k = max(study.k, int(k or 0), effective_k(chosen, study.k))
    export = Export(
        study=study,
        format=fmt,
        variables=chosen,
        requested_by=actor,
        k=export_k,
        l_diversity=L_DIVERSITY,
    )
    with transaction.atomic():
        save(export)
    if enqueue:
        from research.tasks import export_job

        result = export_job.enqueue(str(export.pk))
        with transaction.atomic():
            current = Export.objects.select_for_update().get(pk=export.pk)
            current.task_id = str(result.id)[:64]
            save(current)
        export.refresh_from_db()
    return export


def plan_for(export: Export, *, on_date: dt.date | None = None) -> engine.Plan:
    return plans.study_plan(
        export.study,
        variables=list(export.variables),
        k=export.k,
        on_date=on_date,
        export_id=str(export.pk),
        fmt=export.format,
    )


def cancel_export(*, actor, export: Export) -> Export:
    """Stop a queued or running export; the job notices between chunks and leaves no file."""
    if not selectors.is_study_researcher(actor, export.study):
        raise PermissionDenied
    with transaction.atomic():
        current = Export.objects.select_for_update().get(pk=export.pk)
        if current.status not in {Export.Status.QUEUED, Export.Status.RUNNING}:
            raise ValidationError(_("Deze export loopt niet meer en kan niet worden geannuleerd."))
        current.status = Export.Status.CANCELLED
        current.finished_at = timezone.now()
        save(current)
    return current


def _delete_file(export: Export) -> None:
    if export.file:
        export.file.delete(save=False)
        export.file = ""


def expire_export(export: Export) -> Export:
    with transaction.atomic():
        current = Export.objects.select_for_update().get(pk=export.pk)
        if current.status != Export.Status.DONE:
            return current
        _delete_file(current)
        current.status = Export.Status.EXPIRED
        save(current)
    return current


def expire_exports(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports past their 14 days; returns how many expired."""
    now = now or timezone.now()
    count = 0
    for export in Export.objects.filter(status=Export.Status.DONE, expires_at__lte=now).iterator():
        expire_export(export)
        count += 1
    return count


def download_export(*, actor, export: Export) -> Path:
    """The path of the export's file for one of the study's researchers, logged with its hash;
    after expiry, cancelled, or by anyone else: refused and logged."""
    what = f"research_download:{export.pk}"
    action = AccessEvent.Action.DOWNLOAD
    if not has_role(actor, RESEARCHER) or not selectors.is_study_researcher(actor, export.study):
        refuse(actor, f"{what}:not_your_study", action, PermissionDenied())
    if (
        export.status == Export.Status.DONE
        and export.expires_at
        and export.expires_at <= timezone.now()
    ):
        export = expire_export(export)
    if export.status == Export.Status.EXPIRED:
        refuse(
            actor,
            f"{what}:expired",
            action,
            ValidationError(
                _(
                    "Deze export is verlopen (na 14 dagen) en verwijderd. Vraag een nieuwe export aan."
                )
            ),
        )
    if export.status == Export.Status.CANCELLED:
        refuse(
            actor,
            f"{what}:cancelled",
            action,
            ValidationError(_("Deze export is geannuleerd; er is geen bestand.")),
        )
    if export.status != Export.Status.DONE or not export.file:
        refuse(
            actor, f"{what}:not_ready", action, ValidationError(_("Deze export is nog niet klaar."))
        )
    log_access(actor, f"research_download:{export.pk}:sha256={export.sha256}", action)
    return Path(export.file.path)
