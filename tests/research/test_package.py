"""The files of a research export open with their types and labels: the writers' .sav and
.dta read back with labels, measurement levels, dates and missing values; the shipped
load.sps runs in GNU PSPP on the CSV and SPSS packages; load.R and load.do load every file
and label every labelled column (R and Stata are not on the test machines: checked as text);
README.md and study.json hold every fact of the release.

PSPP: the tests skip without the ``pspp`` binary (apt-get install -y pspp), and fail instead
when KOERS_REQUIRE_PSPP is set (CI sets it).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import research.writers as writers
from research.catalogue import GENDER_LABELS
from research.package import (
    r_string,
    scripts_for,
    sps_string,
    stata_string,
    write_scripts,
)
from research.readme import META_KEYS, write_readme
from research.writers import WRITERS, Column, DtaTable, stata_names

QUOTED_NL = "Score \"zwaar\" van 't huis `x' $HOME \"'"
SCORE_LABELS = {"1": ('Laag "1"', "Low"), "3": ("Midden", "Middle"), "5": ("Hoog's", "High")}
STATUS_LABELS = {"active": ("Actief", "Active"), "paused": ("Gepauzeerd", "Paused")}

PARTICIPANTS = [
    Column("pseudonym", "Deelnemer (pseudoniem)", "Participant (pseudonym)", "string"),
    Column("gender", "Gender", "Gender", "string", value_labels=GENDER_LABELS),
    Column("status", "Status", "Status", "string", value_labels=STATUS_LABELS),
    Column("score", QUOTED_NL, "Score 'heavy'", "integer", value_labels=SCORE_LABELS),
    Column("visits", "Aantal bezoeken", "Visits", "integer"),
    Column("amount", "Bedrag", "Amount", "number"),
    Column("start_month", "Maand van inschrijving", "Month of enrolment", "date"),
    Column("note", "Notitie van de coach, " * 4 + "vrij tekstveld", "Note", "string"),
    Column("level", "Niveau", "Level", "integer", value_labels=SCORE_LABELS, measure="ordinal"),
]
ROWS = [
    ("p01", "M", "active", 1, 3, 12.5, dt.date(2024, 1, 1), "=SUM(A1)", 1),
    ("p02", "V", "paused", 5, 0, -3.25, dt.date(2024, 2, 1), "gewoon", 3),
    ("p03", "", None, None, None, None, None, None, None),  # missing in every column
    (None, "X", "active", 3, 12, 0.0, dt.date(2023, 12, 1), "", 5),
    ("p05", "O", "active", 3, 1, 1.0, dt.date(2024, 3, 1), "Ünïcode 'q' \"dq\"", None),
]
LONG = [
    Column("pseudonym", "Deelnemer", "Participant", "string"),
    Column("month", "Maand", "Month", "date"),
    Column("value", "Waarde", "Value", "number"),
]
LONG_ROWS = [
    ("p01", dt.date(2024, 1, 1), 2.0),
    ("p02", None, None),
    ("p01", dt.date(2024, 7, 1), 4.5),
]
TABLES = {"participants": PARTICIPANTS, "measurements_long": LONG, "measurements_wide": LONG}
DATA = {"participants": ROWS, "measurements_long": LONG_ROWS, "measurements_wide": []}


def write_package(directory: Path, fmt: str) -> dict[str, list[str]]:
    """The three tables (one of them empty) in the format, and its scripts."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for table, columns in TABLES.items():
        writer = WRITERS[fmt](directory, table, columns)
        for row in DATA[table]:
            writer.write(row)
        files[table] = [path.name for path in writer.close()]
    write_scripts(directory, fmt=fmt, tables=TABLES, files=files)
    return files


# --- the writers ----------------------------------------------------------------------------


def test_sav_reads_back_with_labels_levels_dates_and_missing(tmp_path):
    import polars as pl
    import pyreadstat

    write_package(tmp_path, "sav")
    frame, meta = pyreadstat.read_sav(
        str(tmp_path / "participants.sav"), output_format="polars", metadataonly=False
    )
    assert frame.height == len(ROWS)
    labels = meta.variable_value_labels
    # Text codes are 1..n in the order of the labels, each labelled with its code.
    assert labels["gender"] == {
        1.0: "M = Man",
        2.0: "V = Vrouw / Woman",
        3.0: "X = X (non-binair) / X (non-binary)",
        4.0: "O = Onbekend / Unknown",
    }
    assert labels["status"] == {
        1.0: "active = Actief / Active",
        2.0: "paused = Gepauzeerd / Paused",
    }
    assert labels["score"] == {1.0: 'Laag "1" / Low', 3.0: "Midden / Middle", 5.0: "Hoog's / High"}
    assert frame["gender"].to_list() == [1.0, 2.0, None, 3.0, 4.0]
    assert frame["status"].to_list() == [1.0, 2.0, None, 1.0, 1.0]
    assert meta.readstat_variable_types["gender"] == "double"
    assert meta.variable_measure == {
        "pseudonym": "nominal",
        "gender": "nominal",
        "status": "nominal",
        "score": "nominal",
        "visits": "scale",
        "amount": "scale",
        "start_month": "scale",
        "note": "nominal",
        "level": "ordinal",
    }
    # Dates are dates.
    assert frame.schema["start_month"] == pl.Date
    assert meta.original_variable_types["start_month"].startswith("DATE")
    assert frame["start_month"].to_list() == [r[6] for r in ROWS]
    # Missing is system-missing for numbers, dates and codes; never "".
    for name in ("score", "visits", "amount", "start_month", "gender", "status"):
        assert frame[name][2] is None, name
    assert frame["amount"].to_list() == [12.5, -3.25, None, 0.0, 1.0]
    # Free text: "" is declared user-missing, so it reads back as missing.
    assert frame["pseudonym"][3] is None and frame["note"][2] is None
    assert frame["note"][0] == "=SUM(A1)"  # exact: a .sav is no spreadsheet
    _raw, raw_meta = pyreadstat.read_sav(
        str(tmp_path / "participants.sav"), output_format="polars", user_missing=True
    )
    assert raw_meta.missing_ranges["pseudonym"] == [{"lo": "", "hi": ""}]
    assert dict(zip(meta.column_names, meta.column_labels, strict=True))["amount"] == (
        "Bedrag / Amount"
    )


def test_dta_reads_back_with_labels_and_dates(tmp_path):
    import polars as pl
    import pyreadstat

    write_package(tmp_path, "dta")
    path = tmp_path / "participants.dta"
    assert path.read_bytes().startswith(b"<stata_dta><header><release>118</release>")
    frame, meta = pyreadstat.read_dta(str(path), output_format="polars")
    labels = meta.variable_value_labels
    assert labels["gender"][1] == "M = Man" and labels["gender"][4] == "O = Onbekend / Unknown"
    assert labels["status"] == {1: "active = Actief / Active", 2: "paused = Gepauzeerd / Paused"}
    assert labels["score"] == {1: 'Laag "1" / Low', 3: "Midden / Middle", 5: "Hoog's / High"}
    assert frame["gender"].to_list() == [1, 2, None, 3, 4]
    assert frame.schema["start_month"] == pl.Date
    assert meta.original_variable_types["start_month"] == "%td"
    assert frame["start_month"].to_list() == [r[6] for r in ROWS]
    assert frame["amount"][2] is None and frame["score"][2] is None
    column_labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert column_labels["visits"] == "Aantal bezoeken / Visits"
    assert all(len(label) <= 80 for label in column_labels.values())
    assert column_labels["score"] == f"{QUOTED_NL} / Score 'heavy'"
    # Too long for both languages in 80 characters: the English label.
    assert column_labels["note"] == "Note"


def test_dta_shortens_a_name_stata_cannot_hold(tmp_path):
    import pyreadstat

    columns = [
        Column("positieve_gezondheid_dagelijks_functioneren", "Lang", "Long", "integer"),
        Column("positieve_gezondheid_dagelijks_functioneren_2", "Lang", "Long", "integer"),
        Column("in", "In", "In", "integer"),
    ]
    table = DtaTable(tmp_path, "t", columns)
    table.write((1, 2, 3))
    (path,) = table.close()
    frame, meta = pyreadstat.read_dta(str(path), output_format="polars")
    names = list(frame.columns)
    assert all(len(name) <= 32 for name in names) and len(set(names)) == 3
    assert names == list(stata_names(columns).values())
    assert list(frame.row(0)) == [1, 2, 3]


def test_dta_holds_long_names_of_labelled_variables(tmp_path):
    """pyreadstat names a variable's value label set after the variable plus the set's
    number, and Stata refuses a name over 32 characters: with twelve long labelled
    variables (a study of the ZRM domains) the export failed ("A provided name is too long
    for the file format")."""
    import pyreadstat

    labels = {"1": ("Acute problematiek", "Acute problems"), "5": ("Zelfredzaam", "Fine")}
    columns = [
        Column(
            f"zrm_maatschappelijke_participatie_{i:02d}",
            "Lang",
            "Long",
            "integer",
            value_labels=labels,
        )
        for i in range(12)
    ]
    table = DtaTable(tmp_path, "wide", columns)
    table.write(tuple(range(1, 13)))
    (path,) = table.close()
    frame, meta = pyreadstat.read_dta(str(path), output_format="polars")
    names = list(frame.columns)
    assert names == list(stata_names(columns).values())
    assert len(set(names)) == 12 and all(len(name) <= 31 for name in names)
    assert len(names[11]) <= 30  # the label set "<name>11" fits in 32 characters
    assert list(frame.row(0)) == list(range(1, 13))
    assert meta.variable_value_labels[names[0]] == {
        1: "Acute problematiek / Acute problems",
        5: "Zelfredzaam / Fine",
    }


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_code_outside_the_labels_raises_naming_the_column_not_the_value(tmp_path, fmt):
    writer = WRITERS[fmt](tmp_path, "participants", PARTICIPANTS)
    row = list(ROWS[0])
    row[1] = "Geheim-Q"
    with pytest.raises(ValueError, match="'gender'") as raised:
        writer.write(row)
    assert "Geheim-Q" not in str(raised.value)
    writer.close()


def test_a_column_checks_its_type_and_measure():
    with pytest.raises(ValueError, match="type"):
        Column("x", "X", "X", "datetime")
    with pytest.raises(ValueError, match="measure"):
        Column("x", "X", "X", "integer", measure="interval")
    with pytest.raises(ValueError, match="no value labels"):
        Column("x", "X", "X", "date", value_labels={"a": ("A", "A")})
    with pytest.raises(ValueError, match="are numbers"):
        Column("x", "X", "X", "integer", value_labels={"a": ("A", "A")})
    with pytest.raises(ValueError, match="not a scale"):
        Column("x", "X", "X", "string", measure="scale")
    assert Column("x", "X", "X", "date").level == "scale"
    assert Column("x", "X", "X", "string").level == "nominal"


def test_csv_neutralises_formulas_and_writes_iso_dates_and_codes(tmp_path):
    write_package(tmp_path, "csv")
    with open(tmp_path / "participants.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["note"] == "'=SUM(A1)"
    assert [r["start_month"] for r in rows] == [
        "2024-01-01",
        "2024-02-01",
        "",
        "2023-12-01",
        "2024-03-01",
    ]
    assert [r["gender"] for r in rows] == ["M", "V", "", "X", "O"]
    assert rows[2]["amount"] == "" and rows[1]["amount"] == "-3.25"


def test_parquet_keeps_codes_and_has_dates(tmp_path):
    import polars as pl

    write_package(tmp_path, "parquet")
    frame = pl.read_parquet(tmp_path / "participants.parquet")
    assert frame.schema["start_month"] == pl.Date
    assert frame["gender"].to_list() == ["M", "V", None, "X", "O"]
    assert frame["note"][0] == "=SUM(A1)"


def test_sav_parts_share_their_text_widths(tmp_path, monkeypatch):
    import pyreadstat

    monkeypatch.setattr(writers.parts, "PART_ROWS", 2)
    files = write_package(tmp_path, "sav")
    assert files["participants"] == [f"participants_part00{i}.sav" for i in (1, 2, 3)]
    assert not list(tmp_path.glob("*.part"))
    widths = set()
    values = []
    for name in files["participants"]:
        frame, meta = pyreadstat.read_sav(str(tmp_path / name), output_format="polars")
        widths.add((meta.variable_storage_width["pseudonym"], meta.variable_storage_width["note"]))
        values += frame["note"].to_list()
    assert len(widths) == 1
    assert values == ["=SUM(A1)", "gewoon", None, None, "Ünïcode 'q' \"dq\""]


# --- PSPP -----------------------------------------------------------------------------------


@pytest.fixture
def pspp():
    path = shutil.which("pspp")
    if path is None:
        message = "no GNU PSPP found (apt-get install -y pspp): the load.sps tests skipped"
        if os.environ.get("KOERS_REQUIRE_PSPP"):
            pytest.fail(message)
        pytest.skip(message)
    return path


CHECKS = """
DATASET DISPLAY.
DATASET ACTIVATE participants.
DISPLAY DICTIONARY.
LIST.
FREQUENCIES gender status score level.
DESCRIPTIVES visits amount start_month.
DATASET ACTIVATE measurements_long.
DISPLAY DICTIONARY.
LIST.
DATASET ACTIVATE measurements_wide.
DISPLAY DICTIONARY.
"""


def run_pspp(pspp: str, directory: Path) -> str:
    script = directory / "check.sps"
    script.write_text((directory / "load.sps").read_text(encoding="utf-8") + CHECKS, "utf-8")
    result = subprocess.run(
        [pspp, "-O", "format=csv", "-o", "out.csv", "check.sps"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = (directory / "out.csv").read_text(encoding="utf-8")
    everything = result.stdout + result.stderr + out
    assert result.returncode == 0, everything
    assert "error" not in everything.lower(), everything
    assert "warning" not in everything.lower(), everything
    return out


def table(out: str, title: str, occurrence: int = 0) -> list[list[str]]:
    """The rows of PSPP's CSV output table with this title, its header first."""
    blocks = [b for b in out.split("\n\n") if b.startswith(f"Table: {title}\n")]
    return list(csv.reader(blocks[occurrence].splitlines()[1:]))


@pytest.mark.parametrize("fmt", ["csv", "sav"])
def test_pspp_loads_every_table_with_its_labels(pspp, tmp_path, fmt):
    write_package(tmp_path, fmt)
    out = run_pspp(pspp, tmp_path)
    assert sorted(r[0].split()[0] for r in table(out, "Datasets")) == sorted(TABLES)
    header, *rows = table(out, "Variables")
    assert header[:4] == ["Name", "Position", "Label", "Measurement Level"]
    assert header[7] == "Print Format"
    variables = {r[0]: r for r in rows}
    assert list(variables) == [c.name for c in PARTICIPANTS]
    assert variables["gender"][3] == "Nominal" and variables["level"][3] == "Ordinal"
    assert variables["amount"][3] == "Scale"
    assert variables["start_month"][7].startswith("DATE")
    assert variables["gender"][7].startswith("F")  # the codes 1..n, as in the .sav
    assert variables["score"][2] == sps_label(PARTICIPANTS[3])
    _header, *value_labels = table(out, "Value Labels")
    assert [r[1:] for r in value_labels[:4]] == [
        ["1", "M = Man"],
        ["2", "V = Vrouw / Woman"],
        ["3", "X = X (non-binair) / X (non-binary)"],
        ["4", "O = Onbekend / Unknown"],
    ]
    assert ["1", 'Laag "1" / Low'] in [r[1:] for r in value_labels]
    listed = table(out, "Data List")
    assert listed[0] == [c.name for c in PARTICIPANTS]
    assert listed[1][:4] == ["p01", "1", "1", "1"]
    assert listed[1][6] == "01-JAN-2024"
    # The row with every value missing: system-missing numbers, dates and codes, "" text.
    assert [cell.strip() for cell in listed[3]] == ["p03", ".", ".", ".", ".", ".", ".", "", "."]
    gender = {r[1]: r[2] for r in table(out, "Gender")}
    assert gender["M = Man"] == "1" and gender["O = Onbekend / Unknown"] == "1"
    assert [r for r in table(out, "Gender") if r[0] == "Missing"][0][2] == "1"
    long = table(out, "Data List", 1)
    assert long[1] == ["p01", "01-JAN-2024", "2.0" if fmt == "csv" else "2.00"]
    wide = table(out, "Variables", 2)
    assert [r[0] for r in wide[1:]] == [c.name for c in LONG]


def sps_label(column: Column) -> str:
    return f"{column.label_nl} / {column.label_en}"


def test_pspp_appends_the_parts_of_a_sav_table(pspp, tmp_path, monkeypatch):
    monkeypatch.setattr(writers.parts, "PART_ROWS", 2)
    files = write_package(tmp_path, "sav")
    assert len(files["participants"]) == 3
    out = run_pspp(pspp, tmp_path)
    listed = table(out, "Data List")
    assert [r[0] for r in listed[1:]] == ["p01", "p02", "p03", "", "p05"]


# --- the scripts as text (no R or Stata here) -----------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "scripts"),
    [
        ("csv", ["load.R", "load.do", "load.sps"]),
        ("parquet", ["load.R"]),
        ("sav", ["load.R", "load.do", "load.sps"]),
        ("dta", ["load.R", "load.do", "load.sps"]),
    ],
)
def test_a_script_for_every_tool_that_reads_the_format(tmp_path, fmt, scripts):
    files = write_package(tmp_path, fmt)
    assert sorted(p.name for p in tmp_path.glob("load.*")) == scripts
    assert sorted(scripts_for(fmt)) == scripts
    for name in scripts:
        text = (tmp_path / name).read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert "loads every table" in first, (name, first)
        for table_name, table_files in files.items():
            for file in table_files:
                assert file in text.split("\n\n", 1)[0], (name, file)  # named at the top
                if name == "load.do" and fmt == "csv" and not DATA[table_name]:
                    # No rows to import: the script makes the table's variables.
                    assert f"* {file} has no rows" in text
                    continue
                assert text.count(file) >= 2, (name, file)  # and loaded
        assert str(tmp_path) not in text
        # No absolute path (the do-file's paths start with its macro dir).
        assert not re.search(r"""(?<!dir)["'](/|[A-Za-z]:\\)""", text), name


def labelled_columns() -> list[Column]:
    return [c for c in PARTICIPANTS if c.value_labels]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_r_script_reads_with_types_and_labels_every_labelled_column(tmp_path, fmt):
    write_package(tmp_path, fmt)
    text = (tmp_path / "load.R").read_text(encoding="utf-8")
    assert text.isascii()
    code = [line for line in text.splitlines() if not line.startswith("#")]
    assert not any("setwd(" in line for line in code)
    assert "dir <- local({" in code
    reader = "readr::read_csv(" if fmt == "csv" else "arrow::read_parquet("
    assert text.count(reader) == len(TABLES)
    if fmt == "csv":
        assert '"start_month" = readr::col_date(format = "%Y-%m-%d")' in text
        assert '"visits" = readr::col_integer()' in text
        assert '"amount" = readr::col_double()' in text
    for column in PARTICIPANTS:
        line = next(
            line
            for line in text.splitlines()
            if line.startswith(f'participants[["{column.name}"]] <- koers_label(')
        )
        assert ("stats::setNames(" in line) == bool(column.value_labels), line
    gender = next(line for line in text.splitlines() if '[["gender"]] <- ' in line)
    assert 'c("M", "V", "X", "O")' in gender and '"V = Vrouw / Woman"' in gender
    score = next(line for line in text.splitlines() if '[["score"]] <- ' in line)
    assert "c(1L, 3L, 5L)" in score
    assert r'"Laag \"1\" / Low"' in score and '"Hoog\'s / High"' in score
    assert r"Score \"zwaar\" van 't huis `x' $HOME \"'" in score


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_r_script_reads_the_labelled_files(tmp_path, fmt, monkeypatch):
    monkeypatch.setattr(writers.parts, "PART_ROWS", 2)
    files = write_package(tmp_path, fmt)
    text = (tmp_path / "load.R").read_text(encoding="utf-8")
    reader = "haven::read_sav(" if fmt == "sav" else "haven::read_dta("
    assert text.count(reader) == len(TABLES)
    parts = ", ".join(f'"{name}"' for name in files["participants"])
    assert f"participants <- koers_bind(lapply(c({parts}), " in text


def test_stata_script_for_csv_types_and_labels_every_column(tmp_path):
    write_package(tmp_path, "csv")
    text = (tmp_path / "load.do").read_text(encoding="utf-8")
    assert "version 16" in text and 'local dir "."' in text
    assert text.count("import delimited using") == len(TABLES) - 1  # the empty one: generate
    assert "import delimited using `\"`dir'/participants.csv\"'" in text
    assert "stringcols(1 2 3 7 8) numericcols(4 5 6 9)" in text
    assert 'generate double _koers_tmp = date(start_month, "YMD")' in text
    assert "format start_month %td" in text
    assert "encode gender, generate(_koers_tmp) label(gender) noextend" in text
    for column in labelled_columns():
        assert f"label values {column.name} {column.name}" in text
    for column in PARTICIPANTS:
        assert f'label variable {column.name} `"' in text
    assert 'label define gender 2 `"V = Vrouw / Woman"\', add' in text
    assert 'label define status 1 `"active = Actief / Active"\', add' in text
    assert 'label define score 1 `"Laag "1" / Low"\', add' in text


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_stata_script_appends_every_part(tmp_path, fmt, monkeypatch):
    monkeypatch.setattr(writers.parts, "PART_ROWS", 2)
    files = write_package(tmp_path, fmt)
    text = (tmp_path / "load.do").read_text(encoding="utf-8")
    for name in files["participants"]:
        path = f"`\"`dir'/{name}\"'"
        if fmt == "sav":
            assert f"import spss using {path}, clear" in text
        else:
            assert f"use {path}, clear" in text or f"append using {path}" in text
    for table_name in TABLES:
        assert f"frame create {table_name}" in text


def test_spss_script_for_dta_uses_get_stata(tmp_path):
    files = write_package(tmp_path, "dta")
    text = (tmp_path / "load.sps").read_text(encoding="utf-8")
    for names in files.values():
        assert f"GET STATA FILE='{names[0]}'." in text
    assert "PSPP reads no Stata files" in text


def test_quotes_are_escaped_for_each_language():
    hostile = "a \"b\" 'c' `d' $e \\f \"'g\nh"
    assert r_string(hostile) == '"a \\"b\\" \'c\' `d\' $e \\\\f \\"\'g h"'
    assert r_string("é😀") == '"\\u{e9}\\U{1f600}"'
    assert sps_string("it's") == "'it''s'"
    assert sps_string("x" * 70) == "'" + "x" * 60 + "' +\n    '" + "x" * 10 + "'"
    quoted = stata_string(hostile)
    assert quoted.startswith('`"') and quoted.endswith("\"'")
    inner = quoted[2:-2]
    assert "`" not in inner and "\"'" not in inner and "\\$e" in inner


def test_stata_names_for_csv_are_short_and_unique():
    columns = [
        Column("a" * 40, "A", "A", "integer"),
        Column("a" * 41, "A", "A", "integer"),
        Column("in", "In", "In", "integer"),
    ]
    names = stata_names(columns)
    assert names == {"a" * 40: "a" * 32, "a" * 41: "a" * 30 + "_2", "in": "in_"}


# --- README.md and study.json ---------------------------------------------------------------

META = {
    "code": "GL-2026-07",
    "title": "Effect van gezinscoaching op 'zelfredzaamheid'",
    "principal_investigator": "Dr. A. de Vries",
    "institution": "Rijksuniversiteit Groningen",
    "ethics_reference": "METC-2026-0042",
    "approved_at": "2026-02-14",
    "approved_by_role": "privacy officer",
    "period_start": "2024-01-01",
    "period_end": None,
    "programmes": ["gezinslab", "schuldenvrij"],
    "approved_variables": ["age_band", "gender", "zrm_financien"],
    "exported_variables": ["age_band", "gender"],
    "k": 10,
    "l": 3,
    "intervals": "weeks",
    "generalisation": {"age_band": "10-jaarsklassen / 10-year bands", "wijk": "Leeuwarden Oost"},
    "suppression": {"participants_removed": 2, "quasi_identifiers_suppressed": 5},
    "released_at": "2026-03-01T10:15:00+01:00",
    "software": "koers 0.1.0",
    "format": "sav",
    "files": ["participants.sav", "measurements_long.sav", "codebook.csv", "codebook.sav"],
    "group": "Onderzoeksgroep Sociale Zekerheid",
    "citation": "De Vries, A. (2026). Koers-export GL-2026-07. Gemeente Leeuwarden.",
}


def flat_values(value) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value] + [v for inner in value.values() for v in flat_values(inner)]
    if isinstance(value, list):
        return [v for inner in value for v in flat_values(inner)]
    return [] if value is None else [str(value)]


def test_readme_and_study_json_hold_every_fact(tmp_path):
    paths = write_readme(tmp_path, meta=META)
    assert [p.name for p in paths] == ["README.md", "study.json"]
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert set(META) == set(META_KEYS)
    for key, value in META.items():
        for text in flat_values(value):
            assert text in readme, (key, text)
    dutch, english = readme.index("## Nederlands"), readme.index("## English")
    assert dutch < english
    for heading in (
        "### Pseudoniemen",
        "### Bescherming tegen onthulling",
        "### Inlezen",
        "### Citeren",
    ):
        assert dutch < readme.index(heading) < english, heading
    for heading in ("### Pseudonyms", "### Disclosure control", "### Loading", "### How to cite"):
        assert readme.index(heading) > english, heading
    for script in ("load.R", "load.sps", "load.do"):
        assert readme.count(f"`{script}`") >= 2
    assert "weken" in readme and "weeks" in readme
    assert "linking by content" in readme and "op inhoud" in readme
    assert "k = 10" in readme and "l = 3" in readme
    assert "vanaf 2024-01-01 (geen einddatum)" in readme
    assert "from 2024-01-01 (no end date)" in readme
    assert "250.000 rijen" in readme and "250,000 rows" in readme
    study = (tmp_path / "study.json").read_text(encoding="utf-8")
    assert json.loads(study) == META
    assert list(json.loads(study)) == sorted(META)
    assert "'zelfredzaamheid'" in study


def test_readme_for_csv_explains_the_apostrophe_and_days(tmp_path):
    meta = {**META, "format": "csv", "intervals": "days", "group": "", "files": ["a.csv"]}
    write_readme(tmp_path, meta=meta)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "apostrof" in readme and "apostrophe" in readme
    assert "in dagen" in readme and "in days" in readme
    assert "geen (alleen dit onderzoek)" in readme and "none (this study only)" in readme


def test_readme_refuses_incomplete_meta(tmp_path):
    meta = dict(META)
    del meta["citation"]
    with pytest.raises(ValueError, match="citation"):
        write_readme(tmp_path, meta=meta)


def test_the_profile_gathered_while_writing_is_the_profile_read_from_the_file(tmp_path):
    """The export gathers load.sps's widths and formats while it writes each CSV table
    (``Profile.add_columns``, per chunk of rows as written) instead of reading the file back:
    both must measure the same, whatever the values (whole numbers, fractions, Decimals,
    texts of numbers, booleans, Unicode, formulas written with an apostrophe, None) and
    wherever the chunks end."""
    from decimal import Decimal

    from research.package.profile import Profile

    # The widest values first in the first chunk (of plain types, no formula), then a chunk
    # with values of other types and a formula, then the rest.
    widest = ("p" * 40, "M", "active", 5, -123456, 2.5, None, "Ünïcode " * 9, 3)
    odd = [
        ("p05", "V", "active", 5, 4, Decimal("-1.250"), None, None, 3),
        ("p06", "V", None, 1, "12", 1e-07, dt.date(2024, 1, 1), "@x", None),
        ("p07", "X", "paused", None, True, 12, None, "-", 5),
        ("p08", "O", "active", 3, 7, 123456.789, None, None, 1),
    ]
    rows = [widest, *ROWS[1:] * 250][:1000] + odd + ROWS * 30
    table = WRITERS["csv"](tmp_path, "participants", PARTICIPANTS)
    gathered = Profile(None, PARTICIPANTS)
    table.observers.append(gathered.add_columns)
    for row in rows:
        table.write(row)
    (path,) = table.close()
    read = Profile(path, PARTICIPANTS)
    assert gathered.rows == read.rows == len(rows)
    assert (gathered.width, gathered.integer_digits, gathered.decimals) == (
        read.width,
        read.integer_digits,
        read.decimals,
    )
    assert read.width["note"] > 1 and read.decimals["amount"] > 0
