"""Models of the research app: studies (requested by a researcher, decided by the privacy
officer), their exports (background jobs with a private file that expires) and
re-identification requests (four eyes).

No model here holds an identifier of a participant: an export stores pseudonyms only inside
its zip file, and a re-identification stores the participant's internal id only after a
second privacy officer confirmed it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from privates.fields import PrivateMediaFileField
from simple_history.models import HistoricalRecords

from casework.models import UUIDVersioned

MIN_K = 5
SENSITIVE_K = 10
L_DIVERSITY = 2
EXPIRY_DAYS = 14


class ResearchGroup(UUIDVersioned):
    """An institution's project team: what one member received, every member may hold, so
    the group's releases are checked together (linkable by content, whatever the
    pseudonyms)."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    institution = models.CharField(_("instelling"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="research_groups", blank=True
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("onderzoeksgroep")
        verbose_name_plural = _("onderzoeksgroepen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Study(UUIDVersioned):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Aangevraagd")
        APPROVED = "approved", _("Goedgekeurd")
        REFUSED = "refused", _("Afgewezen")
        CLOSED = "closed", _("Gesloten")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    group = models.ForeignKey(
        ResearchGroup,
        on_delete=models.PROTECT,
        related_name="studies",
        verbose_name=_("onderzoeksgroep"),
    )
    title = models.CharField(_("titel"), max_length=200)
    principal_investigator = models.CharField(_("hoofdonderzoeker"), max_length=200)
    institution = models.CharField(_("instelling"), max_length=200)
    ethics_reference = models.CharField(_("kenmerk ethische toetsing"), max_length=100)
    purpose = models.TextField(_("doel van het onderzoek"), max_length=4000)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"), null=True, blank=True)
    programmes = models.JSONField(_("programma's"), default=list)
    waves = models.JSONField(_("peilmomenten"), default=list, blank=True)  # [] = all
    variables = models.JSONField(_("gevraagde variabelen"), default=list)
    approved_variables = models.JSONField(_("goedgekeurde variabelen"), default=list, blank=True)
    k = models.PositiveSmallIntegerField(
        _("k (minimale groepsgrootte)"),
        default=MIN_K,
        validators=[MinValueValidator(MIN_K), MaxValueValidator(100)],
    )
    interval_days = models.BooleanField(
        _("intervallen in dagen (goedgekeurd door de privacy officer)"),
        default=False,
        help_text=_("Anders in hele weken sinds de eerste inschrijving."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("toelichting bij het besluit"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("onderzoek")
        verbose_name_plural = _("onderzoeken")
        ordering = ["-requested_at"]
        permissions = [("access_study", "Is onderzoeker van dit onderzoek")]
        constraints = [
            models.CheckConstraint(condition=models.Q(k__gte=MIN_K), name="research_study_k_min"),
        ]

    def __str__(self) -> str:
        return f"Study {self.code}"

    @property
    def exportable_variables(self) -> list[str]:
        return list(self.approved_variables)


class StudyUserObjectPermission(UserObjectPermissionBase):
    """Guardian grant on one study (the study's researchers), direct foreign key."""

    content_object = models.ForeignKey(Study, on_delete=models.CASCADE)
    history = HistoricalRecords()  # who was granted a study, and when


class Export(UUIDVersioned):
    class Format(models.TextChoices):
        CSV = "csv", _("CSV (UTF-8)")
        PARQUET = "parquet", _("Parquet")
        SAV = "sav", _("SPSS (.sav)")
        DTA = "dta", _("Stata (.dta)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")
        CANCELLED = "cancelled", _("Geannuleerd")
        EXPIRED = "expired", _("Verlopen")

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="exports")
    format = models.CharField(_("formaat"), max_length=8, choices=Format.choices)
    variables = models.JSONField(_("variabelen"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    participants_done = models.PositiveIntegerField(default=0)
    participants_total = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    file = PrivateMediaFileField(upload_to="research/exports/", blank=True, max_length=300)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    k = models.PositiveSmallIntegerField(default=MIN_K)
    l_diversity = models.PositiveSmallIntegerField(default=L_DIVERSITY)
    summary = models.JSONField(default=dict, blank=True)  # counts of the disclosure report
    error = models.CharField(max_length=200, blank=True)  # never data, only the failure's kind
    history = HistoricalRecords()

    # ``error`` of an export that failed for want of space in the export storage.
    DISK_FULL = "disk_full"

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Export {self.pk}"

    @property
    def failure_message(self) -> str:
        """Why a failed export failed, for the researcher (nothing about the data)."""
        if self.status != self.Status.FAILED:
            return ""
        if self.error == self.DISK_FULL:
            return _(
                "De export is mislukt: de opslag voor exports is vol. Er is niets bewaard. "
                "Vraag de beheerder om ruimte en vraag de export daarna opnieuw aan."
            )
        if self.error == "study_not_approved":
            return _("De export is mislukt: het onderzoek is niet (meer) goedgekeurd.")
        return _("De export is mislukt. Vraag hem opnieuw aan of neem contact op met de beheerder.")

    @property
    def finished(self) -> bool:
        return self.status in {
            self.Status.DONE,
            self.Status.FAILED,
            self.Status.CANCELLED,
            self.Status.EXPIRED,
        }


class Release(models.Model):
    """The ledger: what a finished export gave its research group, so that the next export
    of any of the group's studies is checked together with it. Kept after the file expires
    (the researchers may still hold it); no personal data, only levels and names."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(ResearchGroup, on_delete=models.PROTECT, related_name="releases")
    export = models.OneToOneField(Export, on_delete=models.PROTECT, related_name="release")
    levels = models.JSONField(default=dict, blank=True)  # quasi-identifier -> level written
    sensitive = models.JSONField(default=list, blank=True)  # sensitive variables released
    k = models.PositiveSmallIntegerField()
    l_diversity = models.PositiveSmallIntegerField()
    released_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uitgifte")
        verbose_name_plural = _("uitgiften")
        ordering = ["released_at"]

    def __str__(self) -> str:
        return f"Release {self.pk}"


class Reidentification(UUIDVersioned):
    """A request to find the participant behind a pseudonym of a study (four eyes): one
    privacy officer asks, another confirms; only then is the pseudonym looked up."""

    class Reason(models.TextChoices):
        INCIDENTAL_FINDING = "incidental_finding", _("Toevalsbevinding")
        DATA_SUBJECT_REQUEST = "data_subject_request", _("Verzoek van de betrokkene")
        WITHDRAWAL = "withdrawal", _("Intrekking van toestemming verwerken")
        OTHER = "other", _("Anders (zie kenmerk)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op bevestiging")
        FOUND = "found", _("Gevonden")
        NOT_FOUND = "not_found", _("Niet gevonden")
        CANCELLED = "cancelled", _("Ingetrokken")

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="reidentifications")
    pseudonym = models.CharField(_("pseudoniem"), max_length=32)
    reason = models.CharField(_("reden"), max_length=24, choices=Reason.choices)
    reference = models.CharField(_("kenmerk"), max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    participant_id = models.UUIDField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("herleiding")
        verbose_name_plural = _("herleidingen")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(confirmed_by=models.F("requested_by")),
                name="research_reidentification_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"Reidentification {self.pk}"
