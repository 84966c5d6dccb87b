"""Forms of the Gezinslab and Buurtgezinnen pages. They parse input; the services validate the
domain rules (and say what is wrong in Dutch)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.instruments import LIFE_DOMAINS
from casework.models import Enrolment, Wijk
from gezinslab.models import Barrier, FamilyGoal, FamilyTrajectory, SupportMatch

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOMAIN_CHOICES = [(code, nl) for code, nl, _en in LIFE_DOMAINS]


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TrajectoryForm(forms.Form):
    professional = forms.TypedChoiceField(label=_("Professional"), coerce=int)
    peer_expert = forms.TypedChoiceField(label=_("Ervaringsdeskundige"), coerce=int)
    finding_place = forms.ChoiceField(label=_("Vindplaats"), choices=Enrolment.FindingPlace.choices)
    start_date = forms.DateField(label=_("Startdatum"), widget=DATE)
    life_domains = forms.MultipleChoiceField(
        label=_("Leefgebieden"),
        choices=DOMAIN_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plan_summary = forms.CharField(
        max_length=20000,
        label=_("Gezinsplan"),
        help_text=_("Wat wil het gezin bereiken, en hoe pakt het duo dat samen met het gezin aan?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def set_duo(self, professionals, peers) -> None:
        self.fields["professional"].choices = [("", "—")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in professionals
        ]
        self.fields["peer_expert"].choices = [("", "—")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in peers
        ]


class TrajectoryEditForm(VersionMixin, TrajectoryForm):
    status = forms.ChoiceField(label=_("Status"), choices=FamilyTrajectory.Status.choices)
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE, required=False)


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Doel van het gezin (in eigen woorden)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    life_domain = forms.ChoiceField(
        label=_("Leefgebied"), choices=[("", "—")] + DOMAIN_CHOICES, required=False
    )


class GoalEditForm(VersionMixin, GoalForm):
    status = forms.ChoiceField(label=_("Status"), choices=FamilyGoal.Status.choices)


class BarrierForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisatie"), coerce=int)
    kind = forms.ChoiceField(label=_("Soort knelpunt"), choices=Barrier.Kind.choices)
    description = forms.CharField(
        max_length=2000,
        label=_("Regel of voorziening die het gezin blokkeert"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    since = forms.DateField(label=_("Speelt sinds"), widget=DATE)
    escalated_to = forms.CharField(
        label=_("Geëscaleerd naar"),
        help_text=_("Bij wie ligt het knelpunt nu (functie of loket, geen naam van het gezin)."),
        required=False,
        max_length=2000,
    )
    escalated_on = forms.DateField(label=_("Geëscaleerd op"), widget=DATE, required=False)

    def set_organisations(self, organisations) -> None:
        self.fields["organisation"].choices = [("", "—")] + [(o.pk, o.name) for o in organisations]


class BarrierEditForm(VersionMixin, BarrierForm):
    status = forms.ChoiceField(label=_("Status"), choices=Barrier.Status.choices)


class BreakthroughForm(VersionMixin, forms.Form):
    how = forms.CharField(
        max_length=2000,
        label=_("Hoe is het knelpunt doorbroken?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    date = forms.DateField(label=_("Datum doorbraak"), widget=DATE)
    needs_system_change = forms.BooleanField(
        label=_("Hiervoor is een verandering van het systeem nodig"), required=False
    )
    system_change = forms.CharField(
        max_length=2000,
        label=_("Welke systeemverandering?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SupportFamilyForm(forms.Form):
    name = forms.CharField(label=_("Naam steungezin"), max_length=300)
    contact = forms.CharField(label=_("Contactgegevens"), max_length=300, required=False)
    wijk = forms.ChoiceField(label=_("Wijk"), choices=[("", "—")] + Wijk.choices, required=False)
    household = forms.ChoiceField(
        label=_("Zelf bekend als huishouden"),
        help_text=_("Alleen als dit steungezin zelf een huishouden in uw caseload is."),
        required=False,
    )
    max_families = forms.IntegerField(
        label=_("Hoogstens aantal gezinnen tegelijk"), min_value=1, max_value=5, initial=1
    )
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)
    team = forms.ChoiceField(label=_("Team"))

    def set_choices(self, *, households, teams) -> None:
        self.fields["household"].choices = [("", "—")] + [
            (str(h.household.pk), h.name) for h in households
        ]
        self.fields["team"].choices = [(t.code, t.name) for t in teams]
        if len(teams) == 1:
            self.fields["team"].widget = forms.HiddenInput()
            self.fields["team"].initial = teams[0].code


class SupportFamilyEditForm(VersionMixin, SupportFamilyForm):
    def set_choices(self, *, households, teams) -> None:
        super().set_choices(households=households, teams=teams)
        del self.fields["team"]


class MatchForm(forms.Form):
    support_family = forms.ChoiceField(label=_("Steungezin"))
    household = forms.ChoiceField(label=_("Gezin dat steun vraagt"))
    start_date = forms.DateField(label=_("Startdatum"), widget=DATE)
    rhythm = forms.ChoiceField(label=_("Contactritme"), choices=SupportMatch.Rhythm.choices)

    def set_choices(self, *, families, households) -> None:
        self.fields["support_family"].choices = [("", "—")] + [
            (str(f.family.pk), f"{f.name} ({f.running}/{f.family.max_families})")
            for f in families
            if f.family.active
        ]
        self.fields["household"].choices = [("", "—")] + [
            (str(h.household.pk), h.name) for h in households
        ]


class MatchEditForm(VersionMixin, forms.Form):
    start_date = forms.DateField(label=_("Startdatum"), widget=DATE)
    rhythm = forms.ChoiceField(label=_("Contactritme"), choices=SupportMatch.Rhythm.choices)
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE, required=False)
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=SupportMatch.Outcome.choices, required=False
    )
    evaluation = forms.CharField(
        max_length=20000,
        label=_("Evaluatie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
