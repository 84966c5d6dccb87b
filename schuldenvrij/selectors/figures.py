"""Programme-wide Schuldenvrij counters, released for the viewer's audience."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext

from accounts.models import User
from privacy.periods import Period
from privacy.release import (
    Audience,
    Cell,
    Figure,
    Grid,
    Released,
    Scope,
    audience_for,
    grid,
    log_view,
    release,
    tabulate,
)
from schuldenvrij import tables
from schuldenvrij.models import (
    ZERO,
    FollowUp,
    Forgiveness,
    PilotPlace,
)
from schuldenvrij.services import places_cap


@dataclass
class Counters:
    period: Period
    audience: Audience
    exact: bool
    places_cap: int
    places: Released  # by state: approved, proposed, rest (today)
    places_free: int | None  # the cap minus the places used; None when not exact
    forgivenesses: Released  # approved in the period, by funding
    amount_forgiven: Figure | None  # None: not released to this audience
    follow_ups: Grid
    specs: list = field(default_factory=list)

    @property
    def places_used(self) -> Figure:
        return self.places.total

    @property
    def approved(self) -> Figure:
        return self.places["approved"]

    @property
    def proposed(self) -> Figure:
        return self.places["proposed"]

    @property
    def places_rest(self) -> Figure:
        return self.places["rest"]


def counters(user: User, *, period: Period, log: bool = True) -> Counters:
    """Programme-wide counts, for the viewer's audience (the programme office and team leads:
    exact); no identifier, no single file. The pilot's places are as of today; forgivenesses
    and follow-ups count those in the period. Each view is logged (aggregate, no subject)."""
    audience = audience_for(user, Scope.PROGRAMME)
    start, end = period.start, period.end

    def in_period(queryset, field_name):
        queryset = queryset.filter(**{f"{field_name}__lte": end})
        return queryset.filter(**{f"{field_name}__gte": start}) if start else queryset

    # A place has at most one proposed or approved forgiveness: approved, proposed or neither.
    states = {
        enrolment: state
        for enrolment, state in Forgiveness.objects.filter(
            status__in=[Forgiveness.Status.APPROVED, Forgiveness.Status.PROPOSED]
        ).values_list("enrolment_id", "status")
    }
    places = release(
        tables.PILOT_PLACES,
        tabulate(
            ((states.get(enrolment, "rest"),), key)
            for enrolment, key in PilotPlace.objects.values_list(
                "enrolment_id", "enrolment__participant__record_key"
            )
        ),
        audience=audience,
    )
    approved = in_period(Forgiveness.objects.filter(status=Forgiveness.Status.APPROVED), "date")
    forgivenesses = release(
        tables.FORGIVENESSES,
        tabulate(
            ((funding,), key)
            for funding, key in approved.values_list(
                "funding", "enrolment__participant__record_key"
            )
        ),
        audience=audience,
    )
    amount = None
    if tables.AMOUNT_FORGIVEN.releasable(audience):
        total = approved.aggregate(total=Sum("amount"))["total"] or ZERO
        amount = release(tables.AMOUNT_FORGIVEN, {(): Cell(amount=total)}, audience=audience)[()]
    done = in_period(FollowUp.objects.filter(done_on__isnull=False), "done_on")
    follow_ups = release(
        tables.FOLLOW_UPS,
        tabulate(
            ((months, bool(new_debts)), key)
            for months, new_debts, key in done.values_list(
                "months", "new_debts", "forgiveness__enrolment__participant__record_key"
            )
        ),
        audience=audience,
    )
    cap = places_cap()
    board = Counters(
        period=period,
        audience=audience,
        exact=places.exact,
        places_cap=cap,
        places=places,
        places_free=max(cap - places.total.value, 0) if places.exact else None,
        forgivenesses=forgivenesses,
        amount_forgiven=amount,
        follow_ups=grid(
            follow_ups,
            [(m, gettext("%(months)s maanden") % {"months": m}) for m in FollowUp.MONTHS],
            [(True, gettext("Met nieuwe schulden")), (False, gettext("Zonder nieuwe schulden"))],
            row_heading=gettext("Moment"),
        ),
        specs=list(tables.ALL),
    )
    if log:
        log_view(user, board.specs, audience=audience, where="schuldenvrij:figures")
    return board
