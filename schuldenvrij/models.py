"""Leeuwarden Schuldenvrij: financial intake, budget snapshots, debts per creditor, places in
the forgiveness pilot, forgiveness of the residual debt (four eyes), follow-ups at 6, 12 and
24 months, and preventive contacts around the 18th birthday (18-/18+).

Free text and creditor names (a creditor may be a private person) are ``EncryptedField``s
sealed under the participant's data key by the services; amounts, dates, kinds and choices
stay in clear. Rows with encrypted cells have UUID keys so each ciphertext is bound to its row.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import UUIDVersioned
from privacy.fields import EncryptedField

ZERO = Decimal("0.00")


def money_field(label, **kwargs):
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


# Income sources and fixed costs of a budget snapshot: (field name, label). Monthly euros.
INCOME_FIELDS = (
    ("income_wage", _("Loon")),
    ("income_benefit", _("Uitkering / bijstand")),
    ("income_allowances", _("Toeslagen")),
    ("income_child_benefit", _("Kinderbijslag / kindgebonden budget")),
    ("income_alimony", _("Alimentatie")),
    ("income_other", _("Overig inkomen")),
)
COST_FIELDS = (
    ("cost_rent", _("Huur")),
    ("cost_energy", _("Energie")),
    ("cost_insurance", _("Verzekeringen")),
    ("cost_water", _("Water")),
    ("cost_phone_internet", _("Telefoon en internet")),
    ("cost_childcare", _("Kinderopvang")),
    ("cost_other", _("Overige vaste lasten")),
)
AMOUNT_FIELDS = tuple(name for name, _label in INCOME_FIELDS + COST_FIELDS)


class FinancialIntake(UUIDVersioned):
    """The financial intake of an enrolment (in the spirit of *Mijn Intake*): when it was
    done and the situation in the participant's words (encrypted)."""

    enrolment = models.OneToOneField(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="schuldenvrij_intake"
    )
    date = models.DateField(_("datum intake"))
    situation = EncryptedField(_("situatie in eigen woorden"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financiële intake")
        verbose_name_plural = _("financiële intakes")


class BudgetSnapshot(UUIDVersioned):
    """Monthly income and fixed costs on one date; the monthly room is income minus costs."""

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="schuldenvrij_snapshots"
    )
    date = models.DateField(_("peildatum"))
    income_wage = money_field(_("Loon"))
    income_benefit = money_field(_("Uitkering / bijstand"))
    income_allowances = money_field(_("Toeslagen"))
    income_child_benefit = money_field(_("Kinderbijslag / kindgebonden budget"))
    income_alimony = money_field(_("Alimentatie"))
    income_other = money_field(_("Overig inkomen"))
    cost_rent = money_field(_("Huur"))
    cost_energy = money_field(_("Energie"))
    cost_insurance = money_field(_("Verzekeringen"))
    cost_water = money_field(_("Water"))
    cost_phone_internet = money_field(_("Telefoon en internet"))
    cost_childcare = money_field(_("Kinderopvang"))
    cost_other = money_field(_("Overige vaste lasten"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetoverzicht")
        verbose_name_plural = _("budgetoverzichten")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "date"], name="schuldenvrij_snapshot_day")
        ]

    @property
    def income(self) -> Decimal:
        return sum((getattr(self, name) for name, _label in INCOME_FIELDS), ZERO)

    @property
    def costs(self) -> Decimal:
        return sum((getattr(self, name) for name, _label in COST_FIELDS), ZERO)

    @property
    def room(self) -> Decimal:
        return self.income - self.costs


class Debt(UUIDVersioned):
    class CreditorKind(models.TextChoices):
        TAX_OFFICE = "tax_office", _("Belastingdienst")
        CJIB = "cjib", _("CJIB")
        HEALTH_INSURER = "health_insurer", _("Zorgverzekeraar")
        ENERGY = "energy", _("Energieleverancier")
        LANDLORD = "landlord", _("Verhuurder")
        BANK = "bank", _("Bank / kredietverstrekker")
        OTHER = "other", _("Anders")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ARRANGEMENT = "arrangement", _("In een regeling")
        PAID = "paid", _("Betaald")
        FORGIVEN = "forgiven", _("Kwijtgescholden")
        DISPUTED = "disputed", _("Betwist")

    # Debts that still count: the outcome measure sums these.
    OUTSTANDING = (Status.OPEN, Status.ARRANGEMENT, Status.DISPUTED)
    # Debts a forgiveness may cover (the residual debt): disputed ones are not established.
    RESIDUAL = (Status.OPEN, Status.ARRANGEMENT)

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="schuldenvrij_debts"
    )
    creditor_kind = models.CharField(_("soort schuldeiser"), max_length=20, choices=CreditorKind)
    creditor_name = EncryptedField(_("naam schuldeiser"))
    original_amount = money_field(_("oorspronkelijk bedrag"))
    current_amount = money_field(_("huidig bedrag"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    since = models.DateField(_("sinds"))
    # Why the current amount is above the original one (interest, collection costs).
    increase_reason = EncryptedField(_("reden hoger bedrag"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schuld")
        verbose_name_plural = _("schulden")
        indexes = [models.Index(fields=["enrolment", "status"], name="schuldenvrij_debt_idx")]


class PilotPlace(UUIDVersioned):
    """Admission of an enrolment to the forgiveness pilot; the pilot has
    ``settings.KOERS_SCHULDENVRIJ_PLACES`` places (the plan: 100)."""

    enrolment = models.OneToOneField(
        "casework.Enrolment", on_delete=models.PROTECT, related_name="schuldenvrij_place"
    )
    admitted_on = models.DateField(_("toegelaten op"))
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plaats in de pilot")
        verbose_name_plural = _("plaatsen in de pilot")


class Forgiveness(UUIDVersioned):
    """Forgiveness (kwijtschelding) of the residual debt: proposed by a caseworker, decided by
    a team lead of the enrolment's team who is not the proposer."""

    class Funding(models.TextChoices):
        FNO = "fno", _("FNO (Fonds Nuts Ohra)")
        MUNICIPALITY = "gemeente", _("Gemeente Leeuwarden")
        FUND = "fonds", _("Ander fonds")
        OTHER = "other", _("Anders")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="schuldenvrij_forgivenesses"
    )
    amount = models.DecimalField(
        _("bedrag"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    date = models.DateField(_("datum kwijtschelding"))
    funding = models.CharField(_("financiering"), max_length=12, choices=Funding)
    debts = models.ManyToManyField(Debt, related_name="forgivenesses", verbose_name=_("schulden"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = EncryptedField(_("reden van het besluit"))
    history = HistoricalRecords(m2m_fields=[debts])

    class Meta:
        verbose_name = _("kwijtschelding")
        verbose_name_plural = _("kwijtscheldingen")
        indexes = [models.Index(fields=["status", "date"], name="schuldenvrij_forg_idx")]


class FollowUp(UUIDVersioned):
    """A follow-up at 6, 12 or 24 months after the forgiveness date: new debts since?"""

    MONTHS = (6, 12, 24)

    forgiveness = models.ForeignKey(
        Forgiveness, on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("maanden na kwijtschelding"))
    due_on = models.DateField(_("gepland op"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    new_debts = models.BooleanField(_("nieuwe schulden"), null=True, blank=True)
    new_debts_amount = models.DecimalField(
        _("bedrag nieuwe schulden"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nazorgmoment")
        verbose_name_plural = _("nazorgmomenten")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["forgiveness", "months"], name="schuldenvrij_followup_months"
            )
        ]
        indexes = [models.Index(fields=["done_on", "due_on"], name="schuldenvrij_fu_due_idx")]


class PreventiveContact(UUIDVersioned):
    """A preventive contact with a young person around the 18th birthday (18-/18+), on the
    enrolment through which the young person is in the team's caseload."""

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="schuldenvrij_contacts"
    )
    participant = models.ForeignKey(
        "casework.Participant", on_delete=models.CASCADE, related_name="schuldenvrij_contacts"
    )
    date = models.DateField(_("datum"))
    done = models.BooleanField(_("gedaan"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("preventief contact")
        verbose_name_plural = _("preventieve contacten")
        indexes = [models.Index(fields=["participant", "date"], name="schuldenvrij_contact_idx")]
