"""An enrolment's plan and its goals."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework import forms, selectors, services
from casework.form_errors import submit
from casework.views.common import file_access, render_form


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
    return render_form(
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
    return render_form(
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
    return render_form(
        request,
        form,
        title=_("Doel wijzigen"),
        back="casework:participant_file",
        submit=_("Opslaan"),
        status=400 if form.errors else 200,
        extra={"back_pk": participant_id},
    )
