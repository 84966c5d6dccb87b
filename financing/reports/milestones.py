"""Milestones of an agreement against their targets, each over its own period."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from casework import facts
from financing import tables
from financing.models import Agreement, Claim, Milestone
from financing.reports.base import _keyed
from privacy.models import Purpose
from privacy.release import Cell, release, unit_record_key

MET, NOT_MET, NOT_YET_DUE = "met", "not_met", "not_yet_due"


def milestone_status(result: int, target: int, period_end: dt.date, today: dt.date) -> str:
    """``met`` when the result reaches the target (also early, while its period runs);
    ``not_yet_due`` while the milestone's period has not ended (its last day is today or
    later) and the target is not reached yet; ``not_met`` when the period ended below it."""
    if result >= target:
        return MET
    if period_end >= today:
        return NOT_YET_DUE
    return NOT_MET


def _milestones(agreement: Agreement, audience) -> list[dict]:
    """Each milestone over its own period, as of the figures' moment (whatever period the
    report is for): one query per milestone, none per claim. The status follows the released
    result, so it never contradicts the figure beside it."""
    keyed = _keyed(tables.MILESTONES, audience)
    milestones = list(agreement.milestones.order_by("period_end", "pk"))
    cells = {(str(m.pk),): _milestone_cell(agreement, m, keyed) for m in milestones}
    table = release(tables.MILESTONES, cells, audience=audience)
    today = timezone.localdate()
    labels = {MET: _("gehaald"), NOT_MET: _("niet gehaald"), NOT_YET_DUE: _("nog niet verlopen")}
    rows = []
    for milestone in milestones:
        result = int(table[(str(milestone.pk),)])
        status = milestone_status(result, milestone.target, milestone.period_end, today)
        rows.append(
            {
                "label": milestone.label,
                "kind": milestone.kind,
                "kind_label": str(milestone.get_kind_display()),
                "metric": milestone.metric,
                "metric_label": str(milestone.get_metric_display()),
                "period_start": milestone.period_start.isoformat(),
                "period_end": milestone.period_end.isoformat(),
                "target": milestone.target,
                "result": result,
                "status": status,
                "status_label": str(labels[status]),
            }
        )
    return rows


def _milestone_cell(agreement: Agreement, milestone: Milestone, keyed: bool) -> Cell:
    """The true result of a milestone with its records' keys: participants reached (with
    consent) in its period, claims submitted in it, or verified and paid claims whose outcome
    was achieved in it."""
    if milestone.metric == Milestone.Metric.REACHED:
        cohort = facts.cohort(
            purpose=Purpose.FUNDER_REPORTING,
            programme_codes=[agreement.programme.code],
            start=milestone.period_start,
            end=milestone.period_end,
        )
        return Cell(*facts.record_key_total(cohort))
    claims = Claim.objects.filter(agreement=agreement)
    if milestone.metric == Milestone.Metric.ACHIEVED:
        claims = claims.filter(
            status__in=[Claim.Status.VERIFIED, Claim.Status.PAID],
            achieved_on__gte=milestone.period_start,
            achieved_on__lte=milestone.period_end,
        )
    else:
        claims = claims.filter(
            submitted_at__date__gte=milestone.period_start,
            submitted_at__date__lte=milestone.period_end,
        )
    pks = list(claims.values_list("pk", flat=True))
    key_sum = sum(unit_record_key("claim", pk) for pk in pks) if keyed else 0
    return Cell(len(pks), key_sum)
