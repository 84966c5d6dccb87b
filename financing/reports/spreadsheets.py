"""The report as a CSV (one long table) and as an XLSX workbook (one sheet per table)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from financing.reports.base import PAYMENT_KINDS
from privacy.release import Method
from privacy.spreadsheet import csv_row, xlsx_row


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
    yield from _flat_tables(report)
    yield from _flat_payments(report["payments"])
    yield from _flat_milestones(report["milestones"])
    yield from _flat_definitions(report["definitions"])


def _flat_tables(report: dict):
    """The outcome and claim tables, cell by cell, with row, column and grand totals."""
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


def _flat_payments(pay: dict):
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


def _flat_milestones(milestones: list[dict]):
    for row in milestones:
        for key in ("kind", "metric"):
            yield ("milestones", row["label"], key, row[key])
        for key in ("period_start", "period_end"):
            yield ("milestones", row["label"], key, dt.date.fromisoformat(row[key]))
        for key in ("target", "result", "status"):
            yield ("milestones", row["label"], key, row[key])


def _flat_definitions(definitions: list[dict]):
    for d in definitions:
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
    as_of = _as_of(report)
    title = _("Uitkomstrapport %(code)s, periode %(period)s, cijfers per %(when)s") % {
        "code": report["agreement"]["code"],
        "period": report["period"],
        "when": as_of.strftime("%d-%m-%Y %H:%M"),
    }
    _summary_sheet(workbook, title, report, as_of)
    _table_sheet(
        workbook,
        _("Resultaten per maand"),
        title,
        _("Maand"),
        report["outcomes_over_time"],
        lambda row: _month(row["key"]),
        {0: MONTH_FORMAT},
    )
    _table_sheet(
        workbook,
        _("Claims per status"),
        title,
        _("Resultaat"),
        report["claims_by_status"],
        lambda row: row["label"],
    )
    if report["payments"]["released"]:
        _payments_sheet(workbook, title, report["payments"])
    _milestones_sheet(workbook, title, report["milestones"])
    _definitions_sheet(workbook, title, report["definitions"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary_sheet(workbook, title: str, report: dict, as_of: dt.datetime) -> None:
    """The agreement, the period, the method and the headline figures, one per row."""
    agreement = report["agreement"]
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


def _table_sheet(workbook, name: str, title: str, heading: str, table: dict, first, formats=None):
    """A two-dimensional report table: a row per ``table`` row (its first cell ``first(row)``)
    with its total, and a last row of column totals."""
    _sheet(
        workbook,
        name,
        title,
        [heading] + [c["label"] for c in table["columns"]] + [_("Totaal")],
        [[first(r), *r["cells"], r["total"]] for r in table["rows"]]
        + [[_("Totaal"), *table["column_totals"], table["total"]]],
        formats,
    )


def _payments_sheet(workbook, title: str, pay: dict) -> None:
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


def _milestones_sheet(workbook, title: str, milestones: list[dict]) -> None:
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
            for m in milestones
        ],
        {3: DATE_FORMAT, 4: DATE_FORMAT},
    )


def _definitions_sheet(workbook, title: str, definitions: list[dict]) -> None:
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
            for d in definitions
        ],
        {3: MONEY_FORMAT, 5: MONEY_FORMAT},
    )


def _method_label(report: dict) -> str:
    if report["method"] == Method.CELL_KEY:
        return _(
            "Publieke methode (celsleutel): elk aantal wijkt hooguit %(n)s af van het echte "
            "aantal; geen bedragen"
        ) % {"n": report["max_noise"]}
    return _("Exact")
