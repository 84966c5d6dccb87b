"""Writes of the research app: studies (request, decide, close, researchers), exports (request,
run, cancel, download, expire) and re-identification (four eyes).

Keyword-only; the permission check comes first; bad input is a ValidationError with a Dutch
message and nothing changed. The refusals the issue names (an export of an unapproved, closed
or someone else's study, a variable outside the approved list, k below 5, a download after
expiry, by another researcher, or of a cancelled job) are written to the access log.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.permissions import has_role
from accounts.roles import PRIVACY_OFFICER, RESEARCHER
from casework.models import validate_wave
from casework.registry import programmes as registered_programmes
from casework.services import lock, save  # noqa: F401 (save: also used by commands)
from privacy import services as privacy_services
from privacy.models import AccessEvent
from privacy.pseudonyms import Pseudonymiser
from research import catalogue as cat
from research import engine, plans, selectors
from research.models import (
    EXPIRY_DAYS,
    L_DIVERSITY,
    MIN_K,
    SENSITIVE_K,
    Export,
    Reidentification,
    Release,
    ResearchGroup,
    Study,
)

logger = logging.getLogger("koers.research")
PURPOSE = "research"


def _log(
    user, what: str, action: str, *, subject_id=None, purpose: str = PURPOSE, actor_label: str = ""
) -> None:
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=subject_id,
                what=what,
                action=action,
                subject_type="participant" if subject_id else "study",
            )
        ],
        purpose=purpose,
        actor_label=actor_label,
    )


def _refuse(user, what: str, action: str, error: Exception) -> None:
    """Log a refusal the issue asks to be logged, then raise it."""
    _log(user, f"refused:{what}"[:200], action)
    raise error


def _require(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


# --- studies ------------------------------------------------------------------------------


def effective_k(variables, requested_k: int) -> int:
    """k of the study, never below 5, and at least 10 with a sensitive variable."""
    floor = SENSITIVE_K if cat.needs_sensitive_k(variables) else MIN_K
    return max(int(requested_k), floor)


def _check_study_input(*, programmes, waves, variables, k, period_start, period_end) -> dict:
    errors: dict[str, list[str]] = {}
    known = set(registered_programmes())
    if not programmes:
        errors["programmes"] = [_("Kies ten minste één programma.")]
    elif set(programmes) - known:
        errors["programmes"] = [_("Onbekend programma.")]
    for wave in waves:
        try:
            validate_wave(wave)
        except ValidationError:
            errors["waves"] = [_("Onbekend peilmoment.")]
    catalogue = cat.catalogue()
    if not variables:
        errors["variables"] = [_("Kies ten minste één variabele uit de catalogus.")]
    elif set(variables) - set(catalogue):
        errors["variables"] = [_("Deze variabele staat niet in de catalogus.")]
    if k is None or int(k) < MIN_K:
        errors["k"] = [_("k moet minstens 5 zijn; een onderzoek mag meer vragen, nooit minder.")]
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = [_("Het einde van de periode ligt voor het begin.")]
    return errors


def request_study(
    *,
    actor,
    code: str,
    title: str,
    principal_investigator: str,
    institution: str,
    ethics_reference: str,
    purpose: str,
    period_start: dt.date,
    period_end: dt.date | None,
    programmes: list[str],
    waves: list[str],
    variables: list[str],
    k: int = MIN_K,
    group: ResearchGroup | None = None,
) -> Study:
    """A researcher of a research group asks for a study for that group; they become its
    researcher (guardian grant)."""
    _require(actor, RESEARCHER)
    groups = selectors.member_groups(actor)
    programmes, waves, variables = list(programmes), list(waves), list(dict.fromkeys(variables))
    errors = _check_study_input(
        programmes=programmes,
        waves=waves,
        variables=variables,
        k=k,
        period_start=period_start,
        period_end=period_end,
    )
    if "k" in errors:
        _log(
            actor,
            f"refused:research_study_request:{code}:k_below_5"[:200],
            AccessEvent.Action.EXPORT,
        )
    if Study.objects.filter(code=code).exists():
        errors["code"] = [_("Er is al een onderzoek met deze code.")]
    if group is None and len(groups) == 1:
        group = groups[0]
    if group is None or group not in groups:
        errors["group"] = [
            _(
                "Kies de onderzoeksgroep van dit onderzoek. Hoort u bij geen groep, vraag de "
                "privacy officer u aan een groep toe te voegen."
            )
        ]
    if errors:
        raise ValidationError(errors)
    study = Study(
        code=code,
        group=group,
        title=title.strip(),
        principal_investigator=principal_investigator.strip(),
        institution=institution.strip(),
        ethics_reference=ethics_reference.strip(),
        purpose=purpose.strip(),
        period_start=period_start,
        period_end=period_end,
        programmes=programmes,
        waves=waves,
        variables=variables,
        k=effective_k(variables, k),
        requested_by=actor,
    )
    with transaction.atomic():
        save(study)
        assign_perm(selectors.ACCESS_PERM, actor, study)
    return study


def decide_study(
    *,
    actor,
    study: Study,
    expected_version: int,
    decision: str,
    approved_variables: list[str] | None = None,
    k: int | None = None,
    note: str = "",
    interval_days: bool = False,
) -> Study:
    """The privacy officer approves, narrows (a subset of the variables, a higher k) or
    refuses a requested study; intervals are in weeks unless days are approved here."""
    _require(actor, PRIVACY_OFFICER)
    if decision not in {"approve", "narrow", "refuse"}:
        raise ValidationError({"decision": [_("Kies goedkeuren, beperken of afwijzen.")]})
    note = (note or "").strip()
    with transaction.atomic():
        current = lock(Study, study.pk, expected_version)
        if current.status != Study.Status.REQUESTED:
            raise ValidationError(_("Over dit onderzoek is al besloten."))
        if decision == "refuse":
            if not note:
                raise ValidationError({"note": [_("Geef een toelichting bij de afwijzing.")]})
            current.status = Study.Status.REFUSED
        else:
            variables = list(current.variables)
            if decision == "narrow":
                chosen = list(dict.fromkeys(approved_variables or []))
                if not chosen:
                    raise ValidationError(
                        {"approved_variables": [_("Kies de variabelen die u goedkeurt.")]}
                    )
                if set(chosen) - set(current.variables):
                    raise ValidationError(
                        {
                            "approved_variables": [
                                _("U kunt alleen gevraagde variabelen goedkeuren.")
                            ]
                        }
                    )
                variables = [name for name in current.variables if name in chosen]
            new_k = current.k if k is None else int(k)
            if new_k < current.k:
                raise ValidationError({"k": [_("k mag niet lager worden dan gevraagd.")]})
            current.approved_variables = variables
            current.k = effective_k(variables, new_k)
            current.interval_days = bool(interval_days)
            current.status = Study.Status.APPROVED
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.decision_note = note[:500]
        save(current)
    return current


def close_study(*, actor, study: Study, expected_version: int) -> Study:
    _require(actor, PRIVACY_OFFICER)
    with transaction.atomic():
        current = lock(Study, study.pk, expected_version)
        if current.status == Study.Status.CLOSED:
            raise ValidationError(_("Dit onderzoek is al gesloten."))
        current.status = Study.Status.CLOSED
        save(current)
    return current


def create_group(*, actor, name: str, institution: str) -> ResearchGroup:
    """The privacy officer registers a research group (an institution's project team)."""
    _require(actor, PRIVACY_OFFICER)
    name, institution = (name or "").strip(), (institution or "").strip()
    if ResearchGroup.objects.filter(name=name).exists():
        raise ValidationError({"name": [_("Er is al een onderzoeksgroep met deze naam.")]})
    group = ResearchGroup(name=name, institution=institution)
    with transaction.atomic():
        save(group)
    return group


def add_group_member(*, actor, group: ResearchGroup, user) -> None:
    """The privacy officer adds a researcher to a group: from now on the researcher may
    hold what the group received, so the group's releases are checked together."""
    _require(actor, PRIVACY_OFFICER)
    if not has_role(user, RESEARCHER):
        raise ValidationError({"user": [_("Deze gebruiker is geen onderzoeker.")]})
    with transaction.atomic():
        group.members.add(user)


def add_researcher(*, actor, study: Study, user) -> None:
    """The privacy officer adds a researcher (role researcher) to a study."""
    _require(actor, PRIVACY_OFFICER)
    if not has_role(user, RESEARCHER):
        raise ValidationError({"user": [_("Deze gebruiker is geen onderzoeker.")]})
    with transaction.atomic():
        # Whoever works on a study holds what its group holds.
        study.group.members.add(user)
        assign_perm(selectors.ACCESS_PERM, user, study)


# --- exports ------------------------------------------------------------------------------


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
        _refuse(actor, f"{what}:not_your_study", action, PermissionDenied())
    if study.status != Study.Status.APPROVED:
        reason = "closed" if study.status == Study.Status.CLOSED else "not_approved"
        _refuse(
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
        _refuse(
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
        _refuse(
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


def run_export(export_id, *, work_dir: Path | None = None) -> Export:
    """The job: build the export's zip in a temporary directory, store it privately, log it.
    Checks between chunks whether the export was cancelled, and stops (and cleans up) if so."""
    with transaction.atomic():
        export = Export.objects.select_for_update().select_related("study").get(pk=export_id)
        if export.status != Export.Status.QUEUED:
            return export
        if export.study.status != Study.Status.APPROVED:
            export.status = Export.Status.FAILED
            export.error = "study_not_approved"
            export.finished_at = timezone.now()
            save(export)
            return export
        export.status = Export.Status.RUNNING
        export.started_at = timezone.now()
        save(export)
    temp = Path(tempfile.mkdtemp(prefix="koers-research-", dir=work_dir))
    last = {"percent": -1}

    def progress(done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 100
        with transaction.atomic():
            current = Export.objects.select_for_update().get(pk=export_id)
            if current.status == Export.Status.CANCELLED:
                raise engine.Cancelled
            if percent != last["percent"]:
                last["percent"] = percent
                current.progress = min(percent, 99)
                current.participants_done = done
                current.participants_total = total
                save(current)

    try:
        result = engine.run(plan_for(export), temp / "files", progress=progress)
        archive = engine.zip_files(result.files, temp / "export.zip")
        digest = engine.sha256_file(archive)
        with transaction.atomic():
            current = Export.objects.select_for_update().get(pk=export_id)
            if current.status == Export.Status.CANCELLED:
                raise engine.Cancelled
            with open(archive, "rb") as handle:
                current.file.save(f"{export.study.code}-{export.pk}.zip", File(handle), save=False)
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
            _log(
                current.requested_by,
                f"research_export:{current.pk}:sha256={digest}",
                AccessEvent.Action.EXPORT,
                actor_label="" if current.requested_by else "export_study",
            )
        return current
    except engine.Cancelled:
        return Export.objects.get(pk=export_id)
    except Exception as error:
        logger.error("Research export failed: %s", type(error).__name__)
        with transaction.atomic():
            current = Export.objects.select_for_update().get(pk=export_id)
            if current.status == Export.Status.RUNNING:
                current.status = Export.Status.FAILED
                current.error = type(error).__name__[:200]
                current.finished_at = timezone.now()
                save(current)
        raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)


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
        _refuse(actor, f"{what}:not_your_study", action, PermissionDenied())
    if (
        export.status == Export.Status.DONE
        and export.expires_at
        and export.expires_at <= timezone.now()
    ):
        export = expire_export(export)
    if export.status == Export.Status.EXPIRED:
        _refuse(
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
        _refuse(
            actor,
            f"{what}:cancelled",
            action,
            ValidationError(_("Deze export is geannuleerd; er is geen bestand.")),
        )
    if export.status != Export.Status.DONE or not export.file:
        _refuse(
            actor, f"{what}:not_ready", action, ValidationError(_("Deze export is nog niet klaar."))
        )
    _log(actor, f"research_download:{export.pk}:sha256={export.sha256}", action)
    return Path(export.file.path)


# --- re-identification (four eyes) ------------------------------------------------------------


def request_reidentification(
    *, actor, study: Study, pseudonym: str, reason: str, reference: str
) -> Reidentification:
    _require(actor, PRIVACY_OFFICER)
    pseudonym = (pseudonym or "").strip().lower()
    errors = {}
    if (
        len(pseudonym) != 21
        or not pseudonym.startswith("p")
        or not all(c in "0123456789abcdef" for c in pseudonym[1:])
    ):
        errors["pseudonym"] = [_("Een pseudoniem van een deelnemer is p gevolgd door 20 tekens.")]
    if reason not in Reidentification.Reason.values:
        errors["reason"] = [_("Kies een reden.")]
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = [_("Vermeld het kenmerk van het verzoek of de melding.")]
    if errors:
        raise ValidationError(errors)
    item = Reidentification(
        study=study,
        pseudonym=pseudonym,
        reason=reason,
        reference=reference[:60],
        requested_by=actor,
    )
    with transaction.atomic():
        save(item)
        _log(
            actor,
            f"research_reidentification_request:{item.pk}:study={study.code}",
            AccessEvent.Action.SEARCH,
            purpose="privacy",
        )
    return item


def confirm_reidentification(
    *, actor, reidentification: Reidentification, expected_version: int
) -> Reidentification:
    """A second privacy officer confirms; then the pseudonym is recomputed for every
    participant id of the system until one matches. The found id is logged against the
    participant (purpose privacy)."""
    _require(actor, PRIVACY_OFFICER)
    with transaction.atomic():
        current = lock(Reidentification, reidentification.pk, expected_version)
        if current.status != Reidentification.Status.PENDING:
            raise ValidationError(_("Dit verzoek is al afgehandeld."))
        if current.requested_by_id == actor.pk:
            raise ValidationError(
                _("Een tweede privacy officer moet bevestigen: u hebt dit verzoek zelf gedaan.")
            )
        pz = Pseudonymiser("study", current.study.code)
        found: uuid.UUID | None = None
        for pk in selectors.all_participant_ids():
            if pz(pk) == current.pseudonym:
                found = pk
                break
        current.confirmed_by = actor
        current.confirmed_at = timezone.now()
        current.participant_id = found
        current.status = (
            Reidentification.Status.FOUND if found else Reidentification.Status.NOT_FOUND
        )
        save(current)
        _log(
            actor,
            f"research_reidentification:{current.pk}:study={current.study.code}",
            AccessEvent.Action.VIEW,
            subject_id=found,
            purpose="privacy",
        )
    return current


def cancel_reidentification(
    *, actor, reidentification: Reidentification, expected_version: int
) -> Reidentification:
    _require(actor, PRIVACY_OFFICER)
    with transaction.atomic():
        current = lock(Reidentification, reidentification.pk, expected_version)
        if current.status != Reidentification.Status.PENDING:
            raise ValidationError(_("Dit verzoek is al afgehandeld."))
        current.status = Reidentification.Status.CANCELLED
        save(current)
    return current
