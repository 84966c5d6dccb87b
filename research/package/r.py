"""load.R: reads every table of an export into R with its types and labels."""

from __future__ import annotations

from privacy.spreadsheet import csv_cell
from research.package.quoting import listing, r_number, r_string
from research.writers import Column, value_label, variable_label

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
        values = ", ".join(r_number(code, column.type) for code in column.value_labels)
    texts = ", ".join(r_string(value_label(column, code)) for code in column.value_labels)
    return f"stats::setNames(c({values}), c({texts}))"


def r_script(fmt, tables, files, _profiles) -> str:
    packages = {"csv": "readr, haven", "parquet": "arrow, haven", "sav": "haven", "dta": "haven"}
    lines = [
        "# Koers research export: loads every table of this export into R.",
        *[f"#   {line}" for line in listing(files)],
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
