"""Gezinslab (family trajectories, barriers and breakthroughs) and Buurtgezinnen (volunteer
support families matched with families who ask for support).

Free text about a family is sealed under ``household.data_key``; a support family (not a
participant) has a data key of its own so that it can be crypto-shredded. Organisations,
kinds, dates and choices are not identifiers and stay in clear.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import EndNotBeforeStart, Enrolment, UUIDVersioned, Wijk
from privacy.fields import EncryptedField


class SystemOrganisation(models.Model):
    """Reference list of organisations in "the system" that can block a family (maintained by
    the functional admin in the admin)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    active = models.BooleanField(_("actief"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisatie (knelpunt)")
        verbose_name_plural = _("organisaties (knelpunten)")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FamilyTrajectory(EndNotBeforeStart, UUIDVersioned):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Loopt")
        PAUSED = "paused", _("Gepauzeerd")
        COMPLETED = "completed", _("Afgerond")
        STOPPED = "stopped", _("Voortijdig gestopt")

    OPEN_STATUSES = (Status.ACTIVE, Status.PAUSED)

    household = models.ForeignKey(
        "casework.Household", on_delete=models.PROTECT, related_name="gezinslab_trajectories"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    peer_expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ervaringsdeskundige"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    finding_place = models.CharField(
        _("vindplaats"), max_length=20, choices=Enrolment.FindingPlace.choices
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    life_domains = models.JSONField(_("leefgebieden"), default=list, blank=True)
    plan_summary = EncryptedField(_("gezinsplan"))  # under household.data_key
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gezinstraject")
        verbose_name_plural = _("gezinstrajecten")
        indexes = [models.Index(fields=["team", "status"], name="gezinslab_traj_team_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(status__in=["active", "paused"]),
                name="gezinslab_one_open_trajectory",
            )
        ]

    def __str__(self) -> str:
        return f"Gezinstraject {str(self.pk)[:8]}"


class FamilyGoal(UUIDVersioned):
    class Status(models.TextChoices):
        OPEN = "open", _("Loopt")
        ACHIEVED = "achieved", _("Bereikt")
        DROPPED = "dropped", _("Vervallen")

    trajectory = models.ForeignKey(FamilyTrajectory, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("volgnummer"))
    text = EncryptedField(_("doel in eigen woorden"))  # under household.data_key
    life_domain = models.CharField(_("leefgebied"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gezinsdoel")
        verbose_name_plural = _("gezinsdoelen")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "position"], name="gezinslab_goal_position"
            )
        ]


class Barrier(UUIDVersioned):
    class Kind(models.TextChoices):
        RULE = "rule", _("Regel of wet")
        BENEFIT = "benefit", _("Uitkering of toeslag")
        WAITING_LIST = "waiting_list", _("Wachtlijst")
        BUREAUCRACY = "bureaucracy", _("Bureaucratie of formulieren")
        DEBT_COLLECTION = "debt_collection", _("Incasso of invordering")
        INFORMATION = "information", _("Gebrek aan informatie")
        OTHER = "other", _("Anders")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UNBLOCKED = "unblocked", _("Doorbroken")
        STUCK = "stuck", _("Vastgelopen")

    trajectory = models.ForeignKey(
        FamilyTrajectory, on_delete=models.CASCADE, related_name="barriers"
    )
    organisation = models.ForeignKey(
        SystemOrganisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="barriers",
    )
    kind = models.CharField(_("soort knelpunt"), max_length=20, choices=Kind.choices)
    description = EncryptedField(_("regel of voorziening"))  # under household.data_key
    since = models.DateField(_("speelt sinds"))
    escalated_to = EncryptedField(_("geëscaleerd naar"))  # under household.data_key
    escalated_on = models.DateField(_("geëscaleerd op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        indexes = [models.Index(fields=["organisation", "kind"], name="gezinslab_barrier_idx")]

    def clean(self) -> None:
        if self.escalated_on and self.since and self.escalated_on < self.since:
            raise ValidationError(
                {"escalated_on": _("De escalatiedatum ligt voor de datum waarop het speelt.")}
            )


class Breakthrough(UUIDVersioned):
    barrier = models.OneToOneField(Barrier, on_delete=models.CASCADE, related_name="breakthrough")
    how = EncryptedField(_("hoe doorbroken"))  # under household.data_key
    date = models.DateField(_("datum doorbraak"))
    needs_system_change = models.BooleanField(_("systeemverandering nodig"), default=False)
    system_change = EncryptedField(_("welke systeemverandering"))  # under household.data_key
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doorbraak")
        verbose_name_plural = _("doorbraken")


class SupportFamily(UUIDVersioned):
    """A volunteer family of Buurtgezinnen. Not a participant: its own data key."""

    data_key = models.OneToOneField(
        "privacy.DataKey", on_delete=models.PROTECT, related_name="support_family"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    name = EncryptedField(_("naam"))
    contact = EncryptedField(_("contactgegevens"))
    wijk = models.CharField(_("wijk"), max_length=30, choices=Wijk.choices, blank=True)
    household = models.ForeignKey(
        "casework.Household",
        verbose_name=_("bekend huishouden"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("actief"), default=True)
    max_families = models.PositiveSmallIntegerField(
        _("hoogstens aantal gezinnen"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steungezin")
        verbose_name_plural = _("steungezinnen")

    def __str__(self) -> str:  # never the name
        return f"Steungezin {str(self.pk)[:8]}"


class SupportMatch(EndNotBeforeStart, UUIDVersioned):
    class Rhythm(models.TextChoices):
        WEEKLY = "weekly", _("Wekelijks")
        FORTNIGHTLY = "fortnightly", _("Om de week")
        MONTHLY = "monthly", _("Maandelijks")

    class Outcome(models.TextChoices):
        ONGOING = "", _("Nog niet geëvalueerd")
        GOOD = "good", _("Goed: doelen bereikt")
        PARTLY = "partly", _("Deels: een deel bereikt")
        NO_CLICK = "no_click", _("Geen klik")
        STOPPED = "stopped", _("Voortijdig gestopt")

    support_family = models.ForeignKey(
        SupportFamily,
        verbose_name=_("steungezin"),
        on_delete=models.PROTECT,
        related_name="matches",
    )
    household = models.ForeignKey(
        "casework.Household",
        verbose_name=_("vraaggezin"),
        on_delete=models.PROTECT,
        related_name="buurtgezinnen_matches",
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    rhythm = models.CharField(_("contactritme"), max_length=12, choices=Rhythm.choices)
    evaluation = EncryptedField(_("evaluatie"))  # under the asking household's data key
    outcome = models.CharField(
        _("uitkomst"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        indexes = [models.Index(fields=["team", "end_date"], name="gezinslab_match_team_idx")]
