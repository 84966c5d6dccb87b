"""Thin views: parse the form, call a service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Team, User
from accounts.permissions import access
from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD
from accounts.selectors import teams_of, transfer_targets_for
from casework import forms, selectors, services
from casework.form_errors import apply_errors as _apply_errors
from casework.form_errors import submit
from casework.models import Instrument, Programme
from casework.permissions import may_assign, may_break_glass, may_see_bsn
from privacy.models import Purpose

FILE_ROLES = (CASEWORKER, PEER_EXPERT, TEAM_LEAD)
file_access = access(roles=FILE_ROLES)
lead_access = access(roles=(TEAM_LEAD,))


def _render_form(
    request, form, *, title: str, back: str, submit: str, status: int = 200, extra=None
):
    context = {"form": form, "title": title, "back": back, "submit": submit, **(extra or {})}
    return render(request, "casework/form.html", context, status=status)


def _team_by_code(user, code: str) -> Team:
    team = teams_of(user).filter(code=code).first()
    if team is None:
        raise PermissionDenied
    return team


# --- caseload -----------------------------------------------------------------------------


@file_access
@require_http_methods(["GET"])
def caseload(request):
    rows = selectors.caseload(request.user)
    return render(
        request,
        "casework/caseload.html",
        {
            "rows": rows,
            "search_form": forms.SearchForm(),
            "teams": teams_of(request.user),
            "may_break_glass": may_break_glass(request.user),
        },
    )


@file_access
@require_POST
def caseload_search(request):
    """Search is a POST, so that no name or BSN ever appears in a URL or access log."""
    form = forms.SearchForm(request.POST)
    query = form.data.get("q", "") if form.is_valid() else ""
    rows = selectors.search_caseload(request.user, query)
    template = "casework/_caseload_rows.html" if request.htmx else "casework/caseload.html"
    return render(
        request,
        template,
        {
            "rows": rows,
            "search_form": form,
            "searched": bool(query.strip()),
            "teams": teams_of(request.user),
        },
    )


# --- participants -------------------------------------------------------------------------


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
            team=_team_by_code(request.user, data["team"]),
            programme_code=data["programme"],
            start_date=data["start_date"],
            legal_basis=data["legal_basis"],
            finding_place=data["finding_place"],
        ),
        _("De deelnemer is ingeschreven."),
    )
    if participant:
        return redirect("casework:participant_file", pk=participant.pk)
    return _render_form(
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
        },
    )


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
    done = submit(
        request,
        form,
        lambda data: services.update_participant(
            actor=request.user,
            participant=participant,
            expected_version=form.cleaned_data["version"],
            identity=form.identity(),
        ),
        _("De gegevens zijn opgeslagen."),
    )
    if done:
        return redirect("casework:participant_file", pk=pk)
    return _render_form(
        request,
        form,
        title=_("Persoonsgegevens wijzigen"),
        back="casework:participant_file",
        submit=_("Opslaan"),
        status=400 if form.errors else 200,
        extra={"back_pk": pk},
    )


@file_access
@require_http_methods(["GET", "POST"])
def enrol(request, pk):
    participant = selectors.get_participant(request.user, pk)
    form = forms.EnrolForm(request.POST or None)
    form.set_choices(programmes=Programme.objects.filter(active=True), teams=teams_of(request.user))
    done = submit(
        request,
        form,
        lambda data: services.enrol(
            actor=request.user,
            participant=participant,
            programme_code=data["programme"],
            team=_team_by_code(request.user, data["team"]),
            start_date=data["start_date"],
            legal_basis=data["legal_basis"],
            finding_place=data["finding_place"],
        ),
        _("De inschrijving is toegevoegd."),
    )
    if done:
        return redirect("casework:participant_file", pk=pk)
    return _render_form(
        request,
        form,
        title=_("Inschrijven in een programma"),
        back="casework:participant_file",
        submit=_("Inschrijven"),
        status=400 if form.errors else 200,
        extra={"back_pk": pk},
    )


# --- progress, plan, goals ----------------------------------------------------------------


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
            file = selectors.participant_file(request.user, enrolment.participant_id)
            return render(
                request,
                "casework/_timeline.html",
                {
                    "file": file,
                    "progress_form": forms.ProgressForm(),
                    "bound_form": form,
                    "error_enrolment": enrolment.pk,
                },
            )
        return _render_form(
            request,
            form,
            title=_("Voortgang vastleggen"),
            back="casework:participant_file",
            submit=_("Opslaan"),
            status=400,
            extra={"back_pk": enrolment.participant_id},
        )
    if request.htmx:
        file = selectors.participant_file(request.user, enrolment.participant_id)
        return render(
            request,
            "casework/_timeline.html",
            {
                "file": file,
                "progress_form": forms.ProgressForm(),
                "enrolment": enrolment,
                "saved": True,
            },
        )
    return redirect("casework:participant_file", pk=enrolment.participant_id)


@file_access
@require_http_methods(["GET", "POST"])
def measurement_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    code = request.POST.get("instrument") or request.GET.get("instrument") or "zrm"
    instrument = selectors.instruments().filter(code=code).first()
    if instrument is None:
        instrument = Instrument.objects.get(code="zrm")
    if instrument.per_goal:
        file = selectors.participant_file(request.user, enrolment.participant_id)
        items = [
            (str(g.goal.pk), g.text or "")
            for v in file.enrolments
            if v.enrolment.pk == enrolment.pk
            for g in v.goals
            if g.goal.status == "open"
        ]
    else:
        language = getattr(request, "LANGUAGE_CODE", "nl")
        items = [(i["code"], i.get(f"label_{language}") or i["label_nl"]) for i in instrument.items]
    form = forms.MeasurementForm(request.POST or None, instrument=instrument, item_choices=items)
    if request.method == "POST" and form.is_valid():
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
            if hasattr(error, "error_dict"):
                for field, errs in error.message_dict.items():
                    name = f"item_{field}"
                    form.add_error(
                        name if name in form.fields else (field if field in form.fields else None),
                        errs,
                    )
            else:
                form.add_error(None, error.messages)
        else:
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


@file_access
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    file = selectors.participant_file(request.user, enrolment.participant_id)
    view = next(v for v in file.enrolments if v.enrolment.pk == enrolment.pk)
    form = forms.PlanForm(
        request.POST or None, initial={"summary": view.plan_summary, "version": view.plan.version}
    )
    done = submit(
        request,
        form,
        lambda data: services.save_plan_summary(
            actor=request.user,
            plan=view.plan,
            expected_version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
        ),
        _("Het plan is opgeslagen."),
    )
    if done:
        return redirect("casework:participant_file", pk=enrolment.participant_id)
    return _render_form(
        request,
        form,
        title=_("Plan"),
        back="casework:participant_file",
        submit=_("Opslaan"),
        status=400 if form.errors else 200,
        extra={"back_pk": enrolment.participant_id},
    )


@file_access
@require_http_methods(["GET", "POST"])
def goal_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.GoalForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.add_goal(
            actor=request.user, enrolment=enrolment, **form.cleaned_data
        ),
        _("Het doel is toegevoegd."),
    )
    if done:
        return redirect("casework:participant_file", pk=enrolment.participant_id)
    return _render_form(
        request,
        form,
        title=_("Doel toevoegen"),
        back="casework:participant_file",
        submit=_("Toevoegen"),
        status=400 if form.errors else 200,
        extra={"back_pk": enrolment.participant_id},
    )


@file_access
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = selectors.get_goal(request.user, pk)
    participant_id = goal.plan.enrolment.participant_id
    text = selectors.goal_text(request.user, goal)
    form = forms.GoalEditForm(
        request.POST or None,
        initial={
            "text": text,
            "life_domain": goal.life_domain,
            "status": goal.status,
            "version": goal.version,
        },
    )
    done = submit(
        request,
        form,
        lambda data: services.update_goal(
            actor=request.user,
            goal=goal,
            expected_version=data["version"],
            text=data["text"],
            status=data["status"],
            life_domain=data["life_domain"],
        ),
        _("Het doel is opgeslagen."),
    )
    if done:
        return redirect("casework:participant_file", pk=participant_id)
    return _render_form(
        request,
        form,
        title=_("Doel wijzigen"),
        back="casework:participant_file",
        submit=_("Opslaan"),
        status=400 if form.errors else 200,
        extra={"back_pk": participant_id},
    )


# --- enrolment management -----------------------------------------------------------------


@file_access
@require_http_methods(["GET", "POST"])
def enrolment_end(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.EndEnrolmentForm(request.POST or None, initial={"version": enrolment.version})
    done = submit(
        request,
        form,
        lambda data: services.end_enrolment(
            actor=request.user,
            enrolment=enrolment,
            expected_version=data["version"],
            end_date=data["end_date"],
            status=data["status"],
        ),
        _("Het traject is afgesloten."),
    )
    if done:
        return redirect("casework:caseload")
    return _render_form(
        request,
        form,
        title=_("Traject afsluiten"),
        back="casework:participant_file",
        submit=_("Afsluiten"),
        status=400 if form.errors else 200,
        extra={"back_pk": enrolment.participant_id},
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
    done = submit(
        request,
        form,
        lambda data: services.assign_caseworker(
            actor=request.user,
            enrolment=enrolment,
            expected_version=data["version"],
            caseworker=next((u for u in members if str(u.pk) == data["caseworker"]), None),
        ),
        _("De casemanager is toegewezen."),
    )
    if done:
        return redirect("casework:participant_file", pk=enrolment.participant_id)
    return _render_form(
        request,
        form,
        title=_("Casemanager toewijzen"),
        back="casework:participant_file",
        submit=_("Toewijzen"),
        status=400 if form.errors else 200,
        extra={"back_pk": enrolment.participant_id},
    )


@lead_access
@require_http_methods(["GET", "POST"])
def transfer_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    targets = list(transfer_targets_for(request.user).exclude(pk=enrolment.team_id))
    form = forms.TransferForm(request.POST or None)
    form.fields["to_team"].choices = [
        (t.code, f"{t.name} — {t.organisation.name}") for t in targets
    ]
    done = submit(
        request,
        form,
        lambda data: services.request_transfer(
            actor=request.user,
            enrolment=enrolment,
            to_team=next(t for t in targets if t.code == data["to_team"]),
            reason=data["reason"],
        ),
        _("De overdracht is aangevraagd. Het andere team beslist."),
    )
    if done:
        return redirect("casework:participant_file", pk=enrolment.participant_id)
    return _render_form(
        request,
        form,
        title=_("Overdragen aan een ander team"),
        back="casework:participant_file",
        submit=_("Overdracht aanvragen"),
        status=400 if form.errors else 200,
        extra={"back_pk": enrolment.participant_id},
    )


@file_access
@require_http_methods(["GET"])
def transfers(request):
    return render(
        request, "casework/transfers.html", {"transfers": selectors.transfers_for(request.user)}
    )


@lead_access
@require_POST
def transfer_decide(request, pk):
    transfer = selectors.get_transfer_for_decision(request.user, pk)
    form = forms.DecisionForm(request.POST)
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


# --- households ---------------------------------------------------------------------------


@file_access
@require_http_methods(["GET", "POST"])
def household_new(request, pk):
    participant = selectors.get_participant(request.user, pk)
    form = forms.HouseholdForm(request.POST or None, initial={"wijk": participant.wijk})
    household = submit(
        request,
        form,
        lambda data: services.create_household(
            actor=request.user,
            name=data["name"],
            reference=data["reference"],
            wijk=data["wijk"],
            first_member=participant,
            role=data["role"],
            start_date=data["start_date"],
        ),
        _("Het huishouden is aangemaakt."),
    )
    if household:
        return redirect("casework:household", pk=household.pk)
    return _render_form(
        request,
        form,
        title=_("Huishouden aanmaken"),
        back="casework:participant_file",
        submit=_("Aanmaken"),
        status=400 if form.errors else 200,
        extra={"back_pk": pk},
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
    return _render_form(
        request,
        form,
        title=_("Lid toevoegen aan huishouden"),
        back="casework:household",
        submit=_("Toevoegen"),
        status=400 if form.errors else 200,
        extra={"back_pk": pk},
    )


# --- consent ------------------------------------------------------------------------------


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
        lambda data: services.record_consent(
            actor=request.user, participant=participant, **form.cleaned_data
        ),
        _("De verklaring over toestemming is vastgelegd."),
    )
    if done:
        return redirect(reverse("casework:participant_file", kwargs={"pk": pk}) + "#toestemming")
    return _render_form(
        request,
        form,
        title=_("Toestemming vastleggen"),
        back="casework:participant_file",
        submit=_("Vastleggen"),
        status=400 if form.errors else 200,
        extra={"back_pk": pk},
    )


# --- break-the-glass ----------------------------------------------------------------------

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
        lambda data: services.open_break_glass(
            actor=request.user, participant=participant, reason=data["reason"]
        ),
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
