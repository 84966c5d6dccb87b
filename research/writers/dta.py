"""Stata .dta and the names Stata can hold."""

from __future__ import annotations

import re
from pathlib import Path

from research.writers.column import (
    DTA_NAME_CHARS,
    DTA_VARIABLE_LABEL_CHARS,
    Column,
    cut_chars,
    dta_variable_label,
    stata_value_labels,
)
from research.writers.parts import PartsTable

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


def stata_name_problem(name: str) -> str:
    """Why Stata cannot hold a variable of this name, or ""."""
    if len(name) > DTA_NAME_CHARS:
        return f"longer than {DTA_NAME_CHARS} characters"
    if name in STATA_RESERVED or re.fullmatch(r"str\d+", name):
        return "a reserved word"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return "not a Stata name (letters, digits, _; not starting with a digit)"
    return ""


def _name_limits(columns: list[Column]) -> dict[str, int]:
    """The longest Stata name of each column. pyreadstat names the value label set of a
    labelled variable in a .dta after the variable with the set's number appended (``name``
    + "0", "1", ... in column order), and that name too must fit in 32 characters: such a
    variable leaves room for its number."""
    limits = {column.name: DTA_NAME_CHARS for column in columns}
    labelled = (column for column in columns if column.value_labels)
    for number, column in enumerate(c for c in labelled if stata_value_labels(c)):
        limits[column.name] = DTA_NAME_CHARS - len(str(number))
    return limits


def stata_names(columns: list[Column]) -> dict[str, str]:
    """Column name -> a Stata name: the same, or, when Stata cannot hold it, cut to 32
    characters (fewer for a labelled variable, ``_name_limits``; or with "_" after a reserved
    word) and made unique."""
    out: dict[str, str] = {}
    used: set[str] = set()
    limits = _name_limits(columns)
    for column in columns:
        base, limit = column.name, limits[column.name]
        if stata_name_problem(base) or len(base) > limit:
            base = re.sub(r"[^A-Za-z0-9_]", "_", base)
            if not re.match(r"[A-Za-z_]", base):
                base = "v_" + base
            base = base[:limit]
            if stata_name_problem(base):  # a reserved word
                base = base[: limit - 1] + "_"
        name, n = base, 2
        while name in used:
            suffix = f"_{n}"
            name, n = base[: limit - len(suffix)] + suffix, n + 1
        used.add(name)
        out[column.name] = name
    return out


class DtaTable(PartsTable):
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
