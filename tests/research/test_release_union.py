"""What the demo research group receives, attacked as the issue did: k over every column of
what was written, computed independently (polars over the files, not the engine's
classes), and the group's two studies linked by content with k checked on the union. The
union's l (a value the group holds) is in test_export.py, on a cohort built for it."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict

import polars as pl
import pytest

from accounts.models import User
from research import services
from research.models import Release, Study


def export(code: str) -> zipfile.ZipFile:
    researcher = User.objects.get(username="onderzoeker")
    study = Study.objects.get(code=code)
    item = services.run_export(
        services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False).pk
    )
    assert item.status == "done"
    return zipfile.ZipFile(item.file.path)


def table(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def person_records(archive: zipfile.ZipFile) -> pl.DataFrame:
    """One row per exported person with every column of the participants file except the
    pseudonym; the household pseudonym replaced by how many people share it (what anyone
    counts)."""
    frame = pl.read_csv(archive.read("participants.csv"), infer_schema=False)
    if "household" in frame.columns:
        shared = frame.filter(pl.col("household").is_not_null()).group_by("household").len()
        frame = (
            frame.join(shared, on="household", how="left")
            .with_columns(pl.col("len").fill_null(0).cast(pl.String).alias("household"))
            .drop("len")
        )
    return frame


def smallest_class(frame: pl.DataFrame, columns: list[str]) -> int:
    if frame.height == 0:
        return 0
    return int(frame.group_by(columns).len()["len"].min())


def content_signature(archive: zipfile.ZipFile, variables: set[str]) -> dict[str, tuple]:
    """Per pseudonym, everything measured of the person in the given variables: what links
    the same person across two studies whatever the pseudonyms."""
    rows = defaultdict(list)
    for row in table(archive, "measurements_long.csv"):
        if row["variable"] in variables and row["value"] != "":
            rows[row["pseudonym"]].append(
                (row["programme"], row["wave"], row["variable"], row["item"], row["value"])
            )
    return {pseudonym: tuple(sorted(items)) for pseudonym, items in rows.items()}


@pytest.fixture
def releases(demo_data):
    first = export("DEMO-COHORT")
    second = export("DEMO-COHORT-2")
    return first, second


def test_k_holds_over_every_column_of_what_was_written(releases):
    for archive, k in zip(releases, (5, 10), strict=True):
        people = person_records(archive)
        quasi = [c for c in people.columns if c != "pseudonym"]
        # Every column counts: the programme months and statuses and the household too.
        assert {"household", "age_band", "gezinslab_start_month", "gezinslab_status"} <= set(quasi)
        assert people.height > 0
        assert smallest_class(people, quasi) >= k


def test_the_second_study_is_checked_with_what_the_group_holds(releases):
    first, second = releases
    report = __import__("json").loads(second.read("disclosure_report.json"))
    assert report["k"] == 10 and report["group_holds"]
    assert Release.objects.count() == 2
    # Link the two studies by content: the scores both carry, person by person.
    shared = {
        row["variable"]
        for row in table(first, "measurements_long.csv")
        if row["instrument"] != "outcome"
    }
    a = content_signature(first, shared)
    b = content_signature(second, shared)
    unique_a = {sig: p for p, sig in a.items() if list(a.values()).count(sig) == 1}
    unique_b = {sig: p for p, sig in b.items() if list(b.values()).count(sig) == 1}
    links = {unique_a[sig]: unique_b[sig] for sig in unique_a.keys() & unique_b.keys()}
    # The pseudonyms differ, yet most people link one to one: the attack is real ...
    assert len(links) >= 20
    assert not set(links) & set(links.values())
    # ... and on the union of what the group holds, k = 10 still holds.
    people_a = person_records(first).rename(lambda c: f"a_{c}")
    people_b = person_records(second).rename(lambda c: f"b_{c}")
    pairs = pl.DataFrame({"a_pseudonym": list(links), "b_pseudonym": list(links.values())})
    union = pairs.join(people_a, on="a_pseudonym").join(people_b, on="b_pseudonym")
    quasi = [c for c in union.columns if not c.endswith("pseudonym")]
    assert union.height == len(links)
    assert smallest_class(union, quasi) >= 10
