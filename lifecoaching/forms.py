"""Forms parse and label input; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lifecoaching.models import (
    Advice,
    Coach,
    CoachSession,
    DropoutRisk,
    Interest,
    SchoolLevel,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CoachForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    contact = forms.CharField(
        label=_("Contactgegevens"),
        required=False,
        max_length=500,
        help_text=_("Telefoon of e-mail van de coach."),
    )
    kind = forms.ChoiceField(label=_("Soort coach"), choices=Coach.Kind.choices)
    vog_date = forms.DateField(label=_("Datum VOG"), required=False, widget=DATE_WIDGET)
    vog_expiry = forms.DateField(
        label=_("VOG geldig tot"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Zonder geldig VOG kan de coach geen nieuwe jongere krijgen."),
    )
    interests = forms.MultipleChoiceField(
        label=_("Interesses"),
        required=False,
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Capaciteit"),
        initial=3,
        min_value=1,
        max_value=50,
        help_text=_("Hoeveel jongeren deze coach tegelijk begeleidt."),
    )
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)


class CoachNewForm(CoachForm):
    team = forms.ChoiceField(label=_("Team"), choices=())

    field_order = ["team"]

    def set_teams(self, teams) -> None:
        self.fields["team"].choices = [(t.code, t.name) for t in teams]


class CoachEditForm(CoachForm, VersionedForm):
    pass


class InterestFilterForm(forms.Form):
    interests = forms.MultipleChoiceField(
        label=_("Waar houdt de jongere van?"),
        required=False,
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class MatchForm(forms.Form):
    coach = forms.ChoiceField(label=_("Gekozen coach"), widget=forms.RadioSelect, choices=())
    start_date = forms.DateField(
        label=_("Startdatum"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    chosen_by_young_person = forms.BooleanField(
        label=_("De jongere heeft deze coach zelf gekozen"), required=False, initial=True
    )
    interests = forms.MultipleChoiceField(
        required=False, choices=Interest.choices, widget=forms.MultipleHiddenInput
    )

    def set_coaches(self, views) -> None:
        self.fields["coach"].choices = [(str(v.coach.pk), v.name or "—") for v in views]


class EndMatchForm(VersionedForm):
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE_WIDGET, initial=timezone.localdate)


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE_WIDGET, initial=timezone.localdate)
    duration_minutes = forms.IntegerField(
        label=_("Duur (minuten)"), initial=60, min_value=5, max_value=720
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=CoachSession.Kind.choices)
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
    )


class SchoolStatusForm(forms.Form):
    date = forms.DateField(label=_("Peildatum"), widget=DATE_WIDGET, initial=timezone.localdate)
    school_name = forms.CharField(label=_("School"), required=False, max_length=200)
    level = forms.ChoiceField(label=_("Niveau"), choices=SchoolLevel.choices)
    advice = forms.ChoiceField(
        label=_("Schooladvies groep 8"),
        required=False,
        choices=[("", _("Onbekend of nog niet gegeven")), *Advice.choices],
    )
    attendance_concern = forms.BooleanField(
        label=_("Zorgen over aanwezigheid (verzuim)"), required=False
    )
    dropout_risk = forms.ChoiceField(
        label=_("Risico op voortijdig schoolverlaten"), choices=DropoutRisk.choices
    )
    start_qualification = forms.BooleanField(
        label=_("Heeft een startkwalificatie (havo, vwo of mbo 2 of hoger)"), required=False
    )


class SessionEditForm(SessionForm, VersionedForm):
    """Correct a logged session; carries the version read."""


class SchoolStatusEditForm(SchoolStatusForm, VersionedForm):
    """Correct a school status; carries the version read."""
