"""The report builder: participants reached, outcomes, claims and definitions, as plain values
released for the audience."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework import facts
from financing import rules, tables
from financing.models import Agreement, Claim, OutcomeDefinition
from financing.reports.base import CENT, STATUSES, Window, _keyed, period_window
from financing.reports.milestones import _milestones
from financing.reports.payments import _payments
from privacy import cellkey
from privacy.models import Purpose
from privacy.release import (
    TOTAL,
    Audience,
    Cell,
    Method,
    Released,
    release,
    tabulate,
    unit_record_key,
)


def build(agreement: Agreement, period: str = "", *, audience=Audience.CONTRACT) -> dict:
    """The report as plain values (ints for counts, strings with a dot for amounts), each
    released for ``audience``. Its reads cover the whole consented cohort: on PostgreSQL they
    are planned as such (``facts.bulk_reads``)."""
    with facts.bulk_reads():
        return _build(agreement, period, audience)


def _build(agreement: Agreement, period: str, audience) -> dict:
    window = period_window(agreement, period)
    audience = Audience(audience)
    if audience not in tables.AUDIENCES:
        raise PermissionDenied("no outcome report for this audience")
    definitions = list(agreement.definitions.order_by("code"))
    cohort = facts.cohort(
        purpose=Purpose.FUNDER_REPORTING,
        programme_codes=[agreement.programme.code],
        start=window.start,
        end=window.end,
    )
    over_time, achieved = _outcomes(agreement, definitions, cohort, window, audience)
    counts_method = tables.CLAIMS.method(audience)
    return {
        "agreement": {
            "code": agreement.code,
            "name": agreement.name,
            "payer": agreement.payer.name,
            "programme": agreement.programme.name_nl,
            "currency": agreement.currency,
            "start_date": agreement.start_date.isoformat(),
            "end_date": agreement.end_date.isoformat(),
        },
        "period": window.code,
        "period_label": window.label,
        "period_start": window.start.isoformat(),
        "period_end": window.end.isoformat(),
        "figures_as_of": timezone.localtime().replace(microsecond=0).isoformat(),
        "audience": str(audience),
        "method": str(counts_method),
        "max_noise": cellkey.MAX_NOISE if counts_method is Method.CELL_KEY else 0,
        "participants_reached": _reached(cohort, audience),
        "definitions": [_definition(d) for d in definitions],
        "outcomes_achieved": achieved,
        "outcomes_over_time": over_time,
        "claims_by_status": _claims(agreement, definitions, window, audience),
        "payments": _payments(agreement, window, audience),
        "milestones": _milestones(agreement, audience),
    }


def _definition(definition) -> dict:
    """An outcome definition as the contract states it (never about a person)."""
    spec = rules.rules().get(definition.rule)
    return {
        "code": definition.code,
        "description": definition.description,
        "unit": definition.unit,
        "unit_label": str(definition.get_unit_display()),
        "price": str(definition.price.quantize(CENT)),
        "max_count": definition.max_count,
        "max_amount": str(definition.max_amount.quantize(CENT)),
        "sustain_days": definition.sustain_days,
        "validation": definition.validation,
        "validation_label": str(definition.get_validation_display()),
        "rule": definition.rule,
        "rule_label": spec.label(translation.get_language() or "nl") if spec else "",
    }


def _reached(cohort, audience: Audience) -> int:
    """Participants with consent for reporting to funders, enrolled in the period: one cell,
    counted with the sum of their record keys in one query."""
    count, key_sum = facts.record_key_total(cohort)
    table = release(tables.PARTICIPANTS_REACHED, {(): Cell(count, key_sum)}, audience=audience)
    return int(table.total)


def _table(table: Released, rows: list[tuple], columns: list[tuple]) -> dict:
    """A released two-dimensional table as plain values: every row and column listed (an
    empty group as 0), with row, column and grand totals, each a released figure of its own."""
    return {
        "columns": [{"key": key, "label": label} for key, label in columns],
        "rows": [
            {
                "key": row,
                "label": label,
                "cells": [int(table[(row, column)]) for column, _l in columns],
                "total": int(table[(row, TOTAL)]),
            }
            for row, label in rows
        ],
        "column_totals": [int(table[(TOTAL, column)]) for column, _l in columns],
        "total": int(table.total),
    }


def _outcomes(agreement, definitions, cohort, window: Window, audience) -> tuple[dict, dict]:
    """Outcomes according to the data, by month reached and definition, and per definition
    (the same released column totals, so the two tables always agree).

    A person definition counts participants of the consented cohort who reached it,
    sustained, in the period. A household definition counts households: a household reached
    it on the first day one of its consenting members did (its current members, as for
    claims), so a household counts once however many members reached it."""
    keyed = _keyed(tables.OUTCOMES, audience)
    participant_keys = facts.record_keys(cohort) if keyed else {}
    records = []
    for definition in definitions:
        spec = rules.rules().get(definition.rule)
        if spec is None:
            continue
        reached = {
            result.subject_id: result.achieved_on
            for result in rules.evaluate(
                spec,
                cohort,
                sustain_days=definition.sustain_days,
                until=window.end,
                programme_code=agreement.programme.code,
            )
            if result.sustained
        }
        household = definition.unit == OutcomeDefinition.Unit.HOUSEHOLD
        units = _households(reached) if household else reached
        for unit, day in units.items():
            if not window.start <= day <= window.end:
                continue
            if household:
                key = unit_record_key("household", unit) if keyed else 0
            else:
                key = participant_keys.get(unit, 0)
            records.append(((day.strftime("%Y-%m"), definition.code), key))
    table = release(tables.OUTCOMES, tabulate(records), audience=audience)
    columns = [(d.code, d.code) for d in definitions]
    over_time = _table(table, [(month, month) for month in window.months], columns)
    per_definition = {
        "columns": [{"key": "achieved", "label": _("Behaald en duurzaam")}],
        "rows": [
            {"key": code, "label": code, "cells": [total], "total": total}
            for (code, _label), total in zip(columns, over_time["column_totals"], strict=True)
        ],
        "column_totals": [over_time["total"]],
        "total": over_time["total"],
    }
    return over_time, per_definition


def _households(reached: dict) -> dict:
    """household id -> the first day one of its members (participants in ``reached``) reached
    the outcome."""
    first: dict = {}
    for row in facts.household_facts(list(reached)):
        day = reached[row["participant_id"]]
        household = row["household_id"]
        if household not in first or day < first[household]:
            first[household] = day
    return first


def _claims(agreement, definitions, window: Window, audience) -> dict:
    """Claims submitted in the period, by definition and status (one query)."""
    keyed = _keyed(tables.CLAIMS, audience)
    codes = {d.pk: d.code for d in definitions}
    rows = Claim.objects.filter(
        agreement=agreement,
        submitted_at__date__gte=window.start,
        submitted_at__date__lte=window.end,
    ).values_list("pk", "definition_id", "status")
    records = [
        ((codes[definition], status), unit_record_key("claim", pk) if keyed else 0)
        for pk, definition, status in rows
    ]
    table = release(tables.CLAIMS, tabulate(records), audience=audience)
    labels = dict(Claim.Status.choices)
    return _table(
        table,
        [(d.code, d.code) for d in definitions],
        [(status, str(labels[status])) for status in STATUSES],
    )
