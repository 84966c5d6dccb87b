"""The forms of the import pages: the upload (kind, team, file) and its confirmation (a token)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.models import Enrolment

PARTICIPANTS = "participants"
MEASUREMENTS = "measurements"
KIND_CHOICES = ((PARTICIPANTS, _("Deelnemers")), (MEASUREMENTS, _("Metingen")))
MAX_UPLOAD_BYTES = 1024 * 1024  # 1 MB: the file travels back in the confirmation form
MAX_ROWS = 2000


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort bestand"), choices=KIND_CHOICES)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("Alleen bij deelnemers: het team waarbij de deelnemers worden ingeschreven."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Grondslag van de inschrijvingen"),
        choices=Enrolment.LegalBasis.choices,
        initial=Enrolment.LegalBasis.PUBLIC_TASK,
        help_text=_("Alleen bij deelnemers."),
    )
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "UTF-8 met een kopregel; komma of puntkomma als scheidingsteken. "
            "Hoogstens 1 MB en 2000 rijen."
        ),
    )

    def __init__(self, *args, teams, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk

    def clean_file(self) -> bytes:
        """The file's bytes, read here once: within the size limit, or refused."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (meer dan 1 MB). Splits het bestand in delen.")
            )
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (meer dan 1 MB). Splits het bestand in delen.")
            )
        return data

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == PARTICIPANTS and not data.get("team"):
            self.add_error("team", _("Kies het team waarbij de deelnemers worden ingeschreven."))
        return data


class ImportConfirmForm(forms.Form):
    kind = forms.ChoiceField(choices=KIND_CHOICES, widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput)
