"""The programme monitor: the goal tree of the plan (pillars, tasks, sub-goals, SMART goals),
the indicators that measure it, their yearly values per area, adjusted baselines, targets and
the tolerance of "on course". Every editable row keeps its history and a version."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Versioned
from monitoring.areas import AREAS, PROGRAMME_AREA

AREA_CHOICES = [(code, label) for code, label in AREAS.items()]
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
BASE_YEAR = 2021
MIRROR_YEAR = 2019


def in_language(dutch: str, english: str) -> str:
    return english if english and (get_language() or "nl").startswith("en") else dutch


class Phase(models.TextChoices):
    A = "A", _("A: korte termijn (5 jaar, 2027)")
    B = "B", _("B: middellange termijn (10 jaar, 2032)")
    C = "C", _("C: middellange termijn (15 jaar, 2037)")
    D = "D", _("D: lange termijn (20 jaar, 2042)")


PHASE_YEARS = {Phase.A: 2027, Phase.B: 2032, Phase.C: 2037, Phase.D: 2042}


class Node(Versioned):
    """One node of the goal tree (doelenboom)."""

    class Kind(models.TextChoices):
        PILLAR = "pillar", _("Pijler")
        TASK = "task", _("Opgave")
        SUBGOAL = "subgoal", _("ER-subdoel")
        GOAL = "goal", _("SMART-doel")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    title_nl = models.CharField(_("titel (Nederlands)"), max_length=300)
    title_en = models.CharField(_("titel (Engels)"), max_length=300, blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    phase = models.CharField(_("fase"), max_length=1, choices=Phase.choices, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("doeljaar"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("knoop van de doelenboom")
        verbose_name_plural = _("doelenboom")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.title_nl

    @property
    def title(self) -> str:
        """The title in the page's language (Dutch where no English one is given)."""
        return in_language(self.title_nl, self.title_en)


class Indicator(Versioned):
    class Unit(models.TextChoices):
        PERCENTAGE = "percentage", _("percentage")
        PER_1000 = "per_1000", _("aantal per 1.000")
        SCORE = "score", _("score")
        EURO = "euro", _("euro")
        COUNT = "count", _("aantal")

    class Better(models.TextChoices):
        HIGHER = "higher", _("hoger is beter")
        LOWER = "lower", _("lager is beter")

    class Source(models.TextChoices):
        DATA_CENTRE = "datacentrum", _("Datacentrum sociaal domein")
        CBS = "cbs", _("CBS")
        SURVEY = "enquete", _("Inwonersenquête")
        PARTNER = "partner", _("Partner")
        KOERS = "koers", _("Koers")

    class Frequency(models.TextChoices):
        YEARLY = "yearly", _("jaarlijks")
        TWO_YEARLY = "two_yearly", _("tweejaarlijks")
        FOUR_YEARLY = "four_yearly", _("vierjaarlijks")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200)
    definition = models.TextField(_("definitie"), blank=True)
    unit = models.CharField(_("eenheid"), max_length=12, choices=Unit.choices)
    better = models.CharField(_("richting"), max_length=6, choices=Better.choices)
    source = models.CharField(_("bron"), max_length=12, choices=Source.choices)
    frequency = models.CharField(
        _("frequentie"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY
    )
    areas = models.JSONField(_("gebieden"), default=list)
    koers_measure = models.CharField(_("Koers-maat"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_nl

    @property
    def name(self) -> str:
        """The name in the page's language."""
        return in_language(self.name_nl, self.name_en)


class Target(Versioned):
    """What a SMART goal wants of an indicator in the programme area, by its goal's year."""

    goal = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField(_("streefwaarde"), max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")
        constraints = [
            models.UniqueConstraint(fields=["goal", "indicator"], name="monitor_target_unique")
        ]


class IndicatorValue(Versioned):
    """A yearly value of an indicator in an area, from its source (imported or entered)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    area = models.CharField(_("gebied"), max_length=30, choices=AREA_CHOICES)
    year = models.PositiveSmallIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    source = models.CharField(_("bron"), max_length=200)
    published = models.DateField(_("gepubliceerd op"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")
        ordering = ["indicator", "area", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="monitor_value_unique"
            )
        ]


class BaselineAdjustment(Versioned):
    """The baseline of 2021 set by the programme office to another value than measured, with
    its reason (the plan allows it when 2021 is distorted, e.g. by corona)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="adjustments")
    area = models.CharField(
        _("gebied"), max_length=30, choices=AREA_CHOICES, default=PROGRAMME_AREA
    )
    value = models.DecimalField(_("nulmeting"), max_digits=14, decimal_places=2)
    reason = models.TextField(_("reden"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bijgestelde nulmeting")
        verbose_name_plural = _("bijgestelde nulmetingen")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area"], name="monitor_baseline_unique")
        ]


class MonitorSettings(Versioned):
    """One row: how far a value may be from its interim target and still be on course, as a
    percentage of the whole way from baseline to target."""

    tolerance = models.DecimalField(
        _("marge (% van de weg van nulmeting naar doel)"),
        max_digits=5,
        decimal_places=1,
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instellingen van de monitor")
        verbose_name_plural = _("instellingen van de monitor")


class ComputedValue(models.Model):
    """A value of a Koers indicator as released to one audience (``privacy.release``): computed
    ahead by ``refresh_koers_values`` so that the public page never counts case data. A cache of
    released figures, recomputed from tracked rows; not itself a record of anything."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="computed")
    area = models.CharField(max_length=30, choices=AREA_CHOICES)
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    audience = models.CharField(max_length=12)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year", "audience"], name="monitor_computed_unique"
            )
        ]
