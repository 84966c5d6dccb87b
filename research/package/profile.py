"""What SPSS's GET DATA needs to know of an export's CSV file: widths and formats."""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from itertools import islice, zip_longest
from pathlib import Path

from privacy.spreadsheet import csv_cell
from research.writers import Column, coded_values

SPSS_MAX_WIDTH = 32767
SPSS_MAX_NUMBER_WIDTH = 40
CHUNK_ROWS = 5000
# Cells (one a line) that are each empty or a whole number written by the export.
_WHOLE_NUMBERS = re.compile(r"(?:-?[0-9]*\n)*")


# The columns whose cells are measured without a text made per cell: whole numbers (not
# booleans, written True and False), texts and dates (not datetimes), with None for empty.
_WHOLE = frozenset({int, type(None)})
_TEXT = frozenset({str, type(None)})
_DATE = frozenset({dt.date, type(None)})


def _utf8_sizes(cells):
    return (len(text.encode("utf-8")) for text in cells)


class Profile:
    """What SPSS's GET DATA needs to know of a CSV file: string widths in bytes, numeric
    widths and decimals, and the number of rows. Read by streaming the file, or (``path``
    None) gathered from the rows as the CSV writer writes them (``add_columns``)."""

    def __init__(self, path: Path | None, columns: list[Column]) -> None:
        self.rows = 0
        self.width = {c.name: 1 for c in columns}
        self.integer_digits = {c.name: 1 for c in columns}
        self.decimals = {c.name: 0 for c in columns}
        self._names = [c.name for c in columns]
        self._numeric = {c.name for c in columns if c.type in ("integer", "number")}
        if path is not None:
            self._read(path)

    def _read(self, path: Path) -> None:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is not None and header != [csv_cell(n) for n in self._names]:
                raise ValueError(f"{path.name}: its header is not the table's columns")
            # A column at a time over a chunk of rows (flat memory), so that the common cells
            # are measured by the built-ins, not a Python step each.
            while chunk := list(islice(reader, CHUNK_ROWS)):
                self.rows += len(chunk)
                cells = zip_longest(*chunk, fillvalue="")
                for name, column in zip(self._names, cells, strict=False):
                    if name in self._numeric:
                        self._numbers(name, column)
                    else:
                        self._texts(name, column)

    def add_columns(self, columns: list[tuple]) -> None:
        """A chunk of rows as the CSV writer writes them, a tuple of cells per column
        (values: the text of a cell is the value's ``str()``, empty for None, as the csv
        module writes it), measured as reading the file back would measure them."""
        self.rows += len(columns[0]) if columns else 0
        for name, column in zip(self._names, columns, strict=False):
            types = set(map(type, column))
            if name in self._numeric and types <= _WHOLE:
                # Whole numbers: their digits (with a minus) are their width; None and 0
                # are no wider than the least width.
                if numbers := list(filter(None, column)):
                    size = max(map(len, map(str, numbers)))
                    self.integer_digits[name] = max(size, self.integer_digits[name])
            elif name not in self._numeric and types <= _TEXT:
                if texts := list(filter(None, column)):
                    self._texts(name, texts)
            elif name not in self._numeric and types <= _DATE:
                # A date is written as its ISO text, YYYY-MM-DD: ten characters.
                if any(column):
                    self._texts(name, ("0000-00-00",))
            else:
                cells = tuple("" if value is None else str(value) for value in column)
                (self._numbers if name in self._numeric else self._texts)(name, cells)

    def _texts(self, name: str, cells: tuple[str, ...]) -> None:
        joined = "".join(cells)
        size = max(map(len, cells)) if joined.isascii() else max(_utf8_sizes(cells))
        if size > self.width[name]:
            self.width[name] = size

    def _numbers(self, name: str, cells: tuple[str, ...]) -> None:
        lines = "\n".join(cells) + "\n"
        if lines.count("\n") == len(cells) and _WHOLE_NUMBERS.fullmatch(lines):
            # Whole numbers only (scores, wave indexes, weeks; empty = missing): their digits
            # are their width and they have no decimals.
            size = max(map(len, cells))
            if size > self.integer_digits[name]:
                self.integer_digits[name] = size
            return
        for text in cells:
            if text:
                self._number(name, text)

    def _number(self, name: str, text: str) -> None:
        try:
            fixed = format(Decimal(text), "f")
        except InvalidOperation:
            return
        whole, _dot, fraction = fixed.partition(".")
        self.integer_digits[name] = max(self.integer_digits[name], len(whole), len(text))
        self.decimals[name] = max(self.decimals[name], len(fraction.rstrip("0")))

    def spss_format(self, column: Column) -> str:
        if column.type == "date":
            return "SDATE10"
        if column.type == "string":
            width = self.width[column.name]
            if column.string_coded:
                codes = [csv_cell(code) for code in column.value_labels]
                width = max(width, *(len(str(code).encode("utf-8")) for code in codes))
            return f"A{min(width, SPSS_MAX_WIDTH)}"
        decimals = min(self.decimals[column.name], 16) if column.type == "number" else 0
        width = self.integer_digits[column.name] + (decimals + 1 if decimals else 0) + 1
        width = min(max(width, 2), SPSS_MAX_NUMBER_WIDTH)
        return f"F{width}.{min(decimals, width - 2)}"


def csv_codes(column: Column) -> list[tuple[str, int]]:
    """(code as the CSV file holds it, number) of a text-coded column: the numbers 1..n of
    the .sav and .dta files, which the SPSS and Stata scripts turn the text into."""
    return [(csv_cell(code), number) for code, number in coded_values(column).items()]
