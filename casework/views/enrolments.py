"""Managing enrolments: ending, assigning a caseworker, and transfers between teams."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from casework import forms, selectors, services
from casework.form_errors import submit
from casework.pages import form_page, write_with
from casework.views.common import file_access, file_form_step, lead_access, render_file_form


@file_access
@require_http_methods(["GET", "POST"])
def enrolment_end(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.EndEnrolmentForm(request.POST or None, initial={"version": enrolment.version})
    done = submit(
        request,
        form,
        write_with(request, services.end_enrolment, ("end_date", "status"), enrolment=enrolment),
        _("Het traject is afgesloten."),
    )
    if done:
        return redirect("casework:caseload")
    return render_file_form(
        request,
        form,
        participant_id=enrolment.participant_id,
        title=_("Traject afsluiten"),
        submit=_("Afsluiten"),
    )


@lead_access
@require_http_methods(["GET", "POST"])
def assign(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    members = list(
        User.objects.filter(memberships__team_id=enrolment.team_id, is_active=True).order_by(
            "last_name"
        )
    )
    form = forms.AssignForm(
        request.POST or None,
        initial={"version": enrolment.version, "caseworker": enrolment.caseworker_id or ""},
    )
    form.fields["caseworker"].choices = [("", _("Niemand"))] + [
        (str(u.pk), u.get_full_name() or u.username) for u in members
    ]
    return file_form_step(
        request,
        form,
        lambda data: services.assign_caseworker(
            actor=request.user,
            enrolment=enrolment,
            expected_version=data["version"],
            caseworker=next((u for u in members if str(u.pk) == data["caseworker"]), None),
        ),
        _("De casemanager is toegewezen."),
        participant_id=enrolment.participant_id,
        title=_("Casemanager toewijzen"),
        submit=_("Toewijzen"),
    )


@lead_access
@require_http_methods(["GET", "POST"])
def transfer_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    targets = selectors.transfer_targets(request.user, enrolment)
    form = forms.TransferForm(request.POST or None)
    form.fields["to_team"].choices = [
        (t.code, f"{t.name} — {t.organisation.name}") for t in targets
    ]
    return file_form_step(
        request,
        form,
        lambda data: services.request_transfer(
            actor=request.user,
            enrolment=enrolment,
            to_team=next(t for t in targets if t.code == data["to_team"]),
            reason=data["reason"],
        ),
        _("De overdracht is aangevraagd. Het andere team beslist."),
        participant_id=enrolment.participant_id,
        title=_("Overdragen aan een ander team"),
        submit=_("Overdracht aanvragen"),
    )


@file_access
@require_http_methods(["GET"])
def transfers(request):
    return render(
        request,
        "casework/transfers.html",
        {
            "transfers": selectors.transfers_page(request.user, request.GET.get("pagina", 1)),
            "refused": selectors.refused_transfers_for(request.user),
        },
    )


@lead_access
@require_POST
def transfer_decide(request, pk):
    transfer = selectors.get_transfer_for_decision(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid() and form.cleaned_data["decision"] == "refuse":
        return redirect("casework:transfer_refuse", pk=transfer.pk)
    if form.is_valid():
        try:
            services.decide_transfer(
                actor=request.user,
                transfer=transfer,
                expected_version=form.cleaned_data["version"],
                accept=form.cleaned_data["decision"] == "accept",
            )
        except (ValidationError, services.ConcurrentEditError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Uw besluit is vastgelegd."))
    else:
        messages.error(request, _("Kies accepteren of weigeren."))
    return redirect("casework:transfers")


@lead_access
@require_http_methods(["GET", "POST"])
def transfer_refuse(request, pk):
    """Refuse a transfer: with a reason and a confirmation, on a page that says who it is."""
    view = selectors.transfer_for_decision(request.user, pk)
    transfer, person = view.transfer, view.person
    form = forms.RefusalForm(request.POST or None, initial={"version": transfer.version})
    return form_page(
        request,
        form,
        title=_("Overdracht weigeren"),
        back="casework:transfers",
        submit=_("Overdracht weigeren"),
        intro=[
            _("Deelnemer: %(name)s (%(ref)s).")
            % {"name": person.display_name, "ref": person.client_ref or "—"},
            _("Programma %(programme)s, van team %(team)s, aangevraagd op %(day)s.")
            % {
                "programme": transfer.enrolment.programme,
                "team": transfer.from_team.name,
                "day": date_format(transfer.requested_at, "SHORT_DATE_FORMAT"),
            },
            _("Reden van de aanvraag: %(reason)s") % {"reason": view.reason},
        ],
        write=lambda data: services.decide_transfer(
            actor=request.user,
            transfer=transfer,
            expected_version=data["version"],
            accept=False,
            reason=data["reason"],
        ),
        success=_("De overdracht is geweigerd. Het verzendende team ziet uw reden."),
    )
