"""Reads of the financing app. Case data comes through ``casework.facts`` (see rules.py); the
two reads below add the ids of the records a claim's evidence names, which ``casework.facts``
does not return yet (reported: ``measurement_facts`` without the measurement id,
``outcome_facts`` without the value's id). They select non-encrypted columns only."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from accounts.permissions import has_role
from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD
from casework.facts import CHUNK
from financing.models import Agreement, Claim, Evidence, Payment

PERMISSION = "work_on_agreement"


# --- facts with record ids (non-encrypted columns only) -------------------------------------


def item_facts(participant_ids, *, instrument: str, item: str) -> Iterator[dict]:
    """Scores of one item of one instrument: participant_id, measurement_id, enrolment_id,
    instrument_code, item, date, value; ordered by participant and date."""
    from casework.models import MeasurementValue

    yield from (
        MeasurementValue.objects.filter(
            measurement__participant_id__in=participant_ids,
            measurement__instrument__code=instrument,
            item=item,
        )
        .order_by("measurement__participant_id", "measurement__date", "measurement_id")
        .values(
            "value",
            "item",
            "measurement_id",
            participant_id=_f("measurement__participant_id"),
            enrolment_id=_f("measurement__enrolment_id"),
            instrument_code=_f("measurement__instrument__code"),
            date=_f("measurement__date"),
        )
        .iterator(chunk_size=CHUNK)
    )


def outcome_facts(participant_ids, *, measure_codes) -> Iterator[dict]:
    """Outcome values with their id: id, participant_id, measure_code, date, value_*."""
    from casework.models import OutcomeValue

    yield from (
        OutcomeValue.objects.filter(
            participant_id__in=participant_ids, measure__code__in=list(measure_codes)
        )
        .order_by("participant_id", "date", "recorded_at")
        .values(
            "id",
            "participant_id",
            "date",
            "value_number",
            "value_choice",
            "value_bool",
            measure_code=_f("measure__code"),
        )
        .iterator(chunk_size=CHUNK)
    )


def goal_rise_candidates(participant_ids, *, min_rise: int):
    """Goals (ids, as a subquery) whose goal-attainment scores span at least ``min_rise``
    points: a necessary condition of a rise of ``min_rise`` over the first score, computed in
    the database so that only these goals' scores are read and evaluated in Python."""
    from django.db.models import F, Max, Min

    from casework.models import MeasurementValue

    return (
        MeasurementValue.objects.filter(
            measurement__participant_id__in=participant_ids,
            measurement__instrument__code="goal_attainment",
            goal__isnull=False,
        )
        .values("goal_id")
        .annotate(lo=Min("value"), hi=Max("value"))
        .filter(hi__gte=F("lo") + min_rise)
        .values("goal_id")
    )


def goal_attainment_rows(goal_ids) -> Iterator[dict]:
    """Per-goal attainment scores of the given goals: participant_id, goal_id,
    measurement_id, goal_position, date, value; ordered by participant, goal and date."""
    from casework.models import MeasurementValue

    yield from (
        MeasurementValue.objects.filter(goal_id__in=goal_ids)
        .order_by("measurement__participant_id", "goal_id", "measurement__date")
        .values(
            "value",
            "goal_id",
            "measurement_id",
            participant_id=_f("measurement__participant_id"),
            goal_position=_f("goal__position"),
            date=_f("measurement__date"),
        )
        .iterator(chunk_size=CHUNK)
    )


def item_rise_candidates(
    participant_ids, *, instrument: str, item: str, from_max: int, to_min: int
):
    """Participants (ids, as a subquery) with a score of ``item`` at most ``from_max`` and one
    at least ``to_min``: a necessary condition of the rise, computed in the database."""
    from django.db.models import Max, Min

    from casework.models import MeasurementValue

    return (
        MeasurementValue.objects.filter(
            measurement__participant_id__in=participant_ids,
            measurement__instrument__code=instrument,
            item=item,
        )
        .values("measurement__participant_id")
        .annotate(lo=Min("value"), hi=Max("value"))
        .filter(lo__lte=from_max, hi__gte=to_min)
        .values("measurement__participant_id")
    )


def household_member_ids(household_id) -> list:
    """Current and former members of a household (ids only)."""
    from casework.models import HouseholdMembership

    return list(
        HouseholdMembership.objects.filter(household_id=household_id).values_list(
            "participant_id", flat=True
        )
    )


def _f(path: str):
    from django.db.models import F

    return F(path)


# --- agreements -----------------------------------------------------------------------------


def granted(user) -> Q:
    return Q(
        agreementuserobjectpermission__user=user,
        agreementuserobjectpermission__permission__codename=PERMISSION,
    )


def visible_agreements(user) -> QuerySet[Agreement]:
    """The programme office sees every agreement; evaluators and team leads the agreements
    they are granted (django-guardian)."""
    agreements = Agreement.objects.select_related("payer", "programme")
    if has_role(user, PROGRAMME_OFFICE):
        return agreements.order_by("code")
    if has_role(user, EVALUATOR, TEAM_LEAD):
        return agreements.filter(pk__in=Agreement.objects.filter(granted(user)).values("pk"))
    return agreements.none()


def is_granted(user, agreement: Agreement) -> bool:
    return Agreement.objects.filter(pk=agreement.pk).filter(granted(user)).exists()


def get_agreement(user, code: str) -> Agreement:
    agreement = visible_agreements(user).filter(code=code).first()
    if agreement is None:
        raise Http404
    return agreement


def claims_of(agreement: Agreement) -> QuerySet[Claim]:
    return Claim.objects.filter(agreement=agreement).select_related("definition", "provider")


def get_claim(user, pk) -> Claim:
    try:
        pk = uuid.UUID(str(pk))
    except ValueError:
        raise Http404 from None
    claim = (
        Claim.objects.select_related("agreement", "definition", "provider")
        .filter(pk=pk, agreement__in=visible_agreements(user))
        .first()
    )
    if claim is None:
        raise Http404
    return claim


def evidence_of(claim: Claim) -> list[Evidence]:
    return list(claim.evidence.order_by("date", "id"))


def paid_total(agreement: Agreement, *, kind: str = Payment.Kind.ACTUAL) -> Decimal:
    total = Payment.objects.filter(agreement=agreement, kind=kind).aggregate(s=Sum("amount"))["s"]
    return (total or Decimal("0")).quantize(Decimal("0.01"))


def committed_total(agreement: Agreement, definition=None) -> tuple[int, Decimal]:
    """Count and amount of the live claims (submitted, verified, paid)."""
    claims = Claim.objects.filter(agreement=agreement, status__in=Claim.LIVE)
    if definition is not None:
        claims = claims.filter(definition=definition)
    row = claims.aggregate(n=Count("pk"), s=Sum("amount"))
    return row["n"] or 0, row["s"] or Decimal("0")


def ledger(agreement: Agreement) -> QuerySet[Payment]:
    return Payment.objects.filter(agreement=agreement).select_related("provider", "corrects")


def volume_by_month(agreement: Agreement) -> dict[str, int]:
    """Claims submitted per month (YYYY-MM), for the volume flag."""
    counts: dict[str, int] = {}
    for moment in Claim.objects.filter(agreement=agreement).values_list("submitted_at", flat=True):
        key = moment.strftime("%Y-%m")
        counts[key] = counts.get(key, 0) + 1
    return counts


def volume_flags(agreement: Agreement, *, factor: float = 2.0, minimum: int = 5) -> list[str]:
    """Months whose claim volume is far above the agreement's usual pattern: more than
    ``factor`` times the median of the other months and at least ``minimum`` claims."""
    counts = volume_by_month(agreement)
    flagged = []
    for month, n in sorted(counts.items()):
        others = sorted(v for m, v in counts.items() if m != month)
        if not others:
            continue
        middle = len(others) // 2
        median = others[middle] if len(others) % 2 else (others[middle - 1] + others[middle]) / 2
        if n >= minimum and n > factor * max(median, 1):
            flagged.append(month)
    return flagged


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
