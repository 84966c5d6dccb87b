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

The modules: ``column`` (a column, its type and its labels in each format), ``checks`` (the
checks of a row and the base every writer shares), ``text`` (CSV and Parquet), ``parts``
(the part-by-part writing of SPSS and Stata), ``sav`` and ``dta``.
"""

from research.writers.column import (
    DTA_NAME_CHARS,
    DTA_VARIABLE_LABEL_CHARS,
    MEASURES,
    SAV_VALUE_LABEL_BYTES,
    SAV_VARIABLE_LABEL_BYTES,
    TYPES,
    Column,
    coded_values,
    cut_bytes,
    cut_chars,
    dta_variable_label,
    numeric_labels,
    sav_value_labels,
    sav_variable_label,
    stata_value_labels,
    value_label,
    variable_label,
)
from research.writers.dta import (
    DTA_VERSION,
    STATA_RESERVED,
    DtaTable,
    stata_name_problem,
    stata_names,
)
from research.writers.parts import PART_ROWS
from research.writers.sav import SavTable
from research.writers.text import CsvTable, ParquetTable

WRITERS = {"csv": CsvTable, "parquet": ParquetTable, "sav": SavTable, "dta": DtaTable}

__all__ = [
    "DTA_NAME_CHARS",
    "DTA_VARIABLE_LABEL_CHARS",
    "DTA_VERSION",
    "MEASURES",
    "PART_ROWS",
    "SAV_VALUE_LABEL_BYTES",
    "SAV_VARIABLE_LABEL_BYTES",
    "STATA_RESERVED",
    "TYPES",
    "WRITERS",
    "Column",
    "CsvTable",
    "DtaTable",
    "ParquetTable",
    "SavTable",
    "coded_values",
    "cut_bytes",
    "cut_chars",
    "dta_variable_label",
    "numeric_labels",
    "sav_value_labels",
    "sav_variable_label",
    "stata_name_problem",
    "stata_names",
    "stata_value_labels",
    "value_label",
    "variable_label",
]
