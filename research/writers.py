"""Streaming table writers for research exports: CSV (UTF-8), Parquet, SPSS .sav and Stata .dta.

Each writer takes rows one at a time and keeps at most a bounded buffer in memory:
CSV writes each row at once; Parquet writes a CSV first and converts it with polars'
streaming engine (``scan_csv(...).sink_parquet``); SPSS and Stata buffer ``PART_ROWS`` rows
and write one file per part (``<name>.sav`` when one part suffices, else
``<name>_part001.sav`` ..., to be appended: ADD FILES in SPSS, ``append`` in Stata), because
pyreadstat writes a whole data frame at once. ADD FILES wants a text variable equally wide in
every part, so a .sav table of more than one part is staged part by part as Arrow IPC and
written at the end with the table's widths (see SavTable).

The CSV files are opened in spreadsheets, so their cells go through ``privacy.spreadsheet``:
text that a spreadsheet would run as a formula gets an apostrophe in front. Parquet's
intermediate CSV and the .sav and .dta files are not spreadsheets and keep every value exactly.

Column types:

* ``string``: text. ``integer``, ``number``: numbers. ``date``: a ``datetime.date`` (a month
  is its first day): ISO ``YYYY-MM-DD`` in CSV, a Date in Parquet, an SPSS date (DATE11) in
  .sav, a Stata date (``%td``) in .dta.

Coded columns (``value_labels`` given, ``{code: (nl, en)}``):

* An integer or number column keeps its values and gets the labels in .sav and .dta (Stata
  labels only integers: a code with a fraction gets no label there). Its values need not all
  have a label (a scale with labelled end points).
* A string column (gender M/V/X/O, wijk, programme status) keeps its codes in CSV and
  Parquet. In .sav and .dta, which label only numbers in a way SPSS and Stata both show, it
  is written as the integers 1..n in the order of ``value_labels``, each labelled
  ``"<code> = <nl> / <en>"`` (``"<code> = <label>"`` when Dutch and English are the same), so
  that the original code stays readable next to the labels. ``coded_values(column)`` gives
  that mapping; the import scripts (research.package) use the same one for CSV.
* Every value of a string-coded column must be one of its codes, or None or "" (suppressed
  or unknown: written as missing). Any other value raises ValueError naming the column, never
  the value (values may be personal data), in every format, so that a gap in the catalogue
  shows in the tests instead of in a researcher's file.

Missing values: None is empty in CSV and null in Parquet. In .sav and .dta a None of a
numeric, date or coded column is system-missing (``.``), never an empty string. Free string
columns keep "" for None (SPSS has no system-missing string); in .sav "" is declared
user-missing for them (pyreadstat's ``missing_ranges`` takes a string), so SPSS and PSPP
leave it out of the valid values. Stata treats "" as missing by itself.

Labels: variable labels are ``"<nl> / <en>"`` (one text when both are the same), cut at 256
bytes in .sav; Stata allows 80 characters, so .dta gets ``"<nl> / <en>"`` when it fits, else
the English label, cut at 80 with "…". Value labels are cut at 120 bytes in .sav (SPSS's
limit). Measurement levels in .sav: ``Column.measure`` when set, else nominal for a string or
coded column and scale for an uncoded integer, number or date.

Stata: the files are format 118 (``version=14``: Stata 14 and later, and SPSS's GET STATA,
read it); a column name longer than 32 characters or a Stata reserved word raises
ValueError naming it, as Stata cannot hold it.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from privacy.spreadsheet import csv_row

PART_ROWS = 250_000
TYPES = ("string", "integer", "number", "date")
MEASURES = ("", "nominal", "ordinal", "scale")
SAV_VARIABLE_LABEL_BYTES = 256
SAV_VALUE_LABEL_BYTES = 120
DTA_VARIABLE_LABEL_CHARS = 80
DTA_NAME_CHARS = 32
DTA_VERSION = 14
STATA_RESERVED = frozenset(
    [
        "_all",
        "_b",
        "byte",
        "_coef",
        "_cons",
        "double",
        "float",
        "if",
        "in",
        "int",
        "long",
        "_n",
        "_N",
        "_pi",
        "pi",
        "_pred",
        "_rc",
        "_skip",
        "strL",
        "using",
        "with",
        "_weight",
    ]
)


@dataclass(frozen=True)
class Column:
    name: str
    label_nl: str
    label_en: str
    type: str  # string, integer, number, date
    values: str = ""
    value_labels: dict = field(default_factory=dict, hash=False, compare=False)
    source: str = ""
    quasi_identifier: bool = False
    sensitive: bool = False
    reason: str = ""  # why the column has its role in the disclosure control (research.columns)
    measure: str = ""  # nominal, ordinal or scale; "" = derived (see level())

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")
        if self.measure not in MEASURES:
            raise ValueError(f"column {self.name!r}: unknown measure {self.measure!r}")
        if self.type == "string" and self.measure == "scale":
            raise ValueError(f"column {self.name!r}: a string column is not a scale")
        if self.type == "date" and self.value_labels:
            raise ValueError(f"column {self.name!r}: a date column takes no value labels")
        if self.type in ("integer", "number"):
            for code in self.value_labels:
                try:
                    float(code)
                except (TypeError, ValueError):
                    raise ValueError(
                        f"column {self.name!r}: a numeric column's value label codes are numbers"
                    ) from None

    @property
    def string_coded(self) -> bool:
        """Text codes with labels: written as 1..n with labels in .sav and .dta."""
        return self.type == "string" and bool(self.value_labels)

    @property
    def free_text(self) -> bool:
        """Text without codes: "" stands for missing (SPSS has no system-missing string)."""
        return self.type == "string" and not self.value_labels

    @property
    def level(self) -> str:
        """The measurement level (SPSS): the column's own, else derived from its type."""
        if self.measure:
            return self.measure
        return "nominal" if self.type == "string" or self.value_labels else "scale"


# --- labels ---------------------------------------------------------------------------------


def _bilingual(nl: str, en: str) -> str:
    nl, en = (nl or "").strip(), (en or "").strip()
    if not en or nl == en:
        return nl
    if not nl:
        return en
    return f"{nl} / {en}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def cut_bytes(text: str, limit: int) -> str:
    """text in at most ``limit`` UTF-8 bytes, never cutting a character in two."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def cut_chars(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def variable_label(column: Column) -> str:
    """The variable label: ``"<nl> / <en>"``, or one text when both are the same."""
    return _one_line(_bilingual(column.label_nl, column.label_en))


def sav_variable_label(column: Column) -> str:
    return cut_bytes(variable_label(column), SAV_VARIABLE_LABEL_BYTES)


def dta_variable_label(column: Column) -> str:
    """Stata's 80 characters: both languages when they fit, else English (cut with "…")."""
    both = variable_label(column)
    if len(both) <= DTA_VARIABLE_LABEL_CHARS:
        return both
    english = _one_line(column.label_en or column.label_nl)
    return cut_chars(english, DTA_VARIABLE_LABEL_CHARS)


def value_label(column: Column, code) -> str:
    """The label of one code: ``"<code> = <nl> / <en>"`` for a string code (the code stays
    readable where SPSS and Stata show the number's label), ``"<nl> / <en>"`` for a number."""
    nl, en = column.value_labels[code]
    text = _one_line(_bilingual(nl, en))
    if column.string_coded:
        return f"{code} = {text}" if text else str(code)
    return text or str(code)


def coded_values(column: Column) -> dict[str, int]:
    """A string-coded column's codes and the integers 1..n they are written as in .sav and
    .dta, in the order of ``value_labels``."""
    return {str(code): index for index, code in enumerate(column.value_labels, start=1)}


def sav_value_labels(column: Column) -> dict:
    """The value labels in .sav and load.sps: cut at SPSS's 120 bytes."""
    return {k: cut_bytes(v, SAV_VALUE_LABEL_BYTES) for k, v in numeric_labels(column).items()}


def stata_value_labels(column: Column) -> dict[int, str]:
    """The value labels in .dta and load.do: Stata labels only integers."""
    return {int(k): v for k, v in numeric_labels(column).items() if float(k).is_integer()}


def numeric_labels(column: Column) -> dict:
    """{number as written: label} of a coded column (after coded_values for text codes)."""
    if column.string_coded:
        numbers = coded_values(column)
        return {numbers[str(code)]: value_label(column, code) for code in column.value_labels}
    out = {}
    for code in column.value_labels:
        number = float(code)
        key = int(number) if column.type == "integer" and number.is_integer() else number
        out[key] = value_label(column, code)
    return out


# --- values ---------------------------------------------------------------------------------


class _Checks:
    """The checks and conversions of a row, shared by all writers: the row's length, the
    codes of string-coded columns, the dates of date columns."""

    def __init__(self, columns: list[Column]) -> None:
        self.columns = columns
        self.codes = {
            i: frozenset(coded_values(c)) for i, c in enumerate(columns) if c.string_coded
        }
        self.dates = [i for i, c in enumerate(columns) if c.type == "date"]

    def __call__(self, row) -> list:
        row = list(row)
        if len(row) != len(self.columns):
            raise ValueError(
                f"a row of {len(row)} values for {len(self.columns)} columns "
                f"({', '.join(c.name for c in self.columns)})"
            )
        for i, codes in self.codes.items():
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
            if isinstance(value, dt.datetime):
                row[i] = value.date()
            elif not (value is None or isinstance(value, dt.date)):
                raise ValueError(
                    f"column {self.columns[i].name!r}: a date column takes datetime.date or None"
                )
        return row


def _polars_type(kind: str):
    import polars as pl

    return {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "date": pl.Date}[kind]


def _cell(value):
    return "" if value is None else value


class _Table:
    """What every writer has: its directory, name, columns, rows written and row checks."""

    def __init__(self, directory: Path, name: str, columns: list[Column]) -> None:
        self.directory = Path(directory)
        self.name = name
        self.columns = columns
        self.rows = 0
        self._check = _Checks(columns)


class CsvTable(_Table):
    extension = "csv"
    # A researcher opens this file in a spreadsheet: no cell may run as a formula there.
    neutralise = True

    def __init__(self, directory: Path, name: str, columns: list[Column], *, path=None) -> None:
        super().__init__(directory, name, columns)
        self.path = path or self.directory / f"{name}.csv"
        self._file = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._file)
        self._writer.writerow(self._cells([c.name for c in columns]))

    def _cells(self, values) -> list:
        """The row as written: neutralised for a spreadsheet, or exact for a converter.
        Dates are written as ISO dates (``str(date)``), not as text to neutralise."""
        return csv_row(values) if self.neutralise else [_cell(v) for v in values]

    def write(self, row) -> None:
        self._writer.writerow(self._cells(self._check(row)))
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


class _PartsTable(_Table):
    """Buffers PART_ROWS rows, converted for SPSS and Stata, and writes a file per part."""

    extension = ""

    def __init__(self, directory: Path, name: str, columns: list[Column]) -> None:
        super().__init__(directory, name, columns)
        self._buffer: list[tuple] = []
        self._parts: list[Path] = []
        converters = []
        for column in columns:
            if column.string_coded:
                # _Checks made "" None and checked every other value: .get maps None to None.
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

        schema = {
            c.name: pl.Int32 if c.string_coded else _polars_type(c.type) for c in self.columns
        }
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


class SavTable(_PartsTable):
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


def stata_name_problem(name: str) -> str:
    """Why Stata cannot hold a variable of this name, or ""."""
    if len(name) > DTA_NAME_CHARS:
        return f"longer than {DTA_NAME_CHARS} characters"
    if name in STATA_RESERVED or re.fullmatch(r"str\d+", name):
        return "a reserved word"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return "not a Stata name (letters, digits, _; not starting with a digit)"
    return ""


def stata_names(columns: list[Column]) -> dict[str, str]:
    """Column name -> a Stata name: the same, or, when Stata cannot hold it, cut to 32
    characters (or with "_" after a reserved word) and made unique."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for column in columns:
        base = column.name
        if stata_name_problem(base):
            base = re.sub(r"[^A-Za-z0-9_]", "_", base)
            if not re.match(r"[A-Za-z_]", base):
                base = "v_" + base
            base = base[:DTA_NAME_CHARS]
            if stata_name_problem(base):  # a reserved word
                base = base[: DTA_NAME_CHARS - 1] + "_"
        name, n = base, 2
        while name in used:
            suffix = f"_{n}"
            name, n = base[: DTA_NAME_CHARS - len(suffix)] + suffix, n + 1
        used.add(name)
        out[column.name] = name
    return out


class DtaTable(_PartsTable):
    """Stata .dta. A name Stata cannot hold (over 32 characters, a reserved word) is
    shortened as ``stata_names`` does; the codebook's ``stata_name`` column says to what."""

    extension = "dta"

    def __init__(self, directory: Path, name: str, columns: list[Column]) -> None:
        self.names = stata_names(columns)
        super().__init__(directory, name, columns)

    def _write_part(self, frame, path: Path) -> None:
        import pyreadstat

        names = self.names
        frame = frame.rename({old: new for old, new in names.items() if old != new})
        labels = self._labels(stata_value_labels)
        pyreadstat.write_dta(
            frame,
            str(path),
            file_label=cut_chars(self.name, DTA_VARIABLE_LABEL_CHARS),
            column_labels={names[c.name]: dta_variable_label(c) for c in self.columns},
            version=DTA_VERSION,
            variable_value_labels={names[k]: v for k, v in labels.items()} or None,
            variable_format={names[c.name]: "%td" for c in self.columns if c.type == "date"}
            or None,
        )


WRITERS = {"csv": CsvTable, "parquet": ParquetTable, "sav": SavTable, "dta": DtaTable}
