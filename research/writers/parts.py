"""SPSS and Stata writers buffer ``PART_ROWS`` rows and write one file per part."""

from __future__ import annotations

import os
from pathlib import Path

from research.writers.checks import Table, polars_type
from research.writers.column import Column, coded_values

PART_ROWS = 250_000


class PartsTable(Table):
    """Buffers PART_ROWS rows, converted for SPSS and Stata, and writes a file per part."""

    extension = ""

    def __init__(self, directory: Path, name: str, columns: list[Column]) -> None:
        super().__init__(directory, name, columns)
        self._buffer: list[tuple] = []
        self._parts: list[Path] = []
        converters = []
        for column in columns:
            if column.string_coded:
                # Checks made "" None and checked every other value: .get maps None to None.
                converters.append(coded_values(column).get)
            elif column.free_text:
                converters.append(lambda v: "" if v is None else str(v))
            else:
                converters.append(None)
        self._converters = converters

    def write(self, row) -> None:
        self._buffer.append(tuple(self._convert(self._check(row))))
        self.rows += 1
        if len(self._buffer) >= PART_ROWS:
            self._flush()

    def _convert(self, row):
        for convert, value in zip(self._converters, row, strict=True):
            yield value if convert is None else convert(value)

    def _frame(self):
        import polars as pl

        schema = {c.name: pl.Int32 if c.string_coded else polars_type(c.type) for c in self.columns}
        frame = pl.DataFrame(self._buffer, schema=schema, orient="row")
        self._buffer = []
        return frame

    def _labels(self, labels_of) -> dict:
        """{column: its value labels} of the labelled columns, by ``labels_of``."""
        labels = {}
        for column in self.columns:
            mapping = labels_of(column) if column.value_labels else None
            if mapping:
                labels[column.name] = mapping
        return labels

    def _write_part(self, frame, path: Path) -> None:
        raise NotImplementedError

    def _part_path(self, number: int) -> Path:
        return self.directory / f"{self.name}_part{number:03d}.{self.extension}"

    def _flush(self) -> None:
        path = self._part_path(len(self._parts) + 1)
        self._write_part(self._frame(), path)
        self._parts.append(path)

    def _finish(self) -> None:
        """After the last part: what a writer still has to do (SavTable: its staged parts)."""

    def close(self) -> list[Path]:
        if self._buffer or not self._parts:
            self._flush()
        self._finish()
        if len(self._parts) == 1:
            single = self.directory / f"{self.name}.{self.extension}"
            os.replace(self._parts[0], single)
            self._parts = [single]
        return list(self._parts)
