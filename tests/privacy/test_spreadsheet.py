"""Cells no spreadsheet runs as a formula (privacy.spreadsheet), in CSV and in XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from privacy.spreadsheet import csv_columns_unchanged, csv_row, xlsx_row

HOSTILE = [
    '=HYPERLINK("http://voorbeeld.example";"Klik hier")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_puts_an_apostrophe_before_a_formula(value):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row([value]))
    (cell,) = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert cell == "'" + value


def test_csv_keeps_numbers_and_plain_text():
    assert csv_row([-3, 4.5, Decimal("-12.50"), "-12", "3,50", "gewoon", None]) == [
        -3,
        4.5,
        Decimal("-12.50"),
        "-12",
        "3,50",
        "gewoon",
        "",
    ]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_writes_a_formula_as_text_and_numbers_as_numbers(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("blad") if write_only else workbook.active
    sheet.append(xlsx_row(sheet, [*HOSTILE, -3, Decimal("1500.50"), "gewoon"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert all(b"<f>" not in archive.read(name) for name in sheets)
    row = list(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())[0]
    # (XML reads a carriage return back as a line feed.)
    assert [c.value for c in row[: len(HOSTILE)]] == [v.replace("\r", "\n") for v in HOSTILE]
    assert all(c.data_type == "s" and c.quotePrefix for c in row[: len(HOSTILE)])
    assert [(c.value, c.data_type) for c in row[len(HOSTILE) :]] == [
        (-3, "n"),
        (1500.5, "n"),
        ("gewoon", "s"),
    ]


def test_columns_are_unchanged_only_when_csv_row_would_change_no_cell():
    """A writer skips ``csv_row`` for a chunk only when this says so: any text that starts
    as a formula, or a value of another type, sends the chunk through ``csv_row``."""
    safe = [(1, 2.5, None), ("gewoon", "ook gewoon", None), (dt.date(2024, 1, 1), True, 0)]
    assert csv_columns_unchanged(safe)
    for risky in ("=1+2", "+31", "-x", "@SUM(A1)", "\tx", "\rx"):
        assert not csv_columns_unchanged([*safe, ("gewoon", risky)]), risky
    assert not csv_columns_unchanged([*safe, (object(),)])
    for column in [*safe, ("=1+2", "-x")]:
        if csv_columns_unchanged([column]):
            assert csv_row(column) == [value if value is not None else "" for value in column]
