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

The modules: ``scripts`` (which scripts a format gets, and writing them), ``quoting`` (string
literals of R, SPSS and Stata), ``profile`` (the widths SPSS needs of a CSV file), ``r``,
``spss`` and ``stata`` (one script each).
"""

from research.package.quoting import one_line, r_string, sps_string, stata_string
from research.package.scripts import SCRIPTS, scripts_for, write_scripts

__all__ = [
    "SCRIPTS",
    "one_line",
    "r_string",
    "scripts_for",
    "sps_string",
    "stata_string",
    "write_scripts",
]
