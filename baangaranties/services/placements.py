"""Placements: creating one (checked step by step against commitments, offers, basic jobs
and Open Hiring), ending one, and its retention checks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from baangaranties.models import (
    COMMITTED_KINDS,
    RETENTION_MONTHS,
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
)
from baangaranties.services.base import (
    ROUTE_OF_KIND,
    _hours,
    _outcome,
    _require_choice,
    _require_date,
    _require_programme,
    _today,
    add_months,
)
from baangaranties.services.reference import filled
from casework import services as core
from casework.models import Enrolment


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
    _check_placement_terms(kind, route, start_date, end_date)
    employer = _placement_employer(kind, employer, offered_place)
    with transaction.atomic():
        _check_commitment(employer=employer, kind=kind, start_date=start_date)
        if offered_place is not None:
            _check_offer_has_room(offered_place)
        if route == Route.BASIC_JOB:
            _check_basic_job_free(start_date, end_date)
        signup = _offered_signup(enrolment) if route == Route.OPEN_HIRING else None
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
        _schedule_checks(actor, placement)
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


def _check_placement_terms(
    kind: str, route: str, start_date: dt.date, end_date: dt.date | None
) -> None:
    """The end is not before the start, the route goes with the kind of place, and the start
    lies at most a year ahead."""
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


def _placement_employer(
    kind: str, employer: Employer | None, offered_place: OfferedPlace | None
) -> Employer:
    """The placement's employer: the offered place's (which must match the employer chosen,
    if any, and the kind), else the one chosen; it must be active."""
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
    return employer


def _check_offer_has_room(offered_place: OfferedPlace) -> None:
    """The offered place (locked) still has a free place."""
    offer = OfferedPlace.objects.select_for_update().get(pk=offered_place.pk)
    if offer.placements.count() >= offer.places:
        raise ValidationError(
            {"offered_place": [_("Alle plekken van deze aangeboden plek zijn bezet.")]}
        )


def _check_basic_job_free(start_date: dt.date, end_date: dt.date | None) -> None:
    """A basic job is free over the placement's whole period from today on."""
    # Serialise the cap check on the programme's basic-job placements.
    list(Placement.objects.select_for_update().filter(route=Route.BASIC_JOB).values("pk"))
    cap = basic_jobs_cap()
    # Checked over the whole period from today on, not only its first day: a
    # placement starting later must not overlap more running ones than there are
    # basic jobs on any day.
    if (end_date is None or end_date >= _today()) and peak_basic_jobs(
        max(start_date, _today()), end_date
    ) >= cap:
        raise ValidationError({"route": [_("Alle %(n)s basisbanen zijn bezet.") % {"n": cap}]})


def _offered_signup(enrolment: Enrolment) -> OpenHiringSignup:
    """The participant's Open Hiring signup with a place offered (locked); refused without."""
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
    return signup


def _schedule_checks(actor: User, placement: Placement) -> None:
    """A retention check per retention month; one due after the placement's end is answered
    "no" on the end date."""
    for months in RETENTION_MONTHS:
        check = RetentionCheck(
            placement=placement, months=months, due_on=add_months(placement.start_date, months)
        )
        if placement.end_date and check.due_on > placement.end_date:
            _answer_no(check, placement.end_date, actor)
        core.save(check)


def _answer_no(check: RetentionCheck, day: dt.date, actor: User) -> None:
    """Answer a retention check "no longer employed" on ``day``."""
    check.still_employed = False
    check.checked_on = day
    check.recorded_by = actor


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
            _answer_no(check, end_date, actor)
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
