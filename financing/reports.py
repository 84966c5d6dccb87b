"""Outcome reports per agreement and period: participants reached, outcomes achieved per
definition (from the data and from the claims), claims by status, payments against the cap,
milestones against targets, and two charts. Every count goes through ``privacy.disclosure``
("<10", secondary suppression with totals); no minimum or maximum, no free text about anyone.

One builder (``build``) makes a plain dict; the page, the API, the PDF, the XLSX and the CSV
all render that dict, and each generated report is logged with its SHA-256 (``log_report``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework import facts
from financing import rules, selectors
from financing.models import Agreement, Claim, Milestone, Payment
from privacy import disclosure
from privacy.models import AccessEvent, Purpose
from privacy.services import Look, log_access

PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
STATUSES = [s for s in Claim.Status.values]


def parse_period(value: str) -> tuple[dt.date, dt.date]:
    match = PERIOD_RE.match(value or "")
    if not match:
        raise ValidationError({"period": [_("Geef de periode als JJJJ of JJJJ-MM.")]})
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValidationError({"period": [_("Geef de periode als JJJJ of JJJJ-MM.")]})
        start = dt.date(year, month, 1)
        end = (
            dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        ) - dt.timedelta(days=1)
        return start, end
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _shown(count: disclosure.Count) -> str:
    return str(count)


def _table(t: disclosure.Table) -> dict:
    return {
        "rows": t.row_labels,
        "columns": t.column_labels,
        "cells": [[_shown(c) for c in row] for row in t.cells],
        "row_totals": [_shown(c) for c in t.row_totals],
        "column_totals": [_shown(c) for c in t.column_totals],
        "total": _shown(t.total),
        "body": [
            [label, [_shown(c) for c in row], _shown(total)]
            for label, row, total in zip(t.row_labels, t.cells, t.row_totals, strict=True)
        ],
    }


def build(agreement: Agreement, period: str) -> dict:
    """The report as plain values (strings for counts, so "<10" survives every format)."""
    start, end = parse_period(period)
    start, end = max(start, agreement.start_date), min(end, agreement.end_date)
    programme = agreement.programme.code
    definitions = list(agreement.definitions.order_by("code"))
    status_labels = dict(Claim.Status.choices)

    # Participants reached: consent for reporting to funders, enrolled in the period.
    cohort = facts.cohort(
        purpose=Purpose.FUNDER_REPORTING, programme_codes=[programme], start=start, end=end
    )
    reached = disclosure.count(cohort.count()) if start <= end else disclosure.count(0)

    # Outcomes achieved according to the data, per month of achievement and definition
    # (streamed over the cohort). The table per definition is this table's column totals, so
    # the two can never disagree about what is hidden.
    months: dict[str, dict[int, int]] = {}
    for definition in definitions:
        spec = rules.rules().get(definition.rule)
        if spec is None or start > end:
            continue
        for result in rules.evaluate(
            spec,
            cohort,
            sustain_days=definition.sustain_days,
            until=end,
            programme_code=programme,
        ):
            if result.sustained and start <= result.achieved_on <= end:
                per_month = months.setdefault(result.achieved_on.strftime("%Y-%m"), {})
                per_month[definition.pk] = per_month.get(definition.pk, 0) + 1
    month_keys = sorted(months)
    over_time = disclosure.table(
        month_keys,
        [d.code for d in definitions],
        [[months[m].get(d.pk, 0) for d in definitions] for m in month_keys],
    )
    achieved = _by_definition(over_time, _("Behaald en duurzaam"))

    # Claims per definition and status, submitted in the period.
    claims = Claim.objects.filter(
        agreement=agreement, submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    counts = {
        (row["definition_id"], row["status"]): row["n"]
        for row in claims.values("definition_id", "status").annotate(n=Count("pk"))
    }
    claims_table = disclosure.table(
        [d.code for d in definitions],
        [str(status_labels[s]) for s in STATUSES],
        [[counts.get((d.pk, s), 0) for s in STATUSES] for d in definitions],
    )

    # Payments are linked to verified and paid claims, which the claims table counts: with
    # prices known, an amount could be solved for a hidden verified or paid count, so the
    # amounts are shown only when none of those cells is hidden.
    statuses_paid_on = [STATUSES.index(Claim.Status.VERIFIED), STATUSES.index(Claim.Status.PAID)]
    claims_hidden = any(row[i].suppressed for row in claims_table.cells for i in statuses_paid_on)
    payments = _payments(agreement, end, start=start, hide_all=claims_hidden)

    # Milestones against targets.
    milestones = list(agreement.milestones.order_by("period_end", "pk"))
    results = [_milestone_result(agreement, milestone) for milestone in milestones]
    hidden = _milestones_hidden(milestones, results)
    milestone_rows = []
    for milestone, result, hide in zip(milestones, results, hidden, strict=True):
        milestone_rows.append(
            {
                "label": milestone.label,
                "kind": str(milestone.get_kind_display()),
                "metric": str(milestone.get_metric_display()),
                "period": f"{milestone.period_start.isoformat()} – {milestone.period_end.isoformat()}",
                "target": milestone.target,
                "result": _shown(disclosure.Count(None, disclosure.threshold()))
                if hide
                else _shown(disclosure.count(result)),
                "met": None if hide else result >= milestone.target,
            }
        )

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
        "period": period,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "threshold": disclosure.threshold(),
        "participants_reached": _shown(reached),
        "definitions": [
            {
                "code": d.code,
                "description": d.description,
                "unit": str(d.get_unit_display()),
                "price": str(d.price),
                "max_count": d.max_count,
                "max_amount": str(d.max_amount),
                "sustain_days": d.sustain_days,
                "rule": d.rule,
            }
            for d in definitions
        ],
        "outcomes_achieved": achieved,
        "claims_by_status": _table(claims_table),
        "outcomes_over_time": _table(over_time),
        "payments": payments,
        "milestones": milestone_rows,
    }


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


def watermark(agreement: Agreement, period: str) -> str:
    """A key that changes whenever the report's data may have: the newest history row (id
    and time) of every source table, today's date (consent in force), the threshold and the
    rules, in one query."""
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
        disclosure.threshold(),
        rule_signature,
        newest,
    ]
    return "financing-report:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def build_cached(agreement: Agreement, period: str) -> dict:
    """``build``, reused while none of its sources changed (the first build after a change
    computes it again)."""
    from django.core.cache import cache

    parse_period(period)
    key = watermark(agreement, period)
    report = cache.get(key)
    if report is None:
        report = build(agreement, period)
        cache.set(key, report, timeout=24 * 3600)
    return report


def _by_definition(over_time: disclosure.Table, column: str) -> dict:
    """The per-definition table of a month-by-definition table: its column totals as rows,
    suppressed exactly as there (same values, same "<10")."""
    totals = [_shown(c) for c in over_time.column_totals]
    return {
        "rows": over_time.column_labels,
        "columns": [column],
        "cells": [[t] for t in totals],
        "row_totals": totals,
        "column_totals": [_shown(over_time.total)],
        "total": _shown(over_time.total),
        "body": [[label, [t], t] for label, t in zip(over_time.column_labels, totals, strict=True)],
    }


def _payments(
    agreement: Agreement,
    end: dt.date,
    *,
    start: dt.date | None = None,
    hide_all: bool = False,
) -> dict:
    """Planned and actual payments against the cap, in total and per provider. An amount
    divided by a price gives a count of claims, so an amount is shown only when at least the
    threshold of claims lies behind it; when one provider's amount is hidden, another (or the
    total) is hidden too, and the amount still available only with the actual total.

    Payments run up to the end of the report's period, claims are counted within it: when
    the claims behind the amounts that were submitted before ``start`` are a small number
    (above zero), the amounts minus the period's paid claims would give it away, so every
    amount is hidden."""
    from django.db.models import Sum

    limit = disclosure.threshold()
    lines = Payment.objects.filter(agreement=agreement, date__lte=end)
    providers = list(
        agreement.providers.select_related("organisation").order_by("organisation__name")
    )
    sums: dict[tuple[int, str], tuple[Decimal, int]] = {}
    # Claims behind the amounts: those whose lines of this kind do not net to zero (a payment
    # reversed by a counter-entry pays for nobody).
    net = (
        lines.exclude(claim__isnull=True)
        .values("provider_id", "kind", "claim_id", "claim__submitted_at")
        .annotate(total=Sum("amount"))
    )
    claims_behind: dict[tuple[int, str], int] = {}
    earlier: dict[tuple, int] = {}  # claims behind, submitted before the period
    for row in net:
        if row["total"]:
            key = (row["provider_id"], row["kind"])
            claims_behind[key] = claims_behind.get(key, 0) + 1
            submitted = timezone.localdate(row["claim__submitted_at"])
            if start is not None and submitted < start:
                for group in (key, row["kind"]):
                    earlier[group] = earlier.get(group, 0) + 1
    if any(0 < n < limit for n in earlier.values()):
        hide_all = True
    for row in lines.values("provider_id", "kind").annotate(total=Sum("amount")):
        key = (row["provider_id"], row["kind"])
        sums[key] = (row["total"] or Decimal("0"), claims_behind.get(key, 0))
    result: dict = {"cap": str(agreement.cap), "per_provider": []}
    shown_by_kind = {}
    for kind, key in ((Payment.Kind.PLANNED, "planned"), (Payment.Kind.ACTUAL, "actual")):
        amounts = [sums.get((p.organisation_id, kind), (Decimal("0"), 0)) for p in providers]
        total = sum((a for a, _n in amounts), Decimal("0"))
        claims = sum(n for _a, n in amounts)
        # A line with no claim behind it (an advance) counts nobody; amounts with claims
        # behind them are shown from the threshold up.
        hidden = [hide_all or 0 < n < limit for _a, n in amounts]
        total_hidden = hide_all or 0 < claims < limit
        if not total_hidden and hidden.count(True) == 1:
            candidates = [i for i, h in enumerate(hidden) if not h]
            if candidates:
                hidden[min(candidates, key=lambda i: amounts[i][1])] = True
            else:
                total_hidden = True
        shown_by_kind[key] = (
            [
                None if h else a.quantize(Decimal("0.01"))
                for (a, _n), h in zip(amounts, hidden, strict=True)
            ],
            None if total_hidden else total.quantize(Decimal("0.01")),
        )
    hidden_text = _("verborgen")
    for index, provider in enumerate(providers):
        result["per_provider"].append(
            {
                "provider": provider.organisation.name,
                **{
                    key: hidden_text if values[index] is None else str(values[index])
                    for key, (values, _total) in shown_by_kind.items()
                },
            }
        )
    for key, (_values, total) in shown_by_kind.items():
        result[key] = hidden_text if total is None else str(total)
    actual = shown_by_kind["actual"][1]
    result["remaining"] = (
        hidden_text if actual is None else str((agreement.cap - actual).quantize(Decimal("0.01")))
    )
    return result


def _milestones_hidden(milestones: list[Milestone], results: list[int]) -> list[bool]:
    """Which milestone results to hide. The same in every report of the agreement, whatever
    its period (a pattern that changed with the period asked for would itself say something).

    Hidden: results below the threshold, and while a shown result would give away a small
    count of its own, one more (``_milestone_exposure``)."""
    limit = disclosure.threshold()
    hidden = [result < limit for result in results]
    items = [
        (m.metric, m.period_start, m.period_end, result, index)
        for index, (m, result) in enumerate(zip(milestones, results, strict=True))
    ]
    # Each round hides at least one more result: at most one round per milestone.
    while True:
        shown = [item for item in items if not hidden[item[4]]]
        exposed = _milestone_exposure(shown, limit)
        if exposed is None:
            return hidden
        hidden[exposed] = True


def _milestone_exposure(shown: list[tuple], limit: int) -> int | None:
    """A shown milestone to hide because, with the others shown, it gives away a count below
    the threshold (and above zero: a period in which nothing happened is not a group of
    people), or None. Results of the same measure over periods:

    - claims submitted and outcomes achieved are counted by date, so they add up over
      disjoint periods: a result minus any sum of shown results over disjoint periods inside
      it is the count of the days left over. Which sums exist is found with a bitset over the
      periods ordered by end (weighted interval scheduling), so the work stays bounded
      whatever the number of milestones. Two overlapping results and one over exactly their
      joint period give the overlap (A + B - C).
    - participants reached are not additive (one person can be reached in two quarters): a
      result minus one inside it is the count of those reached only outside it."""
    additive = {Milestone.Metric.ACHIEVED, Milestone.Metric.CLAIMS}
    for container in sorted(shown, key=lambda item: (-item[3], item[4])):
        metric, c_start, c_end, c_value, c_index = container
        parts = [
            p
            for p in shown
            if p[0] == metric
            and c_start <= p[1]
            and p[2] <= c_end
            and (p[1], p[2]) != (c_start, c_end)
        ]
        if not parts:
            continue
        if metric not in additive:
            for part in parts:
                if 0 < c_value - part[3] < limit:
                    return c_index
            continue
        # Sums of disjoint parts, as bits of an integer (bit k: some set sums to k), up to
        # the container's value. best[k]: sums using the first k parts by end.
        parts.sort(key=lambda p: (p[2], p[1]))
        mask = (1 << (c_value + 1)) - 1
        best = [1]  # the empty set sums to 0
        for k, part in enumerate(parts):
            # The last of the first k parts that ends before this one starts.
            before = max((j + 1 for j in range(k) if parts[j][2] < part[1]), default=0)
            best.append(best[k] | ((best[before] << part[3]) & mask))
        sums = best[-1]
        window = ((1 << limit) - 1) << max(c_value - limit + 1, 0)
        # Bit c_value itself (nothing left over) is allowed; below it, within the threshold,
        # a small remainder would be given away.
        if sums & window & ~(1 << c_value) & mask:
            return c_index
    by_period = {(item[0], item[1], item[2]): item for item in shown}
    for a in shown:
        for b in shown:
            if a[4] >= b[4] or a[0] != b[0] or a[0] not in additive:
                continue
            overlap = max(a[1], b[1]) <= min(a[2], b[2])
            nested = (a[1] <= b[1] and b[2] <= a[2]) or (b[1] <= a[1] and a[2] <= b[2])
            if not overlap or nested:
                continue
            c = by_period.get((a[0], min(a[1], b[1]), max(a[2], b[2])))
            if c is not None and 0 < a[3] + b[3] - c[3] < limit:
                return max((a, b), key=lambda item: item[3])[4]
    return None


def _milestone_result(agreement: Agreement, milestone: Milestone) -> int:
    if milestone.metric == Milestone.Metric.REACHED:
        return facts.cohort(
            purpose=Purpose.FUNDER_REPORTING,
            programme_codes=[agreement.programme.code],
            start=milestone.period_start,
            end=milestone.period_end,
        ).count()
    claims = Claim.objects.filter(agreement=agreement)
    if milestone.metric == Milestone.Metric.ACHIEVED:
        return claims.filter(
            status__in=[Claim.Status.VERIFIED, Claim.Status.PAID],
            achieved_on__gte=milestone.period_start,
            achieved_on__lte=milestone.period_end,
        ).count()
    return claims.filter(
        submitted_at__date__gte=milestone.period_start,
        submitted_at__date__lte=milestone.period_end,
    ).count()


# --- charts (inline SVG data; a table is always beside them) -----------------------------


def charts(report: dict) -> dict:
    over = report["outcomes_over_time"]
    bars = []
    values = [int(v) if v.isdigit() else None for v in over["row_totals"]]
    top = max([v for v in values if v is not None] or [1])
    for index, (month, value) in enumerate(zip(over["rows"], values, strict=True)):
        height = round((value or 0) / top * 140)
        bars.append(
            {
                "x": 40 + index * 44,
                "y": 160 - height,
                "height": height,
                "label": month,
                "shown": over["row_totals"][index],
                "label_x": 40 + index * 44 + 15,
            }
        )
    pay = report["payments"]
    cap = Decimal(pay["cap"]) or Decimal("1")
    payment_bars = []
    for index, (label, amount) in enumerate(
        [(_("Plafond"), pay["cap"]), (_("Gepland"), pay["planned"]), (_("Betaald"), pay["actual"])]
    ):
        hidden = not re.fullmatch(r"-?\d+(\.\d+)?", amount)  # "verborgen": no bar
        width = 0 if hidden else int(min(Decimal(amount) / cap, Decimal("1")) * 360)
        payment_bars.append(
            {
                "label": label,
                "amount": amount,
                "y": 10 + index * 34,
                "width": max(width, 0),
                "hidden": hidden,
            }
        )
    return {
        "time_bars": bars,
        "time_width": max(80 + len(bars) * 44, 200),
        "payment_bars": payment_bars,
    }


# --- formats ------------------------------------------------------------------------------


def canonical(report: dict) -> bytes:
    return json.dumps(report, sort_keys=True, ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_html(report: dict, *, pdf: bool = False) -> str:
    with translation.override("nl"):
        return render_to_string(
            "financing/report_pdf.html",
            {"report": report, "charts": charts(report), "made_on": timezone.localtime()},
        )


def to_pdf(report: dict) -> bytes:
    from privacy.report import render_pdf

    return render_pdf(report_html(report))


def _flat_rows(report: dict):
    """The report as (section, row, column, value) lines: one layout for CSV and XLSX."""
    yield ("agreement", "code", "", report["agreement"]["code"])
    yield ("agreement", "period", "", report["period"])
    yield ("participants_reached", "", "", report["participants_reached"])
    for key in ("outcomes_achieved", "claims_by_status", "outcomes_over_time"):
        table = report[key]
        for r, row_label in enumerate(table["rows"]):
            for c, column_label in enumerate(table["columns"]):
                yield (key, row_label, column_label, table["cells"][r][c])
            yield (key, row_label, "total", table["row_totals"][r])
        for c, column_label in enumerate(table["columns"]):
            yield (key, "total", column_label, table["column_totals"][c])
        yield (key, "total", "total", table["total"])
    pay = report["payments"]
    for key in ("cap", "planned", "actual", "remaining"):
        yield ("payments", key, report["agreement"]["currency"], pay[key])
    for row in pay["per_provider"]:
        yield ("payments_per_provider", row["provider"], "planned", row["planned"])
        yield ("payments_per_provider", row["provider"], "actual", row["actual"])
    for row in report["milestones"]:
        yield ("milestones", row["label"], "target", str(row["target"]))
        yield ("milestones", row["label"], "result", row["result"])


HEADER = ("section", "row", "column", "value")


def to_csv(report: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(_flat_rows(report))
    return buffer.getvalue().encode("utf-8")


def to_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("rapport")
    sheet.append(list(HEADER))
    for row in _flat_rows(report):
        sheet.append(list(row))
    definitions = workbook.create_sheet("definities")
    definitions.append(["code", "unit", "price", "max_count", "max_amount", "sustain_days", "rule"])
    for d in report["definitions"]:
        definitions.append(
            [
                d["code"],
                d["unit"],
                d["price"],
                d["max_count"],
                d["max_amount"],
                d["sustain_days"],
                d["rule"],
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


def generate(*, user, agreement: Agreement, period: str, fmt: str, actor_label="") -> bytes:
    """Build, render and log one report file."""
    report = build_cached(agreement, period)
    data = RENDERERS[fmt](report)
    log_report(
        user=user,
        agreement=agreement,
        period=period,
        fmt=fmt,
        digest=sha256(data),
        actor_label=actor_label,
    )
    return data


def filename(agreement: Agreement, period: str, fmt: str) -> str:
    return f"uitkomstrapport-{agreement.code}-{period}.{fmt}"


__all__ = ["build", "generate", "selectors"]
