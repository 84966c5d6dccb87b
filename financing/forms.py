from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from casework.models import Programme
from casework.money import MoneyField
from financing import rules
from financing.models import Agreement, Claim, Milestone, OutcomeDefinition, Payment

DATE = forms.DateInput(attrs={"type": "date"})


class AgreementForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Naam"), max_length=200)
    payer = forms.ModelChoiceField(label=_("Betaler"), queryset=Organisation.objects.all())
    providers = forms.ModelMultipleChoiceField(
        label=_("Uitvoerders"), queryset=Organisation.objects.all()
    )
    programme = forms.ModelChoiceField(label=_("Programma"), queryset=Programme.objects.all())
    start_date = forms.DateField(label=_("Begindatum"), widget=DATE)
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE)
    cap = forms.DecimalField(label=_("Plafond (EUR)"), max_digits=12, decimal_places=2, min_value=0)


class AmendmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Datum"), widget=DATE)
    reason = forms.CharField(label=_("Reden"), max_length=300)
    new_cap = forms.DecimalField(
        label=_("Nieuw plafond (EUR)"), max_digits=12, decimal_places=2, required=False
    )
    new_end_date = forms.DateField(label=_("Nieuwe einddatum"), widget=DATE, required=False)


class DefinitionForm(forms.Form):
    code = forms.SlugField(label=_("Code (later niet te wijzigen)"), max_length=60)
    description = forms.CharField(label=_("Wanneer telt het resultaat"), max_length=500)
    unit = forms.ChoiceField(label=_("Eenheid"), choices=OutcomeDefinition.Unit.choices)
    price = MoneyField(label=_("Prijs per eenheid (euro)"))
    max_count = forms.IntegerField(label=_("Maximum aantal"), min_value=0)
    max_amount = MoneyField(label=_("Maximum bedrag (euro)"))
    sustain_days = forms.IntegerField(label=_("Houdbaarheid (dagen)"), min_value=0, initial=0)
    validation = forms.ChoiceField(
        label=_("Validatiemethode"), choices=OutcomeDefinition.Validation.choices
    )
    rule = forms.ChoiceField(label=_("Regel (gegevensbron)"), choices=())

    def __init__(self, *args, programme_code: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = rules.rule_choices(programme_code)


class MilestoneForm(forms.Form):
    label = forms.CharField(label=_("Naam"), max_length=200)
    metric = forms.ChoiceField(label=_("Maat"), choices=Milestone.Metric.choices)
    kind = forms.ChoiceField(label=_("Soort"), choices=Milestone.Kind.choices)
    period_start = forms.DateField(label=_("Periode van"), widget=DATE)
    period_end = forms.DateField(label=_("Periode tot en met"), widget=DATE)
    target = forms.IntegerField(label=_("Doel"), min_value=0)


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam (evaluator of teamleider)"), max_length=150)

    def clean_username(self):
        user = User.objects.filter(username=self.cleaned_data["username"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Onbekende gebruiker."))
        return user


class RevokeForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)

    def clean_user(self):
        user = User.objects.filter(pk=self.cleaned_data["user"]).first()
        if user is None:
            raise forms.ValidationError(_("Onbekende gebruiker."))
        return user


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=Agreement.Status.choices)


class ClaimForm(forms.Form):
    definition = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.UUIDField(widget=forms.HiddenInput)
    provider = forms.ModelChoiceField(label=_("Uitvoerder"), queryset=Organisation.objects.none())


class DecideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(Claim.Status.VERIFIED, _("Verifiëren")), (Claim.Status.REJECTED, _("Afwijzen"))],
    )
    reason = forms.ChoiceField(label=_("Reden"), choices=Claim.Reason.choices)
    confirm = forms.BooleanField(
        label=_("Ja, ik wijs deze claim af (alleen nodig bij afwijzen)."), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("verdict") == Claim.Status.REJECTED and not data.get("confirm"):
            self.add_error("confirm", _("Bevestig dat u de claim afwijst."))
        return data


class SampleForm(forms.Form):
    percentage = forms.IntegerField(
        label=_("Percentage van de ingediende claims"), min_value=1, max_value=100
    )


class PaymentForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Uitvoerder"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Soort"), choices=Payment.Kind.choices)
    amount = MoneyField(label=_("Bedrag (euro)"))
    date = forms.DateField(label=_("Datum"), widget=DATE)
    claim = forms.UUIDField(label=_("Claim (nummer, optioneel)"), required=False)


class CorrectForm(forms.Form):
    payment = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Datum tegenboeking"), widget=DATE)


class PeriodForm(forms.Form):
    period = forms.RegexField(label=_("Periode (JJJJ of JJJJ-MM)"), regex=r"^\d{4}(-\d{2})?$")
    format = forms.ChoiceField(
        label=_("Formaat"),
        choices=[("pdf", "PDF"), ("xlsx", "XLSX"), ("csv", "CSV")],
        required=False,
    )
