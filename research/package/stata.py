"""load.do: reads every table of an export into a Stata frame with types and labels."""

from __future__ import annotations

from research.package.profile import Profile, csv_codes
from research.package.quoting import listing, stata_string
from research.writers import Column, dta_variable_label, stata_names, stata_value_labels


def do_script(fmt, tables, files, profiles) -> str:
    lines = [
        "* Koers research export: loads every table of this export into Stata (16 or later),",
        "* each into a frame of the same name; the first table's frame is current at the end.",
        *[f"*   {line}" for line in listing(files)],
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


def _do_csv(name: str, columns: list[Column], profile: Profile) -> list[str]:
    names = stata_names(columns)
    lines = [
        f"* {old} is called {new} here (Stata's names have at most 32 characters)"
        for old, new in names.items()
        if old != new
    ]
    if profile.rows == 0:
        lines += _do_empty(name, columns, names)
    else:
        lines += _do_import(name, columns, names)
    for column in columns:
        lines += _do_labels(column, names[column.name])
    return lines


def _do_empty(name: str, columns: list[Column], names: dict[str, str]) -> list[str]:
    """A table without rows: its variables, made empty."""
    lines = [f"* {name} has no rows: the table's variables are made here, empty", "clear"]
    for column in columns:
        var = names[column.name]
        if column.free_text:
            lines.append(f'generate str1 {var} = ""')
        else:
            lines.append(f"generate double {var} = .")
    return lines


def _do_import(name: str, columns: list[Column], names: dict[str, str]) -> list[str]:
    """import delimited with every column's type, then dates and text codes converted."""
    strings = [str(i) for i, c in enumerate(columns, start=1) if c.type in ("string", "date")]
    numbers = [str(i) for i, c in enumerate(columns, start=1) if c.type not in ("string", "date")]
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
    lines = [f"import delimited using {_do_path(name)}, {' '.join(options)}"]
    lines += [f"rename v{i} {names[c.name]}" for i, c in enumerate(columns, start=1)]
    for column in columns:
        var = names[column.name]
        if column.type == "date":
            lines += _do_replace(var, f'generate double _koers_tmp = date({var}, "YMD")')
        elif column.string_coded:
            lines += _do_label_define(var, [(n, code) for code, n in csv_codes(column)])
            lines += _do_replace(var, f"encode {var}, generate(_koers_tmp) label({var}) noextend")
    return lines


def _do_replace(var: str, generate: str) -> list[str]:
    """Replace a variable by the one ``generate`` makes as _koers_tmp, in its place."""
    return [generate, f"order _koers_tmp, after({var})", f"drop {var}", f"rename _koers_tmp {var}"]


def _do_labels(column: Column, var: str) -> list[str]:
    """Date format, value labels (Stata labels only integers) and variable label."""
    lines = []
    if column.type == "date":
        lines.append(f"format {var} %td")
    if column.value_labels:
        mapping = stata_value_labels(column)
        if mapping:
            lines += _do_label_define(var, list(mapping.items()))
            lines.append(f"label values {var} {var}")
    lines.append(f"label variable {var} {stata_string(dta_variable_label(column))}")
    return lines
