"""Recording a participant's consent statement."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework import forms, selectors, services
from casework.form_errors import submit
from casework.pages import write_with
from casework.views.common import file_access, render_file_form
from privacy.models import Purpose


@file_access
@require_http_methods(["GET", "POST"])
def consent_new(request, pk):
    participant = selectors.get_participant(request.user, pk)
    purpose = request.GET.get("doel", "")
    form = forms.ConsentForm(
        request.POST or None, initial={"purpose": purpose} if purpose in Purpose.values else {}
    )
    done = submit(
        request,
        form,
        write_with(request, services.record_consent, participant=participant),
        _("De verklaring over toestemming is vastgelegd."),
    )
    if done:
        return redirect(reverse("casework:participant_file", kwargs={"pk": pk}) + "#toestemming")
    return render_file_form(
        request, form, participant_id=pk, title=_("Toestemming vastleggen"), submit=_("Vastleggen")
    )
