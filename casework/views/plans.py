"""An enrolment's plan and its goals."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework import forms, plan_print, selectors, services
from casework.pages import write_with
from casework.views.common import file_access, file_form_step


@file_access
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    plan, summary = selectors.plan_summary(request.user, enrolment)
    form = forms.PlanForm(
        request.POST or None, initial={"summary": summary, "version": plan.version}
    )
    return file_form_step(
        request,
        form,
        write_with(request, services.save_plan_summary, plan=plan),
        _("Het plan is opgeslagen."),
        participant_id=enrolment.participant_id,
        title=_("Plan"),
        submit=_("Opslaan"),
    )


@file_access
@require_http_methods(["GET", "POST"])
def goal_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.GoalForm(request.POST or None)
    return file_form_step(
        request,
        form,
        write_with(request, services.add_goal, enrolment=enrolment),
        _("Het doel is toegevoegd."),
        participant_id=enrolment.participant_id,
        title=_("Doel toevoegen"),
        submit=_("Toevoegen"),
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
    return file_form_step(
        request,
        form,
        write_with(request, services.update_goal, goal=goal),
        _("Het doel is opgeslagen."),
        participant_id=participant_id,
        title=_("Doel wijzigen"),
        submit=_("Opslaan"),
    )


@file_access
@require_http_methods(["GET"])
def plan_pdf(request, pk):
    """The plan on paper for the resident (goals in their own words, the agreements made)."""
    enrolment = selectors.get_enrolment(request.user, pk)
    plan = selectors.plan_for_print(request.user, enrolment)
    response = HttpResponse(plan_print.plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan_print.plan_filename(plan)}"'
    response["Cache-Control"] = "no-store"
    return response
