"""The import scripts a research export ships next to its tables.

``write_scripts`` writes, per format, a script for every tool that reads that format, each
loading every file of the export with its types and labels:

========  =====================================================================
format    scripts
========  =====================================================================
csv       load.R (readr with explicit col_types, labels with haven),
          load.sps (SPSS and PSPP: GET DATA with explicit formats, labels, missing
          values, measurement levels), load.do (Stata 16+: import delimited into a
          frame per table, labels; text codes encoded to the same 1..n as .dta)
parquet   load.R (arrow::read_parquet, labels with haven). SPSS and Stata read no
          Parquet: no script for them.
sav       load.R (haven::read_sav), load.sps (GET FILE, ADD FILES for parts),
          load.do (Stata 16+: import spss)
dta       load.R (haven::read_dta), load.sps (GET STATA: SPSS only, PSPP reads no
          Stata files), load.do (use, append for parts)
========  =====================================================================

The .sav and .dta files carry their labels themselves; the scripts for them only read and
append. No script holds an absolute path: load.R reads from ``dir``, the folder of the
script when it is ``source()``d or run with Rscript (else the working directory; setwd()
is not used); load.do from the local macro ``dir`` ("." = Stata's working directory: cd to
the export's folder, or set it); load.sps from SPSS's current directory (PSPP: run it in the
folder; SPSS: ``CD`` there first, or ``INSERT FILE=... CD=YES``).

Labels come from data definitions and may hold quotes: R strings are double-quoted with
backslash escapes (non-ASCII as ``\\u{...}``, so the script reads the same in any locale);
SPSS strings are single-quoted with ``''`` and split with ``+`` to keep lines short; Stata
strings use compound quotes, in which ``$`` is escaped as ``\\$`` and the two characters
that cannot be escaped there become look-alikes (a backquote becomes ‘ and ``"'`` becomes
``"’``), so that no label expands a macro or ends its string early.

README.md and study.json are written by ``research.readme``.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from privacy.spreadsheet import csv_cell
from research.writers import (
    SAV_VALUE_LABEL_BYTES,
    Column,
    coded_values,
    cut_bytes,
    dta_variable_label,
    numeric_labels,
    sav_variable_label,
    stata_names,
    value_label,
    variable_label,
)

SCRIPTS = {
    "csv": ("load.R", "load.sps", "load.do"),
    "parquet": ("load.R",),
    "sav": ("load.R", "load.sps", "load.do"),
    "dta": ("load.R", "load.sps", "load.do"),
}
SPSS_CHUNK = 60  # characters per quoted piece of an SPSS string
SPSS_ADD_FILES = 50  # files per ADD FILES command (SPSS's limit)
SPSS_MAX_WIDTH = 32767
SPSS_MAX_NUMBER_WIDTH = 40


def scripts_for(fmt: str) -> tuple[str, ...]:
    """The script names written for a format."""
    if fmt not in SCRIPTS:
        raise ValueError(f"no import scripts for the format {fmt!r}")
    return SCRIPTS[fmt]


# --- quoting --------------------------------------------------------------------------------


def one_line(text) -> str:
    text = "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in str(text))
    return " ".join(text.split())


def r_string(text) -> str:
    """An R string literal: ASCII only, so that the script reads alike in every locale."""
    out = []
    for ch in one_line(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) > 126:
            out.append(f"\\u{{{ord(ch):x}}}" if ord(ch) <= 0xFFFF else f"\\U{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def sps_string(text, *, indent: str = "    ") -> str:
    """An SPSS/PSPP string literal: single quotes doubled, long text split with ``+``."""
    text = one_line(text)
    pieces = [text[i : i + SPSS_CHUNK] for i in range(0, len(text), SPSS_CHUNK)] or [""]
    quoted = ["'" + piece.replace("'", "''") + "'" for piece in pieces]
    return f" +\n{indent}".join(quoted)


def stata_string(text) -> str:
    """A Stata compound-quoted string that expands no macro and cannot end early."""
    text = one_line(text).replace("`", "\u2018").replace("$", "\\$").replace("\"'", '"\u2019')
    return '`"' + text + "\"'"


def _r_number(value, kind: str) -> str:
    number = float(value)
    if kind == "integer" and number.is_integer():
        return f"{int(number)}L"
    return repr(number)


def _sps_number(value) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


# --- the CSV files: widths and formats for SPSS ---------------------------------------------


class _Profile:
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


# --- the scripts ----------------------------------------------------------------------------


def write_scripts(
    out_dir: Path, *, fmt: str, tables: dict[str, list[Column]], files: dict[str, list[str]]
) -> list[Path]:
    """The import scripts of an export in ``out_dir`` (after its files are written there).

    ``tables`` maps a table's name to its columns, ``files`` to the names of the files
    written for it (one, or its parts in order). Returns the scripts' paths.
    """
    out_dir = Path(out_dir)
    names = scripts_for(fmt)
    if set(tables) != set(files):
        raise ValueError("tables and files must name the same tables")
    for table, names_of_files in files.items():
        if not names_of_files:
            raise ValueError(f"table {table!r}: no files")
        for name in names_of_files:
            if Path(name).name != name or not name.endswith(f".{fmt}"):
                raise ValueError(f"table {table!r}: {name!r} is not a .{fmt} file name")
        if fmt in ("csv", "parquet") and len(names_of_files) != 1:
            raise ValueError(f"table {table!r}: a .{fmt} table is one file")
    profiles = (
        {t: _Profile(out_dir / files[t][0], cols) for t, cols in tables.items()}
        if fmt == "csv"
        else {}
    )
    writers = {"load.R": _r_script, "load.sps": _sps_script, "load.do": _do_script}
    paths = []
    for name in names:
        text = writers[name](fmt, tables, files, profiles)
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def _listing(files: dict[str, list[str]]) -> list[str]:
    return [f"{table}: {', '.join(names)}" for table, names in files.items()]


# R -------------------------------------------------------------------------------------------

_R_TYPES = {
    "string": "readr::col_character()",
    "integer": "readr::col_integer()",
    "number": "readr::col_double()",
    "date": 'readr::col_date(format = "%Y-%m-%d")',
}


def _r_labels(column: Column, *, csv_codes: bool) -> str:
    if column.string_coded:
        codes = [csv_cell(str(c)) if csv_codes else str(c) for c in column.value_labels]
        values = ", ".join(r_string(code) for code in codes)
    else:
        values = ", ".join(_r_number(code, column.type) for code in column.value_labels)
    texts = ", ".join(r_string(value_label(column, code)) for code in column.value_labels)
    return f"stats::setNames(c({values}), c({texts}))"


def _r_script(fmt, tables, files, _profiles) -> str:
    packages = {"csv": "readr, haven", "parquet": "arrow, haven", "sav": "haven", "dta": "haven"}
    lines = [
        "# Koers research export: loads every table of this export into R.",
        *[f"#   {line}" for line in _listing(files)],
        "# Each table becomes a data frame of the same name, with its types, variable labels",
        '# (attribute "label") and value labels (haven::labelled).',
        "# Empty = NA: suppressed or unknown. Text codes keep their code; SPSS and Stata files",
        "# hold them as 1..n labelled '<code> = <label>'.",
        f"# Needs the R packages {packages[fmt]} (install.packages(...)).",
        "# The files are read from `dir`: the folder of this script when it is source()d or run",
        "# with Rscript, else the working directory. setwd() is not used; set dir to the",
        "# export's folder if needed.",
        "",
        "dir <- local({",
        "  script <- tryCatch(sys.frame(1)$ofile, error = function(e) NULL)",
        '  arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)',
        '  if (is.null(script) && length(arg) > 0) script <- sub("^--file=", "", arg[1])',
        "  if (is.null(script)) getwd() else dirname(normalizePath(script))",
        "})",
        "",
        "koers_bind <- function(parts) {",
        "  if (length(parts) == 1) parts[[1]] else do.call(vctrs::vec_rbind, parts)",
        "}",
        "koers_label <- function(x, label, labels = NULL) {",
        "  if (!is.null(labels)) x <- haven::labelled(x, labels)",
        '  attr(x, "label") <- label',
        "  x",
        "}",
        "",
    ]
    for table, columns in tables.items():
        file_list = "c(" + ", ".join(r_string(f) for f in files[table]) + ")"
        lines.append(f"# {table}")
        if fmt == "csv":
            lines.append("types <- readr::cols(")
            for i, column in enumerate(columns):
                comma = "," if i < len(columns) - 1 else ""
                lines.append(f"  {r_string(column.name)} = {_R_TYPES[column.type]}{comma}")
            lines.append(")")
            reader = (
                'readr::read_csv(file.path(dir, f), col_types = types, na = "", '
                'trim_ws = FALSE, locale = readr::locale(encoding = "UTF-8"), progress = FALSE)'
            )
        elif fmt == "parquet":
            reader = "arrow::read_parquet(file.path(dir, f))"
        elif fmt == "sav":
            reader = "haven::read_sav(file.path(dir, f), user_na = FALSE)"
        else:
            reader = "haven::read_dta(file.path(dir, f))"
        lines.append(f"{table} <- koers_bind(lapply({file_list}, function(f) {reader}))")
        if fmt in ("csv", "parquet"):
            for column in columns:
                target = f"{table}[[{r_string(column.name)}]]"
                args = [target, r_string(variable_label(column))]
                if column.value_labels:
                    args.append(_r_labels(column, csv_codes=fmt == "csv"))
                lines.append(f"{target} <- koers_label({', '.join(args)})")
        lines.append("")
    return "\n".join(lines)


# SPSS / PSPP ---------------------------------------------------------------------------------


def _sps_comment(text: str) -> str:
    # A comment ends at a period at the end of a line: every line is its own comment.
    text = one_line(text).rstrip(".")
    return f"* {text}."


def _sps_script(fmt, tables, files, profiles) -> str:
    tool = "SPSS" if fmt == "dta" else "SPSS or PSPP"
    lines = [
        _sps_comment(f"Koers research export: loads every table of this export into {tool}"),
        *[_sps_comment(line) for line in _listing(files)],
        _sps_comment(
            "Each table becomes a dataset of the same name; the first is active at the end"
        ),
        _sps_comment(
            "File names are relative to the current directory: run this syntax in the "
            "export's folder (PSPP: cd there, then pspp load.sps)"
        ),
        _sps_comment(
            "In SPSS first run CD 'path/to/the/export' or use INSERT FILE='path/to/load.sps' CD=YES"
        ),
        _sps_comment(
            "Empty means suppressed or unknown: system-missing for numbers and dates, and "
            "the empty text is user-missing for text"
        ),
    ]
    if fmt == "dta":
        lines.append(_sps_comment("GET STATA needs SPSS 14 or later; PSPP reads no Stata files"))
    lines.append("")
    for table, columns in tables.items():
        names = files[table]
        lines.append(_sps_comment(f"{table}"))
        if fmt == "csv":
            lines += _sps_csv(names[0], columns, profiles[table])
        elif fmt == "sav":
            lines += _sps_sav(names)
        else:
            lines += _sps_dta(table, names)
        lines.append(f"DATASET COPY {table}.")
        lines.append("")
    lines.append(f"DATASET ACTIVATE {next(iter(tables))}.")
    lines.append("")
    return "\n".join(lines)


def _sps_sav(names: list[str]) -> list[str]:
    if len(names) == 1:
        return [f"GET FILE={sps_string(names[0])}."]
    lines = []
    chunk, rest = names[:SPSS_ADD_FILES], names[SPSS_ADD_FILES:]
    lines += ["ADD FILES", *[f"  /FILE={sps_string(name)}" for name in chunk]]
    lines[-1] += "."
    lines.append("EXECUTE.")
    while rest:
        chunk, rest = rest[: SPSS_ADD_FILES - 1], rest[SPSS_ADD_FILES - 1 :]
        lines += ["ADD FILES", "  /FILE=*", *[f"  /FILE={sps_string(name)}" for name in chunk]]
        lines[-1] += "."
        lines.append("EXECUTE.")
    return lines


def _sps_dta(table: str, names: list[str]) -> list[str]:
    lines = [f"GET STATA FILE={sps_string(names[0])}."]
    for name in names[1:]:
        lines += [
            f"DATASET COPY {table}.",
            f"GET STATA FILE={sps_string(name)}.",
            f"ADD FILES /FILE={table} /FILE=*.",
            "EXECUTE.",
        ]
    return lines


def _sps_csv(name: str, columns: list[Column], profile: _Profile) -> list[str]:
    lines = [
        "GET DATA",
        "  /TYPE=TXT",
        f"  /FILE={sps_string(name)}",
        "  /ENCODING='UTF8'",
        "  /ARRANGEMENT=DELIMITED",
        "  /DELCASE=LINE",
        "  /FIRSTCASE=2",
        '  /DELIMITERS=","',
        "  /QUALIFIER='\"'",
        "  /VARIABLES=",
    ]
    lines += [f"    {c.name} {profile.spss_format(c)}" for c in columns]
    lines[-1] += "."
    coded = [c for c in columns if c.string_coded]
    if coded:
        # Text codes become the numbers 1..n of the .sav files (RECODE into a new variable,
        # which then takes the old one's name and place).
        taken = {c.name for c in columns}
        temporary = {}
        for index, column in enumerate(coded, start=1):
            name = f"koers_code_{index}"
            while name in taken:
                name += "_"
            taken.add(name)
            temporary[column.name] = name
            pairs = " ".join(
                f"({sps_string(csv_cell(code))}={number})"
                for code, number in coded_values(column).items()
            )
            lines.append(f"RECODE {column.name} {pairs} (ELSE=SYSMIS) INTO {name}.")
        lines.append(f"DELETE VARIABLES {' '.join(temporary)}.")
        lines.append(
            "RENAME VARIABLES "
            + " ".join(f"({name}={column})" for column, name in temporary.items())
            + "."
        )
        lines.append(f"FORMATS {' '.join(temporary)} (F8.0).")
        lines.append("MATCH FILES /FILE=* /KEEP=" + " ".join(c.name for c in columns) + ".")
    lines.append("VARIABLE LABELS")
    for i, column in enumerate(columns):
        lead = "  " if i == 0 else "  /"
        lines.append(f"{lead}{column.name} {sps_string(sav_variable_label(column), indent='    ')}")
    lines[-1] += "."
    labelled = [c for c in columns if c.value_labels]
    if labelled:
        lines.append("VALUE LABELS")
        for i, column in enumerate(labelled):
            lines.append(f"  {'/' if i else ''}{column.name}")
            for number, text in numeric_labels(column).items():
                text = cut_bytes(text, SAV_VALUE_LABEL_BYTES)
                lines.append(f"    {_sps_number(number)} {sps_string(text, indent='      ')}")
        lines[-1] += "."
    strings = [c.name for c in columns if c.type == "string" and not c.string_coded]
    if strings:
        lines.append(f"MISSING VALUES {' '.join(strings)} ('').")
    levels: dict[str, list[str]] = {}
    for column in columns:
        levels.setdefault(column.level.upper(), []).append(column.name)
    lines.append(
        "VARIABLE LEVEL "
        + " /".join(f"{' '.join(names)} ({level})" for level, names in levels.items())
        + "."
    )
    dates = [c.name for c in columns if c.type == "date"]
    if dates:
        lines.append(f"FORMATS {' '.join(dates)} (DATE11).")
    lines.append("EXECUTE.")
    return lines


# Stata ---------------------------------------------------------------------------------------


def _do_script(fmt, tables, files, profiles) -> str:
    lines = [
        "* Koers research export: loads every table of this export into Stata (16 or later),",
        "* each into a frame of the same name; the first table's frame is current at the end.",
        *[f"*   {line}" for line in _listing(files)],
        '* Empty ("" or .) means suppressed or unknown.',
    ]
    if fmt == "csv":
        lines += [
            "* Text codes are encoded to the numbers 1..n with labels '<code> = <label>', the same",
            "* numbers as in the export's .sav and .dta files; dates become Stata dates (%td).",
        ]
    lines += [
        '* The files are read from the folder in the local macro dir: "." is Stata\'s working',
        "* directory, so cd to the export's folder first, or set dir to it.",
        "",
        "version 16",
        'local dir "."',
        "capture frame create default",
        "frame change default",
        "",
    ]
    for table, columns in tables.items():
        names = files[table]
        lines += [
            f"* {table}",
            f"capture frame drop {table}",
            f"frame create {table}",
            f"frame change {table}",
        ]
        if fmt == "csv":
            lines += _do_csv(names[0], columns, profiles[table])
        elif fmt == "sav":
            lines += _do_appended(names, "import spss using {}, clear")
        else:
            lines += [f"use {_do_path(names[0])}, clear"]
            lines += [f"append using {_do_path(name)}" for name in names[1:]]
        lines.append("")
    lines += [f"frame change {next(iter(tables))}", "frame dir", ""]
    return "\n".join(lines)


def _do_path(name: str) -> str:
    # The path must expand the macro dir, so it is not built with stata_string.
    return "`\"`dir'/" + name + "\"'"


def _do_appended(names: list[str], command: str) -> list[str]:
    """Read each part with ``command`` and append them in order (the last one first)."""
    if len(names) == 1:
        return [command.format(_do_path(names[0]))]
    lines = ["tempfile koers_parts"]
    for index, name in enumerate(reversed(names)):
        lines.append(command.format(_do_path(name)))
        if index:
            lines.append('append using "`koers_parts\'"')
        if index < len(names) - 1:
            lines.append('save "`koers_parts\'", replace')
    return lines


def _do_label_define(name: str, mapping: list[tuple[str, str]]) -> list[str]:
    lines = [f"capture label drop {name}"]
    lines += [f"label define {name} {number} {stata_string(text)}, add" for number, text in mapping]
    return lines


def _do_csv(name: str, columns: list[Column], profile: _Profile) -> list[str]:
    names = stata_names(columns)
    lines = [
        f"* {old} is called {new} here (Stata's names have at most 32 characters)"
        for old, new in names.items()
        if old != new
    ]
    if profile.rows == 0:
        lines += [f"* {name} has no rows: the table's variables are made here, empty", "clear"]
        for column in columns:
            var = names[column.name]
            if column.type == "string" and not column.string_coded:
                lines.append(f'generate str1 {var} = ""')
            else:
                lines.append(f"generate double {var} = .")
    else:
        strings = [str(i) for i, c in enumerate(columns, start=1) if c.type in ("string", "date")]
        numbers = [
            str(i) for i, c in enumerate(columns, start=1) if c.type not in ("string", "date")
        ]
        options = [
            "varnames(nonames)",
            "rowrange(2)",
            'delimiters(",")',
            "bindquotes(strict)",
            'encoding("utf-8")',
        ]
        if strings:
            options.append(f"stringcols({' '.join(strings)})")
        if numbers:
            options.append(f"numericcols({' '.join(numbers)})")
        options += ["asdouble", "clear"]
        lines.append(f"import delimited using {_do_path(name)}, {' '.join(options)}")
        lines += [f"rename v{i} {names[c.name]}" for i, c in enumerate(columns, start=1)]
        for column in columns:
            var = names[column.name]
            if column.type == "date":
                lines += [
                    f'generate double _koers_tmp = date({var}, "YMD")',
                    f"order _koers_tmp, after({var})",
                    f"drop {var}",
                    f"rename _koers_tmp {var}",
                ]
            elif column.string_coded:
                codes = coded_values(column)
                lines += _do_label_define(var, [(n, csv_cell(code)) for code, n in codes.items()])
                lines += [
                    f"encode {var}, generate(_koers_tmp) label({var}) noextend",
                    f"order _koers_tmp, after({var})",
                    f"drop {var}",
                    f"rename _koers_tmp {var}",
                ]
    for column in columns:
        var = names[column.name]
        if column.type == "date":
            lines.append(f"format {var} %td")
        if column.value_labels:
            # Stata labels only integers.
            mapping = [
                (int(number), text)
                for number, text in numeric_labels(column).items()
                if float(number).is_integer()
            ]
            if mapping:
                lines += _do_label_define(var, mapping)
                lines.append(f"label values {var} {var}")
        lines.append(f"label variable {var} {stata_string(dta_variable_label(column))}")
    return lines


# --- README.md and study.json ---------------------------------------------------------------
