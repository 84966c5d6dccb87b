"""The text writers: CSV (neutralised for spreadsheets) and Parquet (through polars)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from privacy.spreadsheet import csv_columns_unchanged, csv_row
from research.writers.checks import Table, cell, polars_type
from research.writers.column import Column

CHUNK_ROWS = 1000


class CsvTable(Table):
    extension = "csv"
    # A researcher opens this file in a spreadsheet: no cell may run as a formula there.
    neutralise = True

    def __init__(self, directory: Path, name: str, columns: list[Column], *, path=None) -> None:
        super().__init__(directory, name, columns)
        self.path = path or self.directory / f"{name}.csv"
        self._file = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._file)
        self._writer.writerow(self._cells([c.name for c in columns]))
        self._pending: list = []
        # Called with the columns of each chunk of rows as written (a tuple of cells per
        # column): research.package's profile of the file for SPSS is gathered so, instead of
        # reading the file back.
        self.observers: list[Callable[[list[tuple]], None]] = []

    def _cells(self, values) -> list:
        """The row as written: neutralised for a spreadsheet, or exact for a converter.
        Dates are written as ISO dates (``str(date)``), not as text to neutralise."""
        return csv_row(values) if self.neutralise else [cell(v) for v in values]

    def write(self, row) -> None:
        self._pending.append(self._check(row))
        self.rows += 1
        if len(self._pending) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        """Write the pending rows. The csv module writes None as empty, as ``_cells`` does,
        and ``csv_row`` changes only a cell that starts as a formula would or is of another
        type: so a chunk without such a cell is written as it is, and only one with such a
        cell goes through ``_cells`` (the same bytes as row by row, without a Python step
        per cell for the common chunks)."""
        rows, self._pending = self._pending, []
        columns = list(zip(*rows, strict=True))
        if self.neutralise and not csv_columns_unchanged(columns):
            rows = list(map(self._cells, rows))
            columns = list(zip(*rows, strict=True))
        self._writer.writerows(rows)
        for observe in self.observers:
            observe(columns)

    def close(self) -> list[Path]:
        self._flush()
        self._file.close()
        return [self.path]


class ParquetTable(CsvTable):
    extension = "parquet"
    # The CSV is only polars' input: an apostrophe would end up in the Parquet strings.
    neutralise = False

    def __init__(self, directory: Path, name: str, columns: list[Column]) -> None:
        part = Path(directory) / f"{name}.parquet.csv.part"
        super().__init__(directory, name, columns, path=part)
        self._csv_path, self.path = part, Path(directory) / f"{name}.parquet"

    def close(self) -> list[Path]:
        import polars as pl

        super().close()  # the pending rows, then the CSV file closed
        schema = {c.name: polars_type(c.type) for c in self.columns}
        pl.scan_csv(self._csv_path, schema=schema).sink_parquet(self.path)
        self._csv_path.unlink()
        return [self.path]
