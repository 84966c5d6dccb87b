"""Pages of Leeuwarden Schuldenvrij. Thin: parse the form, call a service or selector, render.
Caseworkers and team leads of the team; peer experts get 403 (no financial details)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from casework import form_errors
from casework.dashboards import period_context, requested_period
from casework.money import format_euro
from casework.permissions import may_assign
from schuldenvrij import forms, selectors, services
from schuldenvrij.models import AMOUNT_FIELDS, Debt
from schuldenvrij.permissions import (
    figures_access,
    lead_access,
    worker_access,
)


def _form(
    request, form, *, title, submit, enrolment, intro=(), status=None, write=None, success=""
):
    """The form page (schuldenvrij/form.html) of an enrolment. With ``write``, a POST goes
    through casework's shared ``submit``: on success the user returns to the enrolment page,
    a refusal shows the form again with its errors."""
    if write is not None and form_errors.submit(request, form, write, success):
        return _back(enrolment)
    return render(
        request,
        "schuldenvrij/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "enrolment": enrolment,
            "intro": intro,
        },
        status=status or (400 if form.errors else 200),
    )


def _back(enrolment):
    return redirect("schuldenvrij:enrolment", pk=enrolment.pk)


# --- overview -----------------------------------------------------------------------------


@worker_access
@require_http_methods(["GET"])
def home(request):
    lead = may_assign(request.user)
    return render(
        request,
        "schuldenvrij/home.html",
        {
            "rows": selectors.overview(request.user),
            "proposals": selectors.pending_proposals(request.user),
            "is_lead": lead,
            "cap": services.places_cap(),
        },
    )


@worker_access
@require_http_methods(["GET"])
def enrolment(request, pk):
    detail = selectors.enrolment_detail(request.user, pk)
    return render(
        request,
        "schuldenvrij/enrolment.html",
        {"d": detail, "is_lead": may_assign(request.user), "cap": services.places_cap()},
    )


# --- intake and budget --------------------------------------------------------------------


@worker_access
@require_http_methods(["GET", "POST"])
def intake(request, pk):
    detail = selectors.enrolment_detail(request.user, pk) if request.method == "GET" else None
    enrolment = detail.enrolment if detail else selectors.get_enrolment(request.user, pk)
    initial = {}
    if detail and detail.intake:
        initial = {
            "date": detail.intake.date,
            "situation": detail.intake_situation,
            "version": detail.intake.version,
        }
    form = forms.IntakeForm(request.POST or None, initial=initial)
    return _form(
        request,
        form,
        write=lambda data: services.save_intake(
            actor=request.user,
            enrolment=enrolment,
            date=data["date"],
            situation=data["situation"],
            expected_version=data.get("version"),
        ),
        success=_("De financiële intake is opgeslagen."),
        title=_("Financiële intake"),
        submit=_("Opslaan"),
        enrolment=enrolment,
        intro=[
            _(
                "Leg vast wanneer de intake was en wat de deelnemer vertelt. Inkomsten en vaste "
                "lasten komen in een budgetoverzicht, schulden per schuldeiser."
            )
        ],
    )


@worker_access
@require_http_methods(["GET", "POST"])
def snapshot_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.SnapshotForm(request.POST or None)
    if form_errors.submit(
        request,
        form,
        lambda data: services.add_snapshot(
            actor=request.user,
            enrolment=enrolment,
            date=data["date"],
            amounts=form.amounts(),
        ),
        _("Het budgetoverzicht is vastgelegd."),
    ):
        return _back(enrolment)
    return render(
        request,
        "schuldenvrij/snapshot_form.html",
        {"form": form, "enrolment": enrolment, "amount_fields": AMOUNT_FIELDS},
        status=400 if form.errors else 200,
    )


# --- debts --------------------------------------------------------------------------------


@worker_access
@require_http_methods(["GET", "POST"])
def debt_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.DebtForm(request.POST or None)
    return _form(
        request,
        form,
        write=lambda data: services.add_debt(actor=request.user, enrolment=enrolment, **data),
        success=_("De schuld is toegevoegd."),
        title=_("Schuld toevoegen"),
        submit=_("Toevoegen"),
        enrolment=enrolment,
    )


@worker_access
@require_http_methods(["GET", "POST"])
def debt_edit(request, pk):
    debt = selectors.get_debt(request.user, pk)
    view = selectors.debt_view(request.user, debt)
    forgiven = debt.status == Debt.Status.FORGIVEN
    form = forms.DebtEditForm(
        request.POST or None,
        forgiven=forgiven,
        initial={
            "creditor_kind": debt.creditor_kind,
            "creditor_name": view.creditor_name,
            "original_amount": str(debt.original_amount).replace(".", ","),
            "current_amount": str(debt.current_amount).replace(".", ","),
            "increase_reason": view.increase_reason,
            "status": debt.status,
            "since": debt.since,
            "version": debt.version,
        },
    )

    def write(cleaned):
        data = dict(cleaned)
        version = data.pop("version")
        return services.update_debt(actor=request.user, debt=debt, expected_version=version, **data)

    return _form(
        request,
        form,
        write=write,
        success=_("De schuld is opgeslagen."),
        title=_("Schuld wijzigen"),
        submit=_("Opslaan"),
        enrolment=debt.enrolment,
        intro=[
            _(
                "Een nieuw huidig bedrag of een nieuwe status wordt met datum bewaard; "
                "de vorige stand blijft in de geschiedenis."
            )
        ],
    )


# --- pilot place and forgiveness ----------------------------------------------------------


@worker_access
@require_http_methods(["GET", "POST"])
def place_admit(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.PlaceForm(request.POST or None)
    return _form(
        request,
        form,
        write=lambda data: services.admit_to_pilot(
            actor=request.user, enrolment=enrolment, date=data["admitted_on"]
        ),
        success=_("De deelnemer heeft een plaats in de pilot."),
        title=_("Plaats in de pilot kwijtschelding"),
        submit=_("Plaats geven"),
        enrolment=enrolment,
        intro=[
            _("De pilot heeft %(cap)s plaatsen.") % {"cap": services.places_cap()},
        ],
    )


@worker_access
@require_http_methods(["GET", "POST"])
def forgiveness_new(request, pk):
    detail = selectors.enrolment_detail(request.user, pk)
    enrolment = detail.enrolment
    residual = [v for v in detail.debts if v.debt.status in Debt.RESIDUAL]
    form = forms.ForgivenessForm(request.POST or None)
    form.fields["debts"].choices = [
        (
            str(v.debt.pk),
            f"{v.debt.get_creditor_kind_display()} — {v.creditor_name or ''} "
            f"({format_euro(v.debt.current_amount)})",
        )
        for v in residual
    ]

    def write(data):
        chosen = [v.debt for v in residual if str(v.debt.pk) in set(data["debts"])]
        return services.propose_forgiveness(
            actor=request.user,
            enrolment=enrolment,
            amount=data["amount"],
            date=data["date"],
            funding=data["funding"],
            debts=chosen or None,
        )

    return _form(
        request,
        form,
        write=write,
        success=_("Het voorstel is vastgelegd. Een andere teamleider beslist erover."),
        title=_("Kwijtschelding voorstellen"),
        submit=_("Voorstel indienen"),
        enrolment=enrolment,
        intro=[
            _("Vastgelegde restschuld (open en in een regeling): %(amount)s.")
            % {"amount": format_euro(detail.residual)},
            _("Een teamleider die het voorstel niet zelf deed, keurt het goed of wijst het af."),
        ],
    )


@lead_access
@require_POST
def forgiveness_decide(request, pk):
    forgiveness = selectors.get_forgiveness(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_forgiveness(
                actor=request.user,
                forgiveness=forgiveness,
                expected_version=form.cleaned_data["version"],
                approve=form.cleaned_data["decision"] == "approve",
            )
        except services.ConcurrentEditError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Uw besluit over de kwijtschelding is vastgelegd."))
    else:
        messages.error(request, _("Kies goedkeuren of afwijzen."))
    if request.POST.get("next") == "enrolment":
        return _back(forgiveness.enrolment)
    return redirect("schuldenvrij:home")


# --- follow-up ----------------------------------------------------------------------------


@worker_access
@require_http_methods(["GET"])
def follow_ups(request):
    return render(
        request,
        "schuldenvrij/follow_ups.html",
        {"rows": selectors.due_follow_ups(request.user)},
    )


@worker_access
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    item = selectors.get_follow_up(request.user, pk)
    enrolment = item.forgiveness.enrolment
    form = forms.FollowUpForm(
        request.POST or None,
        initial={
            "version": item.version,
            "done_on": item.done_on,
            "new_debts": {True: "yes", False: "no"}.get(item.new_debts, ""),
            "new_debts_amount": item.new_debts_amount or "",
        },
    )
    if form_errors.submit(
        request,
        form,
        lambda data: services.record_follow_up(
            actor=request.user,
            follow_up=item,
            expected_version=data["version"],
            done_on=data["done_on"],
            new_debts=data["new_debts"],
            new_debts_amount=data["new_debts_amount"],
        ),
        _("Het nazorgmoment is vastgelegd."),
    ):
        return redirect("schuldenvrij:follow_ups")
    return _form(
        request,
        form,
        title=_("Nazorg na %(months)s maanden") % {"months": item.months},
        submit=_("Vastleggen"),
        enrolment=enrolment,
        intro=[
            _("Gepland op %(day)s, kwijtschelding op %(forgiven)s.")
            % {
                "day": item.due_on.strftime("%d-%m-%Y"),
                "forgiven": item.forgiveness.date.strftime("%d-%m-%Y"),
            }
        ],
    )


# --- 18-/18+ ------------------------------------------------------------------------------


@worker_access
@require_http_methods(["GET"])
def turning_18(request):
    return render(
        request,
        "schuldenvrij/turning_18.html",
        {"rows": selectors.turning_18(request.user), "contact_form": forms.ContactForm()},
    )


@worker_access
@require_POST
def contact_new(request, pk):
    participant = selectors.get_young_person(request.user, pk)
    form = forms.ContactForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.record_preventive_contact(
                actor=request.user,
                participant=participant,
                date=form.cleaned_data["date"],
                done=form.cleaned_data["done"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Vul een geldige datum in.")
    if request.htmx:
        # htmx swaps only 2xx responses: the row itself, with the result in it.
        return render(
            request,
            "schuldenvrij/_turning_18_row.html",
            {
                "r": selectors.young_person_row(request.user, pk),
                "saved": not error,
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Het preventieve contact is vastgelegd."))
    return redirect("schuldenvrij:turning_18")


# --- counters -----------------------------------------------------------------------------


@figures_access
@require_http_methods(["GET"])
def figures(request):
    period, error = requested_period(request)
    if period is None:
        return render(request, "schuldenvrij/figures.html", period_context(None, error), status=400)
    board = selectors.counters(request.user, period=period)
    return render(request, "schuldenvrij/figures.html", {"c": board, **period_context(period)})
