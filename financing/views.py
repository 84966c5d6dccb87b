"""Pages of the financing app. Thin: reads through selectors/reports, writes through services.
Every view declares its access; object access (the agreement grant) is checked by the
selectors (404) and again by the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Organisation
from accounts.permissions import has_role
from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD
from casework.form_errors import attempt, flash_refusal, submit
from casework.pages import write_with
from financing import candidates, forms, reports, rules, selectors, services
from financing.models import Agreement, Claim, OutcomeDefinition, Payment
from financing.permissions import (
    agreement_access,
    claimant_access,
    office_access,
    report_access,
    verifier_access,
)
from privacy.pseudonyms import Pseudonymiser


def _agreement(request, code: str) -> Agreement:
    """The agreement if visible to the user; refused (404) and logged otherwise."""
    try:
        return selectors.get_agreement(request.user, code)
    except Http404:
        services.logger.warning(
            "financing denied not_on_agreement (user %s, agreement %s)", request.user.pk, code[:40]
        )
        raise


@agreement_access
@require_http_methods(["GET", "POST"])
def agreements(request):
    form = forms.AgreementForm(request.POST or None)
    if request.method == "POST":
        if not has_role(request.user, PROGRAMME_OFFICE):
            raise PermissionDenied
        agreement = submit(
            request,
            form,
            write_with(request, services.create_agreement),
            _("De afspraak is vastgelegd."),
        )
        if agreement:
            return redirect("financing:agreement", code=agreement.code)
    return render(
        request,
        "financing/agreements.html",
        {
            "agreements": list(selectors.visible_agreements(request.user)),
            "form": form,
            "office": has_role(request.user, PROGRAMME_OFFICE),
        },
    )


@agreement_access
@require_http_methods(["GET"])
def agreement(request, code):
    agreement = _agreement(request, code)
    office = has_role(request.user, PROGRAMME_OFFICE)
    return render(
        request,
        "financing/agreement.html",
        {
            "agreement": agreement,
            "providers": [
                p.organisation for p in agreement.providers.select_related("organisation")
            ],
            "amendments": list(agreement.amendments.all()),
            "definitions": list(agreement.definitions.all()),
            "milestones": list(agreement.milestones.all()),
            "rule_labels": {code: spec.label_nl for code, spec in rules.rules().items()},
            "paid": selectors.paid_total(agreement),
            "office": office,
            "evaluator": has_role(request.user, EVALUATOR),
            "team_lead": has_role(request.user, TEAM_LEAD),
            "amend_form": forms.AmendmentForm(initial={"version": agreement.version}),
            "definition_form": forms.DefinitionForm(programme_code=agreement.programme.code),
            "milestone_form": forms.MilestoneForm(),
            "grant_form": forms.GrantForm(),
            "granted": selectors.granted_users(request.user, agreement),
            "next_statuses": [
                (value, Agreement.Status(value).label)
                for value in services.STATUS_STEPS[Agreement.Status(agreement.status)]
            ],
        },
    )


def _office_post(request, code, form_class, service, success, **form_kwargs):
    """A form the programme office posts from the agreement page: ``service`` gets the
    agreement and the form's fields; a refusal comes back as messages on that page."""
    agreement = _agreement(request, code)
    form = form_class(request.POST, **form_kwargs)
    write = write_with(request, service, agreement=agreement)
    submit(request, form, write, success, flash_errors=True)
    return redirect("financing:agreement", code=agreement.code)


@office_access
@require_POST
def amend(request, code):
    return _office_post(
        request,
        code,
        forms.AmendmentForm,
        services.amend_agreement,
        _("De wijziging is vastgelegd."),
    )


@office_access
@require_POST
def definition_new(request, code):
    agreement = _agreement(request, code)
    return _office_post(
        request,
        code,
        forms.DefinitionForm,
        services.add_definition,
        _("Het resultaat is vastgelegd."),
        programme_code=agreement.programme.code,
    )


@office_access
@require_POST
def milestone_new(request, code):
    return _office_post(
        request, code, forms.MilestoneForm, services.add_milestone, _("De mijlpaal is vastgelegd.")
    )


def _grant_by_username(*, username, **arguments):
    """The grant form names the user by username (its clean finds the user)."""
    return services.grant(user=username, **arguments)


@office_access
@require_POST
def grant(request, code):
    return _office_post(
        request, code, forms.GrantForm, _grant_by_username, _("De toegang is gegeven.")
    )


@office_access
@require_POST
def revoke(request, code):
    return _office_post(
        request, code, forms.RevokeForm, services.revoke, _("De toegang is ingetrokken.")
    )


@office_access
@require_POST
def set_status(request, code):
    return _office_post(
        request, code, forms.StatusForm, services.set_agreement_status, _("De status is gewijzigd.")
    )


# --- claims -------------------------------------------------------------------------------


@claimant_access
@require_http_methods(["GET", "POST"])
def candidates_page(request, code):
    agreement = _agreement(request, code)
    providers = Organisation.objects.filter(pk__in=agreement.providers.values("organisation_id"))
    if request.method == "POST":
        form = forms.ClaimForm(request.POST)
        form.fields["provider"].queryset = providers
        if form.is_valid():
            definition = OutcomeDefinition.objects.filter(
                agreement=agreement, pk=form.cleaned_data["definition"]
            ).first()
            if definition is None:
                raise Http404
            unit = form.cleaned_data["unit"]
            kwargs = (
                {"participant": candidates.participant(unit)}
                if definition.unit == OutcomeDefinition.Unit.PERSON
                else {"household": candidates.household(unit)}
            )
            try:
                claim = services.submit_claim(
                    actor=request.user,
                    agreement=agreement,
                    definition=definition,
                    provider=form.cleaned_data["provider"],
                    **kwargs,
                )
            except ValidationError as error:
                flash_refusal(request, error)
            else:
                messages.success(request, _("De claim is ingediend."))
                return redirect("financing:claim", pk=claim.pk)
        else:
            messages.error(request, _("Kies een uitvoerder."))
        return redirect("financing:candidates", code=agreement.code)
    return render(
        request,
        "financing/candidates.html",
        {
            "agreement": agreement,
            "rows": candidates.for_team_lead(request.user, agreement),
            "providers": list(providers),
        },
    )


@agreement_access
@require_http_methods(["GET", "POST"])
def claims(request, code):
    agreement = _agreement(request, code)
    sample_form = forms.SampleForm(request.POST or None)
    if request.method == "POST":
        if not has_role(request.user, EVALUATOR):
            raise PermissionDenied
        if sample_form.is_valid():
            try:
                marked = services.spot_sample(
                    actor=request.user,
                    agreement=agreement,
                    percentage=sample_form.cleaned_data["percentage"],
                )
            except PermissionDenied:
                raise Http404 from None
            messages.success(
                request, _("%(n)s claims staan in de steekproef.") % {"n": len(marked)}
            )
            return redirect("financing:claims", code=agreement.code)
    pseudonym = Pseudonymiser("agreement", agreement.code)
    only_sample = request.GET.get("steekproef") == "1"
    listed = selectors.claims_of(agreement).order_by("-submitted_at")
    if only_sample:
        listed = listed.filter(spot_check=True)
    rows = [
        {
            "claim": claim,
            "pseudonym": pseudonym(claim.unit_id, subject="p" if claim.participant_id else "h"),
        }
        for claim in listed
    ]
    return render(
        request,
        "financing/claims.html",
        {
            "agreement": agreement,
            "rows": rows,
            "flags": selectors.volume_flags(agreement),
            "sample_form": sample_form,
            "evaluator": has_role(request.user, EVALUATOR),
            "only_sample": only_sample,
        },
    )


@agreement_access
@require_http_methods(["GET", "POST"])
def claim(request, pk):
    claim = selectors.get_claim(request.user, pk)
    form = forms.DecideForm(request.POST or None, initial={"version": claim.version})
    if request.method == "POST":
        if not has_role(request.user, EVALUATOR):
            raise PermissionDenied
        done = submit(
            request,
            form,
            write_with(request, services.decide_claim, ("verdict", "reason"), claim=claim),
            _("Het besluit is vastgelegd."),
        )
        if done:
            return redirect("financing:claim", pk=claim.pk)
    agreement = claim.agreement
    subject = "p" if claim.participant_id else "h"
    return render(
        request,
        "financing/claim.html",
        {
            "agreement": agreement,
            "claim": claim,
            "pseudonym": Pseudonymiser("agreement", agreement.code)(claim.unit_id, subject=subject),
            "evidence": selectors.evidence_of(claim),
            "form": form,
            "may_decide": has_role(request.user, EVALUATOR)
            and claim.status == Claim.Status.SUBMITTED
            and claim.claimed_by_id != request.user.pk,
        },
        status=400 if form.errors else 200,
    )


# --- payments -----------------------------------------------------------------------------


@verifier_access
@require_http_methods(["GET", "POST"])
def payments(request, code):
    agreement = _agreement(request, code)
    providers = Organisation.objects.filter(pk__in=agreement.providers.values("organisation_id"))
    form = forms.PaymentForm(request.POST or None)
    form.fields["provider"].queryset = providers
    if request.method == "POST":
        if not has_role(request.user, PROGRAMME_OFFICE):
            raise PermissionDenied
        if "payment" in request.POST:
            correct = forms.CorrectForm(request.POST)
            payment = None
            if correct.is_valid():
                payment = Payment.objects.filter(
                    agreement=agreement, pk=correct.cleaned_data["payment"]
                ).first()
            if payment is None:
                raise Http404
            attempt(
                request,
                lambda: services.correct_payment(
                    actor=request.user, payment=payment, date=correct.cleaned_data["date"]
                ),
                _("De tegenboeking is vastgelegd."),
            )
            return redirect("financing:payments", code=agreement.code)

        def write(data):
            data = dict(data)
            claim_id = data.pop("claim")
            claim = None
            if claim_id:
                claim = Claim.objects.filter(agreement=agreement, pk=claim_id).first()
                if claim is None:
                    raise ValidationError({"claim": [_("Onbekende claim bij deze afspraak.")]})
            return services.record_payment(
                actor=request.user, agreement=agreement, claim=claim, **data
            )

        if submit(request, form, write, _("De betaling is vastgelegd.")):
            return redirect("financing:payments", code=agreement.code)
    lines = list(selectors.ledger(agreement))
    corrected = {line.corrects_id for line in lines if line.corrects_id}
    return render(
        request,
        "financing/payments.html",
        {
            "agreement": agreement,
            "lines": lines,
            "corrected": corrected,
            "planned": selectors.paid_total(agreement, kind=Payment.Kind.PLANNED),
            "actual": selectors.paid_total(agreement),
            "form": form,
            "office": has_role(request.user, PROGRAMME_OFFICE),
        },
    )


# --- reports ------------------------------------------------------------------------------


def _report_agreement(request, code: str) -> Agreement:
    """The agreement of a report: visible to the user (404 otherwise, logged), and for
    evaluators and team leads granted on it (the programme office needs no grant)."""
    agreement = _agreement(request, code)
    if not has_role(request.user, PROGRAMME_OFFICE):
        services.require_granted(request.user, agreement, EVALUATOR, TEAM_LEAD)
    return agreement


@report_access
@require_http_methods(["GET"])
def report(request, code):
    agreement = _report_agreement(request, code)
    period = request.GET.get("periode", "")[:20]
    try:
        data = reports.build_cached(agreement, period, audience=reports.audience_of(request.user))
    except ValidationError as error:
        return render(
            request,
            "financing/report.html",
            {"agreement": agreement, "period": period, "errors": error.messages},
            status=400,
        )
    reports.log_report(
        user=request.user,
        agreement=agreement,
        period=data["period"],
        fmt="html",
        digest=reports.sha256(reports.canonical(data)),
    )
    return render(
        request,
        "financing/report.html",
        {"agreement": agreement, "period": data["period"], **reports.page_context(data)},
    )


@report_access
@require_http_methods(["GET"])
def report_download(request, code):
    agreement = _report_agreement(request, code)
    fmt = request.GET.get("formaat", "pdf")
    if fmt not in reports.RENDERERS:
        return HttpResponse(_("Onbekend formaat."), status=400, content_type=PLAIN)
    try:
        window = reports.period_window(agreement, request.GET.get("periode", ""))
        data = reports.generate(user=request.user, agreement=agreement, period=window.code, fmt=fmt)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type=PLAIN)
    response = HttpResponse(data, content_type=reports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{reports.filename(agreement, window.code, fmt)}"'
    )
    response["Cache-Control"] = "no-store"
    return response


PLAIN = "text/plain; charset=utf-8"
