"""Outcome reports per agreement and period: participants reached, outcomes achieved per
definition and per month, claims by definition and status, payments planned, paid and due
against the cap, milestones against their targets, and the outcome definitions.

Every figure leaves through the release policy (``privacy.release``, tables declared in
``financing.tables``) for the viewer's audience: the agreement's evaluators (contract) and the
programme office and team leads (management) get exact figures; with
``KOERS_RELEASE_MANAGEMENT=public`` management gets counts by the cell key method and no
amounts of money at all (an amount is never perturbed), and the report says so. This module
does no suppression or noise arithmetic of its own.

One builder (``build``) makes a plain dict; the page, the API, the PDF, the XLSX and the CSV
all render that dict, and each generated report is logged with its SHA-256 (``log_report``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from casework import facts
from financing import rules, selectors, tables
from financing.models import Agreement, Claim, Milestone, OutcomeDefinition, Payment
from privacy import cellkey, periods
from privacy.models import AccessEvent, Purpose
from privacy.release import (
    TOTAL,
    Audience,
    Cell,
    Method,
    NotReleasable,
    Released,
    Scope,
    TableSpec,
    audience_for,
    release,
    tabulate,
    unit_record_key,
    with_margins,
)
from privacy.services import Look, log_access
from privacy.spreadsheet import csv_row, xlsx_row

STATUSES = list(Claim.Status.values)
PAYMENT_KINDS = ("planned", "paid", "due")
CENT = Decimal("0.01")


# --- period and audience -------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The period asked for, clipped to the agreement's dates (and to today)."""

    code: str  # canonical: 2026, 2026-K1, 2026-03 or "alles"
    label: str
    start: dt.date
    end: dt.date

    @property
    def months(self) -> list[str]:
        """Every month of the window (YYYY-MM), so that a month without outcomes shows 0."""
        result, day = [], self.start.replace(day=1)
        while day <= self.end:
            result.append(day.strftime("%Y-%m"))
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return result


def default_period(agreement: Agreement, today: dt.date) -> str:
    """The current year; for an agreement that ended in an earlier year, its last year (the
    current year would lie wholly outside it)."""
    return str(min(today.year, agreement.end_date.year))


def period_window(agreement: Agreement, value: str | None) -> Window:
    """The report's period from a query parameter (``privacy.periods``: a year, a quarter
    ``2026-K1`` or a month ``2026-03``; the default is the current year), clipped to the
    agreement. A bad, future or out-of-range period, or one wholly outside the agreement, is
    refused with a Dutch ``ValidationError`` on ``period``, never a server error."""
    today = timezone.localdate()
    period = periods.parse(
        (value or "")[:20], default=default_period(agreement, today), today=today
    )
    start = max(period.start or agreement.start_date, agreement.start_date)
    end = min(period.end, agreement.end_date)
    if start > end:
        raise ValidationError(
            {
                "period": [
                    _(
                        "Deze periode valt buiten de looptijd van de afspraak (%(start)s tot en "
                        "met %(end)s): kies een periode daarbinnen."
                    )
                    % {
                        "start": dateformat.format(agreement.start_date, "j-n-Y"),
                        "end": dateformat.format(agreement.end_date, "j-n-Y"),
                    }
                ]
            }
        )
    return Window(code=period.code, label=str(period.label), start=start, end=end)


def audience_of(user) -> Audience:
    """The viewer's audience for an agreement's report: its evaluators are the contract
    audience, the programme office and team leads management (``privacy.release``)."""
    return audience_for(user, Scope.AGREEMENT)


def _method(spec: TableSpec, audience: Audience) -> Method | None:
    """How ``spec`` is released to ``audience``, or None when it is not released at all
    (amounts for management on the public method)."""
    try:
        return spec.method(audience)
    except NotReleasable:
        return None


def _keyed(spec: TableSpec, audience: Audience) -> bool:
    """Whether the table's cells need their records' keys: only the cell key method reads
    them, so exact releases skip the look-up."""
    return _method(spec, audience) is Method.CELL_KEY


# --- the builder ---------------------------------------------------------------------------


def build(agreement: Agreement, period: str = "", *, audience=Audience.CONTRACT) -> dict:
    """The report as plain values (ints for counts, strings with a dot for amounts), each
    released for ``audience``."""
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


# --- payments ------------------------------------------------------------------------------


def _money(value) -> str:
    return str(Decimal(value).quantize(CENT))


def _payments(agreement: Agreement, window: Window, audience) -> dict:
    """Planned, paid and due per provider and in total, the cap and what remains of it, all
    up to the period's end, to the cent, from the payment ledger (counter-entries included).
    Not released at all when the audience may not have amounts: the report says so."""
    if _method(tables.PAYMENTS, audience) is None or _method(tables.BUDGET, audience) is None:
        return {
            "released": False,
            "note": _(
                "Bedragen worden niet getoond: de cijfers voor u zijn verstoord volgens de "
                "publieke methode, en een bedrag wordt nooit verstoord."
            ),
        }
    cells: dict[tuple, Cell] = {}
    lines = Payment.objects.filter(agreement=agreement, date__lte=window.end)
    for row in lines.values("provider_id", "kind").annotate(total=Sum("amount")):
        kind = "paid" if row["kind"] == Payment.Kind.ACTUAL else "planned"
        cells[(row["provider_id"], kind)] = Cell(amount=row["total"] or Decimal("0"))
    for provider_id, amount in due_per_provider(agreement, window.end).items():
        cells[(provider_id, "due")] = Cell(amount=amount)
    amounts = release(tables.PAYMENTS, with_margins(cells), audience=audience)
    paid = amounts.value(TOTAL, "paid")
    budget = release(
        tables.BUDGET,
        {("cap",): Cell(amount=agreement.cap), ("remaining",): Cell(amount=agreement.cap - paid)},
        audience=audience,
    )
    providers = agreement.providers.select_related("organisation").order_by("organisation__name")
    return {
        "released": True,
        "currency": agreement.currency,
        "cap": _money(budget.value("cap")),
        **{kind: _money(amounts.value(TOTAL, kind)) for kind in PAYMENT_KINDS},
        "remaining": _money(budget.value("remaining")),
        "per_provider": [
            {
                "provider": p.organisation.name,
                **{kind: _money(amounts.value(p.organisation_id, kind)) for kind in PAYMENT_KINDS},
            }
            for p in providers
        ],
    }


def due_per_provider(agreement: Agreement, end: dt.date) -> dict[int, Decimal]:
    """What is due at the end of ``end``: verified but not yet paid, per provider.

    Derived from the claims and the ledger, as of that day: a claim counts when it was
    verified by then (status verified or paid now, decided on or before ``end``: a claim is
    decided once, from submitted, and payment only moves it between verified and paid), and
    what is due on it is its amount minus its net actual payment lines dated up to ``end``
    (counter-entries included), never below zero. A claim paid in full by then is due
    nothing; a partly paid one the rest; one paid after ``end`` is still due in that report.
    Planned lines are a plan, not a payment, and do not reduce what is due. One query."""
    paid_on_claim = Coalesce(
        Sum(
            "payments__amount",
            filter=Q(payments__kind=Payment.Kind.ACTUAL, payments__date__lte=end),
        ),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    claims = (
        Claim.objects.filter(
            agreement=agreement, status__in=[Claim.Status.VERIFIED, Claim.Status.PAID]
        )
        .filter(Q(decided_at__isnull=True) | Q(decided_at__date__lte=end))
        .values("pk", "provider_id", "amount")
        .annotate(paid=paid_on_claim)
    )
    due: dict[int, Decimal] = {}
    for row in claims:
        rest = max(row["amount"] - row["paid"], Decimal("0"))
        if rest:
            due[row["provider_id"]] = due.get(row["provider_id"], Decimal("0")) + rest
    return due


# --- milestones ----------------------------------------------------------------------------

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


# --- reuse while the data are unchanged -----------------------------------------------------

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


# --- charts (inline SVG data; a table is always beside them) -----------------------------

CHART_MAX_WIDTH = 680


def charts(report: dict) -> dict:
    """Bar charts of the outcomes per month and of the payments against the cap, each bar
    with its value written beside it (the PDF has no hover)."""
    rows = report["outcomes_over_time"]["rows"]
    top = max([row["total"] for row in rows] or [0]) or 1
    # Up to 15 months a bar has room for its month (YYYY-MM); beyond, the bars narrow and the
    # labels drop the century (YY-MM); the table beside the chart has every month in full.
    pitch = 44 if len(rows) <= 15 else 30
    bars = []
    for index, row in enumerate(rows):
        height = round(row["total"] / top * 140)
        x = 40 + index * pitch
        bars.append(
            {
                "x": x,
                "y": 160 - height,
                "height": height,
                "width": pitch - 14,
                "label": row["label"] if pitch == 44 else row["label"][2:],
                "value": row["total"],
                "label_x": x + (pitch - 14) // 2,
                "value_y": 160 - height - 4,
            }
        )
    width = max(80 + len(bars) * pitch, 200)
    shown = min(width, CHART_MAX_WIDTH)
    payment_bars = []
    pay = report["payments"]
    if pay.get("released"):
        amounts = [
            (_("Plafond"), pay["cap"]),
            (_("Gepland"), pay["planned"]),
            (_("Betaald"), pay["paid"]),
            (_("Te betalen"), pay["due"]),
        ]
        scale = max(Decimal(amount) for _label, amount in amounts) or Decimal("1")
        for index, (label, amount) in enumerate(amounts):
            bar = int(max(Decimal(amount), Decimal("0")) / scale * 300)
            payment_bars.append(
                {
                    "label": label,
                    "amount": amount,
                    "y": 10 + index * 34,
                    "text_y": 24 + index * 34,
                    "width": bar,
                    "value_x": 110 + bar,
                }
            )
    return {
        "time_bars": bars,
        "time_width": width,
        "time_shown_width": shown,
        "time_shown_height": round(190 * shown / width),
        "payment_bars": payment_bars,
        "payment_height": 20 + len(payment_bars) * 34,
    }


def page_context(report: dict) -> dict:
    """What the page and the PDF templates need besides the report: its charts, and the
    moment of the figures as a date-time."""
    return {
        "report": report,
        "charts": charts(report),
        "as_of": dt.datetime.fromisoformat(report["figures_as_of"]),
        "perturbed": report["method"] == Method.CELL_KEY,
    }


# --- formats ------------------------------------------------------------------------------


def canonical(report: dict) -> bytes:
    return json.dumps(report, sort_keys=True, ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_html(report: dict) -> str:
    """The PDF's HTML: the page's body, standalone, with no external resource."""
    return render_to_string("financing/report_pdf.html", page_context(report))


def to_pdf(report: dict) -> bytes:
    from privacy.report import render_pdf

    return render_pdf(report_html(report))


def _as_of(report: dict) -> dt.datetime:
    """The figures' moment as local time without a zone (spreadsheets know no zones)."""
    moment = dt.datetime.fromisoformat(report["figures_as_of"])
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def _flat_rows(report: dict):
    """The report as (section, row, column, value) lines for the CSV: codes as keys, counts
    as integers, amounts as decimals with a dot, dates as ISO dates."""
    agreement = report["agreement"]
    for key in ("code", "name", "payer", "programme", "currency"):
        yield ("agreement", key, "", agreement[key])
    yield ("agreement", "start_date", "", dt.date.fromisoformat(agreement["start_date"]))
    yield ("agreement", "end_date", "", dt.date.fromisoformat(agreement["end_date"]))
    yield ("report", "period", "", report["period"])
    yield ("report", "period_start", "", dt.date.fromisoformat(report["period_start"]))
    yield ("report", "period_end", "", dt.date.fromisoformat(report["period_end"]))
    yield ("report", "figures_as_of", "", _as_of(report).isoformat(sep=" "))
    yield ("report", "audience", "", report["audience"])
    yield ("report", "method", "", report["method"])
    yield ("participants_reached", "", "", report["participants_reached"])
    for key in ("outcomes_over_time", "outcomes_achieved", "claims_by_status"):
        table = report[key]
        columns = [c["key"] for c in table["columns"]]
        for row in table["rows"]:
            for column, value in zip(columns, row["cells"], strict=True):
                yield (key, row["key"], column, value)
            yield (key, row["key"], "total", row["total"])
        for column, value in zip(columns, table["column_totals"], strict=True):
            yield (key, "total", column, value)
        yield (key, "total", "total", table["total"])
    pay = report["payments"]
    if pay["released"]:
        for row in pay["per_provider"]:
            for kind in PAYMENT_KINDS:
                yield ("payments", row["provider"], kind, Decimal(row[kind]))
        for kind in PAYMENT_KINDS:
            yield ("payments", "total", kind, Decimal(pay[kind]))
        yield ("payments", "cap", "", Decimal(pay["cap"]))
        yield ("payments", "remaining", "", Decimal(pay["remaining"]))
    else:
        yield ("payments", "not_released", "", pay["note"])
    for row in report["milestones"]:
        for key in ("kind", "metric"):
            yield ("milestones", row["label"], key, row[key])
        for key in ("period_start", "period_end"):
            yield ("milestones", row["label"], key, dt.date.fromisoformat(row[key]))
        for key in ("target", "result", "status"):
            yield ("milestones", row["label"], key, row[key])
    for d in report["definitions"]:
        for key in ("description", "unit", "max_count", "sustain_days", "validation", "rule"):
            yield ("definitions", d["code"], key, d[key])
        for key in ("price", "max_amount"):
            yield ("definitions", d["code"], key, Decimal(d[key]))


HEADER = ("section", "row", "column", "value")


def to_csv(report: dict) -> bytes:
    """One long table (section, row, column, value); every text cell that a spreadsheet would
    run as a formula is written with an apostrophe in front (``privacy.spreadsheet``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_row(HEADER))
    for row in _flat_rows(report):
        writer.writerow(csv_row(row))
    return buffer.getvalue().encode("utf-8")


MONEY_FORMAT = "#,##0.00"
MONTH_FORMAT = "yyyy-mm"
DATE_FORMAT = "yyyy-mm-dd"


def _sheet(workbook, name: str, title: str, header: list[str], rows: list[list], formats=None):
    """A sheet with a title row, a header row frozen below it, and the rows: numbers, dates
    and amounts typed as such (``formats``: column index -> number format), text through
    ``privacy.spreadsheet`` so that nothing is a live formula."""
    sheet = workbook.create_sheet(name)
    sheet.append(xlsx_row(sheet, [title]))
    sheet.append(xlsx_row(sheet, header))
    for values in rows:
        sheet.append(xlsx_row(sheet, values))
    for column, number_format in (formats or {}).items():
        for cells in sheet.iter_rows(min_row=3, min_col=column + 1, max_col=column + 1):
            for cell in cells:
                if cell.value is not None and not isinstance(cell.value, str):
                    cell.number_format = number_format
    sheet.freeze_panes = "A3"
    for index, width in enumerate([max(14, len(str(h)) + 2) for h in header], start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    return sheet


def _month(code: str) -> dt.date:
    return dt.date(int(code[:4]), int(code[5:7]), 1)


def to_xlsx(report: dict) -> bytes:
    """A workbook a spreadsheet sums and charts: one sheet per table, each with a title row
    and a frozen header; counts and amounts are numbers, months and dates are dates."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    agreement = report["agreement"]
    as_of = _as_of(report)
    title = _("Uitkomstrapport %(code)s, periode %(period)s, cijfers per %(when)s") % {
        "code": agreement["code"],
        "period": report["period"],
        "when": as_of.strftime("%d-%m-%Y %H:%M"),
    }
    pay = report["payments"]
    summary = [
        [_("Afspraak"), agreement["code"]],
        [_("Naam"), agreement["name"]],
        [_("Betaler"), agreement["payer"]],
        [_("Programma"), agreement["programme"]],
        [_("Periode"), report["period"]],
        [_("Periode van"), dt.date.fromisoformat(report["period_start"])],
        [_("Periode tot en met"), dt.date.fromisoformat(report["period_end"])],
        [_("Cijfers per"), as_of],
        [_("Methode"), _method_label(report)],
        [_("Deelnemers bereikt (met toestemming)"), report["participants_reached"]],
        [_("Resultaten behaald volgens de gegevens"), report["outcomes_achieved"]["total"]],
        [_("Claims ingediend in de periode"), report["claims_by_status"]["total"]],
    ]
    if pay["released"]:
        summary += [
            [_("Plafond"), Decimal(pay["cap"])],
            [_("Gepland"), Decimal(pay["planned"])],
            [_("Betaald"), Decimal(pay["paid"])],
            [_("Te betalen (geverifieerd, nog niet betaald)"), Decimal(pay["due"])],
            [_("Nog beschikbaar (plafond min betaald)"), Decimal(pay["remaining"])],
        ]
    else:
        summary.append([_("Bedragen"), pay["note"]])
    sheet = _sheet(workbook, _("Samenvatting"), title, [_("Onderdeel"), _("Waarde")], summary)
    for cells in sheet.iter_rows(min_row=3, min_col=2, max_col=2):
        for cell in cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY_FORMAT
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 40

    over = report["outcomes_over_time"]
    _sheet(
        workbook,
        _("Resultaten per maand"),
        title,
        [_("Maand")] + [c["label"] for c in over["columns"]] + [_("Totaal")],
        [[_month(r["key"]), *r["cells"], r["total"]] for r in over["rows"]]
        + [[_("Totaal"), *over["column_totals"], over["total"]]],
        {0: MONTH_FORMAT},
    )
    claims = report["claims_by_status"]
    _sheet(
        workbook,
        _("Claims per status"),
        title,
        [_("Resultaat")] + [c["label"] for c in claims["columns"]] + [_("Totaal")],
        [[r["label"], *r["cells"], r["total"]] for r in claims["rows"]]
        + [[_("Totaal"), *claims["column_totals"], claims["total"]]],
    )
    if pay["released"]:
        _sheet(
            workbook,
            _("Betalingen"),
            title,
            [_("Uitvoerder"), _("Gepland"), _("Betaald"), _("Te betalen")],
            [
                [row["provider"], *(Decimal(row[kind]) for kind in PAYMENT_KINDS)]
                for row in pay["per_provider"]
            ]
            + [[_("Totaal"), *(Decimal(pay[kind]) for kind in PAYMENT_KINDS)]],
            {1: MONEY_FORMAT, 2: MONEY_FORMAT, 3: MONEY_FORMAT},
        )
    _sheet(
        workbook,
        _("Mijlpalen"),
        title,
        [
            _("Mijlpaal"),
            _("Soort"),
            _("Maat"),
            _("Periode van"),
            _("Periode tot en met"),
            _("Doel"),
            _("Resultaat"),
            _("Status"),
        ],
        [
            [
                m["label"],
                m["kind_label"],
                m["metric_label"],
                dt.date.fromisoformat(m["period_start"]),
                dt.date.fromisoformat(m["period_end"]),
                m["target"],
                m["result"],
                m["status_label"],
            ]
            for m in report["milestones"]
        ],
        {3: DATE_FORMAT, 4: DATE_FORMAT},
    )
    _sheet(
        workbook,
        _("Definities"),
        title,
        [
            _("Code"),
            _("Omschrijving"),
            _("Eenheid"),
            _("Prijs"),
            _("Maximum aantal"),
            _("Maximum bedrag"),
            _("Houdbaarheid (dagen)"),
            _("Validatie"),
            _("Regel"),
            _("Regel (omschrijving)"),
        ],
        [
            [
                d["code"],
                d["description"],
                d["unit_label"],
                Decimal(d["price"]),
                d["max_count"],
                Decimal(d["max_amount"]),
                d["sustain_days"],
                d["validation_label"],
                d["rule"],
                d["rule_label"],
            ]
            for d in report["definitions"]
        ],
        {3: MONEY_FORMAT, 5: MONEY_FORMAT},
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _method_label(report: dict) -> str:
    if report["method"] == Method.CELL_KEY:
        return _(
            "Publieke methode (celsleutel): elk aantal wijkt hooguit %(n)s af van het echte "
            "aantal; geen bedragen"
        ) % {"n": report["max_noise"]}
    return _("Exact")


RENDERERS = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
    "html": "text/html",
}


def log_report(*, user, agreement: Agreement, period: str, fmt: str, digest: str, actor_label=""):
    """One access event per report generated, with its SHA-256 (not about one person)."""
    action = AccessEvent.Action.VIEW if fmt in {"html", "json"} else AccessEvent.Action.EXPORT
    log_access(
        user=user,
        actor_label=actor_label,
        looks=[
            Look(
                subject_id=None,
                subject_type="report",
                what=f"outcome_report:{agreement.code}:{period}:{fmt}:sha256={digest}",
                action=action,
            )
        ],
        purpose=Purpose.FUNDER_REPORTING,
    )


def generate(
    *, user, agreement: Agreement, period: str, fmt: str, actor_label="", audience=None
) -> bytes:
    """Build, render and log one report file, for ``audience`` (by default the user's; the
    contract audience for an operator's command without a user)."""
    if audience is None:
        audience = Audience.CONTRACT if user is None else audience_of(user)
    report = build_cached(agreement, period, audience=audience)
    data = RENDERERS[fmt](report)
    log_report(
        user=user,
        agreement=agreement,
        period=report["period"],
        fmt=fmt,
        digest=sha256(data),
        actor_label=actor_label,
    )
    return data


def filename(agreement: Agreement, period: str, fmt: str) -> str:
    return f"uitkomstrapport-{agreement.code}-{period}.{fmt}"


__all__ = ["build", "generate", "selectors"]
