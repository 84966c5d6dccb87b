"""Forms of the research pages (input only; the services validate and decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.registry import programmes
from research import catalogue as cat
from research.models import MIN_K, Export, Reidentification, ResearchGroup

DATE = forms.DateInput(attrs={"type": "date", "class": "utrecht-textbox"})
TEXT = {"class": "utrecht-textbox"}


def programme_choices():
    return sorted((code, spec.name_nl) for code, spec in programmes().items())


def variable_choices():
    return [
        (
            v.name,
            f"{v.name} — {v.label_nl}"
            + (" [QI]" if v.quasi_identifier else "")
            + (" [gevoelig]" if v.sensitive else ""),
        )
        for v in cat.catalogue().values()
    ]


class StudyForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, cijfers en streepjes."),
        widget=forms.TextInput(attrs=TEXT),
    )
    title = forms.CharField(label=_("Titel"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    principal_investigator = forms.CharField(
        label=_("Hoofdonderzoeker"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    institution = forms.CharField(
        label=_("Instelling"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    ethics_reference = forms.CharField(
        label=_("Kenmerk ethische toetsing of goedkeuring"),
        max_length=100,
        widget=forms.TextInput(attrs=TEXT),
    )
    purpose = forms.CharField(
        label=_("Doel van het onderzoek"),
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 4}),
    )
    period_start = forms.DateField(label=_("Periode vanaf"), widget=DATE)
    period_end = forms.DateField(label=_("Periode tot en met"), required=False, widget=DATE)
    programmes = forms.MultipleChoiceField(
        label=_("Programma's"), choices=programme_choices, widget=forms.CheckboxSelectMultiple
    )
    waves = forms.CharField(
        max_length=200,
        label=_("Peilmomenten"),
        required=False,
        help_text=_("Bijvoorbeeld: intake, m6, m12, exit. Leeg: alle peilmomenten."),
        widget=forms.TextInput(attrs=TEXT),
    )
    variables = forms.MultipleChoiceField(
        label=_("Variabelen uit de catalogus"),
        choices=variable_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    k = forms.IntegerField(
        label=_("k (minimale groepsgrootte)"),
        initial=MIN_K,
        help_text=_("Minstens 5; met gevoelige variabelen minstens 10."),
        widget=forms.NumberInput(attrs=TEXT),
    )
    group = forms.ModelChoiceField(
        label=_("Onderzoeksgroep"),
        queryset=ResearchGroup.objects.none(),
        help_text=_(
            "Wat uw groep in al haar onderzoeken kreeg, telt mee bij elke nieuwe export: "
            "de uitgiften van één groep zijn samen te koppelen."
        ),
        widget=forms.Select(attrs={"class": "utrecht-select"}),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        groups = list(ResearchGroup.objects.filter(members=user).order_by("name")) if user else []
        self.fields["group"].queryset = ResearchGroup.objects.filter(
            pk__in=[g.pk for g in groups]
        ).order_by("name")
        self._only = groups[0] if len(groups) == 1 else None
        if self._only:
            self.fields["group"].initial = self._only

    def clean_group(self):
        # One group: that one (the service refuses a study without a group of the researcher).
        return self.cleaned_data.get("group") or getattr(self, "_only", None)

    def clean_waves(self):
        raw = self.cleaned_data.get("waves") or ""
        return [w.strip() for w in raw.replace(";", ",").split(",") if w.strip()]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            ("approve", _("Goedkeuren")),
            ("narrow", _("Beperken")),
            ("refuse", _("Afwijzen")),
        ],
        widget=forms.RadioSelect,
    )
    approved_variables = forms.MultipleChoiceField(
        label=_("Goedgekeurde variabelen (bij beperken)"),
        required=False,
        choices=variable_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    k = forms.IntegerField(label=_("k"), required=False, widget=forms.NumberInput(attrs=TEXT))
    interval_days = forms.BooleanField(
        label=_("Intervallen in dagen toestaan (anders in hele weken)"),
        required=False,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEXT),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class GroupForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van de groep"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    institution = forms.CharField(
        label=_("Instelling"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Formaat"),
        choices=Export.Format.choices,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )


class ReidentificationForm(forms.Form):
    study = forms.SlugField(label=_("Code van het onderzoek"), widget=forms.TextInput(attrs=TEXT))
    pseudonym = forms.CharField(
        label=_("Pseudoniem"), max_length=32, widget=forms.TextInput(attrs=TEXT)
    )
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=Reidentification.Reason.choices,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    reference = forms.CharField(
        label=_("Kenmerk (melding of verzoek)"),
        max_length=60,
        widget=forms.TextInput(attrs=TEXT),
    )
