"""Streaming table writers for research exports: CSV (UTF-8), Parquet and SPSS .sav.

Each writer takes rows one at a time and keeps at most a bounded buffer in memory:
CSV writes each row at once; Parquet writes a CSV first and converts it with polars'
streaming engine (``scan_csv(...).sink_parquet``); SPSS buffers ``SAV_PART_ROWS`` rows and
writes one .sav per part (``<name>.sav`` when one part suffices, else ``<name>_part001.sav``
..., to be appended with ADD FILES), because pyreadstat writes a whole data frame at once.

The CSV files are opened in spreadsheets, so their cells go through ``privacy.spreadsheet``:
text that a spreadsheet would run as a formula gets an apostrophe in front. Parquet's
intermediate CSV and the .sav files are not spreadsheets and keep every value exactly.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from privacy.spreadsheet import csv_row

SAV_PART_ROWS = 250_000


@dataclass(frozen=True)
class Column:
    name: str
    label_nl: str
    label_en: str
    type: str  # string, integer, number
    values: str = ""
    value_labels: dict = field(default_factory=dict, hash=False, compare=False)
    source: str = ""
    quasi_identifier: bool = False
    sensitive: bool = False


def _polars_type(kind: str):
    import polars as pl

    return {"string": pl.String, "integer": pl.Int64, "number": pl.Float64}[kind]


def _cell(value):
    return "" if value is None else value


class CsvTable:
    extension = "csv"
    # A researcher opens this file in a spreadsheet: no cell may run as a formula there.
    neutralise = True

    def __init__(self, directory: Path, name: str, columns: list[Column], *, path=None) -> None:
        self.directory = Path(directory)
        self.name = name
        self.columns = columns
        self.rows = 0
        self.path = path or self.directory / f"{name}.csv"
        self._file = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._file)
        self._writer.writerow(self._cells([c.name for c in columns]))

    def _cells(self, values) -> list:
        """The row as written: neutralised for a spreadsheet, or exact for a converter."""
        return csv_row(values) if self.neutralise else [_cell(v) for v in values]

    def write(self, row) -> None:
        self._writer.writerow(self._cells(row))
        self.rows += 1

    def close(self) -> list[Path]:
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

        self._file.close()
        schema = {c.name: _polars_type(c.type) for c in self.columns}
        pl.scan_csv(self._csv_path, schema=schema).sink_parquet(self.path)
        self._csv_path.unlink()
        return [self.path]


class SavTable:
    extension = "sav"

    def __init__(self, directory: Path, name: str, columns: list[Column]) -> None:
        self.directory = Path(directory)
        self.name = name
        self.columns = columns
        self.rows = 0
        self._buffer: list[tuple] = []
        self._parts: list[Path] = []

    def write(self, row) -> None:
        self._buffer.append(tuple(row))
        self.rows += 1
        if len(self._buffer) >= SAV_PART_ROWS:
            self._flush()

    def _flush(self) -> None:
        import polars as pl
        import pyreadstat

        schema = {c.name: _polars_type(c.type) for c in self.columns}
        frame = pl.DataFrame(self._buffer, schema=schema, orient="row")
        self._buffer = []
        path = self.directory / f"{self.name}_part{len(self._parts) + 1:03d}.sav"
        labels = {}
        for column in self.columns:
            if column.value_labels and column.type != "string":
                labels[column.name] = {
                    (int(code) if column.type == "integer" else float(code)): f"{nl} / {en}"
                    for code, (nl, en) in column.value_labels.items()
                }
        pyreadstat.write_sav(
            frame,
            str(path),
            file_label=self.name,
            column_labels={c.name: f"{c.label_nl} / {c.label_en}"[:250] for c in self.columns},
            variable_value_labels=labels or None,
            variable_measure={
                c.name: "nominal" if c.type == "string" or c.value_labels else "scale"
                for c in self.columns
            },
        )
        self._parts.append(path)

    def close(self) -> list[Path]:
        if self._buffer or not self._parts:
            self._flush()
        if len(self._parts) == 1:
            single = self.directory / f"{self.name}.sav"
            os.replace(self._parts[0], single)
            self._parts = [single]
        return list(self._parts)


WRITERS = {"csv": CsvTable, "parquet": ParquetTable, "sav": SavTable}
