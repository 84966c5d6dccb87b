"""Forms parse and label input; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schuldenvrij.models import COST_FIELDS, INCOME_FIELDS, Debt, Forgiveness

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def amount_field(label, *, required: bool = False, help_text: str = ""):
    # Parsed by the service (parse_amount): a comma or a point, never negative.
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class IntakeForm(forms.Form):
    date = forms.DateField(label=_("Datum intake"), widget=DATE_WIDGET, initial=timezone.localdate)
    situation = forms.CharField(
        max_length=20000,
        label=_("Situatie in eigen woorden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat vertelt de deelnemer over geld, post en zorgen?"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SnapshotForm(forms.Form):
    date = forms.DateField(label=_("Peildatum"), widget=DATE_WIDGET, initial=timezone.localdate)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in INCOME_FIELDS:
            self.fields[name] = amount_field(
                label, help_text=_("Per maand, in euro's") if name == "income_wage" else ""
            )
        for name, label in COST_FIELDS:
            self.fields[name] = amount_field(label)

    def income_fields(self):
        return [self[name] for name, _label in INCOME_FIELDS]

    def cost_fields(self):
        return [self[name] for name, _label in COST_FIELDS]

    def amounts(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name) or "" for name, _label in INCOME_FIELDS + COST_FIELDS
        }


class DebtForm(forms.Form):
    creditor_kind = forms.ChoiceField(
        label=_("Soort schuldeiser"), choices=[("", "—"), *Debt.CreditorKind.choices]
    )
    creditor_name = forms.CharField(
        label=_("Naam schuldeiser"),
        max_length=200,
        help_text=_("Bijvoorbeeld de naam van het incassobureau of van de persoon."),
    )
    original_amount = amount_field(_("Oorspronkelijk bedrag (euro)"), required=True)
    current_amount = amount_field(_("Huidig bedrag (euro)"), required=True)
    increase_reason = forms.CharField(
        label=_("Reden als het huidige bedrag hoger is"),
        required=False,
        max_length=1000,
        help_text=_("Bijvoorbeeld rente of incassokosten."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(v, label) for v, label in Debt.Status.choices if v != Debt.Status.FORGIVEN],
        initial=Debt.Status.OPEN,
    )
    since = forms.DateField(label=_("Sinds"), widget=DATE_WIDGET)


class DebtEditForm(DebtForm, VersionedForm):
    def __init__(self, *args, forgiven: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if forgiven:
            self.fields["status"].choices = [(Debt.Status.FORGIVEN, Debt.Status.FORGIVEN.label)]


class PlaceForm(forms.Form):
    admitted_on = forms.DateField(
        label=_("Toegelaten op"), widget=DATE_WIDGET, initial=timezone.localdate
    )


class ForgivenessForm(forms.Form):
    amount = amount_field(_("Bedrag kwijtschelding (euro)"), required=True)
    date = forms.DateField(label=_("Datum kwijtschelding"), widget=DATE_WIDGET)
    funding = forms.ChoiceField(
        label=_("Financiering"), choices=[("", "—"), *Forgiveness.Funding.choices]
    )
    debts = forms.MultipleChoiceField(
        label=_("Schulden die worden kwijtgescholden"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Niets aangevinkt: alle open schulden en schulden in een regeling."),
    )


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(choices=[("approve", _("Goedkeuren")), ("reject", _("Afwijzen"))])


class FollowUpForm(VersionedForm):
    done_on = forms.DateField(label=_("Gedaan op"), widget=DATE_WIDGET, initial=timezone.localdate)
    new_debts = forms.TypedChoiceField(
        label=_("Nieuwe schulden sinds de kwijtschelding?"),
        choices=[("", "—"), ("yes", _("Ja")), ("no", _("Nee"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )
    new_debts_amount = amount_field(_("Bedrag nieuwe schulden (euro)"))


class ContactForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE_WIDGET, initial=timezone.localdate)
    done = forms.TypedChoiceField(
        label=_("Contact"),
        choices=[("yes", _("Gedaan")), ("no", _("Gepland"))],
        coerce=lambda value: value == "yes",
        initial="yes",
    )
