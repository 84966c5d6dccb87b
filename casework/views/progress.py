"""Recording progress notes and measurements on an enrolment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from casework import forms, selectors, services
from casework.form_errors import apply_errors as _apply_errors
from casework.models import Instrument
from casework.views.common import file_access, render_file_form


@file_access
@require_POST
def progress_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.log_progress(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
    if form.errors:
        if request.htmx:
            # htmx swaps only 2xx responses: show the form with its messages in place.
            return _timeline(
                request, enrolment.participant_id, bound_form=form, error_enrolment=enrolment.pk
            )
        return render_file_form(
            request,
            form,
            participant_id=enrolment.participant_id,
            title=_("Voortgang vastleggen"),
            submit=_("Opslaan"),
        )
    if request.htmx:
        return _timeline(request, enrolment.participant_id, enrolment=enrolment, saved=True)
    return redirect("casework:participant_file", pk=enrolment.participant_id)


def _timeline(request, participant_id, **context):
    """The file's timeline with an empty progress form: the fragment htmx swaps in place."""
    file = selectors.participant_file(request.user, participant_id)
    return render(
        request,
        "casework/_timeline.html",
        {"file": file, "progress_form": forms.ProgressForm(), **context},
    )


@file_access
@require_http_methods(["GET", "POST"])
def measurement_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    instrument = _chosen_instrument(request)
    items = _item_choices(request, enrolment, instrument)
    language = getattr(request, "LANGUAGE_CODE", "nl")
    form = forms.MeasurementForm(
        request.POST or None,
        instrument=instrument,
        item_choices=items,
        levels=instrument.level_labels("en" if language == "en" else "nl"),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _record(request, form, enrolment, instrument)
    ):
        messages.success(request, _("De meting is vastgelegd."))
        return redirect("casework:participant_file", pk=enrolment.participant_id)
    return render(
        request,
        "casework/measurement_form.html",
        {
            "form": form,
            "instrument": instrument,
            "instruments": selectors.instruments(),
            "enrolment": enrolment,
            "no_goals": instrument.per_goal and not items,
        },
        status=400 if form.errors else 200,
    )


def _chosen_instrument(request) -> Instrument:
    """The active instrument asked for (form or query string); the ZRM when none or unknown."""
    code = request.POST.get("instrument") or request.GET.get("instrument") or "zrm"
    instrument = selectors.instruments().filter(code=code).first()
    if instrument is None:
        instrument = Instrument.objects.get(code="zrm")
    return instrument


def _item_choices(request, enrolment, instrument: Instrument) -> list[tuple[str, str]]:
    """What is scored: the enrolment's open goals for a per-goal instrument, else its items
    in the page's language."""
    if instrument.per_goal:
        return [
            (str(view.goal.pk), view.text or "")
            for view in selectors.open_goals(request.user, enrolment)
        ]
    language = getattr(request, "LANGUAGE_CODE", "nl")
    return [(i["code"], i.get(f"label_{language}") or i["label_nl"]) for i in instrument.items]


def _record(request, form, enrolment, instrument: Instrument) -> bool:
    """Record the measurement; whether it was saved (if not, the errors are on the form)."""
    try:
        services.record_measurement(
            actor=request.user,
            enrolment=enrolment,
            instrument=instrument,
            wave=form.cleaned_data["wave"],
            date=form.cleaned_data["date"],
            values=form.values(),
        )
    except ValidationError as error:
        _add_item_errors(form, error)
        return False
    return True


def _add_item_errors(form, error: ValidationError) -> None:
    """A service error on an item goes next to that item's field, others next to their field
    or on top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errs in error.message_dict.items():
        name = f"item_{field}"
        form.add_error(
            name if name in form.fields else (field if field in form.fields else None),
            errs,
        )
