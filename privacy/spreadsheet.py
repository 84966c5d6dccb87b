"""Cells that no spreadsheet runs as a formula, for every CSV and XLSX file Koers writes.

A value that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice or Google Sheets when the file is opened (CSV injection,
OWASP). Such a value is written as text: in CSV with an apostrophe in front (the spreadsheets
then show it as text and do not run it), in XLSX as a string cell marked as text. Real numbers
stay numbers: a Python int, float or Decimal, and in CSV also a string that is a plain
number (``-12``, ``3.50``), so that a spreadsheet sums them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def is_dangerous(value: str) -> bool:
    return value.startswith(DANGEROUS) and not _NUMBER.match(value)


def csv_cell(value):
    """A value as a CSV cell: None as empty, numbers as they are, text that a spreadsheet
    would run with an apostrophe in front."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    text = str(value)
    return "'" + text if is_dangerous(text) else text


# Values written as they are: a number, a date, a boolean (their exact types: a subclass goes
# through ``csv_cell``).
_AS_THEY_ARE = frozenset({int, float, Decimal, dt.date, bool})


def csv_row(values) -> list:
    """``csv_cell`` of every value, with the common cells (numbers, dates, text that starts
    safely) decided without a call each: an export writes millions of them."""
    return [
        value
        if type(value) in _AS_THEY_ARE or (type(value) is str and not value.startswith(DANGEROUS))
        else csv_cell(value)
        for value in values
    ]


def csv_columns_unchanged(columns) -> bool:
    """Whether ``csv_row`` would leave every cell of these columns (a sequence of values per
    column) as it is, decided per column from its set of types and its distinct texts rather
    than per cell: a writer may then write the rows without ``csv_row``. None counts as
    unchanged (the csv module writes it empty, as ``csv_cell`` does)."""
    for column in columns:
        types = set(map(type, column)) - {type(None)}
        if types <= _AS_THEY_ARE:
            continue
        if not types <= _AS_THEY_ARE | {str}:
            return False
        if any(type(v) is str and v.startswith(DANGEROUS) for v in set(column)):
            return False
    return True


def xlsx_cell(sheet, value):
    """A value for ``sheet.append`` (openpyxl, write-only or not): numbers, dates and booleans
    typed as such; text as a string cell that is never a formula."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime):
        return value
    text = str(value)
    if not text.startswith(DANGEROUS):
        return text
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=None)
    # Assigning the value would make openpyxl take a leading "=" for a formula: set the text
    # and its type directly, and mark it as text for the spreadsheet (quotePrefix).
    cell._value = text
    cell.data_type = "s"
    cell.style = "Normal"
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values) -> list:
    return [xlsx_cell(sheet, value) for value in values]
