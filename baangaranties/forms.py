"""Forms parse and label input; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baangaranties.models import (
    AssistanceRoute,
    BranchChain,
    ContractKind,
    Employer,
    EndReason,
    OfferedPlace,
    PlaceKind,
    Route,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("Ja, werkt er nog")), ("no", _("Nee, werkt er niet meer"))]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlacementForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("Werkgever"), queryset=Employer.objects.none(), required=False
    )
    offered_place = forms.ModelChoiceField(
        label=_("Aangeboden plek"),
        queryset=OfferedPlace.objects.none(),
        required=False,
        help_text=_("Laat leeg als de plaatsing niet bij een aangeboden plek hoort."),
    )
    kind = forms.ChoiceField(label=_("Soort plek"), choices=PlaceKind.choices)
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices)
    start_date = forms.DateField(label=_("Startdatum"), widget=DATE_WIDGET)
    contract_kind = forms.ChoiceField(label=_("Soort contract"), choices=ContractKind.choices)
    hours_per_week = forms.DecimalField(
        label=_("Uren per week"),
        max_digits=4,
        decimal_places=1,
        localize=True,
        help_text=_("Meer dan 0, hoogstens 40."),
    )

    def __init__(self, *args, employers=None, offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            self.fields["employer"].queryset = employers
            self.fields["employer"].label_from_instance = lambda e: f"{e.name} ({e.chain.name})"
        if offers is not None:
            self.fields["offered_place"].queryset = offers
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate())


class PlacementEndForm(VersionedForm):
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE_WIDGET)
    end_reason = forms.ChoiceField(
        label=_("Reden van einde"), choices=[("", "—"), *EndReason.choices]
    )


class CheckForm(VersionedForm):
    still_employed = forms.ChoiceField(label=_("Werkt de deelnemer er nog?"), choices=YES_NO)
    checked_on = forms.DateField(label=_("Nagevraagd op"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("checked_on", timezone.localdate())


class CommitmentForm(forms.Form):
    chain = forms.ModelChoiceField(label=_("Brancheketen"), queryset=BranchChain.objects.none())
    year = forms.IntegerField(label=_("Jaar"), min_value=2020, max_value=2050)
    job_guarantees = forms.IntegerField(label=_("Baangaranties"))
    work_experience_places = forms.IntegerField(label=_("Werkervaringsplekken"))
    internships = forms.IntegerField(label=_("Stages"))
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False
    )  # set when changing an existing commitment

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = BranchChain.objects.filter(active=True).order_by("name")


class OfferedPlaceForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Werkgever"), queryset=Employer.objects.none())
    kind = forms.ChoiceField(label=_("Soort plek"), choices=PlaceKind.choices)
    year = forms.IntegerField(label=_("Jaar"), min_value=2020, max_value=2050)
    places = forms.IntegerField(label=_("Aantal plekken"))
    opened_on = forms.DateField(label=_("Opengesteld op"), widget=DATE_WIDGET)

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            self.fields["employer"].queryset = employers
            self.fields["employer"].label_from_instance = lambda e: f"{e.name} ({e.chain.name})"
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("opened_on", today)


class RouteForm(forms.Form):
    on_assistance_since = forms.DateField(label=_("In de bijstand sinds"), widget=DATE_WIDGET)
    route = forms.ChoiceField(
        label=_("Route uit de bijstand"), choices=AssistanceRoute.Kind.choices
    )
    target_date = forms.DateField(label=_("Streefdatum"), widget=DATE_WIDGET, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=AssistanceRoute.Status.choices)


class RouteEditForm(VersionedForm):
    route = forms.ChoiceField(
        label=_("Route uit de bijstand"), choices=AssistanceRoute.Kind.choices
    )
    target_date = forms.DateField(label=_("Streefdatum"), widget=DATE_WIDGET, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=AssistanceRoute.Status.choices)
    status_date = forms.DateField(
        label=_("Status sinds"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Alleen nodig als de status verandert; leeg is vandaag."),
    )


class AssistanceForm(forms.Form):
    on_assistance = forms.ChoiceField(
        label=_("In de bijstand?"),
        choices=[("yes", _("Ja")), ("no", _("Nee"))],
    )
    date = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
