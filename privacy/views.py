"""The privacy officer's pages: find a participant, see everything stored and who looked,
review break-the-glass accesses, handle data-subject requests, erase (four eyes) and download
the right-of-access report. Participant data comes through ``privacy.registry.provider()``.

Every identifier travels in a POST body, never in a URL or query string; every display of a
participant's data is logged (purpose "privacy")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import access
from accounts.roles import PRIVACY_OFFICER
from privacy import forms, registry, report, selectors, services
from privacy.errors import StaleError
from privacy.models import AccessEvent, DataSubjectRequest, ErasureRequest

officer_access = access(roles=(PRIVACY_OFFICER,))

PURPOSE = "privacy"
EVENTS_SHOWN = 200


def _refusals(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error))


def _log(user, subject_ids, *, what: str, action: str = AccessEvent.Action.VIEW) -> None:
    services.log_access(
        user=user,
        looks=[services.Look(subject_id=pk, what=what, action=action) for pk in subject_ids],
        purpose=PURPOSE,
    )


def _home(request, *, search_form=None, status: int = 200):
    provider = registry.provider()
    pending_break_glass = provider.pending_break_glass() if provider.pending_break_glass else []
    today = timezone.localdate()
    open_requests = list(selectors.open_requests())
    return render(
        request,
        "privacy/home.html",
        {
            "search_form": search_form or forms.SearchForm(),
            "pending_erasures": list(selectors.pending_erasures()),
            "break_glass_count": len(pending_break_glass),
            "open_request_count": len(open_requests),
            "overdue_request_count": sum(1 for r in open_requests if r.deadline < today),
        },
        status=status,
    )


# --- search and the participant page ------------------------------------------------------


@officer_access
@require_http_methods(["GET"])
def home(request):
    return _home(request)


@officer_access
@require_POST
def search(request):
    """By BSN, client reference (blind index) or internal id; a POST, so that the number never
    appears in a URL, a server log or the browser history."""
    form = forms.SearchForm(request.POST)
    if not form.is_valid():
        return _home(request, search_form=form, status=400)
    subject_id = registry.provider().find(form.cleaned_data["q"])
    if subject_id is None:
        form.add_error("q", _("Geen deelnemer gevonden."))
        return _home(request, search_form=form)
    return redirect("privacy:participant_file", pk=subject_id)


@officer_access
@require_http_methods(["GET"])
def participant_file(request, pk):
    """Everything stored about the participant, and who looked at it. This display is itself
    logged before the data is read, so it appears in its own list of looks."""
    provider = registry.provider()
    summary = provider.summarise(pk)
    if summary is None:
        raise Http404
    _log(request.user, [pk], what="privacy_file")
    data = provider.collect(pk)
    erasures = list(
        ErasureRequest.objects.filter(subject_id=pk)
        .select_related("requested_by", "confirmed_by")
        .order_by("-requested_at")
    )
    pending = next((e for e in erasures if e.status == ErasureRequest.Status.PENDING), None)
    identity = [
        (report.IDENTITY_LABELS.get(key, key), value)
        for key, value in (data.get("identity") or data.get("statistics") or {}).items()
    ]
    return render(
        request,
        "privacy/participant.html",
        {
            "pk": pk,
            "summary": summary,
            "data": data,
            "identity": identity,
            "identity_versions": [
                {
                    "history_date": version["history_date"],
                    "history_type": version["history_type"],
                    "fields": [
                        (report.IDENTITY_LABELS[key], value)
                        for key, value in version.items()
                        if key in report.IDENTITY_LABELS
                    ],
                }
                for version in data.get("identity_versions") or []
            ],
            "events": selectors.access_events_for(pk, limit=EVENTS_SHOWN),
            "events_limit": EVENTS_SHOWN,
            "erasures": erasures,
            "pending_erasure": pending,
            "pending_reason": services.erasure_reason(pending) if pending else None,
            "requests": list(selectors.requests_for(pk)),
            "request_form": forms.RequestForm(initial={"participant": pk}),
            "erasure_form": forms.ErasureRequestForm(initial={"participant": pk}),
        },
    )


# --- the right-of-access report -----------------------------------------------------------


@officer_access
@require_POST
def report_download(request):
    """The report as a download: JSON, or a readable Dutch PDF for the resident. Logged."""
    form = forms.ReportForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    subject_id = form.cleaned_data["participant"]
    kind = form.cleaned_data["format"]
    data = report.participant_report(
        subject_id,
        user=request.user,
        action=AccessEvent.Action.DOWNLOAD,
        what=f"access_report_{kind}",
        purpose="data_request",
    )
    if data is None:
        raise Http404
    if kind == "pdf":
        response = HttpResponse(report.report_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(
            report.report_json(data), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = (
        f'attachment; filename="{report.report_filename(subject_id, kind)}"'
    )
    response["Cache-Control"] = "no-store"
    return response


# --- break-the-glass review ---------------------------------------------------------------


@officer_access
@require_http_methods(["GET"])
def break_glass(request):
    provider = registry.provider()
    rows = provider.pending_break_glass() if provider.pending_break_glass else []
    # The reasons are free text of the participants' files: showing them is a look.
    _log(
        request.user,
        sorted({row["subject_id"] for row in rows}, key=str),
        what="break_glass_reason",
        action=AccessEvent.Action.LIST,
    )
    return render(request, "privacy/break_glass.html", {"rows": rows})


@officer_access
@require_POST
def break_glass_review(request):
    form = forms.BreakGlassReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies terecht of onterecht."))
        return redirect("privacy:break_glass")
    hook = registry.provider().review_break_glass
    if hook is None:
        raise Http404
    data = form.cleaned_data
    try:
        hook(request.user, data["access"], data["version"], data["verdict"])
    except LookupError:
        raise Http404 from None
    except (ValidationError, StaleError) as error:
        _refusals(request, error)
    else:
        messages.success(request, _("De beoordeling is vastgelegd."))
    return redirect("privacy:break_glass")


# --- data-subject requests ----------------------------------------------------------------


def _requests_page(request, *, form=None, status: int = 200):
    today = timezone.localdate()
    open_requests = list(selectors.open_requests())
    closed = list(
        DataSubjectRequest.objects.filter(status__in=["done", "refused"]).order_by("-closed_on")[
            :50
        ]
    )
    rows = [
        {
            "request": r,
            "days_left": (r.deadline - today).days,
            "overdue": r.deadline < today,
            "days_late": max(0, (today - r.deadline).days),
        }
        for r in open_requests
    ]
    return render(
        request,
        "privacy/requests.html",
        {
            "rows": rows,
            "closed": closed,
            "form": form or forms.RequestForm(initial={"received_on": today}),
            "statuses": DataSubjectRequest.Status.choices,
        },
        status=status,
    )


@officer_access
@require_http_methods(["GET"])
def requests(request):
    return _requests_page(request)


@officer_access
@require_POST
def request_new(request):
    form = forms.RequestForm(request.POST)
    if form.is_valid():
        subject_id = registry.provider().find(form.cleaned_data["participant"])
        if subject_id is None:
            form.add_error("participant", _("Geen deelnemer gevonden."))
        else:
            try:
                services.register_request(
                    actor=request.user,
                    subject_id=subject_id,
                    kind=form.cleaned_data["kind"],
                    received_on=form.cleaned_data["received_on"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Het verzoek is geregistreerd."))
                return redirect("privacy:requests")
    return _requests_page(request, form=form, status=400)


@officer_access
@require_POST
def request_update(request):
    form = forms.RequestUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige status."))
        return redirect("privacy:requests")
    data = form.cleaned_data
    subject_request = get_object_or_404(DataSubjectRequest, pk=data["request"])
    try:
        services.update_request(
            actor=request.user,
            request=subject_request,
            expected_version=data["version"],
            status=data["status"],
            extend=data["extend"],
        )
    except (ValidationError, StaleError) as error:
        _refusals(request, error)
    else:
        messages.success(request, _("Het verzoek is bijgewerkt."))
    return redirect("privacy:requests")


# --- erasure (four eyes) ------------------------------------------------------------------


@officer_access
@require_POST
def erasure_request(request):
    form = forms.ErasureRequestForm(request.POST)
    if not form.is_valid():
        pk = request.POST.get("participant")
        messages.error(request, _("Geef de reden van het wissen."))
        return redirect("privacy:participant_file", pk=pk) if pk else redirect("privacy:home")
    subject_id = form.cleaned_data["participant"]
    try:
        services.request_erasure(
            actor=request.user, subject_id=subject_id, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _refusals(request, error)
    else:
        messages.success(
            request,
            _(
                "Het wisverzoek is vastgelegd. Het wacht op bevestiging door een tweede "
                "privacy officer."
            ),
        )
    return redirect("privacy:participant_file", pk=subject_id)


def _erasure_decision(request, decide, success: str):
    form = forms.ErasureDecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    erasure = get_object_or_404(ErasureRequest, pk=form.cleaned_data["erasure"])
    try:
        decide(actor=request.user, erasure=erasure, expected_version=form.cleaned_data["version"])
    except (ValidationError, StaleError) as error:
        _refusals(request, error)
    else:
        messages.success(request, success)
    return redirect("privacy:participant_file", pk=erasure.subject_id)


@officer_access
@require_POST
def erasure_confirm(request):
    return _erasure_decision(
        request,
        services.confirm_erasure,
        _("De deelnemer is gewist: identificerende gegevens en notities zijn onleesbaar."),
    )


@officer_access
@require_POST
def erasure_cancel(request):
    return _erasure_decision(request, services.cancel_erasure, _("Het wisverzoek is ingetrokken."))
