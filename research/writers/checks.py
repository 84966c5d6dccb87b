"""What all writers share: the checks and conversions of a row, the base of a table, and the
polars types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from research.writers.column import Column, coded_values


class Checks:
    """The checks and conversions of a row, shared by all writers: the row's length, the
    codes of string-coded columns, the dates of date columns."""

    def __init__(self, columns: list[Column]) -> None:
        self.columns = columns
        self.codes = {
            i: frozenset(coded_values(c)) for i, c in enumerate(columns) if c.string_coded
        }
        self.dates = [i for i, c in enumerate(columns) if c.type == "date"]
        self._coded = list(self.codes.items())
        self._width = len(columns)

    def __call__(self, row) -> list:
        row = list(row)
        if len(row) != self._width:
            raise ValueError(
                f"a row of {len(row)} values for {len(self.columns)} columns "
                f"({', '.join(c.name for c in self.columns)})"
            )
        for i, codes in self._coded:
            value = row[i]
            if value is None or value == "":
                row[i] = None
            elif str(value) in codes:
                row[i] = str(value)
            else:
                raise ValueError(
                    f"column {self.columns[i].name!r}: a value that is not one of its "
                    "value_labels codes (add the code to the catalogue)"
                )
        for i in self.dates:
            value = row[i]
            if value is None or type(value) is dt.date:
                continue  # the common cells, without the checks below
            if isinstance(value, dt.datetime):
                row[i] = value.date()
            elif not (value is None or isinstance(value, dt.date)):
                raise ValueError(
                    f"column {self.columns[i].name!r}: a date column takes datetime.date or None"
                )
        return row


def polars_type(kind: str):
    import polars as pl

    return {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "date": pl.Date}[kind]


def cell(value):
    return "" if value is None else value


class Table:
    """What every writer has: its directory, name, columns, rows written and row checks."""

    def __init__(self, directory: Path, name: str, columns: list[Column]) -> None:
        self.directory = Path(directory)
        self.name = name
        self.columns = columns
        self.rows = 0
        self._check = Checks(columns)
