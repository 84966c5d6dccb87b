"""Forms parse and label input; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.instruments import LIFE_DOMAINS
from casework.models import Enrolment, Gender, Goal, HouseholdMembership, ProgressEntry, Wijk
from casework.validation import Identity
from privacy.models import Consent, Purpose

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class IdentityForm(forms.Form):
    given_name = forms.CharField(label=_("Voornaam"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Achternaam"), required=False, max_length=200)
    client_ref = forms.CharField(
        label=_("Cliëntnummer"),
        required=False,
        max_length=200,
        help_text=_("Het nummer in het eigen cliëntsysteem van uw organisatie."),
    )
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=20)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), required=False, widget=DATE_WIDGET)
    year_of_birth = forms.IntegerField(
        label=_("Geboortejaar"),
        required=False,
        help_text=_("Alleen nodig als de geboortedatum niet bekend is."),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices]
    )
    wijk = forms.ChoiceField(label=_("Wijk"), required=False, choices=[("", "—"), *Wijk.choices])
    street = forms.CharField(label=_("Straat"), required=False, max_length=200)
    house_number = forms.CharField(label=_("Huisnummer"), required=False, max_length=20)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    city = forms.CharField(label=_("Woonplaats"), required=False, max_length=200)
    phone = forms.CharField(label=_("Telefoon"), required=False, max_length=30)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=200)

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(
            **{
                name: data.get(name)
                or ("" if name not in ("date_of_birth", "year_of_birth") else None)
                for name in self.fields
                if name in Identity.__dataclass_fields__
            }
        )


class EnrolmentFieldsMixin(forms.Form):
    programme = forms.ChoiceField(label=_("Programma"))
    team = forms.ChoiceField(label=_("Team"))
    start_date = forms.DateField(
        label=_("Startdatum"), widget=DATE_WIDGET, initial=timezone.localdate
    )
    legal_basis = forms.ChoiceField(label=_("Grondslag"), choices=Enrolment.LegalBasis.choices)
    finding_place = forms.ChoiceField(
        label=_("Vindplaats"), required=False, choices=[("", "—"), *Enrolment.FindingPlace.choices]
    )

    def set_choices(self, *, programmes, teams) -> None:
        self.fields["programme"].choices = [(p.code, p.name_nl) for p in programmes]
        self.fields["team"].choices = [(t.code, t.name) for t in teams]


class RegisterForm(EnrolmentFieldsMixin, IdentityForm):
    pass


class EnrolForm(EnrolmentFieldsMixin):
    pass


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE_WIDGET, initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Soort"), choices=ProgressEntry.Kind.choices)
    note = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Doel in eigen woorden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    life_domain = forms.ChoiceField(
        label=_("Leefgebied"),
        required=False,
        choices=[("", "—")] + [(c, nl) for c, nl, _en in LIFE_DOMAINS],
    )


class GoalEditForm(GoalForm, VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)


class PlanForm(VersionedForm):
    summary = forms.CharField(
        max_length=20000,
        label=_("Toelichting bij het plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EndEnrolmentForm(VersionedForm):
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE_WIDGET, initial=timezone.localdate)
    status = forms.ChoiceField(
        label=_("Hoe is het traject geëindigd?"),
        choices=[
            (Enrolment.Status.COMPLETED, _("Afgerond")),
            (Enrolment.Status.STOPPED, _("Voortijdig gestopt")),
        ],
    )


class AssignForm(VersionedForm):
    caseworker = forms.ChoiceField(label=_("Casemanager"), required=False)


class TransferForm(forms.Form):
    to_team = forms.ChoiceField(label=_("Naar team"))
    reason = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("Naam van het huishouden"), required=False, max_length=200)
    reference = forms.CharField(label=_("Huishoudnummer"), required=False, max_length=100)
    wijk = forms.ChoiceField(label=_("Wijk"), required=False, choices=[("", "—"), *Wijk.choices])
    role = forms.ChoiceField(
        label=_("Rol van deze deelnemer"), choices=HouseholdMembership.Role.choices
    )
    start_date = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET, initial=timezone.localdate)


class HouseholdMemberForm(forms.Form):
    participant = forms.ChoiceField(label=_("Deelnemer"))
    role = forms.ChoiceField(label=_("Rol"), choices=HouseholdMembership.Role.choices)
    start_date = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET, initial=timezone.localdate)


class MeasurementForm(forms.Form):
    wave = forms.ChoiceField(label=_("Peilmoment"))
    date = forms.DateField(label=_("Datum"), widget=DATE_WIDGET, initial=timezone.localdate)

    def __init__(self, *args, instrument, item_choices, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        waves = [("intake", _("Intake"))] + [
            (f"m{m}", _("%(m)s maanden") % {"m": m}) for m in range(6, 61, 6)
        ]
        waves += [("exit", _("Uitstroom")), ("follow_up", _("Nameting"))]
        self.fields["wave"].choices = waves
        self.item_fields = []
        for code, label in item_choices:
            name = f"item_{code}"
            self.item_fields.append(name)
            if levels:
                # Each level with what it means, as the instrument's definition says.
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    choices=[("", _("Niet bepaald"))]
                    + [
                        (value, f"{value} — {levels[value]}" if value in levels else str(value))
                        for value in range(instrument.scale_min, instrument.scale_max + 1)
                    ],
                )
                continue
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=instrument.scale_min,
                max_value=instrument.scale_max,
                widget=forms.NumberInput(
                    attrs={"min": instrument.scale_min, "max": instrument.scale_max}
                ),
            )

    def values(self) -> dict[str, int | None]:
        return {
            name.removeprefix("item_"): self.cleaned_data.get(name) for name in self.item_fields
        }


class CaseloadFilterForm(forms.Form):
    """The caseload's filters and order, in the page's address (no name or number: only
    choices from fixed lists)."""

    programma = forms.ChoiceField(label=_("Programma"), required=False)
    wijk = forms.ChoiceField(
        label=_("Wijk"), required=False, choices=[("", _("Alle wijken")), *Wijk.choices]
    )
    status = forms.ChoiceField(
        label=_("Wie"),
        required=False,
        choices=[
            ("", _("Alle deelnemers")),
            ("mine", _("Waar ik casemanager ben")),
            ("unassigned", _("Zonder casemanager")),
        ],
    )
    metingen = forms.ChoiceField(
        label=_("Metingen"),
        required=False,
        choices=[
            ("", _("Alle deelnemers")),
            ("due", _("Meting nu nodig of te laat")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Volgorde"),
        required=False,
        choices=[
            ("name", _("Achternaam")),
            ("start", _("Nieuwste eerst")),
            ("wijk", _("Wijk")),
        ],
    )

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programma"].choices = [
            ("", _("Alle programma's")),
            *[(p.code, str(p)) for p in programmes],
        ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek op naam, BSN of cliëntnummer"), required=False, max_length=200
    )


# The version of the consent text in use; the form offers it as the default.
CONSENT_TEXT_VERSION = "2026-01"


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Doel"), choices=Purpose.choices)
    status = forms.ChoiceField(label=_("Verklaring"), choices=Consent.Status.choices)
    effective_on = forms.DateField(
        label=_("Ingangsdatum"),
        widget=DATE_WIDGET,
        initial=timezone.localdate,
        help_text=_("Een intrekking geldt vanaf deze datum; vandaag betekent: meteen."),
    )
    text_version = forms.CharField(
        label=_("Versie van de toestemmingstekst"),
        max_length=40,
        initial=lambda: getattr(settings, "KOERS_CONSENT_TEXT_VERSION", CONSENT_TEXT_VERSION),
        help_text=_("De versie van de tekst die de deelnemer heeft gelezen, zoals 2026-01."),
    )


class BreakGlassFindForm(forms.Form):
    q = forms.CharField(
        label=_("BSN of cliëntnummer"),
        max_length=200,
        help_text=_("Het volledige BSN of cliëntnummer; zoeken op naam kan hier niet."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class BreakGlassReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom moet u dit dossier nu inzien? Ten minste tien tekens."),
    )


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(choices=[("accept", _("Accepteren")), ("refuse", _("Weigeren"))])


class RefusalForm(VersionedForm):
    """Refusing asks why, and a second yes: the sending team reads the reason back."""

    reason = forms.CharField(
        label=_("Waarom weigert u?"),
        help_text=_("Het verzendende team leest deze reden."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirm = forms.BooleanField(
        label=_("Ja, ik weiger deze overdracht."),
        error_messages={"required": _("Bevestig dat u de overdracht weigert.")},
    )

    def __init__(self, *args, confirm_label: str = "", reason_help: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if confirm_label:
            self.fields["confirm"].label = confirm_label
            self.fields["confirm"].error_messages["required"] = _("Bevestig uw besluit.")
        if reason_help:
            self.fields["reason"].help_text = reason_help
