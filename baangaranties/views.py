"""Thin views: parse the form, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baangaranties import forms, selectors, services
from baangaranties.models import Commitment
from baangaranties.permissions import (
    commitment_access,
    dashboard_access,
    file_access,
    offer_access,
    reference_access,
)
from casework.dashboards import period_page
from casework.form_errors import attempt, submit
from casework.pages import form_page, initial_from, pick, write_with

# --- the team's pages ---------------------------------------------------------------------


@file_access
@require_http_methods(["GET"])
def home(request):
    rows = selectors.overview_page(request.user, request.GET.get("pagina", 1))
    return render(
        request,
        "baangaranties/home.html",
        {
            "rows": rows,
            "due_count": selectors.visible_checks(request.user)
            .filter(checked_on__isnull=True, due_on__lte=services._today())
            .count(),
            # Availability only: programme-wide counts are not shown to single workers.
            "basic_jobs_full": services.active_basic_jobs() >= services.basic_jobs_cap(),
            "basic_jobs_cap": services.basic_jobs_cap(),
            "open_hiring": selectors.open_hiring_state(),
        },
    )


@file_access
@require_http_methods(["GET", "POST"])
def placement_new(request, pk):
    enrolment = selectors.get_programme_enrolment(request.user, pk)
    initial = {}
    if request.GET.get("route") in services.Route.values:
        # From the Open Hiring list: the route and its kind of place are known.
        route = request.GET["route"]
        initial = {"route": route, "kind": route if route != "regular" else "job_guarantee"}
    form = forms.PlacementForm(
        request.POST or None,
        initial=initial,
        employers=selectors.active_employers(),
        offers=selectors.offered_places().filter(employer__active=True),
    )
    return form_page(
        request,
        form,
        title=_("Plaatsing vastleggen"),
        back="baangaranties:home",
        submit=_("Plaatsing opslaan"),
        intro=lambda: selectors.participant_name(
            request.user, enrolment.participant, "placement_form"
        ),
        write=write_with(request, services.create_placement, enrolment=enrolment),
        success=_("De plaatsing is vastgelegd."),
    )


@file_access
@require_http_methods(["GET", "POST"])
def placement_end(request, pk):
    placement = selectors.get_placement(request.user, pk)
    form = forms.PlacementEndForm(request.POST or None, initial={"version": placement.version})
    return form_page(
        request,
        form,
        title=_("Plaatsing beëindigen"),
        back="baangaranties:home",
        submit=_("Beëindigen"),
        intro=lambda: " · ".join(
            [
                selectors.participant_name(request.user, placement.participant, "placement_end"),
                placement.employer.name,
            ]
        ),
        write=write_with(request, services.end_placement, placement=placement),
        success=_("De plaatsing is beëindigd."),
    )


@file_access
@require_http_methods(["GET"])
def checks(request):
    page = selectors.due_checks_page(request.user, request.GET.get("pagina", 1))
    return render(
        request,
        "baangaranties/checks.html",
        {
            "page": page,
            "rows": [
                (row, forms.CheckForm(initial={"version": row.check.version})) for row in page
            ],
        },
    )


@file_access
@require_http_methods(["GET", "POST"])
def check_record(request, pk):
    check = selectors.get_check(request.user, pk)
    form = forms.CheckForm(request.POST or None, initial={"version": check.version})
    # No message from submit: the htmx answer shows the saved result in the row instead.
    recorded = submit(
        request,
        form,
        lambda data: services.record_check(
            actor=request.user,
            check=check,
            expected_version=data["version"],
            still_employed=data["still_employed"] == "yes",
            checked_on=data["checked_on"],
        ),
    )
    saved = bool(recorded)
    if saved:
        check = recorded
    if request.htmx:
        # htmx swaps only 2xx responses: the row with its messages, or the saved result.
        name = selectors.participant_name(request.user, check.placement.participant, "check")
        return render(
            request,
            "baangaranties/_check_row.html",
            {
                "row": selectors.CheckRow(check=check, name=name, overdue=False),
                "form": form,
                "saved": saved,
            },
        )
    if saved:
        messages.success(request, _("De nazorgcheck is vastgelegd."))
        return redirect("baangaranties:checks")
    name = selectors.participant_name(request.user, check.placement.participant, "check")
    return form_page(
        request,
        form,
        title=_("Nazorgcheck na %(n)s maanden") % {"n": check.months},
        back="baangaranties:checks",
        intro=f"{name} · {check.placement.employer.name}",
    )


# --- Open Hiring --------------------------------------------------------------------------


@file_access
@require_http_methods(["GET"])
def open_hiring(request):
    rows = selectors.open_hiring_page(request.user, request.GET.get("pagina", 1))
    return render(
        request,
        "baangaranties/open_hiring.html",
        {"rows": rows, "state": selectors.open_hiring_state()},
    )


@file_access
@require_POST
def open_hiring_signup(request, pk):
    enrolment = selectors.get_programme_enrolment(request.user, pk)
    attempt(
        request,
        lambda: services.sign_up_open_hiring(actor=request.user, enrolment=enrolment),
        _("Aangemeld voor Open Hiring."),
        joined=True,
    )
    return redirect("baangaranties:open_hiring")


@file_access
@require_POST
def open_hiring_offer(request):
    try:
        offered = services.offer_open_hiring(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # No count: with the waiting list in view it would give the free places away.
        messages.success(
            request,
            _("De vrije plekken zijn aangeboden, in volgorde van aanmelding.")
            if offered
            else _("Er is geen plek aangeboden."),
        )
    return redirect("baangaranties:open_hiring")


@file_access
@require_POST
def open_hiring_withdraw(request, pk):
    signup = selectors.get_signup(request.user, pk)
    form = forms.VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Laad de pagina opnieuw."))
        return redirect("baangaranties:open_hiring")
    attempt(
        request,
        lambda: services.withdraw_open_hiring(
            actor=request.user, signup=signup, expected_version=form.cleaned_data["version"]
        ),
        _("Afgemeld van de Open Hiring-lijst."),
        refusals=(ValidationError, services.ConcurrentEditError),
        joined=True,
    )
    return redirect("baangaranties:open_hiring")


# --- social assistance ------------------------------------------------------------------------

# The page of the young people without a route: the routes below it have "pagina".
YOUNG_PAGE = "pagina_zonder_route"


@file_access
@require_http_methods(["GET"])
def routes(request):
    return render(
        request,
        "baangaranties/routes.html",
        {
            "young": selectors.young_without_route(request.user, request.GET.get(YOUNG_PAGE, 1)),
            "young_page": YOUNG_PAGE,
            "routes": selectors.routes_page(request.user, request.GET.get("pagina", 1)),
        },
    )


@file_access
@require_http_methods(["GET", "POST"])
def route_new(request, pk):
    enrolment = selectors.get_programme_enrolment(request.user, pk)
    form = forms.RouteForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Route uit de bijstand vastleggen"),
        back="baangaranties:routes",
        intro=lambda: selectors.participant_name(request.user, enrolment.participant, "route_form"),
        write=write_with(request, services.add_route, enrolment=enrolment),
        success=_("De route uit de bijstand is vastgelegd."),
    )


@file_access
@require_http_methods(["GET", "POST"])
def route_edit(request, pk):
    route = selectors.get_route(request.user, pk)
    form = forms.RouteEditForm(
        request.POST or None, initial=initial_from(route, ("route", "target_date", "status"))
    )
    return form_page(
        request,
        form,
        title=_("Route uit de bijstand wijzigen"),
        back="baangaranties:routes",
        intro=lambda: selectors.participant_name(request.user, route.participant, "route_form"),
        write=lambda data: services.update_route(
            actor=request.user,
            route=route,
            expected_version=data["version"],
            route_kind=data["route"],
            **pick(data, ("target_date", "status", "status_date")),
        ),
        success=_("De route is bijgewerkt."),
    )


@file_access
@require_http_methods(["GET", "POST"])
def assistance_new(request, pk):
    enrolment = selectors.get_programme_enrolment(request.user, pk)
    form = forms.AssistanceForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Bijstand vastleggen"),
        back=("casework:participant_file", enrolment.participant_id),
        intro=lambda: selectors.participant_name(
            request.user, enrolment.participant, "assistance_form"
        ),
        write=lambda data: services.record_social_assistance(
            actor=request.user,
            enrolment=enrolment,
            on_assistance=data["on_assistance"] == "yes",
            date=data["date"],
        ),
        success=_("Vastgelegd."),
    )


# --- chains, commitments, offered places ---------------------------------------------------


@reference_access
@require_http_methods(["GET"])
def chains(request):
    return render(
        request,
        "baangaranties/chains.html",
        {
            "chains": selectors.chains(),
            "offers": selectors.offered_places(),
            "may_commit": services.may_enter_commitments(request.user),
            "may_offer": services.may_offer_places(request.user),
        },
    )


COMMITMENT_FIGURES = ("job_guarantees", "work_experience_places", "internships")


@commitment_access
@require_http_methods(["GET", "POST"])
def commitment_edit(request):
    initial = {}
    existing = None
    chain_id = request.GET.get("chain", "")
    year = request.GET.get("year", "")
    if chain_id.isdigit() and year.isdigit():
        existing = Commitment.objects.filter(chain_id=int(chain_id), year=int(year)).first()
        initial = {"chain": int(chain_id), "year": int(year)}
        if existing is not None:
            initial.update(initial_from(existing, COMMITMENT_FIGURES))
    form = forms.CommitmentForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=_("Toezegging wijzigen") if existing else _("Toezegging invoeren"),
        back="baangaranties:chains",
        write=write_with(request, services.save_commitment),
        success=_("De toezegging is opgeslagen."),
    )


@offer_access
@require_http_methods(["GET", "POST"])
def offered_place_new(request):
    form = forms.OfferedPlaceForm(request.POST or None, employers=selectors.active_employers())
    return form_page(
        request,
        form,
        title=_("Aangeboden plek vastleggen"),
        back="baangaranties:chains",
        write=write_with(request, services.add_offered_place),
        success=_("De aangeboden plek is vastgelegd."),
    )


@dashboard_access
@require_http_methods(["GET"])
def dashboard(request):
    return period_page(request, "baangaranties/dashboard.html", "dashboard", selectors.dashboard)
