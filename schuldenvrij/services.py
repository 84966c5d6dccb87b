"""Writes of Leeuwarden Schuldenvrij. Keyword-only, scope check first, Dutch ValidationErrors per
field, everything in one transaction; editable records are saved through ``lock`` with the
version the user read. Every change of what a measure is about records a dated outcome value.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import TeamMembership, User
from accounts.permissions import has_role
from accounts.roles import CASEWORKER, TEAM_LEAD
from casework import services as core
from casework.models import Enrolment, Participant, Programme
from casework.validation import check_text
from privacy.crypto import Cipher
from schuldenvrij.models import (
    AMOUNT_FIELDS,
    ZERO,
    BudgetSnapshot,
    Debt,
    FinancialIntake,
    FollowUp,
    Forgiveness,
    PilotPlace,
    PreventiveContact,
)

PROGRAMME = "schuldenvrij"
MEASURE_OUTSTANDING = "schuldenvrij_debts_outstanding"
MEASURE_NEW_DEBTS = "schuldenvrij_new_debts_since_forgiveness"
MEASURE_ROOM = "schuldenvrij_monthly_room"
MAX_AMOUNT = Decimal("9999999999.99")

ConcurrentEditError = core.ConcurrentEditError


# --- helpers ------------------------------------------------------------------------------


def may_work(user) -> bool:
    """Caseworkers and team leads; peer experts see no financial details (DESIGN.md)."""
    return user.is_authenticated and has_role(user, CASEWORKER, TEAM_LEAD)


def _require_worker(actor: User, enrolment: Enrolment) -> None:
    if not may_work(actor):
        raise PermissionDenied
    core.require_enrolment_scope(actor, enrolment)
    if enrolment.programme.code != PROGRAMME:
        raise ValidationError(
            {"enrolment": [_("Dit traject hoort niet bij Leeuwarden Schuldenvrij.")]}
        )


def _require_active(enrolment: Enrolment) -> None:
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError({"enrolment": [_("Dit traject loopt niet meer.")]})


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _not_future(day: dt.date | None, field: str) -> None:
    if day is None:
        raise ValidationError({field: [_("Vul een datum in.")]})
    if day > timezone.localdate():
        raise ValidationError({field: [_("De datum ligt in de toekomst.")]})


def parse_amount(value, field: str, *, required: bool = True) -> Decimal:
    """A monthly or debt amount in euros: a number >= 0 with at most two decimals."""
    if value is None or value == "":
        if required:
            raise ValidationError({field: [_("Vul een bedrag in.")]})
        return ZERO
    if isinstance(value, bool):
        raise ValidationError({field: [_("Vul een bedrag in euro's in.")]})
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [_("Vul een bedrag in euro's in.")]}) from None
    if not amount.is_finite():
        raise ValidationError({field: [_("Vul een bedrag in euro's in.")]})
    if amount < 0:
        raise ValidationError({field: [_("Een bedrag kan niet negatief zijn.")]})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: [_("Een bedrag heeft hoogstens twee decimalen.")]})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: [_("Dit bedrag is te groot.")]})
    return amount.quantize(Decimal("0.01"))


def _seal(enrolment: Enrolment, model, column: str, row_pk, text: str | None):
    return Cipher().seal(
        datakey=core.participant_key(enrolment),
        model=model,
        column=column,
        row_pk=row_pk,
        plaintext=text or None,
    )


def outstanding_total(enrolment: Enrolment) -> Decimal:
    """Sum of the current amounts of the debts that still count (not paid, not forgiven)."""
    total = Debt.objects.filter(enrolment=enrolment, status__in=Debt.OUTSTANDING).aggregate(
        total=Sum("current_amount")
    )["total"]
    return total or ZERO


def residual_total(enrolment: Enrolment) -> Decimal:
    """The residual debt a forgiveness may cover: open debts and debts in an arrangement."""
    total = Debt.objects.filter(enrolment=enrolment, status__in=Debt.RESIDUAL).aggregate(
        total=Sum("current_amount")
    )["total"]
    return total or ZERO


def _record_outstanding(
    actor, enrolment: Enrolment, source: str, day: dt.date | None = None
) -> None:
    """Record the debts outstanding now; dated ``day`` (default today), but never before the
    latest value recorded, so that the latest value is always the current sum."""
    from casework.models import OutcomeValue

    day = day or timezone.localdate()
    latest = (
        OutcomeValue.objects.filter(enrolment=enrolment, measure__code=MEASURE_OUTSTANDING)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    core.record_outcome(
        actor=actor,
        enrolment=enrolment,
        measure_code=MEASURE_OUTSTANDING,
        date=max(day, latest) if latest else day,
        value=outstanding_total(enrolment),
        source=source,
        check_scope=False,
    )


# --- intake and budget --------------------------------------------------------------------


def save_intake(
    *,
    actor: User,
    enrolment: Enrolment,
    date: dt.date,
    situation: str = "",
    expected_version: int | None = None,
) -> FinancialIntake:
    """Record (or, with the version read, correct) the financial intake of an enrolment."""
    _require_worker(actor, enrolment)
    _not_future(date, "date")
    if date < enrolment.start_date:
        raise ValidationError({"date": [_("De datum ligt voor de start van het traject.")]})
    situation = check_text(situation, field_name="situation", required=False)
    with transaction.atomic():
        existing = FinancialIntake.objects.filter(enrolment=enrolment).first()
        if existing is None:
            intake = FinancialIntake(enrolment=enrolment, recorded_by=actor)
        else:
            if expected_version is None:
                raise ValidationError(
                    {"date": [_("Voor dit traject is al een intake vastgelegd.")]}
                )
            intake = core.lock(FinancialIntake, existing.pk, expected_version)
        intake.date = date
        intake.situation = _seal(enrolment, FinancialIntake, "situation", intake.pk, situation)
        core.save(intake)
    return intake


def add_snapshot(
    *, actor: User, enrolment: Enrolment, date: dt.date, amounts: Mapping[str, object]
) -> BudgetSnapshot:
    """A budget snapshot: monthly income per source and fixed costs per kind, each >= 0.
    Records the monthly room (income - costs) as an outcome value."""
    _require_worker(actor, enrolment)
    _not_future(date, "date")
    if date < enrolment.start_date:
        raise ValidationError({"date": [_("De datum ligt voor de start van het traject.")]})
    unknown = set(amounts) - set(AMOUNT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Onbekende post.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    clean: dict[str, Decimal] = {}
    for name in AMOUNT_FIELDS:
        try:
            clean[name] = parse_amount(amounts.get(name), name, required=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    snapshot = BudgetSnapshot(enrolment=enrolment, date=date, recorded_by=actor, **clean)
    with transaction.atomic():
        if BudgetSnapshot.objects.filter(enrolment=enrolment, date=date).exists():
            raise ValidationError(
                {"date": [_("Op deze datum is al een budgetoverzicht vastgelegd.")]}
            )
        core.save(snapshot)
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=MEASURE_ROOM,
            date=date,
            value=snapshot.room,
            source=f"budget:{snapshot.pk}"[:80],
            check_scope=False,
        )
    return snapshot


# --- debts --------------------------------------------------------------------------------


def _check_debt(
    *,
    creditor_kind: str,
    creditor_name: str,
    original_amount,
    current_amount,
    status: str,
    since: dt.date | None,
    increase_reason: str,
    allow_forgiven: bool = False,
) -> dict:
    errors: dict[str, list[str]] = {}

    def attempt(field, fn):
        try:
            return fn()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
            return None

    if creditor_kind not in Debt.CreditorKind.values:
        errors.setdefault("creditor_kind", []).append(_("Kies een soort schuldeiser."))
    name = attempt(
        "creditor_name",
        lambda: check_text(creditor_name, field_name="creditor_name", max_length=200),
    )
    original = attempt("original_amount", lambda: parse_amount(original_amount, "original_amount"))
    current = attempt("current_amount", lambda: parse_amount(current_amount, "current_amount"))
    reason = attempt(
        "increase_reason",
        lambda: check_text(
            increase_reason, field_name="increase_reason", max_length=1000, required=False
        ),
    )
    if status not in Debt.Status.values:
        errors.setdefault("status", []).append(_("Kies een status."))
    elif status == Debt.Status.FORGIVEN and not allow_forgiven:
        errors.setdefault("status", []).append(
            _("Een schuld wordt kwijtgescholden via een goedgekeurde kwijtschelding.")
        )
    attempt("since", lambda: _not_future(since, "since"))
    if original is not None and current is not None and current > original and not reason:
        errors.setdefault("current_amount", []).append(
            _(
                "Het huidige bedrag is hoger dan het oorspronkelijke bedrag. "
                "Geef de reden op (bijvoorbeeld rente of incassokosten)."
            )
        )
    if errors:
        raise ValidationError(errors)
    return {
        "creditor_kind": creditor_kind,
        "name": name,
        "original_amount": original,
        "current_amount": current,
        "status": status,
        "since": since,
        "reason": reason if current > original else "",
    }


def add_debt(
    *,
    actor: User,
    enrolment: Enrolment,
    creditor_kind: str,
    creditor_name: str,
    original_amount,
    current_amount,
    status: str = Debt.Status.OPEN,
    since: dt.date | None = None,
    increase_reason: str = "",
    changed_on: dt.date | None = None,
) -> Debt:
    """Add a debt; the debts outstanding are recorded on ``changed_on`` (default today)."""
    _require_worker(actor, enrolment)
    _not_future(changed_on or timezone.localdate(), "changed_on")
    data = _check_debt(
        creditor_kind=creditor_kind,
        creditor_name=creditor_name,
        original_amount=original_amount,
        current_amount=current_amount,
        status=status,
        since=since,
        increase_reason=increase_reason,
    )
    debt = Debt(
        enrolment=enrolment,
        creditor_kind=data["creditor_kind"],
        original_amount=data["original_amount"],
        current_amount=data["current_amount"],
        status=data["status"],
        since=data["since"],
    )
    with transaction.atomic():
        debt.creditor_name = _seal(enrolment, Debt, "creditor_name", debt.pk, data["name"])
        debt.increase_reason = _seal(enrolment, Debt, "increase_reason", debt.pk, data["reason"])
        core.save(debt)
        _record_outstanding(actor, enrolment, f"debt:{debt.pk}", changed_on)
    return debt


def update_debt(
    *,
    actor: User,
    debt: Debt,
    expected_version: int,
    creditor_kind: str,
    creditor_name: str,
    original_amount,
    current_amount,
    status: str,
    since: dt.date | None,
    increase_reason: str = "",
    changed_on: dt.date | None = None,
) -> Debt:
    """Correct a debt or record its new current amount or status; the change is kept in the
    history and the debts outstanding are recorded as a dated outcome value."""
    enrolment = debt.enrolment
    _require_worker(actor, enrolment)
    _not_future(changed_on or timezone.localdate(), "changed_on")
    with transaction.atomic():
        current = core.lock(Debt, debt.pk, expected_version)
        data = _check_debt(
            creditor_kind=creditor_kind,
            creditor_name=creditor_name,
            original_amount=original_amount,
            current_amount=current_amount,
            status=status,
            since=since,
            increase_reason=increase_reason,
            allow_forgiven=current.status == Debt.Status.FORGIVEN,
        )
        if current.status == Debt.Status.FORGIVEN and data["status"] != Debt.Status.FORGIVEN:
            raise ValidationError(
                {"status": [_("Een kwijtgescholden schuld kan niet meer worden heropend.")]}
            )
        current.creditor_kind = data["creditor_kind"]
        current.original_amount = data["original_amount"]
        current.current_amount = data["current_amount"]
        current.status = data["status"]
        current.since = data["since"]
        current.creditor_name = _seal(enrolment, Debt, "creditor_name", current.pk, data["name"])
        current.increase_reason = _seal(
            enrolment, Debt, "increase_reason", current.pk, data["reason"]
        )
        core.save(current)
        _record_outstanding(actor, enrolment, f"debt:{current.pk}", changed_on)
    return current


# --- pilot places -------------------------------------------------------------------------


def places_cap() -> int:
    return int(getattr(settings, "KOERS_SCHULDENVRIJ_PLACES", 100))


def admit_to_pilot(*, actor: User, enrolment: Enrolment, date: dt.date) -> PilotPlace:
    """Give the enrolment a place in the forgiveness pilot; refused when the places are used."""
    _require_worker(actor, enrolment)
    _require_active(enrolment)
    _not_future(date, "admitted_on")
    with transaction.atomic():
        # Serialise admissions: the programme row is the lock of the pilot's places.
        Programme.objects.select_for_update().get(code=PROGRAMME)
        if PilotPlace.objects.filter(enrolment=enrolment).exists():
            raise ValidationError(
                {"enrolment": [_("Deze deelnemer heeft al een plaats in de pilot.")]}
            )
        cap = places_cap()
        if PilotPlace.objects.count() >= cap:
            raise ValidationError(
                {
                    "enrolment": [
                        _(
                            "Alle %(cap)s plaatsen in de pilot kwijtschelding zijn bezet. "
                            "Een nieuwe plaats kan pas als het aantal plaatsen wordt verhoogd."
                        )
                        % {"cap": cap}
                    ]
                }
            )
        place = PilotPlace(enrolment=enrolment, admitted_on=date, admitted_by=actor)
        core.save(place)
    return place


# --- forgiveness --------------------------------------------------------------------------


def propose_forgiveness(
    *,
    actor: User,
    enrolment: Enrolment,
    amount,
    date: dt.date,
    funding: str,
    debts: Iterable[Debt] | None = None,
) -> Forgiveness:
    """Propose to forgive (part of) the residual debt. ``debts``: the debts covered (default:
    every open debt and debt in an arrangement); the amount may not exceed their sum."""
    _require_worker(actor, enrolment)
    _require_active(enrolment)
    errors: dict[str, list[str]] = {}
    try:
        amount = parse_amount(amount, "amount")
        if amount <= 0:
            errors["amount"] = [_("Het bedrag moet groter zijn dan nul.")]
    except ValidationError as error:
        errors.update(error.message_dict)
    if funding not in Forgiveness.Funding.values:
        errors["funding"] = [_("Kies de financiering.")]
    if date is None:
        errors["date"] = [_("Vul een datum in.")]
    elif date < enrolment.start_date:
        errors["date"] = [_("De datum ligt voor de start van het traject.")]
    elif date > timezone.localdate() + dt.timedelta(days=366):
        errors["date"] = [_("De datum ligt meer dan een jaar in de toekomst.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not PilotPlace.objects.filter(enrolment=enrolment).exists():
            raise ValidationError(
                {"enrolment": [_("Geef de deelnemer eerst een plaats in de pilot kwijtschelding.")]}
            )
        if Forgiveness.objects.filter(
            enrolment=enrolment,
            status__in=(Forgiveness.Status.PROPOSED, Forgiveness.Status.APPROVED),
        ).exists():
            raise ValidationError(
                {
                    "enrolment": [
                        _("Voor dit traject loopt al een voorstel of is al kwijtgescholden.")
                    ]
                }
            )
        residual = list(
            Debt.objects.select_for_update().filter(enrolment=enrolment, status__in=Debt.RESIDUAL)
        )
        if debts is None:
            covered = residual
        else:
            wanted = {d.pk for d in debts}
            covered = [d for d in residual if d.pk in wanted]
            if len(covered) != len(wanted):
                raise ValidationError(
                    {"debts": [_("Kies alleen open schulden of schulden in een regeling.")]}
                )
        if not covered:
            raise ValidationError(
                {"debts": [_("Er is geen openstaande restschuld om kwijt te schelden.")]}
            )
        total = sum((d.current_amount for d in covered), ZERO)
        if amount > total:
            raise ValidationError(
                {
                    "amount": [
                        _(
                            "Het bedrag is hoger dan de vastgelegde restschuld "
                            "(€ %(total)s). Kwijtschelding kan niet meer zijn dan de schuld."
                        )
                        % {"total": _euro(total)}
                    ]
                }
            )
        forgiveness = Forgiveness(
            enrolment=enrolment, amount=amount, date=date, funding=funding, proposed_by=actor
        )
        core.save(forgiveness)
        forgiveness.debts.set(covered)
    return forgiveness


def _euro(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def decide_forgiveness(
    *, actor: User, forgiveness: Forgiveness, expected_version: int, approve: bool
) -> Forgiveness:
    """Four eyes: a team lead of the enrolment's team who did not propose it approves or
    rejects. On approval the covered debts become forgiven, the debts outstanding are recorded
    and the follow-ups at 6, 12 and 24 months are planned."""
    enrolment = forgiveness.enrolment
    if not has_role(actor, TEAM_LEAD):
        raise PermissionDenied
    _require_worker(actor, enrolment)
    if not TeamMembership.objects.filter(
        user=actor, team_id=enrolment.team_id, team__active=True
    ).exists():
        raise PermissionDenied
    with transaction.atomic():
        current = core.lock(Forgiveness, forgiveness.pk, expected_version)
        if current.proposed_by_id == actor.pk:
            raise ValidationError(
                {
                    "decision": [
                        _(
                            "U hebt deze kwijtschelding zelf voorgesteld. Een andere teamleider "
                            "beslist (vier ogen)."
                        )
                    ]
                }
            )
        if current.status != Forgiveness.Status.PROPOSED:
            raise ValidationError({"decision": [_("Over dit voorstel is al beslist.")]})
        current.decided_by = actor
        current.decided_at = timezone.now()
        if not approve:
            current.status = Forgiveness.Status.REJECTED
            core.save(current)
            return current
        covered = list(Debt.objects.select_for_update().filter(forgivenesses=current))
        still = [d for d in covered if d.status in Debt.RESIDUAL]
        total = sum((d.current_amount for d in still), ZERO)
        if len(still) != len(covered) or current.amount > total:
            raise ValidationError(
                {
                    "decision": [
                        _(
                            "De schulden zijn veranderd sinds het voorstel; het bedrag is hoger "
                            "dan de vastgelegde restschuld (€ %(total)s). Wijs af en doe een "
                            "nieuw voorstel."
                        )
                        % {"total": _euro(total)}
                    ]
                }
            )
        current.status = Forgiveness.Status.APPROVED
        core.save(current)
        for debt in covered:
            debt.status = Debt.Status.FORGIVEN
            core.save(debt)
        for months in FollowUp.MONTHS:
            core.save(
                FollowUp(
                    forgiveness=current, months=months, due_on=add_months(current.date, months)
                )
            )
        _record_outstanding(
            actor, enrolment, f"forgiveness:{current.pk}", min(current.date, timezone.localdate())
        )
    return current


# --- follow-up ----------------------------------------------------------------------------


def record_follow_up(
    *,
    actor: User,
    follow_up: FollowUp,
    expected_version: int,
    done_on: dt.date,
    new_debts: bool | None,
    new_debts_amount=None,
) -> FollowUp:
    """Record a follow-up: new debts since the forgiveness (yes/no, and how much)."""
    enrolment = follow_up.forgiveness.enrolment
    _require_worker(actor, enrolment)
    errors: dict[str, list[str]] = {}
    try:
        _not_future(done_on, "done_on")
        if done_on < follow_up.forgiveness.date:
            errors["done_on"] = [_("De datum ligt voor de kwijtschelding.")]
    except ValidationError as error:
        errors.update(error.message_dict)
    amount = ZERO
    if new_debts is None:
        errors["new_debts"] = [_("Kies ja of nee.")]
    elif new_debts:
        try:
            amount = parse_amount(new_debts_amount, "new_debts_amount")
            if amount <= 0:
                errors["new_debts_amount"] = [_("Vul het bedrag van de nieuwe schulden in.")]
        except ValidationError as error:
            errors.update(error.message_dict)
    elif new_debts_amount not in (None, "") and parse_amount(
        new_debts_amount, "new_debts_amount", required=False
    ):
        errors["new_debts_amount"] = [_("Zonder nieuwe schulden hoort hier geen bedrag.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = core.lock(FollowUp, follow_up.pk, expected_version)
        current.done_on = done_on
        current.new_debts = new_debts
        current.new_debts_amount = amount
        current.recorded_by = actor
        core.save(current)
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=MEASURE_NEW_DEBTS,
            date=done_on,
            value=amount,
            source=f"follow_up:{current.pk}"[:80],
            check_scope=False,
        )
    return current


# --- 18-/18+ ------------------------------------------------------------------------------


def record_preventive_contact(
    *, actor: User, participant: Participant, date: dt.date, done: bool = True
) -> PreventiveContact:
    """A preventive contact with a young person of the actor's caseload (any programme of the
    actor's teams) around the 18th birthday."""
    if not may_work(actor):
        raise PermissionDenied
    enrolment = (
        Enrolment.objects.filter(
            participant=participant,
            status=Enrolment.Status.ACTIVE,
            team_id__in=TeamMembership.objects.filter(user=actor, team__active=True).values(
                "team_id"
            ),
        )
        .order_by("start_date")
        .first()
    )
    if enrolment is None:
        raise PermissionDenied
    core.require_enrolment_scope(actor, enrolment)
    if date is None:
        raise ValidationError({"date": [_("Vul een datum in.")]})
    if done:
        _not_future(date, "date")
    elif date > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"date": [_("De datum ligt meer dan een jaar in de toekomst.")]})
    contact = PreventiveContact(
        enrolment=enrolment, participant=participant, date=date, done=done, recorded_by=actor
    )
    with transaction.atomic():
        core.save(contact)
    return contact
