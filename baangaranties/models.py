"""Baangaranties: branch chains and their employers, yearly commitments, offered places,
placements of participants with retention checks, the Open Hiring list, the basic jobs and
the routes out of social assistance of young people.

Organisations (chains, employers) are not people: their names stay in clear. Placements,
checks, sign-ups and routes hold no free text at all (only choices, dates and numbers), so
nothing here needs encryption; rows about a participant get UUID keys all the same, so that
they cannot be enumerated.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import UUIDVersioned, Versioned, Wijk

# How many basic jobs (basisbanen) may be occupied at the same time, and how many people of
# the Open Hiring list are offered a place: the plan's 15 and 5, overridable in settings.
DEFAULT_BASIC_JOBS = 15
DEFAULT_OPEN_HIRING_PLACES = 5
RETENTION_MONTHS = (3, 6, 12)


def basic_jobs_cap() -> int:
    return int(getattr(settings, "KOERS_BASIC_JOBS", DEFAULT_BASIC_JOBS))


def open_hiring_places() -> int:
    return int(getattr(settings, "KOERS_OPEN_HIRING_PLACES", DEFAULT_OPEN_HIRING_PLACES))


class PlaceKind(models.TextChoices):
    JOB_GUARANTEE = "job_guarantee", _("Baangarantie")
    WORK_EXPERIENCE = "work_experience", _("Werkervaringsplek")
    INTERNSHIP = "internship", _("Stage")
    BASIC_JOB = "basic_job", _("Basisbaan")
    OPEN_HIRING = "open_hiring", _("Open Hiring")


# The kinds a chain commits to each year, with the commitment's field of each.
COMMITTED_KINDS = {
    PlaceKind.JOB_GUARANTEE: "job_guarantees",
    PlaceKind.WORK_EXPERIENCE: "work_experience_places",
    PlaceKind.INTERNSHIP: "internships",
}


class Route(models.TextChoices):
    REGULAR = "regular", _("Regulier")
    OPEN_HIRING = "open_hiring", _("Open Hiring")
    BASIC_JOB = "basic_job", _("Basisbaan")


class ContractKind(models.TextChoices):
    PERMANENT = "permanent", _("Vast contract")
    FIXED_TERM = "fixed_term", _("Tijdelijk contract")
    ON_CALL = "on_call", _("Oproepcontract")
    WORK_EXPERIENCE = "work_experience", _("Werkervaringsovereenkomst")
    INTERNSHIP = "internship", _("Stageovereenkomst")


class EndReason(models.TextChoices):
    CONTRACT_ENDED = "contract_ended", _("Contract afgelopen")
    OTHER_WORK = "other_work", _("Ander werk gevonden")
    DISMISSED = "dismissed", _("Ontslagen")
    STOPPED_SELF = "stopped_self", _("Zelf gestopt")
    MOVED = "moved", _("Verhuisd")
    OTHER = "other", _("Anders")


class BranchChain(Versioned):
    """A brancheketen: employers of one sector that give job guarantees together."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brancheketen")
        verbose_name_plural = _("brancheketens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Employer(Versioned):
    chain = models.ForeignKey(
        BranchChain,
        verbose_name=_("brancheketen"),
        on_delete=models.PROTECT,
        related_name="employers",
    )
    name = models.CharField(_("naam"), max_length=160)
    wijk = models.CharField(_("wijk"), max_length=30, choices=Wijk.choices, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="baangaranties_employer_name")
        ]

    def __str__(self) -> str:
        return self.name


class Commitment(Versioned):
    """What a chain promises for one year: job guarantees, work-experience places, internships."""

    chain = models.ForeignKey(
        BranchChain,
        verbose_name=_("brancheketen"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2020), MaxValueValidator(2050)]
    )
    job_guarantees = models.PositiveIntegerField(_("baangaranties"), default=0)
    work_experience_places = models.PositiveIntegerField(_("werkervaringsplekken"), default=0)
    internships = models.PositiveIntegerField(_("stages"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toezegging")
        verbose_name_plural = _("toezeggingen")
        ordering = ["year", "chain__name"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "year"], name="baangaranties_commitment_year")
        ]

    def __str__(self) -> str:
        return f"{self.chain} {self.year}"

    def clean(self) -> None:
        """A commitment cannot go below the placements already made under it (the same rule
        for the service and the admin)."""
        if not self.chain_id or not self.year:
            return
        errors = {}
        for kind, field_name in COMMITTED_KINDS.items():
            taken = Placement.objects.filter(
                employer__chain_id=self.chain_id, kind=kind, start_date__year=self.year
            ).count()
            if (getattr(self, field_name) or 0) < taken:
                # No count: how many people a chain placed is a programme-wide figure.
                errors[field_name] = _(
                    "Er zijn in %(year)s al meer plaatsingen van deze soort dan dit aantal; "
                    "kies een hoger aantal."
                ) % {"year": self.year}
        if errors:
            raise ValidationError(errors)

    def places_for(self, kind: str) -> int:
        field_name = COMMITTED_KINDS.get(kind)
        return getattr(self, field_name) if field_name else 0


class OfferedPlace(Versioned):
    """Places an employer offers: no free text."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="offers"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PlaceKind.choices)
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2020), MaxValueValidator(2050)]
    )
    places = models.PositiveSmallIntegerField(
        _("aantal plekken"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    opened_on = models.DateField(_("opengesteld op"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aangeboden plek")
        verbose_name_plural = _("aangeboden plekken")
        ordering = ["-year", "employer__name", "kind"]

    def __str__(self) -> str:
        return f"{self.employer} · {self.get_kind_display()} {self.year}"


class Placement(UUIDVersioned):
    """A participant at work (or in an internship) with an employer, through a route."""

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="baangarantie_placements"
    )
    participant = models.ForeignKey(
        "casework.Participant", on_delete=models.CASCADE, related_name="baangarantie_placements"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="placements"
    )
    offered_place = models.ForeignKey(
        OfferedPlace,
        verbose_name=_("aangeboden plek"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    kind = models.CharField(_("soort plek"), max_length=20, choices=PlaceKind.choices)
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    contract_kind = models.CharField(
        _("soort contract"), max_length=20, choices=ContractKind.choices
    )
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
    )
    end_reason = models.CharField(
        _("reden van einde"), max_length=20, choices=EndReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["enrolment", "start_date"], name="baangaranties_pl_enr_idx"),
            models.Index(fields=["route", "end_date"], name="baangaranties_pl_route_idx"),
        ]

    def __str__(self) -> str:
        return f"Plaatsing {str(self.pk)[:8]}"

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum ligt voor de startdatum.")
        if self.end_date and not self.end_reason:
            errors["end_reason"] = _("Kies de reden waarom de plaatsing eindigde.")
        if self.end_reason and not self.end_date:
            errors["end_date"] = _("Vul de einddatum in bij een reden van einde.")
        if self.hours_per_week is not None and not 0 < self.hours_per_week <= 40:
            errors["hours_per_week"] = _("Het aantal uren per week ligt tussen 0 en 40.")
        if errors:
            raise ValidationError(errors)


class RetentionCheck(UUIDVersioned):
    """Is the participant still working there, 3, 6 and 12 months after the start?"""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="checks")
    months = models.PositiveSmallIntegerField(
        _("na maanden"), choices=[(m, str(m)) for m in RETENTION_MONTHS]
    )
    due_on = models.DateField(_("te doen op"))
    checked_on = models.DateField(_("nagevraagd op"), null=True, blank=True)
    still_employed = models.BooleanField(_("werkt er nog"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nazorgcheck")
        verbose_name_plural = _("nazorgchecks")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"], name="baangaranties_check_once")
        ]
        indexes = [models.Index(fields=["checked_on", "due_on"], name="baangaranties_check_due")]


class OpenHiringSignup(UUIDVersioned):
    """A place on the Open Hiring list: first come, first served; no interview, no CV."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Wacht")
        OFFERED = "offered", _("Plek aangeboden")
        PLACED = "placed", _("Aan het werk")
        WITHDRAWN = "withdrawn", _("Afgemeld")

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="open_hiring_signups"
    )
    participant = models.ForeignKey(
        "casework.Participant", on_delete=models.CASCADE, related_name="open_hiring_signups"
    )
    signed_up_at = models.DateTimeField(_("aangemeld op"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    offered_on = models.DateField(_("aanbod op"), null=True, blank=True)
    placement = models.OneToOneField(
        Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="open_hiring"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanmelding Open Hiring")
        verbose_name_plural = _("aanmeldingen Open Hiring")
        ordering = ["signed_up_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=~models.Q(status="withdrawn"),
                name="baangaranties_one_signup",
            )
        ]


class AssistanceRoute(UUIDVersioned):
    """The route out of social assistance (bijstand) of a young person."""

    class Kind(models.TextChoices):
        EDUCATION = "education", _("Opleiding")
        JOB_GUARANTEE = "job_guarantee", _("Werk via een baangarantie")
        WORK_EXPERIENCE = "work_experience", _("Werkervaringsplek")
        CARE_FIRST = "care_first", _("Eerst zorg")
        OTHER = "other", _("Anders")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Afgesproken")
        IN_PROGRESS = "in_progress", _("Loopt")
        OFF_ASSISTANCE = "off_assistance", _("Uit de bijstand")
        STOPPED = "stopped", _("Gestopt")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="assistance_routes"
    )
    participant = models.ForeignKey(
        "casework.Participant", on_delete=models.CASCADE, related_name="assistance_routes"
    )
    on_assistance_since = models.DateField(_("in de bijstand sinds"))
    route = models.CharField(_("route"), max_length=20, choices=Kind.choices)
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    status_date = models.DateField(_("status sinds"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route uit de bijstand")
        verbose_name_plural = _("routes uit de bijstand")
        ordering = ["-on_assistance_since"]

    def clean(self) -> None:
        if (
            self.target_date
            and self.on_assistance_since
            and (self.target_date < self.on_assistance_since)
        ):
            raise ValidationError(
                {"target_date": _("De streefdatum ligt voor de datum in de bijstand.")}
            )
