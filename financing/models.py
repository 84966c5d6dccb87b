"""Results-based financing: outcome agreements, outcome definitions, milestones, claims with
their evidence, verification, and the payments ledger.

Nothing here holds an identifier or free text about a participant: a claim points at the
participant (or household) by internal id only, and its evidence rows hold the ids of the
measurements and outcome values it rests on, with their dates and values. Evaluators see a
participant only as the agreement's pseudonym (``privacy.pseudonyms``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from casework.models import UUIDVersioned, Versioned

MONEY = {"max_digits": 12, "decimal_places": 2}


class Agreement(Versioned):
    """An outcome agreement between a payer and one or more providers for one programme."""

    class Currency(models.TextChoices):
        EUR = "EUR", "EUR"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        ACTIVE = "active", _("Lopend")
        CLOSED = "closed", _("Afgesloten")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    payer = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("betaler"),
        on_delete=models.PROTECT,
        related_name="paid_agreements",
    )
    programme = models.ForeignKey(
        "casework.Programme",
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))
    currency = models.CharField(
        _("valuta"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    cap = models.DecimalField(_("plafond"), validators=[MinValueValidator(0)], **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultaatafspraak")
        verbose_name_plural = _("resultaatafspraken")
        ordering = ["code"]
        permissions = [
            (
                "work_on_agreement",
                "May work on this agreement (evaluator: verify and report; team lead: claim)",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="financing_agreement_period",
            ),
            models.CheckConstraint(condition=models.Q(cap__gte=0), name="financing_cap_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class AgreementUserObjectPermission(UserObjectPermissionBase):
    """Guardian grant on a single agreement (direct foreign key, no generic relation)."""

    content_object = models.ForeignKey(Agreement, on_delete=models.CASCADE)
    # Who was given access to which agreement, and when it was taken away, stays traceable.
    history = HistoricalRecords()


class AgreementProvider(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="providers")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("uitvoerder"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uitvoerder van een afspraak")
        verbose_name_plural = _("uitvoerders van afspraken")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="financing_provider_unique"
            )
        ]


class Amendment(models.Model):
    """A change of the agreement's cap or end date, with its date and reason. Append-only."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    date = models.DateField(_("datum"))
    reason = models.CharField(_("reden"), max_length=300)
    old_cap = models.DecimalField(_("oud plafond"), **MONEY)
    new_cap = models.DecimalField(_("nieuw plafond"), **MONEY)
    old_end_date = models.DateField(_("oude einddatum"))
    new_end_date = models.DateField(_("nieuwe einddatum"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wijziging van een afspraak")
        verbose_name_plural = _("wijzigingen van afspraken")
        ordering = ["date", "id"]


class OutcomeDefinition(Versioned):
    """What the agreement pays for. The code is immutable; the rule is computed from recorded
    data (``financing.rules``), never typed in."""

    class Unit(models.TextChoices):
        PERSON = "person", _("Persoon")
        HOUSEHOLD = "household", _("Huishouden")

    class Validation(models.TextChoices):
        DATA = "data", _("Berekend uit vastgelegde gegevens")
        DATA_AND_SPOT_CHECK = "data_spot_check", _("Berekend, met steekproef door evaluator")
        DATA_AND_VERIFICATION = "data_verification", _("Berekend, elke claim geverifieerd")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="definitions")
    code = models.SlugField(_("code"), max_length=60)
    description = models.CharField(_("omschrijving"), max_length=500)
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit.choices)
    price = models.DecimalField(_("prijs per eenheid"), validators=[MinValueValidator(0)], **MONEY)
    max_count = models.PositiveIntegerField(_("maximum aantal"))
    max_amount = models.DecimalField(
        _("maximum bedrag"), validators=[MinValueValidator(0)], **MONEY
    )
    sustain_days = models.PositiveIntegerField(_("houdbaarheid (dagen)"), default=0)
    validation = models.CharField(
        _("validatiemethode"),
        max_length=20,
        choices=Validation.choices,
        default=Validation.DATA_AND_VERIFICATION,
    )
    rule = models.CharField(_("regel (gegevensbron)"), max_length=80)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultaatdefinitie")
        verbose_name_plural = _("resultaatdefinities")
        ordering = ["agreement", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "code"], name="financing_definition_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Milestone(Versioned):
    """An agreement-level target for a period: interim or final."""

    class Metric(models.TextChoices):
        REACHED = "participants_reached", _("Deelnemers bereikt")
        ACHIEVED = "outcomes_achieved", _("Resultaten behaald (geverifieerd)")
        CLAIMS = "claims_submitted", _("Claims ingediend")

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Tussentijds")
        FINAL = "final", _("Eind")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    label = models.CharField(_("naam"), max_length=200)
    metric = models.CharField(_("maat"), max_length=30, choices=Metric.choices)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("periode van"))
    period_end = models.DateField(_("periode tot en met"))
    target = models.PositiveIntegerField(_("doel"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["agreement", "period_end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="financing_milestone_period",
            )
        ]


class Claim(UUIDVersioned):
    """A team lead's claim of one outcome for one participant or household."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Ingediend")
        VERIFIED = "verified", _("Geverifieerd")
        REJECTED = "rejected", _("Afgewezen")
        PAID = "paid", _("Betaald")

    class Reason(models.TextChoices):
        EVIDENCE_CONSISTENT = "evidence_consistent", _("Bewijs klopt met de regel")
        EVIDENCE_INSUFFICIENT = "evidence_insufficient", _("Bewijs onvoldoende")
        NOT_SUSTAINED = "not_sustained", _("Resultaat niet duurzaam")
        DOUBT_MEASUREMENT = "doubt_measurement", _("Twijfel aan de meting")
        OUTSIDE_AGREEMENT = "outside_agreement", _("Valt buiten de afspraak")

    # Statuses that count as a successful claim: at most one per unit and outcome.
    LIVE = ("submitted", "verified", "paid")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="claims")
    definition = models.ForeignKey(
        OutcomeDefinition, on_delete=models.PROTECT, related_name="claims"
    )
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        "casework.Participant", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        "casework.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The participant's or household's id: one successful claim per unit and outcome.
    unit_id = models.UUIDField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    amount = models.DecimalField(_("bedrag (prijs bij indienen)"), **MONEY)
    achieved_on = models.DateField(_("resultaat behaald op"))
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ingediend op"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=30, choices=Reason.choices, blank=True)
    spot_check = models.BooleanField(_("in steekproef"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verified_by__isnull=True)
                | ~models.Q(verified_by=models.F("claimed_by")),
                name="financing_verifier_not_claimant",
            ),
            models.CheckConstraint(
                condition=models.Q(participant__isnull=False, household__isnull=True)
                | models.Q(participant__isnull=True, household__isnull=False),
                name="financing_claim_one_unit",
            ),
            models.UniqueConstraint(
                fields=["definition", "unit_id"],
                condition=models.Q(status__in=["submitted", "verified", "paid"]),
                name="financing_one_live_claim",
            ),
        ]
        indexes = [
            models.Index(fields=["agreement", "status"], name="financing_claim_status_idx"),
            models.Index(fields=["agreement", "submitted_at"], name="financing_claim_time_idx"),
        ]

    def __str__(self) -> str:  # never an identifier
        return f"Claim {str(self.pk)[:8]}"


class Evidence(models.Model):
    """One recorded value a claim rests on: the id of the measurement or outcome value, its
    date and value. No free text, no identifier."""

    class Kind(models.TextChoices):
        MEASUREMENT = "measurement", _("Meting")
        OUTCOME = "outcome", _("Uitkomstwaarde")

    class Role(models.TextChoices):
        BASELINE = "baseline", _("Beginmeting")
        ANCHOR = "anchor", _("Startpunt")
        ACHIEVED = "achieved", _("Behaald")
        SUSTAINED = "sustained", _("Nog steeds behaald")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    role = models.CharField(max_length=10, choices=Role.choices)
    source_id = models.CharField(max_length=40)  # measurement or outcome-value id
    code = models.CharField(max_length=60)  # instrument or measure code
    item = models.CharField(max_length=64, blank=True)  # ZRM item, or goal position
    date = models.DateField()
    value = models.CharField(max_length=40)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bewijs")
        verbose_name_plural = _("bewijs")
        ordering = ["claim", "date", "id"]

    @property
    def month(self) -> str:
        return self.date.strftime("%Y-%m")


class Payment(models.Model):
    """One line of the ledger: planned or actual, positive or a counter-entry. Append-only:
    a recorded line is never edited or deleted, only corrected by a counter-entry."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        ACTUAL = "actual", _("Betaald")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="payments")
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("bedrag"), **MONEY)
    date = models.DateField(_("datum"))
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrigeert"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["agreement", "kind"], name="financing_payment_kind_idx")]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("A payment is never edited: record a counter-entry.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A payment is never deleted: record a counter-entry.")
