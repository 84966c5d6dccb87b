"""Forms of the monitor's pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring import measures
from monitoring.areas import AREAS
from monitoring.models import Indicator, Node, Phase


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NodeForm(VersionedForm):
    title_nl = forms.CharField(label=_("Titel (Nederlands)"), max_length=300)
    title_en = forms.CharField(label=_("Titel (Engels)"), max_length=300, required=False)
    description = forms.CharField(
        max_length=4000,
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    phase = forms.ChoiceField(
        label=_("Fase (alleen SMART-doelen)"),
        choices=[("", "—"), *Phase.choices],
        required=False,
    )
    target_year = forms.IntegerField(
        label=_("Doeljaar (leeg: volgt uit de fase)"),
        min_value=2000,
        max_value=2100,
        required=False,
    )
    position = forms.IntegerField(label=_("Volgorde"), min_value=0, initial=0)


class NewNodeForm(NodeForm):
    code = forms.SlugField(label=_("Code"), max_length=80)
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[c for c in Node.Kind.choices if c[0] != Node.Kind.PILLAR]
    )
    parent = forms.ModelChoiceField(
        label=_("Pijler"), queryset=Node.objects.filter(kind=Node.Kind.PILLAR)
    )
    field_order = ["code", "kind", "parent"]


class IndicatorForm(VersionedForm):
    name_nl = forms.CharField(label=_("Naam (Nederlands)"), max_length=200)
    name_en = forms.CharField(label=_("Naam (Engels)"), max_length=200)
    definition = forms.CharField(
        max_length=4000,
        label=_("Definitie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    unit = forms.ChoiceField(label=_("Eenheid"), choices=Indicator.Unit.choices)
    better = forms.ChoiceField(label=_("Richting"), choices=Indicator.Better.choices)
    source = forms.ChoiceField(label=_("Bron"), choices=Indicator.Source.choices)
    frequency = forms.ChoiceField(label=_("Frequentie"), choices=Indicator.Frequency.choices)
    areas = forms.MultipleChoiceField(
        label=_("Gebieden"),
        choices=list(AREAS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    koers_measure = forms.ChoiceField(
        label=_("Koers-maat"), choices=measures.choices, required=False
    )
    position = forms.IntegerField(label=_("Volgorde"), min_value=0, initial=0)


class TargetForm(VersionedForm):
    value = forms.DecimalField(
        label=_("Streefwaarde"), max_digits=12, decimal_places=2, localize=True
    )


class BaselineForm(VersionedForm):
    value = forms.DecimalField(
        label=_("Nulmeting 2021"), max_digits=14, decimal_places=2, localize=True
    )
    reason = forms.CharField(
        max_length=2000,
        label=_("Reden van de bijstelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ToleranceForm(VersionedForm):
    tolerance = forms.DecimalField(
        label=_("Marge voor 'op koers' (% van de weg van nulmeting naar doel)"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        localize=True,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand (indicator,area,year,value,source,published)"),
    )
    dry_run = forms.BooleanField(
        label=_("Alleen controleren, nog niets opslaan"), required=False, initial=True
    )


def review_years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, 2020, -1)]


class ReviewForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Jaar"), coerce=int, choices=review_years)
    format = forms.ChoiceField(
        label=_("Bestand"), choices=[("pdf", "PDF"), ("xlsx", _("Excel (XLSX)"))]
    )
