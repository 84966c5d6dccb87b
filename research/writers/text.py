"""The text writers: CSV (neutralised for spreadsheets) and Parquet (through polars)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from privacy.spreadsheet import DANGEROUS, csv_row
from research.writers.checks import Table, cell, polars_type
from research.writers.column import Column

CHUNK_ROWS = 1000
# A cell that a spreadsheet could run: one whose text begins, after a line break or a
# comma, quoted or not, with a character of ``privacy.spreadsheet.DANGEROUS``. The csv
# module quotes every cell that holds a carriage return, so an unquoted one there is the
# end of a line. This finds every such cell (and some harmless ones, such as -3). It starts
# with a character set, not an anchor, so that the regex engine scans for it quickly.
_STARTS = "".join(re.escape(c) for c in DANGEROUS if c != "\r")
_AT_RISK = re.compile(rf'[,\n](?:"?[{_STARTS}]|"\r)')


class CsvTable(Table):
    extension = "csv"
    # A researcher opens this file in a spreadsheet: no cell may run as a formula there.
    neutralise = True

    def __init__(self, directory: Path, name: str, columns: list[Column], *, path=None) -> None:
        super().__init__(directory, name, columns)
        self.path = path or self.directory / f"{name}.csv"
        self._file = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        csv.writer(self._file).writerow(self._cells([c.name for c in columns]))
        self._pending: list = []

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
        and ``csv_row`` changes only a cell that starts as a formula would: so the rows are
        written as they are, and only when that text has a cell at risk are they written
        again through ``_cells`` (the same bytes as row by row, without a Python step per
        cell for the common rows)."""
        rows, self._pending = self._pending, []
        text = _csv_text(rows)
        # The text begins with a cell too: searched as if after a line break.
        if self.neutralise and _AT_RISK.search("\n" + text):
            text = _csv_text(map(self._cells, rows))
        self._file.write(text)

    def close(self) -> list[Path]:
        self._flush()
        self._file.close()
        return [self.path]


def _csv_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


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
