"""No cell of a research export's CSV files runs as a formula in a spreadsheet; Parquet and
SPSS keep the same values exactly.

No free text of a participant or a study (title, purpose) reaches an export. What does reach
the cells is reference data that an administrator can define without code: an instrument's
code, names, item codes and item labels, and an outcome measure's code, labels and unit. The
tests give those hostile values and look for them in every file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from casework import registry
from casework import services as cw
from casework.models import OutcomeMeasure
from privacy.spreadsheet import DANGEROUS
from research.writers import Column, CsvTable, ParquetTable
from tests.factories import measure, record_outcome
from tests.research.conftest import START, build_cohort, make_study
from tests.research.test_export import export_zip

HYPERLINK = '=HYPERLINK("http://voorbeeld.example";"Klik hier")'
INSTRUMENT = {
    "code": "-vijandig",
    "name_nl": HYPERLINK,
    "name_en": "+1+1",
    "definition": {
        "scale": {"min": 1, "max": 5},
        "value_labels": {"1": {"nl": "@SUM(A1)", "en": "-2+3"}},
        "items": [{"code": "-2+3", "label_nl": "@SUM(A1)", "label_en": "\tTab"}],
        "per_goal": False,
    },
}
ITEM_VARIABLE = "v__vijandig__2_3"  # catalogue._safe("-vijandig_-2+3")
MEASURE = registry.MeasureSpec(
    code="-saldo",
    label_nl="-2+3 saldo",
    label_en="@SUM(A1)",
    kind="decimal",
    unit="-EUR",
)
MEASURE_VARIABLE = "outcome__saldo"
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@pytest.fixture
def hostile_study(researcher, officer, caseworker_a, team_a, monkeypatch):
    """The cohort of the research tests, scored on an instrument and given a (negative)
    outcome value of a measure whose texts all look like formulas."""
    monkeypatch.setitem(registry._core_measures, MEASURE.code, MEASURE)
    OutcomeMeasure.objects.create(
        code=MEASURE.code,
        label_nl=MEASURE.label_nl,
        label_en=MEASURE.label_en,
        kind=MEASURE.kind,
        unit=MEASURE.unit,
    )
    instrument = cw.upsert_instrument(**INSTRUMENT)
    for index, person in enumerate(build_cohort(caseworker_a, team_a, 12)):
        enrolment = person.enrolments.get()
        measure(
            caseworker_a,
            enrolment,
            instrument,
            "intake",
            START + dt.timedelta(days=4),
            {"-2+3": 1 + index % 5},
        )
        record_outcome(
            caseworker_a, enrolment, MEASURE.code, START + dt.timedelta(days=6), Decimal("-12.50")
        )
    variables = ["age_band", "gender", "wijk", "household_size", ITEM_VARIABLE, MEASURE_VARIABLE]
    return make_study(researcher, officer, code="STUDY-F", variables=variables)


def csv_files(archive) -> dict[str, list[dict]]:
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
        for name in archive.namelist()
        if name.endswith(".csv")
    }


def assert_no_formula(files: dict[str, list[dict]]) -> None:
    """Every cell, header included, is a plain number or does not start like a formula."""
    for name, table in files.items():
        for row in table:
            for cell in [*row, *row.values()]:
                assert not cell.startswith(DANGEROUS) or PLAIN_NUMBER.match(cell), (name, cell)


def codebook_entry(rows: list[dict], variable: str) -> dict:
    return next(r for r in rows if r["file"] == "measurements_long" and r["variable"] == variable)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "sav"])
def test_every_csv_cell_that_looks_like_a_formula_is_text(researcher, hostile_study, fmt):
    _e, archive = export_zip(researcher, hostile_study, fmt=fmt)
    files = csv_files(archive)
    assert "codebook.csv" in files  # written in every format
    assert_no_formula(files)
    item = codebook_entry(files["codebook.csv"], ITEM_VARIABLE)
    assert item["label_nl"] == f"'{HYPERLINK}: @SUM(A1)"
    assert item["label_en"] == "'+1+1: \tTab"
    measure = codebook_entry(files["codebook.csv"], MEASURE_VARIABLE)
    assert (measure["label_nl"], measure["label_en"]) == ("'-2+3 saldo", "'@SUM(A1)")
    assert measure["values"] == "'-EUR"
    assert {r["role"] for r in files["codebook.csv"]} >= {"quasi_identifier", "non_identifying"}
    if fmt != "csv":
        return
    long = files["measurements_long.csv"]
    scores = [r for r in long if r["variable"] == ITEM_VARIABLE]
    assert len(scores) == 12
    assert {(r["instrument"], r["item"]) for r in scores} == {("'-vijandig", "'-2+3")}
    assert {int(r["value"]) for r in scores} == {1, 2, 3, 4, 5}
    outcomes = [r for r in long if r["variable"] == MEASURE_VARIABLE]
    assert len(outcomes) == 12 and {r["item"] for r in outcomes} == {"'-saldo"}
    # A negative number stays a number, and so does every number of the file.
    assert {r["value"] for r in outcomes} == {"-12.5"}
    assert all(PLAIN_NUMBER.match(r["value"]) for r in long if r["value"])
    assert all(int(r["weeks_since_first_enrolment"]) >= 0 for r in long)
    wide = files["measurements_wide.csv"]
    assert {int(r[ITEM_VARIABLE]) for r in wide if r[ITEM_VARIABLE]} == {1, 2, 3, 4, 5}


def test_parquet_keeps_the_values_exactly(researcher, hostile_study, tmp_path):
    import polars as pl

    _e, archive = export_zip(researcher, hostile_study, fmt="parquet")
    archive.extractall(tmp_path)
    codebook = pl.read_parquet(tmp_path / "codebook.parquet").to_dicts()
    item = codebook_entry(codebook, ITEM_VARIABLE)
    assert (item["label_nl"], item["label_en"]) == (f"{HYPERLINK}: @SUM(A1)", "+1+1: \tTab")
    measure = codebook_entry(codebook, MEASURE_VARIABLE)
    assert (measure["label_nl"], measure["values"]) == ("-2+3 saldo", "-EUR")
    long = pl.read_parquet(tmp_path / "measurements_long.parquet")
    assert long.schema["value"] == pl.Float64
    scores = long.filter(pl.col("variable") == ITEM_VARIABLE)
    assert set(scores["instrument"]) == {"-vijandig"} and set(scores["item"]) == {"-2+3"}
    outcomes = long.filter(pl.col("variable") == MEASURE_VARIABLE)
    assert set(outcomes["item"]) == {"-saldo"} and set(outcomes["value"]) == {-12.5}


def test_sav_keeps_the_values_exactly(researcher, hostile_study, tmp_path):
    import polars as pl
    import pyreadstat

    _e, archive = export_zip(researcher, hostile_study, fmt="sav")
    archive.extractall(tmp_path)
    codebook, _meta = pyreadstat.read_sav(str(tmp_path / "codebook.sav"), output_format="polars")
    codebook = codebook.to_dicts()
    item = codebook_entry(codebook, ITEM_VARIABLE)
    assert (item["label_nl"], item["label_en"]) == (f"{HYPERLINK}: @SUM(A1)", "+1+1: \tTab")
    measure = codebook_entry(codebook, MEASURE_VARIABLE)
    assert (measure["label_nl"], measure["values"]) == ("-2+3 saldo", "-EUR")
    long, meta = pyreadstat.read_sav(
        str(tmp_path / "measurements_long.sav"), output_format="polars"
    )
    scores = long.filter(pl.col("variable") == ITEM_VARIABLE)
    assert set(scores["instrument"]) == {"-vijandig"} and set(scores["item"]) == {"-2+3"}
    outcomes = long.filter(pl.col("variable") == MEASURE_VARIABLE)
    assert set(outcomes["value"]) == {-12.5}
    assert meta.readstat_variable_types["value"] == "double"


COLUMNS = [
    Column("=naam", "Naam", "Name", "string"),
    Column("aantal", "Aantal", "Count", "integer"),
    Column("bedrag", "Bedrag", "Amount", "number"),
]
HOSTILE = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def test_csv_table_writes_formulas_as_text_and_numbers_as_numbers(tmp_path):
    table = CsvTable(tmp_path, "tabel", COLUMNS)
    for index, text in enumerate(HOSTILE):
        table.write((text, -index, -1.5 * index))
    table.write((None, None, None))
    (path,) = table.close()
    header, *body = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert header == ["'=naam", "aantal", "bedrag"]
    assert [row[0] for row in body] == [*(f"'{text}" for text in HOSTILE), ""]
    assert [row[1] for row in body] == ["0", "-1", "-2", "-3", "-4", "-5", ""]
    assert [float(row[2]) for row in body[:-1]] == [-1.5 * i for i in range(len(HOSTILE))]


def test_parquet_table_keeps_the_text(tmp_path):
    import polars as pl

    table = ParquetTable(tmp_path, "tabel", COLUMNS)
    for index, text in enumerate(HOSTILE):
        table.write((text, -index, -1.5 * index))
    (path,) = table.close()
    frame = pl.read_parquet(path)
    assert frame.columns == ["=naam", "aantal", "bedrag"]
    assert frame["=naam"].to_list() == HOSTILE
    assert frame["aantal"].to_list() == [-i for i in range(len(HOSTILE))]
    assert not list(tmp_path.glob("*.part"))


class _Formula:
    def __str__(self) -> str:
        return "=1+2"


def test_csv_table_writes_the_same_bytes_as_row_by_row(tmp_path):
    """The CSV writer writes its rows in chunks, checked for cells at risk per column: the
    bytes must be those of writing every row through ``privacy.spreadsheet.csv_row``,
    whatever the chunk holds (hostile text, an object whose text is a formula, negative
    numbers, quotes, line breaks, dates, None) and wherever a chunk ends."""
    from privacy.spreadsheet import csv_row
    from research.writers import text

    columns = [*COLUMNS, Column("dag", "Dag", "Day", "date")]
    plain = [("gewoon", 3, 2.5, dt.date(2024, 1, 1)), (None, -2, None, None)]
    odd = [('met "quote", komma', 1, 0.1, None), ("regel\nbreuk", -7, Decimal("-1.50"), None)]
    hostile = [(t, i, 1.5, None) for i, t in enumerate(HOSTILE)]
    chunk = text.CHUNK_ROWS
    # Per chunk one kind of cell at risk, first in the file, first in the second chunk, and
    # alone in the third (an object whose text is a formula: csv_row neutralises its str()).
    rows = [hostile[0], *plain * (chunk // 2)][:chunk]
    rows += [hostile[3], *odd, *hostile, *plain * (chunk // 2)][:chunk]
    rows += [*plain * 50, (_Formula(), True, 2.0, None), (" =spatie", 0, 0.0, None)]
    assert len(rows) % chunk
    table = CsvTable(tmp_path, "tabel", columns)
    for row in rows:
        table.write(row)
    (path,) = table.close()
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(csv_row([c.name for c in columns]))
    writer.writerows(csv_row(row) for row in rows)
    assert path.read_bytes() == expected.getvalue().encode("utf-8")
    assert table.rows == len(rows)
