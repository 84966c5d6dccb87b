"""Pages of Leeuwarden Schuldenvrij. Thin: parse the form, call a service or selector, render.
Caseworkers and team leads of the team; peer experts get 403 (no financial details)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from casework.dashboards import period_page
from casework.form_errors import attempt
from casework.forms import RefusalForm
from casework.money import format_euro
from casework.pages import form_page, write_with
from casework.permissions import may_assign
from schuldenvrij import forms, selectors, services
from schuldenvrij.models import AMOUNT_FIELDS, Debt
from schuldenvrij.permissions import (
    figures_access,
    lead_access,
    worker_access,
)


def _page(request, form, enrolment, **page):
    """The shared form page of an enrolment's step: back to its financial file."""
    return form_page(
        request,
        form,
        back=("schuldenvrij:enrolment", enrolment.pk),
        back_label=_("Terug naar het financiële dossier"),
        **page,
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
            "rows": selectors.overview_page(request.user, request.GET.get("pagina", 1)),
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
    return _page(
        request,
        form,
        enrolment,
        title=_("Financiële intake"),
        intro=_(
            "Leg vast wanneer de intake was en wat de deelnemer vertelt. Inkomsten en vaste "
            "lasten komen in een budgetoverzicht, schulden per schuldeiser."
        ),
        write=write_with(request, services.save_intake, enrolment=enrolment),
        success=_("De financiële intake is opgeslagen."),
    )


@worker_access
@require_http_methods(["GET", "POST"])
def snapshot_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.SnapshotForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Budgetoverzicht vastleggen"),
        back=("schuldenvrij:enrolment", enrolment.pk),
        write=lambda data: services.add_snapshot(
            actor=request.user, enrolment=enrolment, date=data["date"], amounts=form.amounts()
        ),
        success=_("Het budgetoverzicht is vastgelegd."),
        template="schuldenvrij/snapshot_form.html",
        enrolment=enrolment,
        amount_fields=AMOUNT_FIELDS,
    )


# --- debts --------------------------------------------------------------------------------


@worker_access
@require_http_methods(["GET", "POST"])
def debt_new(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.DebtForm(request.POST or None)
    return _page(
        request,
        form,
        enrolment,
        title=_("Schuld toevoegen"),
        submit=_("Toevoegen"),
        write=write_with(request, services.add_debt, enrolment=enrolment),
        success=_("De schuld is toegevoegd."),
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
    return _page(
        request,
        form,
        debt.enrolment,
        title=_("Schuld wijzigen"),
        intro=_(
            "Een nieuw huidig bedrag of een nieuwe status wordt met datum bewaard; "
            "de vorige stand blijft in de geschiedenis."
        ),
        write=write_with(request, services.update_debt, debt=debt),
        success=_("De schuld is opgeslagen."),
    )


# --- pilot place and forgiveness ----------------------------------------------------------


@worker_access
@require_http_methods(["GET", "POST"])
def place_admit(request, pk):
    enrolment = selectors.get_enrolment(request.user, pk)
    form = forms.PlaceForm(request.POST or None)
    return _page(
        request,
        form,
        enrolment,
        title=_("Plaats in de pilot kwijtschelding"),
        submit=_("Plaats geven"),
        intro=_("De pilot heeft %(cap)s plaatsen.") % {"cap": services.places_cap()},
        write=lambda data: services.admit_to_pilot(
            actor=request.user, enrolment=enrolment, date=data["admitted_on"]
        ),
        success=_("De deelnemer heeft een plaats in de pilot."),
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

    return _page(
        request,
        form,
        enrolment,
        title=_("Kwijtschelding voorstellen"),
        submit=_("Voorstel indienen"),
        write=write,
        success=_("Het voorstel is vastgelegd. Een andere teamleider beslist erover."),
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
    if form.is_valid() and form.cleaned_data["decision"] == "reject":
        url = reverse("schuldenvrij:forgiveness_reject", kwargs={"pk": forgiveness.pk})
        return redirect(url + ("?terug=traject" if request.POST.get("next") == "enrolment" else ""))
    if form.is_valid():
        attempt(
            request,
            lambda: services.decide_forgiveness(
                actor=request.user,
                forgiveness=forgiveness,
                expected_version=form.cleaned_data["version"],
                approve=form.cleaned_data["decision"] == "approve",
            ),
            _("Uw besluit over de kwijtschelding is vastgelegd."),
            refusals=(services.ConcurrentEditError, ValidationError),
            joined=True,
        )
    else:
        messages.error(request, _("Kies goedkeuren of afwijzen."))
    if request.POST.get("next") == "enrolment":
        return _back(forgiveness.enrolment)
    return redirect("schuldenvrij:home")


@lead_access
@require_http_methods(["GET", "POST"])
def forgiveness_reject(request, pk):
    """Reject a forgiveness proposal: with a reason and a confirmation."""
    forgiveness = selectors.get_forgiveness(request.user, pk)
    to_enrolment = request.GET.get("terug") == "traject"
    form = RefusalForm(
        request.POST or None,
        initial={"version": forgiveness.version},
        confirm_label=_("Ja, ik wijs dit voorstel af."),
        reason_help=_("De hulpverlener die het voorstelde leest deze reden."),
    )
    return form_page(
        request,
        form,
        title=_("Kwijtschelding afwijzen"),
        back=("schuldenvrij:enrolment", forgiveness.enrolment_id)
        if to_enrolment
        else "schuldenvrij:home",
        submit=_("Voorstel afwijzen"),
        intro=_("Voorstel van %(date)s: %(amount)s, financiering %(funding)s.")
        % {
            "date": date_format(forgiveness.date, "SHORT_DATE_FORMAT"),
            "amount": format_euro(forgiveness.amount),
            "funding": forgiveness.get_funding_display(),
        },
        write=lambda data: services.decide_forgiveness(
            actor=request.user,
            forgiveness=forgiveness,
            expected_version=data["version"],
            approve=False,
            reason=data["reason"],
        ),
        success=_("Het voorstel is afgewezen; de reden staat bij het traject."),
    )


# --- follow-up ----------------------------------------------------------------------------


FOLLOW_UP_FIELDS = ("done_on", "new_debts", "new_debts_amount")


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
    form = forms.FollowUpForm(
        request.POST or None,
        initial={
            "version": item.version,
            "done_on": item.done_on,
            "new_debts": {True: "yes", False: "no"}.get(item.new_debts, ""),
            "new_debts_amount": item.new_debts_amount or "",
        },
    )
    return _page(
        request,
        form,
        item.forgiveness.enrolment,
        title=_("Nazorg na %(months)s maanden") % {"months": item.months},
        submit=_("Vastleggen"),
        intro=_("Gepland op %(day)s, kwijtschelding op %(forgiven)s.")
        % {
            "day": date_format(item.due_on, "SHORT_DATE_FORMAT"),
            "forgiven": date_format(item.forgiveness.date, "SHORT_DATE_FORMAT"),
        },
        write=write_with(request, services.record_follow_up, FOLLOW_UP_FIELDS, follow_up=item),
        success=_("Het nazorgmoment is vastgelegd."),
        done="schuldenvrij:follow_ups",
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
    return period_page(request, "schuldenvrij/figures.html", "c", selectors.counters)
