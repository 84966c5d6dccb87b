"""Thin views of the lifecoaching pages: parse the form, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import has_role
from accounts.roles import CASEWORKER, TEAM_LEAD
from accounts.selectors import teams_of
from casework.dashboards import period_page
from casework.form_errors import submit
from casework.pages import form_page, initial_from, pick, write_with
from lifecoaching import forms, selectors, services
from lifecoaching.permissions import (
    coach_managers,
    counters_access,
    file_access,
)


def _may_manage_coaches(user) -> bool:
    return has_role(user, CASEWORKER, TEAM_LEAD)


def _page(request, form, enrolment_id=None, **page):
    """The shared form page, back to the young person's page (or, for a coach, the coaches)."""
    back = ("lifecoaching:young_person", enrolment_id) if enrolment_id else "lifecoaching:coaches"
    return form_page(request, form, back=back, **page)


# The fields a form passes on to its service as they are, and an edit form shows.
COACH_FIELDS = (
    "name",
    "contact",
    "kind",
    "vog_date",
    "vog_expiry",
    "interests",
    "capacity",
    "active",
)
SESSION_FIELDS = ("date", "duration_minutes", "kind", "note")
SCHOOL_STATUS_FIELDS = (
    "date",
    "school_name",
    "level",
    "advice",
    "attendance_concern",
    "dropout_risk",
    "start_qualification",
)


# --- overview -----------------------------------------------------------------------------


@file_access
@require_http_methods(["GET"])
def home(request):
    rows, page = selectors.young_people_page(request.user, request.GET.get("pagina", 1))
    return render(request, "lifecoaching/home.html", {"rows": rows, "page": page})


# --- coaches ------------------------------------------------------------------------------


@file_access
@require_http_methods(["GET"])
def coaches(request):
    page, expiring = selectors.coaches_page(request.user, request.GET.get("pagina", 1))
    return render(
        request,
        "lifecoaching/coaches.html",
        {
            "coaches": page,
            "expiring": expiring,
            "may_manage": _may_manage_coaches(request.user),
            "warning_days": selectors.VOG_WARNING_DAYS,
        },
    )


@coach_managers
@require_http_methods(["GET", "POST"])
def coach_new(request):
    teams = list(teams_of(request.user))
    form = forms.CoachNewForm(request.POST or None)
    form.set_teams(teams)
    return _page(
        request,
        form,
        title=_("Nieuwe coach"),
        submit=_("Coach opslaan"),
        write=lambda data: services.create_coach(
            actor=request.user,
            team=next((t for t in teams if t.code == data["team"]), None),
            **pick(data, COACH_FIELDS),
        ),
        success=_("De coach is toegevoegd."),
    )


@coach_managers
@require_http_methods(["GET", "POST"])
def coach_edit(request, pk):
    view = selectors.coach_detail(request.user, pk, log=request.method == "GET")
    coach = view.coach
    initial = initial_from(coach, COACH_FIELDS, name=view.name, contact=view.contact)
    return _page(
        request,
        forms.CoachEditForm(request.POST or None, initial=initial),
        title=_("Coach wijzigen"),
        submit=_("Wijzigingen opslaan"),
        write=write_with(request, services.update_coach, COACH_FIELDS, coach=coach),
        success=_("De coach is bijgewerkt."),
    )


# --- one young person ---------------------------------------------------------------------


def _young_person_context(request, pk, **extra) -> dict:
    page = selectors.young_person(request.user, pk)
    return {
        "page": page,
        "session_form": extra.pop("session_form", None) or forms.SessionForm(),
        "end_form": forms.EndMatchForm(
            initial={"version": page.current_match.match.version} if page.current_match else {}
        ),
        **extra,
    }


@file_access
@require_http_methods(["GET"])
def young_person(request, pk):
    return render(request, "lifecoaching/young_person.html", _young_person_context(request, pk))


@file_access
@require_http_methods(["GET", "POST"])
def match_new(request, pk):
    """Suggest coaches by the young person's interests and free places; the young person
    chooses one."""
    enrolment = selectors.get_enrolment(request.user, pk)
    source = request.POST if request.method == "POST" else request.GET
    filter_form = forms.InterestFilterForm(source or None)
    interests = filter_form.cleaned_data["interests"] if filter_form.is_valid() else []
    suggestions = selectors.suggestions(request.user, enrolment, interests=interests)
    form = forms.MatchForm(
        request.POST if request.method == "POST" else None, initial={"interests": interests}
    )
    form.set_coaches(suggestions)
    if submit(
        request,
        form,
        lambda data: services.create_match(
            actor=request.user,
            enrolment=enrolment,
            coach=selectors.get_coach(request.user, data["coach"]),
            start_date=data["start_date"],
            chosen_by_young_person=data["chosen_by_young_person"],
            interests_asked=interests,
            suggested_coaches=[v.coach.pk for v in suggestions],
        ),
        _("De koppeling met de coach is vastgelegd."),
    ):
        return redirect("lifecoaching:young_person", pk=enrolment.pk)
    page = selectors.young_person(request.user, enrolment.pk, log=True)
    return render(
        request,
        "lifecoaching/match_form.html",
        {
            "page": page,
            "filter_form": filter_form if filter_form.is_bound else forms.InterestFilterForm(),
            "form": form,
            "suggestions": suggestions,
        },
        status=400 if form.errors else 200,
    )


@file_access
@require_POST
def match_end(request, pk):
    match = selectors.get_match(request.user, pk)
    form = forms.EndMatchForm(request.POST)
    if submit(
        request,
        form,
        lambda data: services.end_match(
            actor=request.user,
            match=match,
            expected_version=data["version"],
            end_date=data["end_date"],
        ),
        _("De koppeling is beëindigd."),
    ):
        return redirect("lifecoaching:young_person", pk=match.enrolment_id)
    context = _young_person_context(request, match.enrolment_id)
    context["end_form"] = form
    return render(request, "lifecoaching/young_person.html", context, status=400)


@file_access
@require_POST
def session_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.SessionForm(request.POST)
    match = (
        selectors.visible_matches(request.user)
        .filter(enrolment=enrolment, end_date__isnull=True)
        .select_related("enrolment__programme")
        .first()
    )

    def write(data):
        if match is None:
            raise ValidationError(_("Deze jongere heeft nog geen coach. Leg eerst de keuze vast."))
        return services.log_session(actor=request.user, match=match, **data)

    # No message from submit: the htmx answer shows "saved" in place instead.
    saved = bool(submit(request, form, write))
    if request.htmx:
        # htmx swaps only 2xx responses: the form returns in place with its messages.
        context = _young_person_context(
            request, enrolment.pk, session_form=None if saved else form, saved=saved
        )
        return render(request, "lifecoaching/_sessions.html", context)
    if not saved:
        context = _young_person_context(request, enrolment.pk, session_form=form)
        return render(request, "lifecoaching/young_person.html", context, status=400)
    messages.success(request, _("Het gesprek is vastgelegd."))
    return redirect("lifecoaching:young_person", pk=enrolment.pk)


@file_access
@require_http_methods(["GET", "POST"])
def school_status_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    latest = enrolment.lifecoaching_school.order_by("-date", "-created_at").first()
    initial = {}
    if latest is not None:  # most fields stay the same from one status to the next
        initial = {
            "level": latest.level,
            "advice": latest.advice,
            "dropout_risk": latest.dropout_risk,
            "start_qualification": latest.start_qualification,
        }
    return _page(
        request,
        forms.SchoolStatusForm(request.POST or None, initial=initial),
        enrolment.pk,
        title=_("Schoolsituatie vastleggen"),
        submit=_("Schoolsituatie opslaan"),
        write=write_with(request, services.record_school_status, enrolment=enrolment),
        success=_("De schoolsituatie is vastgelegd."),
    )


# --- corrections --------------------------------------------------------------------------


def _corrected(request, pk, detail, get, fields, names: tuple[str, str]):
    """The record a correction page changes, and its form's initial values. Shown (a GET), the
    record is read through ``detail``, whose view holds it and its decrypted text under
    ``names`` (a logged look), and the form is filled from both; posted, ``get`` reads the
    record alone."""
    if request.method != "GET":
        return get(request.user, pk), {}
    view = detail(request.user, pk)
    record, sealed = names
    obj = getattr(view, record)
    return obj, initial_from(obj, fields, **{sealed: getattr(view, sealed)})


@file_access
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    """Correct a logged session (a wrong date, duration, kind or note)."""
    session, initial = _corrected(
        request,
        pk,
        selectors.session_detail,
        selectors.get_session,
        SESSION_FIELDS,
        ("session", "note"),
    )
    return _page(
        request,
        forms.SessionEditForm(request.POST or None, initial=initial),
        session.match.enrolment_id,
        title=_("Gesprek wijzigen"),
        submit=_("Wijzigingen opslaan"),
        write=write_with(request, services.update_session, session=session),
        success=_("Het gesprek is bijgewerkt."),
    )


@file_access
@require_http_methods(["GET", "POST"])
def school_status_edit(request, pk):
    """Correct a recorded school status (a real change is a new status)."""
    status, initial = _corrected(
        request,
        pk,
        selectors.school_status_detail,
        selectors.get_school_status,
        SCHOOL_STATUS_FIELDS,
        ("status", "school_name"),
    )
    return _page(
        request,
        forms.SchoolStatusEditForm(request.POST or None, initial=initial),
        status.enrolment_id,
        title=_("Schoolsituatie wijzigen"),
        submit=_("Wijzigingen opslaan"),
        write=write_with(request, services.update_school_status, status=status),
        success=_("De schoolsituatie is bijgewerkt."),
    )


# --- counters -----------------------------------------------------------------------------


@counters_access
@require_http_methods(["GET"])
def counters(request):
    return period_page(request, "lifecoaching/counters.html", "c", selectors.counters)
