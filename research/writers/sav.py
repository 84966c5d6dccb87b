"""SPSS .sav, its text variables equally wide in every part."""

from __future__ import annotations

from pathlib import Path

from research.writers.column import Column, sav_value_labels, sav_variable_label
from research.writers.parts import PartsTable


class SavTable(PartsTable):
    """SPSS .sav. ADD FILES needs a text variable to have the same width in every part, and
    pyreadstat sizes it by the longest value of the part: when a table needs more than one
    part, the parts are kept as Arrow IPC files (one at a time in memory) until the last
    row, then written with every text variable as wide as its longest value in the table
    (the first row's value padded with spaces, which SPSS ignores and readers strip)."""

    extension = "sav"

    def __init__(self, directory: Path, name: str, columns: list[Column]) -> None:
        super().__init__(directory, name, columns)
        self._free = [c.name for c in columns if c.free_text]
        self._widths = dict.fromkeys(self._free, 1)
        self._staged: list[Path] = []
        self._closing = False

    def _flush(self) -> None:
        if self._closing and not self._staged:
            super()._flush()  # one part: written at once
            return
        frame = self._frame()
        for name in self._free:
            longest = frame[name].str.len_bytes().max()
            self._widths[name] = max(self._widths[name], longest or 0)
        staged = self._part_path(len(self._parts) + 1).with_suffix(".sav.ipc.part")
        frame.write_ipc(staged)
        self._staged.append(staged)
        self._parts.append(self._part_path(len(self._parts) + 1))

    def close(self) -> list[Path]:
        self._closing = True
        return super().close()

    def _finish(self) -> None:
        import polars as pl

        if not self._staged:
            return  # one part, written at once
        for staged, path in zip(self._staged, self._parts, strict=True):
            frame = pl.read_ipc(staged)
            if frame.height:
                first = pl.int_range(pl.len()) == 0
                pads = []
                for name in self._free:
                    value = frame[name][0] or ""
                    padded = value + " " * (self._widths[name] - len(value.encode("utf-8")))
                    pads.append(
                        pl.when(first).then(pl.lit(padded)).otherwise(pl.col(name)).alias(name)
                    )
                frame = frame.with_columns(pads) if pads else frame
            self._write_part(frame, path)
            staged.unlink()
        self._staged = []

    def _write_part(self, frame, path: Path) -> None:
        import pyreadstat

        formats = {}
        for column in self.columns:
            if column.type == "date":
                formats[column.name] = "DATE11"
            elif column.string_coded:
                formats[column.name] = "F8.0"
            elif column.type == "integer":
                formats[column.name] = "F10.0"
        pyreadstat.write_sav(
            frame,
            str(path),
            file_label=self.name,
            column_labels={c.name: sav_variable_label(c) for c in self.columns},
            variable_value_labels=self._labels(sav_value_labels) or None,
            missing_ranges={name: [""] for name in self._free} or None,
            variable_measure={c.name: c.level for c in self.columns},
            variable_format=formats or None,
        )
