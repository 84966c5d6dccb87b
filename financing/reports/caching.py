"""Reuse of a built report while none of the data it rests on changed."""

from __future__ import annotations

import hashlib

from django.utils import timezone, translation

from financing import rules, tables
from financing.models import Agreement
from financing.reports.base import _method, period_window
from financing.reports.figures import build
from privacy.release import Audience

# Every table a report reads from. Each change of a tracked row writes a history row, so the
# newest history row of these tables changes whenever anything the report rests on changes
# (inserts, edits, deletions, erasure, consent statements, claims, payments).
SOURCES = (
    "casework.HistoricalMeasurementValue",
    "casework.HistoricalMeasurement",
    "casework.HistoricalOutcomeValue",
    "casework.HistoricalEnrolment",
    "casework.HistoricalParticipant",
    "casework.HistoricalHouseholdMembership",
    "casework.HistoricalGoal",
    "privacy.HistoricalConsent",
    "financing.HistoricalAgreement",
    "financing.HistoricalAgreementProvider",
    "financing.HistoricalOutcomeDefinition",
    "financing.HistoricalMilestone",
    "financing.HistoricalClaim",
    "financing.HistoricalPayment",
)


def _release_signature(audience: Audience) -> list[str]:
    """The audience and how each table is released to it under the current settings."""
    return [str(audience)] + [f"{spec.code}={_method(spec, audience)}" for spec in tables.ALL]


def watermark(agreement: Agreement, period: str, audience=Audience.CONTRACT) -> str:
    """A key that changes whenever the report's data may have, or what it may show: the
    newest history row (id and time) of every source table (one query), today's date
    (consent in force, milestones due), the audience and its release methods, the language
    of the labels and the rules."""
    from django.apps import apps
    from django.db.models import Subquery

    newest = {}
    for index, label in enumerate(SOURCES):
        latest = apps.get_model(label).objects.order_by("-history_id")
        newest[f"i{index}"] = Subquery(latest.values("history_id")[:1])
        newest[f"d{index}"] = Subquery(latest.values("history_date")[:1])
    row = Agreement.objects.filter(pk=agreement.pk).values(**newest).first() or {}
    newest = [str(row.get(key)) for key in sorted(newest)]
    rule_signature = sorted(
        (code, spec.kind, repr(spec.params)) for code, spec in rules.rules().items()
    )
    parts = [
        agreement.pk,
        agreement.created_at.isoformat(),
        period,
        timezone.localdate().isoformat(),
        _release_signature(Audience(audience)),
        translation.get_language(),
        rule_signature,
        newest,
    ]
    return "financing-report:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def build_cached(agreement: Agreement, period: str = "", *, audience=Audience.CONTRACT) -> dict:
    """``build``, reused while none of its sources changed (the first build after a change
    computes it again). A bad period is refused before anything is read."""
    from django.core.cache import cache

    window = period_window(agreement, period)
    key = watermark(agreement, window.code, audience)
    report = cache.get(key)
    if report is None:
        report = build(agreement, window.code, audience=audience)
        cache.set(key, report, timeout=24 * 3600)
    return report
