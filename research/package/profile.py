"""What SPSS's GET DATA needs to know of an export's CSV file: widths and formats."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from privacy.spreadsheet import csv_cell
from research.writers import Column, coded_values

SPSS_MAX_WIDTH = 32767
SPSS_MAX_NUMBER_WIDTH = 40


class Profile:
    """What SPSS's GET DATA needs to know of a CSV file: string widths in bytes, numeric
    widths and decimals, and the number of rows. Read by streaming the file."""

    def __init__(self, path: Path, columns: list[Column]) -> None:
        self.rows = 0
        self.width = {c.name: 1 for c in columns}
        self.integer_digits = {c.name: 1 for c in columns}
        self.decimals = {c.name: 0 for c in columns}
        kinds = [c.type for c in columns]
        names = [c.name for c in columns]
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is not None and header != [csv_cell(n) for n in names]:
                raise ValueError(f"{path.name}: its header is not the table's columns")
            for row in reader:
                self.rows += 1
                for name, kind, text in zip(names, kinds, row, strict=False):
                    if not text:
                        continue
                    if kind in ("integer", "number"):
                        self._number(name, text)
                    else:
                        size = len(text.encode("utf-8"))
                        if size > self.width[name]:
                            self.width[name] = size

    def _number(self, name: str, text: str) -> None:
        digits = text[1:] if text[0] == "-" else text
        if digits.isascii() and digits.isdigit():
            # A whole number (most cells: scores, wave indexes, weeks): its digits are its
            # width and it has no decimals, without a Decimal per cell.
            if len(text) > self.integer_digits[name]:
                self.integer_digits[name] = len(text)
            return
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
