"""Every variable of the catalogue and every column of every file of an export has a role in
the disclosure control, with the reason: a variable nobody classified fails here."""

from __future__ import annotations

import csv
import io
import zipfile

from privacy import anonymity as an
from research import catalogue as cat
from research import services
from tests.research.conftest import build_cohort, make_study


def test_every_catalogue_variable_is_classified_with_a_reason():
    variables = cat.catalogue()
    assert variables
    for variable in variables.values():
        assert variable.role in cat.ROLES, variable.name
        assert len(variable.reason) > 20, variable.name
    quasi = {v.name for v in variables.values() if v.role == cat.QUASI_IDENTIFIER}
    # Each quasi-identifier has a generalisation hierarchy, and each hierarchy a variable.
    assert quasi == set(an.NAMES) == set(cat.QUASI_IDENTIFIERS)
    assert {"household", "programme_history"} <= quasi


def test_an_unclassified_variable_fails_the_check():
    bare = cat.Variable("new_item", "Nieuw", "New", "integer", "", "instrument x")
    assert bare.role == cat.NON_IDENTIFYING and not bare.reason  # what the test above refuses


def test_every_written_column_has_a_role_and_a_reason(researcher, officer, caseworker_a, team_a):
    build_cohort(caseworker_a, team_a, 6)
    study = make_study(researcher, officer, code="STUDY-COLS")
    export = services.run_export(
        services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False).pk
    )
    archive = zipfile.ZipFile(export.file.path)
    codebook = list(csv.DictReader(io.StringIO(archive.read("codebook.csv").decode())))
    described = {(row["file"], row["column"]) for row in codebook}
    for row in codebook:
        assert row["role"] in cat.ROLES and row["reason"], row
    for name in ("participants", "measurements_long", "measurements_wide"):
        header = next(csv.reader(io.StringIO(archive.read(f"{name}.csv").decode())))
        for column in header:
            assert (name, column) in described, (name, column)
    roles = {row["column"]: row["role"] for row in codebook if row["file"] == "participants"}
    assert roles["gezinslab_start_month"] == roles["household"] == cat.QUASI_IDENTIFIER
    assert roles["pseudonym"] == cat.NON_IDENTIFYING
