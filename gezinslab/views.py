"""Thin views of Gezinslab and Buurtgezinnen: parse the form, call a service or selector,
render. Every view declares its access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.selectors import teams_of
from casework import form_errors
from casework.dashboards import period_context, requested_period
from casework.models import Household
from gezinslab import forms, selectors, services
from gezinslab.models import SystemOrganisation
from gezinslab.permissions import (
    dashboard_access,
    file_access,
)


def _form_page(request, form, *, title, back_url, submit, intro="", write=None, success=""):
    """The form page (gezinslab/form.html) with a back link to ``back_url`` (a URL name, or a
    name and a pk). With ``write``, a POST goes through casework's shared ``submit``: on
    success the user returns to ``back_url``, a refusal shows the form again with its errors."""
    if isinstance(back_url, tuple):
        back = reverse(back_url[0], kwargs={"pk": back_url[1]})
    else:
        back = reverse(back_url)
    if write is not None and form_errors.submit(request, form, write, success):
        return redirect(back)
    return render(
        request,
        "gezinslab/form.html",
        {"form": form, "title": title, "back": back, "submit": submit, "intro": intro},
        status=400 if form.errors else 200,
    )


def _user(pk) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


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
            "rows": selectors.trajectory_rows(request.user),
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
    trajectory = form_errors.submit(
        request,
        form,
        lambda data: services.start_trajectory(
            actor=request.user,
            household=household,
            professional=_user(data["professional"]),
            peer_expert=_user(data["peer_expert"]),
            finding_place=data["finding_place"],
            start_date=data["start_date"],
            life_domains=data["life_domains"],
            plan_summary=data["plan_summary"],
        ),
        _("Het gezinstraject is gestart."),
    )
    if trajectory:
        return redirect("gezinslab:trajectory", pk=trajectory.pk)
    return _form_page(
        request,
        form,
        title=_("Gezinstraject starten"),
        back_url="gezinslab:trajectories",
        submit=_("Traject starten"),
        intro=_(
            "Voor %(name)s, met team %(team)s. Kies het duo: een professional en een "
            "ervaringsdeskundige."
        )
        % {"name": selectors.household_label(request.user, household), "team": team.name},
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
        form.initial = {
            "professional": trajectory.professional_id,
            "peer_expert": trajectory.peer_expert_id,
            "finding_place": trajectory.finding_place,
            "start_date": trajectory.start_date,
            "end_date": trajectory.end_date,
            "status": trajectory.status,
            "life_domains": trajectory.life_domains,
            "plan_summary": selectors.trajectory_plan_summary(request.user, trajectory),
            "version": trajectory.version,
        }
    return _form_page(
        request,
        form,
        write=lambda data: services.update_trajectory(
            actor=request.user,
            trajectory=trajectory,
            expected_version=data["version"],
            professional=_user(data["professional"]),
            peer_expert=_user(data["peer_expert"]),
            finding_place=data["finding_place"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            status=data["status"],
            life_domains=data["life_domains"],
            plan_summary=data["plan_summary"],
        ),
        success=_("Het gezinstraject is opgeslagen."),
        title=_("Gezinstraject wijzigen"),
        back_url=("gezinslab:trajectory", pk),
        submit=_("Opslaan"),
    )


# --- family goals -------------------------------------------------------------------------


@file_access
@require_http_methods(["GET", "POST"])
def goal_new(request, pk):
    """Add a family goal; from the trajectory page with htmx the goals list is swapped."""
    trajectory = selectors.get_trajectory(request.user, pk)
    form = forms.GoalForm(request.POST or None)
    # No message from submit: the htmx answer shows "saved" in place instead.
    if form_errors.submit(
        request,
        form,
        lambda data: services.add_family_goal(
            actor=request.user,
            trajectory=trajectory,
            text=data["text"],
            life_domain=data["life_domain"],
        ),
    ):
        if request.htmx:
            view = selectors.trajectory_view(request.user, pk)
            return render(
                request,
                "gezinslab/_goals.html",
                {"view": view, "goal_form": forms.GoalForm(), "saved": True},
            )
        messages.success(request, _("Het doel is toegevoegd."))
        return redirect("gezinslab:trajectory", pk=pk)
    if request.htmx and request.method == "POST":
        view = selectors.trajectory_view(request.user, pk)
        return render(
            request, "gezinslab/_goals.html", {"view": view, "goal_form": form}, status=400
        )
    return _form_page(
        request,
        form,
        title=_("Doel van het gezin toevoegen"),
        back_url=("gezinslab:trajectory", pk),
        submit=_("Doel toevoegen"),
    )


@file_access
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = selectors.get_goal(request.user, pk)
    form = forms.GoalEditForm(request.POST or None)
    if request.method == "GET":
        form.initial = {
            "text": selectors.goal_text(request.user, goal),
            "life_domain": goal.life_domain,
            "status": goal.status,
            "version": goal.version,
        }
    return _form_page(
        request,
        form,
        write=lambda data: services.update_family_goal(
            actor=request.user,
            goal=goal,
            expected_version=data["version"],
            text=data["text"],
            status=data["status"],
            life_domain=data["life_domain"],
        ),
        success=_("Het doel is opgeslagen."),
        title=_("Doel van het gezin wijzigen"),
        back_url=("gezinslab:trajectory", goal.trajectory_id),
        submit=_("Opslaan"),
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
    return _form_page(
        request,
        form,
        write=lambda data: services.add_barrier(
            actor=request.user,
            trajectory=trajectory,
            organisation=_organisation(data["organisation"]),
            kind=data["kind"],
            description=data["description"],
            since=data["since"],
            escalated_to=data["escalated_to"],
            escalated_on=data["escalated_on"],
        ),
        success=_("Het knelpunt is vastgelegd."),
        title=_("Knelpunt vastleggen"),
        back_url=("gezinslab:trajectory", pk),
        submit=_("Knelpunt opslaan"),
        intro=_(
            "Wat in het systeem blokkeert het gezin: welke organisatie, welke regel of "
            "voorziening, sinds wanneer, en naar wie het is geëscaleerd."
        ),
    )


@file_access
@require_http_methods(["GET", "POST"])
def barrier_edit(request, pk):
    barrier = selectors.get_barrier(request.user, pk)
    form = forms.BarrierEditForm(request.POST or None)
    form.set_organisations(selectors.organisations())
    if request.method == "GET":
        description, escalated_to = selectors.barrier_texts(request.user, barrier)
        form.initial = {
            "organisation": barrier.organisation_id,
            "kind": barrier.kind,
            "description": description,
            "since": barrier.since,
            "escalated_to": escalated_to,
            "escalated_on": barrier.escalated_on,
            "status": barrier.status,
            "version": barrier.version,
        }
    return _form_page(
        request,
        form,
        write=lambda data: services.update_barrier(
            actor=request.user,
            barrier=barrier,
            expected_version=data["version"],
            organisation=_organisation(data["organisation"]),
            kind=data["kind"],
            description=data["description"],
            since=data["since"],
            escalated_to=data["escalated_to"],
            escalated_on=data["escalated_on"],
            status=data["status"],
        ),
        success=_("Het knelpunt is opgeslagen."),
        title=_("Knelpunt wijzigen"),
        back_url=("gezinslab:trajectory", barrier.trajectory_id),
        submit=_("Opslaan"),
    )


@file_access
@require_http_methods(["GET", "POST"])
def breakthrough_new(request, pk):
    barrier = selectors.get_barrier(request.user, pk)
    form = forms.BreakthroughForm(request.POST or None)
    if request.method == "GET":
        form.initial = {"version": barrier.version}
    return _form_page(
        request,
        form,
        write=lambda data: services.record_breakthrough(
            actor=request.user,
            barrier=barrier,
            expected_version=data["version"],
            how=data["how"],
            date=data["date"],
            needs_system_change=data["needs_system_change"],
            system_change=data["system_change"],
        ),
        success=_("De doorbraak is vastgelegd."),
        title=_("Doorbraak vastleggen"),
        back_url=("gezinslab:trajectory", barrier.trajectory_id),
        submit=_("Doorbraak opslaan"),
        intro=_("Knelpunt bij %(org)s (%(kind)s), speelt sinds %(since)s.")
        % {
            "org": barrier.organisation.name,
            "kind": barrier.get_kind_display(),
            "since": barrier.since.strftime("%d-%m-%Y"),
        },
    )


# --- Buurtgezinnen ------------------------------------------------------------------------


def _buurtgezinnen_teams(user):
    teams = list(teams_of(user).filter(enrolments__programme__code="buurtgezinnen").distinct())
    return teams or list(teams_of(user))


@file_access
@require_http_methods(["GET"])
def support_families(request):
    return render(
        request,
        "gezinslab/support_families.html",
        {
            "rows": selectors.support_family_rows(request.user),
            "progress": selectors.team_pairs_progress(request.user),
        },
    )


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
            name=data["name"],
            contact=data["contact"],
            wijk=data["wijk"],
            household=_household_for(request, data["household"]),
            max_families=data["max_families"],
            active=data["active"],
        )

    return _form_page(
        request,
        form,
        write=write,
        success=_("Het steungezin is vastgelegd."),
        title=_("Steungezin vastleggen"),
        back_url="gezinslab:support_families",
        submit=_("Steungezin opslaan"),
    )


@file_access
@require_http_methods(["GET", "POST"])
def support_family_edit(request, pk):
    family = selectors.get_support_family(request.user, pk)
    form = forms.SupportFamilyEditForm(request.POST or None)
    form.set_choices(households=selectors.household_choices_named(request.user), teams=[])
    if request.method == "GET":
        name, contact = selectors.support_family_texts(request.user, family)
        form.initial = {
            "name": name,
            "contact": contact,
            "wijk": family.wijk,
            "household": str(family.household_id or ""),
            "max_families": family.max_families,
            "active": family.active,
            "version": family.version,
        }

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
            name=data["name"],
            contact=data["contact"],
            wijk=data["wijk"],
            household=household,
            max_families=data["max_families"],
            active=data["active"],
        )

    return _form_page(
        request,
        form,
        write=write,
        success=_("Het steungezin is opgeslagen."),
        title=_("Steungezin wijzigen"),
        back_url="gezinslab:support_families",
        submit=_("Opslaan"),
    )


@file_access
@require_http_methods(["GET"])
def matches(request):
    return render(
        request,
        "gezinslab/matches.html",
        {
            "rows": selectors.match_rows(request.user),
            "progress": selectors.team_pairs_progress(request.user),
        },
    )


@file_access
@require_http_methods(["GET", "POST"])
def match_new(request):
    families = selectors.support_family_rows(request.user)
    form = forms.MatchForm(request.POST or None)
    form.set_choices(families=families, households=selectors.buurtgezinnen_households(request.user))
    return _form_page(
        request,
        form,
        write=lambda data: services.start_match(
            actor=request.user,
            support_family=selectors.get_support_family(request.user, data["support_family"]),
            household=selectors.get_household(request.user, data["household"]),
            start_date=data["start_date"],
            rhythm=data["rhythm"],
        ),
        success=_("De koppeling is gestart."),
        title=_("Steungezin koppelen"),
        back_url="gezinslab:matches",
        submit=_("Koppeling starten"),
    )


@file_access
@require_http_methods(["GET", "POST"])
def match_edit(request, pk):
    match = selectors.get_match(request.user, pk)
    form = forms.MatchEditForm(request.POST or None)
    if request.method == "GET":
        form.initial = {
            "start_date": match.start_date,
            "rhythm": match.rhythm,
            "end_date": match.end_date,
            "outcome": match.outcome,
            "evaluation": selectors.match_evaluation(request.user, match),
            "version": match.version,
        }
    return _form_page(
        request,
        form,
        write=lambda data: services.update_match(
            actor=request.user,
            match=match,
            expected_version=data["version"],
            start_date=data["start_date"],
            rhythm=data["rhythm"],
            end_date=data["end_date"],
            evaluation=data["evaluation"],
            outcome=data["outcome"],
        ),
        success=_("De koppeling is opgeslagen."),
        title=_("Koppeling wijzigen of afsluiten"),
        back_url="gezinslab:matches",
        submit=_("Opslaan"),
    )


# --- programme office ---------------------------------------------------------------------


@dashboard_access
@require_http_methods(["GET"])
def dashboard(request):
    period, error = requested_period(request)
    if period is None:
        return render(request, "gezinslab/dashboard.html", period_context(None, error), status=400)
    board = selectors.dashboard(request.user, period=period)
    return render(request, "gezinslab/dashboard.html", {"board": board, **period_context(period)})
