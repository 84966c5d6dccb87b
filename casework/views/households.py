"""Household pages: creating one, reading one, adding a member."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework import forms, selectors, services
from casework.form_errors import submit
from casework.pages import write_with
from casework.views.common import file_access, render_file_form, render_form


@file_access
@require_http_methods(["GET", "POST"])
def household_new(request, pk):
    participant = selectors.get_participant(request.user, pk)
    form = forms.HouseholdForm(request.POST or None, initial={"wijk": participant.wijk})
    household = submit(
        request,
        form,
        write_with(request, services.create_household, first_member=participant),
        _("Het huishouden is aangemaakt."),
    )
    if household:
        return redirect("casework:household", pk=household.pk)
    return render_file_form(
        request, form, participant_id=pk, title=_("Huishouden aanmaken"), submit=_("Aanmaken")
    )


@file_access
@require_http_methods(["GET"])
def household(request, pk):
    view = selectors.household_view(request.user, pk)
    return render(request, "casework/household.html", {"view": view})


@file_access
@require_http_methods(["GET", "POST"])
def household_member_add(request, pk):
    household = selectors.get_household(request.user, pk)
    rows = selectors.caseload(request.user)
    form = forms.HouseholdMemberForm(request.POST or None)
    form.fields["participant"].choices = [(str(r.person.id), r.person.display_name) for r in rows]
    done = submit(
        request,
        form,
        lambda data: services.add_household_member(
            actor=request.user,
            household=household,
            participant=selectors.get_participant(request.user, data["participant"]),
            role=data["role"],
            start_date=data["start_date"],
        ),
        _("Het lid is toegevoegd."),
    )
    if done:
        return redirect("casework:household", pk=pk)
    return render_form(
        request,
        form,
        title=_("Lid toevoegen aan huishouden"),
        back="casework:household",
        submit=_("Toevoegen"),
        status=400 if form.errors else 200,
        extra={"back_pk": pk},
    )
