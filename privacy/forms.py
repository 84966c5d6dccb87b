"""Forms of the privacy officer's pages. Identifiers travel only in POST bodies."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import DataSubjectRequest


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("BSN, cliëntnummer of deelnemer-id"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class SubjectForm(forms.Form):
    """Names the participant of an action by internal id (hidden field on the participant page)."""

    participant = forms.UUIDField(widget=forms.HiddenInput)


class RequestForm(forms.Form):
    participant = forms.CharField(
        label=_("Deelnemer (BSN, cliëntnummer of deelnemer-id)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=DataSubjectRequest.Kind.choices)
    received_on = forms.DateField(
        label=_("Ontvangen op"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RequestUpdateForm(forms.Form):
    request = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=DataSubjectRequest.Status.choices)
    extend = forms.BooleanField(label=_("Eenmaal verlengen met twee maanden"), required=False)


class ErasureRequestForm(forms.Form):
    participant = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden van het wissen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: verzoek van betrokkene ontvangen op … (art. 17 AVG)."),
    )


class ErasureDecisionForm(forms.Form):
    erasure = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class BreakGlassReviewForm(forms.Form):
    access = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        choices=[("justified", _("Terecht")), ("unjustified", _("Onterecht"))]
    )


class ReportForm(forms.Form):
    participant = forms.UUIDField(widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=[("json", "JSON"), ("pdf", "PDF")])
