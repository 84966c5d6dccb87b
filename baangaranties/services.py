"""Writes of the baangaranties app. Keyword-only; the actor's scope is checked first; input
is validated, then saved inside one transaction, so that bad input changes nothing. Editable
records are saved through ``casework.services.lock`` with the version the user read.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import has_role
from accounts.roles import CASEWORKER, FUNCTIONAL_ADMIN, TEAM_LEAD
from baangaranties.models import (
    COMMITTED_KINDS,
    RETENTION_MONTHS,
    AssistanceRoute,
    BranchChain,
    Commitment,
    ContractKind,
    Employer,
    EndReason,
    OfferedPlace,
    OpenHiringSignup,
    PlaceKind,
    Placement,
    RetentionCheck,
    Route,
    basic_jobs_cap,
    open_hiring_places,
)
from casework import permissions
from casework import services as core
from casework.models import Enrolment

PROGRAMME = "baangarantie"
ConcurrentEditError = core.ConcurrentEditError

# Which route a kind of place goes with.
ROUTE_OF_KIND = {
    PlaceKind.BASIC_JOB: Route.BASIC_JOB,
    PlaceKind.OPEN_HIRING: Route.OPEN_HIRING,
    PlaceKind.JOB_GUARANTEE: Route.REGULAR,
    PlaceKind.WORK_EXPERIENCE: Route.REGULAR,
    PlaceKind.INTERNSHIP: Route.REGULAR,
}


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _today() -> dt.date:
    return timezone.localdate()


def _require_programme(actor: User, enrolment: Enrolment) -> None:
    """The enrolment is an active baangarantie enrolment of one of the actor's teams."""
    core.require_enrolment_scope(actor, enrolment)
    if enrolment.programme.code != PROGRAMME:
        raise ValidationError({"enrolment": [_("Deze inschrijving hoort niet bij Baangarantie.")]})
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError({"enrolment": [_("Dit traject loopt niet meer.")]})


def _require_choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: [_("Kies een van de mogelijke waarden.")]})
    return value


def _require_date(value, field: str, *, required: bool = True) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise ValidationError({field: [_("Vul een datum in.")]})
        return None
    if not isinstance(value, dt.date):
        raise ValidationError({field: [_("Vul een geldige datum in.")]})
    return value


def _count(value, field: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool):
        raise ValidationError({field: [_("Vul een geheel getal in.")]})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: [_("Vul een geheel getal in.")]}) from None
    if number != value and str(number) != str(value).strip():
        raise ValidationError({field: [_("Vul een geheel getal in.")]})
    if number < minimum:
        raise ValidationError(
            {field: [_("Vul een aantal in van %(min)s of meer.") % {"min": minimum}]}
        )
    return number


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours_per_week": [_("Vul een aantal uren in.")]}) from None
    if not hours.is_finite() or not Decimal(0) < hours <= Decimal(40):
        raise ValidationError(
            {"hours_per_week": [_("Het aantal uren per week ligt tussen 0 en 40.")]}
        )
    return hours.quantize(Decimal("0.1"))


def _outcome(actor, enrolment, code: str, day: dt.date, value, source: str) -> None:
    """Record a measure's value when its date has come (outcomes are never in the future)."""
    if day <= _today():
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=code,
            date=day,
            value=value,
            source=source,
            check_scope=False,
        )


# --- reference data: commitments and offered places ---------------------------------------


def may_enter_commitments(user: User) -> bool:
    return has_role(user, TEAM_LEAD, FUNCTIONAL_ADMIN)


def may_offer_places(user: User) -> bool:
    return has_role(user, CASEWORKER, TEAM_LEAD, FUNCTIONAL_ADMIN)


def filled(chain_id: int, year: int, kind: str) -> int:
    """Placements of ``kind`` with an employer of the chain that started in ``year``."""
    return Placement.objects.filter(
        employer__chain_id=chain_id, kind=kind, start_date__year=year
    ).count()


def save_commitment(
    *,
    actor: User,
    chain: BranchChain,
    year: int,
    job_guarantees: int,
    work_experience_places: int,
    internships: int,
    expected_version: int | None = None,
) -> Commitment:
    """Enter or change a chain's commitment for a year (team lead or functional admin). A
    commitment cannot go below the placements already made under it."""
    if not may_enter_commitments(actor):
        raise PermissionDenied
    year = _count(year, "year", minimum=2020)
    if year > 2050:
        raise ValidationError({"year": [_("Kies een jaar tot en met 2050.")]})
    numbers = {
        "job_guarantees": _count(job_guarantees, "job_guarantees"),
        "work_experience_places": _count(work_experience_places, "work_experience_places"),
        "internships": _count(internships, "internships"),
    }
    with transaction.atomic():
        existing = Commitment.objects.filter(chain=chain, year=year).first()
        if existing is None:
            commitment = Commitment(chain=chain, year=year)
        else:
            if expected_version is None:
                raise ValidationError(
                    {"year": [_("Voor deze keten en dit jaar is al een toezegging; wijzig die.")]}
                )
            commitment = core.lock(Commitment, existing.pk, expected_version)
        # Commitment.clean refuses a number below the placements already made.
        for field_name in COMMITTED_KINDS.values():
            setattr(commitment, field_name, numbers[field_name])
        commitment.entered_by = actor
        core.save(commitment)
    return commitment


def add_offered_place(
    *, actor: User, employer: Employer, kind: str, year: int, places: int, opened_on: dt.date
) -> OfferedPlace:
    if not may_offer_places(actor):
        raise PermissionDenied
    kind = _require_choice(kind, PlaceKind, "kind")
    year = _count(year, "year", minimum=2020)
    places = _count(places, "places", minimum=1)
    opened_on = _require_date(opened_on, "opened_on")
    if not employer.active or not employer.chain.active:
        raise ValidationError({"employer": [_("Deze werkgever is niet meer actief.")]})
    offer = OfferedPlace(
        employer=employer, kind=kind, year=year, places=places, opened_on=opened_on
    )
    with transaction.atomic():
        core.save(offer)
    return offer


# --- placements ---------------------------------------------------------------------------


def _check_commitment(*, employer: Employer, kind: str, start_date: dt.date) -> None:
    """Refuse a placement that would exceed its chain's commitment for the year and kind.
    The commitment row is locked, so two placements at once cannot both take the last place."""
    if kind not in COMMITTED_KINDS:
        return
    chain = employer.chain
    year = start_date.year
    commitment = Commitment.objects.select_for_update().filter(chain=chain, year=year).first()
    committed = commitment.places_for(kind) if commitment else 0
    taken = filled(chain.pk, year, kind)
    if taken + 1 > committed:
        raise ValidationError(
            {
                "employer": [
                    # No counts: how many people a chain placed is a programme-wide figure.
                    _(
                        "De toezegging van %(chain)s voor %(year)s is vol: er is geen plek "
                        "(%(kind)s) meer vrij. Kies een andere keten of vraag de teamleider "
                        "de toezegging te verhogen."
                    )
                    % {
                        "chain": chain.name,
                        "year": year,
                        "kind": PlaceKind(kind).label.lower(),
                    }
                ]
            }
        )


def active_basic_jobs(on: dt.date | None = None) -> int:
    on = on or _today()
    return (
        Placement.objects.filter(route=Route.BASIC_JOB, start_date__lte=on)
        .exclude(end_date__lt=on)
        .count()
    )


def peak_basic_jobs(start: dt.date, end: dt.date | None) -> int:
    """The most basic-job placements running on any one day from ``start`` to ``end`` (open
    when None). The count only rises on a start date, so the days to look at are ``start``
    and the start dates inside the period."""
    spans = list(
        Placement.objects.filter(route=Route.BASIC_JOB)
        .exclude(end_date__lt=start)
        .filter(**({"start_date__lte": end} if end else {}))
        .values_list("start_date", "end_date")
    )
    days = {start} | {s for s, _e in spans if s > start}
    return max(
        (sum(1 for s, e in spans if s <= day and (e is None or e >= day)) for day in days),
        default=0,
    )


def create_placement(
    *,
    actor: User,
    enrolment: Enrolment,
    kind: str,
    route: str,
    start_date: dt.date,
    contract_kind: str,
    hours_per_week,
    employer: Employer | None = None,
    offered_place: OfferedPlace | None = None,
    end_date: dt.date | None = None,
    end_reason: str = "",
) -> Placement:
    _require_programme(actor, enrolment)
    kind = _require_choice(kind, PlaceKind, "kind")
    route = _require_choice(route, Route, "route")
    contract_kind = _require_choice(contract_kind, ContractKind, "contract_kind")
    start_date = _require_date(start_date, "start_date")
    end_date = _require_date(end_date, "end_date", required=False)
    hours = _hours(hours_per_week)
    if end_reason:
        _require_choice(end_reason, EndReason, "end_reason")
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": [_("De einddatum ligt voor de startdatum.")]})
    if ROUTE_OF_KIND[kind] != route:
        raise ValidationError(
            {
                "route": [
                    _("Deze route past niet bij de soort plek: %(kind)s.")
                    % {"kind": PlaceKind(kind).label}
                ]
            }
        )
    if start_date > _today() + dt.timedelta(days=366):
        raise ValidationError({"start_date": [_("De startdatum ligt meer dan een jaar vooruit.")]})
    if offered_place is not None:
        if employer is not None and employer.pk != offered_place.employer_id:
            raise ValidationError(
                {"offered_place": [_("Deze aangeboden plek is van een andere werkgever.")]}
            )
        if offered_place.kind != kind:
            raise ValidationError(
                {"offered_place": [_("Deze aangeboden plek is van een andere soort.")]}
            )
        employer = offered_place.employer
    if employer is None:
        raise ValidationError({"employer": [_("Kies een werkgever.")]})
    if not employer.active:
        raise ValidationError({"employer": [_("Deze werkgever is niet meer actief.")]})
    with transaction.atomic():
        _check_commitment(employer=employer, kind=kind, start_date=start_date)
        if offered_place is not None:
            offer = OfferedPlace.objects.select_for_update().get(pk=offered_place.pk)
            if offer.placements.count() >= offer.places:
                raise ValidationError(
                    {"offered_place": [_("Alle plekken van deze aangeboden plek zijn bezet.")]}
                )
        signup = None
        if route == Route.BASIC_JOB:
            # Serialise the cap check on the programme's basic-job placements.
            list(Placement.objects.select_for_update().filter(route=Route.BASIC_JOB).values("pk"))
            cap = basic_jobs_cap()
            # Checked over the whole period from today on, not only its first day: a
            # placement starting later must not overlap more running ones than there are
            # basic jobs on any day.
            if (end_date is None or end_date >= _today()) and peak_basic_jobs(
                max(start_date, _today()), end_date
            ) >= cap:
                raise ValidationError(
                    {"route": [_("Alle %(n)s basisbanen zijn bezet.") % {"n": cap}]}
                )
        if route == Route.OPEN_HIRING:
            signup = (
                OpenHiringSignup.objects.select_for_update()
                .filter(
                    participant_id=enrolment.participant_id,
                    status=OpenHiringSignup.Status.OFFERED,
                )
                .first()
            )
            if signup is None:
                raise ValidationError(
                    {
                        "route": [
                            _(
                                "Open Hiring: alleen wie op de lijst aan de beurt is en een "
                                "plek aangeboden kreeg, kan zo worden geplaatst."
                            )
                        ]
                    }
                )
        placement = Placement(
            enrolment=enrolment,
            participant_id=enrolment.participant_id,
            employer=employer,
            offered_place=offered_place,
            kind=kind,
            route=route,
            start_date=start_date,
            end_date=end_date,
            end_reason=end_reason,
            contract_kind=contract_kind,
            hours_per_week=hours,
            created_by=actor,
        )
        core.save(placement)
        for months in RETENTION_MONTHS:
            check = RetentionCheck(
                placement=placement, months=months, due_on=add_months(start_date, months)
            )
            if end_date and check.due_on > end_date:
                check.still_employed = False
                check.checked_on = end_date
                check.recorded_by = actor
            core.save(check)
        if signup is not None:
            signup.status = OpenHiringSignup.Status.PLACED
            signup.placement = placement
            core.save(signup)
        _outcome(
            actor,
            enrolment,
            "baangarantie_employment_status",
            start_date,
            employment_status(kind, contract_kind),
            f"placement:{placement.pk}",
        )
        if end_date:
            _record_end_outcomes(actor, placement)
    return placement


def employment_status(kind: str, contract_kind: str) -> str:
    if kind == PlaceKind.INTERNSHIP or contract_kind == ContractKind.INTERNSHIP:
        return "internship"
    if kind == PlaceKind.WORK_EXPERIENCE or contract_kind == ContractKind.WORK_EXPERIENCE:
        return "work_experience"
    return "employed"


def _record_end_outcomes(actor, placement: Placement) -> None:
    source = f"placement:{placement.pk}"
    status = "employed" if placement.end_reason == EndReason.OTHER_WORK else "unemployed"
    _outcome(
        actor,
        placement.enrolment,
        "baangarantie_employment_status",
        placement.end_date,
        status,
        source,
    )


def end_placement(
    *,
    actor: User,
    placement: Placement,
    expected_version: int,
    end_date: dt.date,
    end_reason: str,
) -> Placement:
    """End a placement with its reason. Retention checks due after the end are answered
    "no" on the end date."""
    _require_programme(actor, placement.enrolment)
    end_date = _require_date(end_date, "end_date")
    if not end_reason:
        raise ValidationError({"end_reason": [_("Kies de reden waarom de plaatsing eindigde.")]})
    _require_choice(end_reason, EndReason, "end_reason")
    if end_date > _today():
        raise ValidationError({"end_date": [_("De einddatum ligt in de toekomst.")]})
    with transaction.atomic():
        current = core.lock(Placement, placement.pk, expected_version)
        if current.end_date is not None:
            raise ValidationError({"end_date": [_("Deze plaatsing is al beëindigd.")]})
        if end_date < current.start_date:
            raise ValidationError({"end_date": [_("De einddatum ligt voor de startdatum.")]})
        current.end_date = end_date
        current.end_reason = end_reason
        core.save(current)
        for check in current.checks.filter(checked_on__isnull=True, due_on__gt=end_date):
            check.checked_on = end_date
            check.still_employed = False
            check.recorded_by = actor
            core.save(check)
            _outcome(
                actor,
                current.enrolment,
                "baangarantie_placement_retained",
                end_date,
                False,
                f"check:{check.pk}",
            )
        _record_end_outcomes(actor, current)
    return current


def record_check(
    *,
    actor: User,
    check: RetentionCheck,
    expected_version: int,
    still_employed: bool,
    checked_on: dt.date,
) -> RetentionCheck:
    placement = check.placement
    _require_programme(actor, placement.enrolment)
    if not isinstance(still_employed, bool):
        raise ValidationError({"still_employed": [_("Kies ja of nee.")]})
    checked_on = _require_date(checked_on, "checked_on")
    if checked_on > _today():
        raise ValidationError({"checked_on": [_("De datum ligt in de toekomst.")]})
    if checked_on < placement.start_date:
        raise ValidationError({"checked_on": [_("De datum ligt voor de start van de plaatsing.")]})
    with transaction.atomic():
        current = core.lock(RetentionCheck, check.pk, expected_version)
        current.still_employed = still_employed
        current.checked_on = checked_on
        current.recorded_by = actor
        core.save(current)
        _outcome(
            actor,
            placement.enrolment,
            "baangarantie_placement_retained",
            checked_on,
            still_employed,
            f"check:{current.pk}",
        )
    return current


# --- Open Hiring --------------------------------------------------------------------------


def sign_up_open_hiring(
    *, actor: User, enrolment: Enrolment, signed_up_at: dt.datetime | None = None
) -> OpenHiringSignup:
    """Put a participant on the Open Hiring list: no interview, no CV, only the moment."""
    _require_programme(actor, enrolment)
    signed_up_at = signed_up_at or timezone.now()
    if signed_up_at > timezone.now():
        raise ValidationError(
            {"signed_up_at": [_("Het moment van aanmelden ligt in de toekomst.")]}
        )
    with transaction.atomic():
        if (
            OpenHiringSignup.objects.filter(participant_id=enrolment.participant_id)
            .exclude(status=OpenHiringSignup.Status.WITHDRAWN)
            .exists()
        ):
            raise ValidationError(
                {"enrolment": [_("Deze deelnemer staat al op de Open Hiring-lijst.")]}
            )
        signup = OpenHiringSignup(
            enrolment=enrolment,
            participant_id=enrolment.participant_id,
            signed_up_at=signed_up_at,
        )
        core.save(signup)
    return signup


def offer_open_hiring(*, actor: User) -> list[OpenHiringSignup]:
    """Offer places to the first people waiting, in the order they signed up, until the
    places of the pilot (``KOERS_OPEN_HIRING_PLACES``, 5) are given. Only the actor's teams'
    list is offered; the places count over the whole programme."""
    if not permissions.has_file_access(actor):
        raise PermissionDenied
    places = open_hiring_places()
    with transaction.atomic():
        taken_rows = list(
            OpenHiringSignup.objects.select_for_update().filter(
                status__in=[OpenHiringSignup.Status.OFFERED, OpenHiringSignup.Status.PLACED]
            )
        )
        free = places - len(taken_rows)
        if free <= 0:
            raise ValidationError(
                {"__all__": [_("Alle %(n)s Open Hiring-plekken zijn vergeven.") % {"n": places}]}
            )
        waiting = list(
            OpenHiringSignup.objects.select_for_update()
            .filter(
                status=OpenHiringSignup.Status.WAITING,
                enrolment__team_id__in=permissions.member_teams_subquery(actor),
                enrolment__status=Enrolment.Status.ACTIVE,
            )
            .order_by("signed_up_at", "id")[:free]
        )
        if not waiting:
            raise ValidationError({"__all__": [_("Er staat niemand op de wachtlijst.")]})
        for signup in waiting:
            signup.status = OpenHiringSignup.Status.OFFERED
            signup.offered_on = _today()
            core.save(signup)
    return waiting


def withdraw_open_hiring(
    *, actor: User, signup: OpenHiringSignup, expected_version: int
) -> OpenHiringSignup:
    _require_programme(actor, signup.enrolment)
    with transaction.atomic():
        current = core.lock(OpenHiringSignup, signup.pk, expected_version)
        if current.status == OpenHiringSignup.Status.PLACED:
            raise ValidationError(
                {"status": [_("Wie al aan het werk is, beëindigt de plaatsing in plaats daarvan.")]}
            )
        current.status = OpenHiringSignup.Status.WITHDRAWN
        core.save(current)
    return current


# --- social assistance ----------------------------------------------------------------------


def record_social_assistance(
    *, actor: User, enrolment: Enrolment, on_assistance: bool, date: dt.date
) -> None:
    """Record that the participant is (or is no longer) on social assistance."""
    _require_programme(actor, enrolment)
    if not isinstance(on_assistance, bool):
        raise ValidationError({"on_assistance": [_("Kies ja of nee.")]})
    date = _require_date(date, "date")
    if date > _today():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    with transaction.atomic():
        _outcome(
            actor, enrolment, "baangarantie_social_assistance", date, on_assistance, "assistance"
        )


def add_route(
    *,
    actor: User,
    enrolment: Enrolment,
    on_assistance_since: dt.date,
    route: str,
    target_date: dt.date | None = None,
    status: str = AssistanceRoute.Status.PLANNED,
) -> AssistanceRoute:
    _require_programme(actor, enrolment)
    on_assistance_since = _require_date(on_assistance_since, "on_assistance_since")
    if on_assistance_since > _today():
        raise ValidationError({"on_assistance_since": [_("Deze datum ligt in de toekomst.")]})
    route = _require_choice(route, AssistanceRoute.Kind, "route")
    status = _require_choice(status, AssistanceRoute.Status, "status")
    target_date = _require_date(target_date, "target_date", required=False)
    if target_date and target_date < on_assistance_since:
        raise ValidationError(
            {"target_date": [_("De streefdatum ligt voor de datum in de bijstand.")]}
        )
    with transaction.atomic():
        if AssistanceRoute.objects.filter(
            participant_id=enrolment.participant_id, status__in=AssistanceRoute.OPEN_STATUSES
        ).exists():
            raise ValidationError(
                {"route": [_("Deze deelnemer heeft al een lopende route uit de bijstand.")]}
            )
        row = AssistanceRoute(
            enrolment=enrolment,
            participant_id=enrolment.participant_id,
            on_assistance_since=on_assistance_since,
            route=route,
            target_date=target_date,
            status=status,
            status_date=_today(),
        )
        core.save(row)
        _outcome(
            actor,
            enrolment,
            "baangarantie_social_assistance",
            on_assistance_since,
            status != AssistanceRoute.Status.OFF_ASSISTANCE,
            f"route:{row.pk}",
        )
    return row


def update_route(
    *,
    actor: User,
    route: AssistanceRoute,
    expected_version: int,
    route_kind: str,
    target_date: dt.date | None,
    status: str,
    status_date: dt.date | None = None,
) -> AssistanceRoute:
    _require_programme(actor, route.enrolment)
    route_kind = _require_choice(route_kind, AssistanceRoute.Kind, "route")
    status = _require_choice(status, AssistanceRoute.Status, "status")
    target_date = _require_date(target_date, "target_date", required=False)
    status_date = _require_date(status_date, "status_date", required=False) or _today()
    if status_date > _today():
        raise ValidationError({"status_date": [_("De datum ligt in de toekomst.")]})
    with transaction.atomic():
        current = core.lock(AssistanceRoute, route.pk, expected_version)
        if target_date and target_date < current.on_assistance_since:
            raise ValidationError(
                {"target_date": [_("De streefdatum ligt voor de datum in de bijstand.")]}
            )
        if status_date < current.on_assistance_since:
            raise ValidationError(
                {"status_date": [_("De datum ligt voor de datum in de bijstand.")]}
            )
        changed_status = current.status != status
        current.route = route_kind
        current.target_date = target_date
        current.status = status
        if changed_status:
            current.status_date = status_date
        core.save(current)
        if changed_status and status == AssistanceRoute.Status.OFF_ASSISTANCE:
            _outcome(
                actor,
                current.enrolment,
                "baangarantie_social_assistance",
                status_date,
                False,
                f"route:{current.pk}",
            )
    return current
