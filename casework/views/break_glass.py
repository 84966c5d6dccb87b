"""Break-the-glass: opening a file outside the caseload, with a reason, for a limited time."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import access
from accounts.roles import CASEWORKER, TEAM_LEAD
from casework import forms, selectors, services
from casework.form_errors import submit
from casework.pages import write_with

# The participant found by exact BSN or client reference, between the search and the reason:
# kept in the (server-side) session, so that no number and no id of a file outside the
# caseload ever travels in a URL before the grant.
BREAK_GLASS_CANDIDATE = "koers_break_glass_candidate"
break_glass_access = access(roles=(CASEWORKER, TEAM_LEAD))


@break_glass_access
@require_http_methods(["GET", "POST"])
def break_glass_find(request):
    """Step 1: the exact BSN or client reference, by POST only (never in a URL)."""
    form = forms.BreakGlassFindForm(request.POST or None)
    not_found = False
    if request.method == "POST" and form.is_valid():
        found = selectors.find_outside_caseload(request.user, form.cleaned_data["q"])
        if found is not None and selectors.file_is_open(request.user, found.pk):
            return redirect("casework:participant_file", pk=found.pk)
        if found is not None:
            request.session[BREAK_GLASS_CANDIDATE] = str(found.pk)
            return redirect("casework:break_glass_confirm")
        not_found = True
        form = forms.BreakGlassFindForm()  # the number is not echoed back into the page
    return render(
        request,
        "casework/break_glass_find.html",
        {"form": form, "not_found": not_found},
        status=400 if form.errors else 200,
    )


@break_glass_access
@require_http_methods(["GET", "POST"])
def break_glass_confirm(request):
    """Step 2: the reason; then the file opens for a limited time, logged and reviewed."""
    participant = selectors.break_glass_candidate(
        request.user, request.session.get(BREAK_GLASS_CANDIDATE)
    )
    if participant is None:
        request.session.pop(BREAK_GLASS_CANDIDATE, None)
        return redirect("casework:break_glass_find")
    form = forms.BreakGlassReasonForm(request.POST or None)
    done = submit(
        request,
        form,
        write_with(request, services.open_break_glass, participant=participant),
    )
    if done:
        request.session.pop(BREAK_GLASS_CANDIDATE, None)
        return redirect("casework:participant_file", pk=participant.pk)
    return render(
        request,
        "casework/break_glass_confirm.html",
        {"form": form, "hours": getattr(settings, "KOERS_BREAK_GLASS_HOURS", 24)},
        status=400 if form.errors else 200,
    )
