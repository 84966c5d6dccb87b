"""Thin views of Gezinslab and Buurtgezinnen: parse the form, call a service or selector,
render. Every view declares its access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.selectors import teams_of
from casework import form_errors
from casework.dashboards import period_page
from casework.models import Household
from casework.pages import form_page, initial_from, pick, write_with
from gezinslab import forms, selectors, services
from gezinslab.models import SystemOrganisation
from gezinslab.permissions import (
    dashboard_access,
    file_access,
)

# The fields each form passes on to its service as they are; an edit form shows them from its
# object (a decrypted text or a related object's id comes from the view).
TRAJECTORY_FIELDS = ("finding_place", "start_date", "life_domains", "plan_summary")
TRAJECTORY_EDIT_FIELDS = (*TRAJECTORY_FIELDS, "end_date", "status")
GOAL_FIELDS = ("text", "life_domain")
GOAL_EDIT_FIELDS = (*GOAL_FIELDS, "status")
BARRIER_FIELDS = ("kind", "description", "since", "escalated_to", "escalated_on")
BARRIER_EDIT_FIELDS = (*BARRIER_FIELDS, "status")
BREAKTHROUGH_FIELDS = ("how", "date", "needs_system_change", "system_change")
SUPPORT_FAMILY_FIELDS = ("name", "contact", "wijk", "max_families", "active")
MATCH_FIELDS = ("start_date", "rhythm")
MATCH_EDIT_FIELDS = (*MATCH_FIELDS, "end_date", "outcome", "evaluation")


def _page(request, form, **page):
    """The shared form page, with a link back above the title as on every Gezinslab form."""
    return form_page(request, form, back_label=_("Terug"), **page)


def _user(pk) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _duo(data) -> dict:
    """The professional and the peer expert a trajectory form chose."""
    return {"professional": _user(data["professional"]), "peer_expert": _user(data["peer_expert"])}


def _household_for(request, pk) -> Household | None:
    if not pk:
        return None
    return selectors.get_household(request.user, pk)


# --- trajectories -------------------------------------------------------------------------


@file_access
@require_http_methods(["GET"])
def trajectories(request):
    return render(
        request,
        "gezinslab/trajectories.html",
        {
            "rows": selectors.trajectories_page(request.user, request.GET.get("pagina", 1)),
            "to_start": selectors.households_to_start(request.user),
        },
    )


@file_access
@require_http_methods(["GET", "POST"])
def trajectory_new(request, pk):
    household = selectors.get_household(request.user, pk)
    try:
        team = services.programme_team(request.user, household, "gezinslab")
    except ValidationError:
        raise PermissionDenied from None
    form = forms.TrajectoryForm(request.POST or None)
    form.set_duo(*selectors.duo_candidates(team))
    if request.method == "GET":
        form.initial = {"professional": request.user.pk}
    return _page(
        request,
        form,
        title=_("Gezinstraject starten"),
        back="gezinslab:trajectories",
        submit=_("Traject starten"),
        intro=lambda: (
            _(
                "Voor %(name)s, met team %(team)s. Kies het duo: een professional en een "
                "ervaringsdeskundige."
            )
            % {"name": selectors.household_label(request.user, household), "team": team.name}
        ),
        write=lambda data: services.start_trajectory(
            actor=request.user,
            household=household,
            **_duo(data),
            **pick(data, TRAJECTORY_FIELDS),
        ),
        success=_("Het gezinstraject is gestart."),
        done=lambda trajectory: ("gezinslab:trajectory", trajectory.pk),
    )


@file_access
@require_http_methods(["GET"])
def trajectory(request, pk):
    view = selectors.trajectory_view(request.user, pk)
    return render(
        request,
        "gezinslab/trajectory.html",
        {"view": view, "goal_form": forms.GoalForm()},
    )


@file_access
@require_http_methods(["GET", "POST"])
def trajectory_edit(request, pk):
    trajectory = selectors.get_trajectory(request.user, pk)
    form = forms.TrajectoryEditForm(request.POST or None)
    form.set_duo(*selectors.duo_candidates(trajectory.team))
    if request.method == "GET":
        form.initial = initial_from(
            trajectory,
            TRAJECTORY_EDIT_FIELDS,
            professional=trajectory.professional_id,
            peer_expert=trajectory.peer_expert_id,
            plan_summary=selectors.trajectory_plan_summary(request.user, trajectory),
        )
    return _page(
        request,
        form,
        title=_("Gezinstraject wijzigen"),
        back=("gezinslab:trajectory", pk),
        write=lambda data: services.update_trajectory(
            actor=request.user,
            trajectory=trajectory,
            expected_version=data["version"],
            **_duo(data),
            **pick(data, TRAJECTORY_EDIT_FIELDS),
        ),
        success=_("Het gezinstraject is opgeslagen."),
    )


# --- family goals -------------------------------------------------------------------------


@file_access
@require_http_methods(["GET", "POST"])
def goal_new(request, pk):
    """Add a family goal; from the trajectory page with htmx the goals list is swapped."""
    trajectory = selectors.get_trajectory(request.user, pk)
    form = forms.GoalForm(request.POST or None)

    write = write_with(request, services.add_family_goal, GOAL_FIELDS, trajectory=trajectory)
    if not (request.htmx and request.method == "POST"):
        return _page(
            request,
            form,
            title=_("Doel van het gezin toevoegen"),
            back=("gezinslab:trajectory", pk),
            submit=_("Doel toevoegen"),
            write=write,
            success=_("Het doel is toegevoegd."),
        )
    # No message: the goals list shows "saved" in place, or the form with its errors.
    saved = bool(form_errors.submit(request, form, write))
    view = selectors.trajectory_view(request.user, pk)
    return render(
        request,
        "gezinslab/_goals.html",
        {"view": view, "goal_form": forms.GoalForm() if saved else form, "saved": saved},
        status=200 if saved else 400,
    )


@file_access
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = selectors.get_goal(request.user, pk)
    form = forms.GoalEditForm(request.POST or None)
    if request.method == "GET":
        form.initial = initial_from(
            goal, GOAL_EDIT_FIELDS, text=selectors.goal_text(request.user, goal)
        )
    return _page(
        request,
        form,
        title=_("Doel van het gezin wijzigen"),
        back=("gezinslab:trajectory", goal.trajectory_id),
        write=write_with(request, services.update_family_goal, GOAL_EDIT_FIELDS, goal=goal),
        success=_("Het doel is opgeslagen."),
    )


# --- barriers and breakthroughs -----------------------------------------------------------


def _organisation(pk) -> SystemOrganisation | None:
    return SystemOrganisation.objects.filter(pk=pk).first() if pk else None


@file_access
@require_http_methods(["GET", "POST"])
def barrier_new(request, pk):
    trajectory = selectors.get_trajectory(request.user, pk)
    form = forms.BarrierForm(request.POST or None)
    form.set_organisations(selectors.organisations())
    return _page(
        request,
        form,
        title=_("Knelpunt vastleggen"),
        back=("gezinslab:trajectory", pk),
        submit=_("Knelpunt opslaan"),
        intro=_(
            "Wat in het systeem blokkeert het gezin: welke organisatie, welke regel of "
            "voorziening, sinds wanneer, en naar wie het is geëscaleerd."
        ),
        write=lambda data: services.add_barrier(
            actor=request.user,
            trajectory=trajectory,
            organisation=_organisation(data["organisation"]),
            **pick(data, BARRIER_FIELDS),
        ),
        success=_("Het knelpunt is vastgelegd."),
    )


@file_access
@require_http_methods(["GET", "POST"])
def barrier_edit(request, pk):
    barrier = selectors.get_barrier(request.user, pk)
    form = forms.BarrierEditForm(request.POST or None)
    form.set_organisations(selectors.organisations())
    if request.method == "GET":
        description, escalated_to = selectors.barrier_texts(request.user, barrier)
        form.initial = initial_from(
            barrier,
            BARRIER_EDIT_FIELDS,
            organisation=barrier.organisation_id,
            description=description,
            escalated_to=escalated_to,
        )
    return _page(
        request,
        form,
        title=_("Knelpunt wijzigen"),
        back=("gezinslab:trajectory", barrier.trajectory_id),
        write=lambda data: services.update_barrier(
            actor=request.user,
            barrier=barrier,
            expected_version=data["version"],
            organisation=_organisation(data["organisation"]),
            **pick(data, BARRIER_EDIT_FIELDS),
        ),
        success=_("Het knelpunt is opgeslagen."),
    )


@file_access
@require_http_methods(["GET", "POST"])
def breakthrough_new(request, pk):
    barrier = selectors.get_barrier(request.user, pk)
    form = forms.BreakthroughForm(request.POST or None)
    if request.method == "GET":
        form.initial = {"version": barrier.version}
    return _page(
        request,
        form,
        title=_("Doorbraak vastleggen"),
        back=("gezinslab:trajectory", barrier.trajectory_id),
        submit=_("Doorbraak opslaan"),
        intro=_("Knelpunt bij %(org)s (%(kind)s), speelt sinds %(since)s.")
        % {
            "org": barrier.organisation.name,
            "kind": barrier.get_kind_display(),
            "since": date_format(barrier.since, "SHORT_DATE_FORMAT"),
        },
        write=write_with(
            request, services.record_breakthrough, BREAKTHROUGH_FIELDS, barrier=barrier
        ),
        success=_("De doorbraak is vastgelegd."),
    )


# --- Buurtgezinnen ------------------------------------------------------------------------


def _buurtgezinnen_teams(user):
    teams = list(teams_of(user).filter(enrolments__programme__code="buurtgezinnen").distinct())
    return teams or list(teams_of(user))


def _pairs_list(request, template: str, page_of):
    """A list page of Buurtgezinnen: a page of its rows (``page_of(user, number)``) and the
    teams' progress towards their pairs."""
    return render(
        request,
        template,
        {
            "rows": page_of(request.user, request.GET.get("pagina", 1)),
            "progress": selectors.team_pairs_progress(request.user),
        },
    )


@file_access
@require_http_methods(["GET"])
def support_families(request):
    return _pairs_list(request, "gezinslab/support_families.html", selectors.support_families_page)


@file_access
@require_http_methods(["GET", "POST"])
def support_family_new(request):
    teams = _buurtgezinnen_teams(request.user)
    form = forms.SupportFamilyForm(request.POST or None)
    form.set_choices(households=selectors.household_choices_named(request.user), teams=teams)

    def write(data):
        team = next((t for t in teams if t.code == data["team"]), None)
        if team is None:
            raise PermissionDenied
        return services.add_support_family(
            actor=request.user,
            team=team,
            household=_household_for(request, data["household"]),
            **pick(data, SUPPORT_FAMILY_FIELDS),
        )

    return _page(
        request,
        form,
        title=_("Steungezin vastleggen"),
        back="gezinslab:support_families",
        submit=_("Steungezin opslaan"),
        write=write,
        success=_("Het steungezin is vastgelegd."),
    )


@file_access
@require_http_methods(["GET", "POST"])
def support_family_edit(request, pk):
    family = selectors.get_support_family(request.user, pk)
    form = forms.SupportFamilyEditForm(request.POST or None)
    form.set_choices(households=selectors.household_choices_named(request.user), teams=[])
    if request.method == "GET":
        name, contact = selectors.support_family_texts(request.user, family)
        form.initial = initial_from(
            family,
            SUPPORT_FAMILY_FIELDS,
            name=name,
            contact=contact,
            household=str(family.household_id or ""),
        )

    def write(data):
        household = (
            family.household
            if data["household"] and str(family.household_id) == data["household"]
            else _household_for(request, data["household"])
        )
        return services.update_support_family(
            actor=request.user,
            family=family,
            expected_version=data["version"],
            household=household,
            **pick(data, SUPPORT_FAMILY_FIELDS),
        )

    return _page(
        request,
        form,
        title=_("Steungezin wijzigen"),
        back="gezinslab:support_families",
        write=write,
        success=_("Het steungezin is opgeslagen."),
    )


@file_access
@require_http_methods(["GET"])
def matches(request):
    return _pairs_list(request, "gezinslab/matches.html", selectors.matches_page)


@file_access
@require_http_methods(["GET", "POST"])
def match_new(request):
    families = selectors.support_family_rows(request.user)
    form = forms.MatchForm(request.POST or None)
    form.set_choices(families=families, households=selectors.buurtgezinnen_households(request.user))
    return _page(
        request,
        form,
        title=_("Steungezin koppelen"),
        back="gezinslab:matches",
        submit=_("Koppeling starten"),
        write=lambda data: services.start_match(
            actor=request.user,
            support_family=selectors.get_support_family(request.user, data["support_family"]),
            household=selectors.get_household(request.user, data["household"]),
            **pick(data, MATCH_FIELDS),
        ),
        success=_("De koppeling is gestart."),
    )


@file_access
@require_http_methods(["GET", "POST"])
def match_edit(request, pk):
    match = selectors.get_match(request.user, pk)
    form = forms.MatchEditForm(request.POST or None)
    if request.method == "GET":
        form.initial = initial_from(
            match, MATCH_EDIT_FIELDS, evaluation=selectors.match_evaluation(request.user, match)
        )
    return _page(
        request,
        form,
        title=_("Koppeling wijzigen of afsluiten"),
        back="gezinslab:matches",
        write=write_with(request, services.update_match, MATCH_EDIT_FIELDS, match=match),
        success=_("De koppeling is opgeslagen."),
    )


# --- programme office ---------------------------------------------------------------------


@dashboard_access
@require_http_methods(["GET"])
def dashboard(request):
    return period_page(request, "gezinslab/dashboard.html", "board", selectors.dashboard)
