"""A participant's pages: registering, the file, identity corrections and enrolling."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import access
from accounts.roles import CASEWORKER, TEAM_LEAD
from accounts.selectors import teams_of
from casework import forms, selectors, services
from casework.form_errors import submit
from casework.models import Programme
from casework.permissions import may_assign, may_see_bsn
from casework.selectors.documents import FILE_LIMIT, file_documents
from casework.views.common import file_access, file_form_step, render_form, team_by_code


@file_access
@require_http_methods(["GET", "POST"])
def participant_new(request):
    teams = list(teams_of(request.user))
    form = forms.RegisterForm(request.POST or None)
    form.set_choices(programmes=Programme.objects.filter(active=True), teams=teams)
    participant = submit(
        request,
        form,
        lambda data: services.register_participant(
            actor=request.user,
            identity=form.identity(),
            team=team_by_code(request.user, data["team"]),
            programme_code=data["programme"],
            start_date=data["start_date"],
            legal_basis=data["legal_basis"],
            finding_place=data["finding_place"],
        ),
        _("De deelnemer is ingeschreven."),
    )
    if participant:
        return redirect("casework:participant_file", pk=participant.pk)
    return render_form(
        request,
        form,
        title=_("Nieuwe deelnemer inschrijven"),
        back="casework:caseload",
        submit=_("Inschrijven"),
        status=400 if form.errors else 200,
    )


@file_access
@require_http_methods(["GET"])
def participant_file(request, pk):
    file = selectors.participant_file(request.user, pk)
    return render(
        request,
        "casework/participant_file.html",
        {
            "file": file,
            "person": file.person,
            "progress_form": forms.ProgressForm(),
            "may_assign": may_assign(request.user),
            "may_edit_identity": may_see_bsn(request.user),
            "instruments": selectors.instruments(),
            "history": selectors.file_history(request.user, pk, log=False),
            "documents": file_documents(request.user, pk, limit=FILE_LIMIT),
        },
    )


@file_access
@require_http_methods(["GET"])
def file_history(request, pk):
    history = selectors.file_history(request.user, pk, page=request.GET.get("pagina", 1))
    return render(request, "casework/history.html", {"history": history})


@access(roles=(CASEWORKER, TEAM_LEAD))
@require_http_methods(["GET", "POST"])
def participant_edit(request, pk):
    participant, person = selectors.participant_identity(request.user, pk)
    initial = {
        name: getattr(person, name)
        for name in forms.IdentityForm.base_fields
        if hasattr(person, name)
    }
    initial["date_of_birth"] = person.date_of_birth_value
    initial["version"] = participant.version
    form_class = type("ParticipantEditForm", (forms.IdentityForm, forms.VersionedForm), {})
    form = form_class(request.POST or None, initial=initial)
    return file_form_step(
        request,
        form,
        lambda data: services.update_participant(
            actor=request.user,
            participant=participant,
            expected_version=form.cleaned_data["version"],
            identity=form.identity(),
        ),
        _("De gegevens zijn opgeslagen."),
        participant_id=pk,
        title=_("Persoonsgegevens wijzigen"),
        submit=_("Opslaan"),
    )


@file_access
@require_http_methods(["GET", "POST"])
def enrol(request, pk):
    participant = selectors.get_participant(request.user, pk)
    form = forms.EnrolForm(request.POST or None)
    form.set_choices(programmes=Programme.objects.filter(active=True), teams=teams_of(request.user))
    return file_form_step(
        request,
        form,
        lambda data: services.enrol(
            actor=request.user,
            participant=participant,
            programme_code=data["programme"],
            team=team_by_code(request.user, data["team"]),
            start_date=data["start_date"],
            legal_basis=data["legal_basis"],
            finding_place=data["finding_place"],
        ),
        _("De inschrijving is toegevoegd."),
        participant_id=pk,
        title=_("Inschrijven in een programma"),
        submit=_("Inschrijven"),
    )
