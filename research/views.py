"""Pages of the research app under /onderzoek/. Thin: reads through ``selectors``, writes
through ``services``; every view declares its access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import has_role
from accounts.roles import PRIVACY_OFFICER, RESEARCHER
from casework.form_errors import attempt, flash_refusal, submit
from casework.pages import pick, write_with
from casework.services import ConcurrentEditError
from privacy.disclosure import count as disclosure_count
from research import catalogue as cat
from research import downloads, forms, plans, selectors, services
from research.models import Reidentification, Study
from research.permissions import (
    both_access,
    officer_access,
    researcher_access,
)

# What a write with the version read may be refused with: a message either way.
STALE = (ValidationError, ConcurrentEditError)


def _posted_version(request) -> int:
    return int(request.POST.get("version") or 0)


def _study_or_404(pk) -> Study:
    """Unscoped lookup for actions whose refusal the service logs (someone else's study)."""
    study = Study.objects.filter(pk=pk).first()
    if study is None:
        raise Http404
    return study


@both_access
@require_GET
def studies(request):
    rows = list(selectors.visible_studies(request.user).select_related("requested_by"))
    return render(
        request,
        "research/studies.html",
        {
            "studies": rows,
            "is_officer": has_role(request.user, PRIVACY_OFFICER),
            "is_researcher": has_role(request.user, RESEARCHER),
        },
    )


@researcher_access
@require_http_methods(["GET", "POST"])
def study_new(request):
    form = forms.StudyForm(request.POST or None, user=request.user)
    study = submit(
        request,
        form,
        write_with(request, services.request_study),
        _("Het onderzoek is aangevraagd bij de privacy officer."),
    )
    if study:
        return redirect("research:study", pk=study.pk)
    return render(
        request, "research/study_new.html", {"form": form}, status=400 if form.errors else 200
    )


@both_access
@require_GET
def study(request, pk):
    item = selectors.get_study(request.user, pk)
    catalogue = cat.catalogue()
    is_researcher = selectors.is_study_researcher(request.user, item)
    exports = list(selectors.study_exports(item)) if is_researcher else []
    return render(
        request,
        "research/study.html",
        {
            "study": item,
            "cohort": disclosure_count(selectors.cohort_size(item)),
            "requested": [catalogue.get(n) for n in item.variables if n in catalogue],
            "approved": [catalogue.get(n) for n in item.approved_variables if n in catalogue],
            "exports": exports,
            "is_researcher": is_researcher,
            "is_officer": has_role(request.user, PRIVACY_OFFICER),
            "export_form": forms.ExportForm(),
            "decision_form": forms.DecisionForm(initial={"version": item.version}),
            "researchers": selectors.study_researchers(item),
            "preview": (
                plans.preview(item)
                if item.status == Study.Status.APPROVED
                or item.status == Study.Status.REQUESTED
                and has_role(request.user, PRIVACY_OFFICER)
                else None
            ),
        },
    )


@officer_access
@require_POST
def study_decide(request, pk):
    item = selectors.get_study(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een besluit."))
        return redirect("research:study", pk=item.pk)
    attempt(
        request,
        lambda: services.decide_study(
            actor=request.user,
            study=item,
            expected_version=form.cleaned_data["version"],
            **pick(
                form.cleaned_data, ("decision", "approved_variables", "k", "note", "interval_days")
            ),
        ),
        _("Het besluit is opgeslagen."),
        refusals=STALE,
    )
    return redirect("research:study", pk=item.pk)


@officer_access
@require_POST
def study_close(request, pk):
    item = selectors.get_study(request.user, pk)
    attempt(
        request,
        lambda: services.close_study(
            actor=request.user, study=item, expected_version=_posted_version(request)
        ),
        _("Het onderzoek is gesloten."),
        refusals=STALE,
    )
    return redirect("research:study", pk=item.pk)


def _posted_user(request):
    user = selectors.user_by_username((request.POST.get("username") or "").strip())
    if user is None:
        raise ValidationError(_("Onbekende gebruiker."))
    return user


def _add_posted_user(request, add, done: str) -> None:
    """Add the researcher the form names with ``add(user)``; a refusal becomes a message."""
    attempt(request, lambda: add(_posted_user(request)), done)


@officer_access
@require_POST
def study_researcher_add(request, pk):
    item = selectors.get_study(request.user, pk)
    _add_posted_user(
        request,
        lambda user: services.add_researcher(actor=request.user, study=item, user=user),
        _("De onderzoeker is toegevoegd."),
    )
    return redirect("research:study", pk=item.pk)


@officer_access
@require_http_methods(["GET", "POST"])
def groups(request):
    """Research groups: what one member received, the group holds; the privacy officer
    creates groups and adds researchers."""
    form = forms.GroupForm(request.POST or None)
    if submit(
        request,
        form,
        write_with(request, services.create_group),
        _("De onderzoeksgroep is aangemaakt."),
    ):
        return redirect("research:groups")
    return render(
        request,
        "research/groups.html",
        {"groups": selectors.groups_with_members(), "form": form},
        status=400 if form.errors else 200,
    )


@officer_access
@require_POST
def group_member_add(request, pk):
    group = selectors.get_group(request.user, pk)
    _add_posted_user(
        request,
        lambda user: services.add_group_member(actor=request.user, group=group, user=user),
        _("De onderzoeker is aan de groep toegevoegd."),
    )
    return redirect("research:groups")


@researcher_access
@require_POST
def export_new(request, pk):
    item = _study_or_404(pk)
    form = forms.ExportForm(request.POST)
    fmt = form.cleaned_data["format"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.request_export(actor=request.user, study=item, fmt=fmt),
        _("De export staat in de wachtrij."),
    )
    return redirect("research:study", pk=item.pk)


@researcher_access
@require_GET
def export_status(request, pk):
    export = selectors.get_export(request.user, pk)
    return render(request, "research/_export_row.html", {"export": export})


@researcher_access
@require_POST
def export_cancel(request, pk):
    export = selectors.get_export(request.user, pk)
    attempt(
        request,
        lambda: services.cancel_export(actor=request.user, export=export),
        _("De export is geannuleerd."),
    )
    return redirect("research:study", pk=export.study_id)


@researcher_access
@require_GET
def export_download(request, pk):
    export = downloads.export_or_404(pk)
    try:
        path = services.download_export(actor=request.user, export=export)
    except ValidationError as error:
        flash_refusal(request, error)
        return redirect("research:study", pk=export.study_id)
    return downloads.zip_response(request, export, path)


@both_access
@require_GET
def catalogue(request):
    return render(request, "research/catalogue.html", {"variables": list(cat.catalogue().values())})


@officer_access
@require_GET
def reidentifications(request):
    return render(
        request,
        "research/reidentifications.html",
        {"rows": list(selectors.reidentifications()[:200]), "form": forms.ReidentificationForm()},
    )


@officer_access
@require_POST
def reidentification_new(request):
    form = forms.ReidentificationForm(request.POST)

    def write(data):
        item = Study.objects.filter(code=data["study"]).first()
        if item is None:
            raise ValidationError({"study": [_("Onbekend onderzoek.")]})
        return services.request_reidentification(
            actor=request.user, study=item, **pick(data, ("pseudonym", "reason", "reference"))
        )

    if submit(
        request, form, write, _("Het verzoek wacht op bevestiging door een tweede privacy officer.")
    ):
        return redirect("research:reidentifications")
    return render(
        request,
        "research/reidentifications.html",
        {"rows": list(selectors.reidentifications()[:200]), "form": form},
        status=400,
    )


def _reidentification(pk) -> Reidentification:
    item = selectors.reidentifications().filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


@officer_access
@require_POST
def reidentification_confirm(request, pk):
    item = _reidentification(pk)
    attempt(
        request,
        lambda: services.confirm_reidentification(
            actor=request.user, reidentification=item, expected_version=_posted_version(request)
        ),
        refusals=(*STALE, PermissionDenied),
    )
    return redirect("research:reidentifications")


@officer_access
@require_POST
def reidentification_cancel(request, pk):
    item = _reidentification(pk)
    attempt(
        request,
        lambda: services.cancel_reidentification(
            actor=request.user, reidentification=item, expected_version=_posted_version(request)
        ),
        refusals=STALE,
    )
    return redirect("research:reidentifications")
