"""The export engine: the "Done when" list of issue 6."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import RESEARCHER
from privacy.models import AccessEvent, Purpose
from research import services
from research.models import Export
from tests.factories import make_user, record_consent, record_outcome
from tests.research.conftest import build_cohort, decide, make_study, study_request


def export_zip(researcher, study, fmt="csv", **kwargs) -> tuple[Export, zipfile.ZipFile]:
    export = services.request_export(
        actor=researcher, study=study, fmt=fmt, enqueue=False, **kwargs
    )
    export = services.run_export(export.pk)
    assert export.status == Export.Status.DONE, export.error
    return export, zipfile.ZipFile(export.file.path)


def rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def test_two_exports_of_one_study_give_the_same_pseudonyms(researcher, study, cohort):
    _e1, first = export_zip(researcher, study)
    _e2, second = export_zip(researcher, study)
    one = {r["pseudonym"] for r in rows(first, "participants.csv")}
    two = {r["pseudonym"] for r in rows(second, "participants.csv")}
    assert len(one) == 12 and one == two
    households_one = {r["household"] for r in rows(first, "participants.csv")}
    assert households_one == {r["household"] for r in rows(second, "participants.csv")}
    long_pseudonyms = {r["pseudonym"] for r in rows(first, "measurements_long.csv")}
    assert long_pseudonyms == one


def test_two_studies_give_disjoint_pseudonyms(researcher, officer, study, cohort):
    other = make_study(researcher, officer, code="STUDY-B")
    _e1, first = export_zip(researcher, study)
    _e2, second = export_zip(researcher, other)
    a = rows(first, "participants.csv")
    b = rows(second, "participants.csv")
    assert len(a) == len(b) == 12
    assert not {r["pseudonym"] for r in a} & {r["pseudonym"] for r in b}
    assert not {r["household"] for r in a} & {r["household"] for r in b}


def test_files_manifest_and_hashes(researcher, study, cohort):
    export, archive = export_zip(researcher, study)
    names = set(archive.namelist())
    assert {
        "participants.csv",
        "measurements_long.csv",
        "measurements_wide.csv",
        "codebook.csv",
        "manifest.json",
        "disclosure_report.json",
    } <= names
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["study"] == "STUDY-A" and manifest["export"] == str(export.pk)
    assert manifest["k"] == 5 and manifest["l"] == 2
    assert set(manifest["files"]) == names - {"manifest.json"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest, name
    assert manifest["rows"]["participants"] == 12
    with open(export.file.path, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == export.sha256


def test_dates_become_months_and_weeks_with_a_wave_index(researcher, study, cohort):
    _export, archive = export_zip(researcher, study)
    long = rows(archive, "measurements_long.csv")
    intake = [r for r in long if r["wave"] == "intake" and r["item"] == "financien"]
    # A month is a date (its first day); the interval is in whole weeks unless days are
    # approved; the wave index sorts in time where the wave names do not (m12 < m6).
    assert intake and all(r["month"] == "2024-01-01" for r in intake)
    assert {r["weeks_since_first_enrolment"] for r in intake} == {"0"}
    assert "days_since_first_enrolment" not in intake[0]
    m6 = [r for r in long if r["wave"] == "m6" and r["item"] == "financien"]
    assert {r["weeks_since_first_enrolment"] for r in m6} == {str(190 // 7)}
    assert {r["wave_index"] for r in intake} == {"0"} and {r["wave_index"] for r in m6} == {"6"}
    goals = [r for r in long if r["instrument"] == "goal_attainment"]
    assert goals and {r["item"] for r in goals} == {"1"}
    text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert "2024-01-08" not in text and "2024-01-11" not in text
    participants = rows(archive, "participants.csv")
    assert {r["gezinslab_start_month"] for r in participants} == {"2024-01-01"}
    assert {r["gezinslab_status"] for r in participants} == {"active"}
    wide = rows(archive, "measurements_wide.csv")
    assert {r["wave"] for r in wide} == {"intake", "m6"}
    assert "goal_attainment_1" in wide[0]


def test_every_combination_holds_at_least_k(researcher, officer, caseworker_a, team_a):
    build_cohort(caseworker_a, team_a, 12)
    # Three people who stand out: another wijk, gender and age.
    odd = build_cohort(caseworker_a, team_a, 3, start_index=50)
    for index, person in enumerate(odd):
        from casework.models import Participant
        from casework.services import lock, save  # test set-up only

        current = Participant.objects.get(pk=person.pk)
        with __import__("django.db").db.transaction.atomic():
            current = lock(Participant, person.pk, current.version)
            current.wijk = "camminghaburen"
            current.gender = "M" if index else "X"
            current.year_of_birth = 1950 + index
            save(current)
    study = make_study(researcher, officer, code="STUDY-K")
    _export, archive = export_zip(researcher, study)
    participants = rows(archive, "participants.csv")
    combos: dict[tuple, int] = {}
    for r in participants:
        key = (r["age_band"], r["gender"], r["wijk"], r["household_size"])
        combos[key] = combos.get(key, 0) + 1
    assert combos and min(combos.values()) >= 5
    report = json.loads(archive.read("disclosure_report.json"))
    assert report["smallest_class_as_written"] >= 5
    assert (
        report["participants_with_quasi_identifiers_suppressed"]
        + report["participants_removed"]
        + sum(1 for _ in participants)
        >= 15
    )


def test_a_withdrawn_consent_drops_the_person(researcher, study, cohort, caseworker_a):
    _e, before = export_zip(researcher, study)
    assert len(rows(before, "participants.csv")) == 12
    record_consent(caseworker_a, cohort[0], Purpose.RESEARCH, "withdrawn", timezone.localdate())
    _e, after = export_zip(researcher, study)
    assert len(rows(after, "participants.csv")) == 11


def test_without_consent_nobody_is_exported(researcher, study, caseworker_a, team_a):
    build_cohort(caseworker_a, team_a, 6, consent=False)
    _e, archive = export_zip(researcher, study)
    assert rows(archive, "participants.csv") == []


def test_no_identifier_appears_in_any_file(researcher, study, cohort):
    for fmt in ("csv", "parquet", "sav"):
        _e, archive = export_zip(researcher, study, fmt=fmt)
        blob = b"".join(archive.read(n) for n in archive.namelist())
        for person in cohort:
            for value in [*person.known.values(), str(person.pk), person.pk.hex]:
                needle = str(value)
                if isinstance(value, dt.date):
                    needle = value.isoformat()
                assert needle.encode() not in blob, (fmt, needle)
            for enrolment in person.enrolments.all():
                assert str(enrolment.pk).encode() not in blob
            assert b"Geheimdoeltekst" not in blob and b"Geheimenotitie" not in blob
            assert b"Familie Bosmaqz" not in blob and b"HH-55" not in blob


def test_sav_opens_with_its_labels(researcher, study, cohort, tmp_path):
    import pyreadstat

    _e, archive = export_zip(researcher, study, fmt="sav")
    archive.extractall(tmp_path)
    frame, meta = pyreadstat.read_sav(
        str(tmp_path / "measurements_wide.sav"), output_format="polars"
    )
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["zrm_financien"].startswith("Zelfredzaamheidsmatrix: Financiën")
    assert meta.variable_value_labels["zrm_financien"][1.0].startswith("Acute problematiek")
    assert meta.readstat_variable_types["pseudonym"] == "string"
    assert meta.readstat_variable_types["zrm_financien"] in {"double", "int32", "int64"}
    assert len(frame) == 24
    participants, pmeta = pyreadstat.read_sav(
        str(tmp_path / "participants.sav"), output_format="polars"
    )
    assert len(participants) == 12
    assert (
        "Leeftijdsklasse"
        in dict(zip(pmeta.column_names, pmeta.column_labels, strict=True))["age_band"]
    )


def test_parquet_has_types(researcher, study, cohort, tmp_path):
    import polars as pl

    _e, archive = export_zip(researcher, study, fmt="parquet")
    archive.extractall(tmp_path)
    frame = pl.read_parquet(tmp_path / "measurements_long.parquet")
    assert frame.schema["value"] == pl.Float64
    assert frame.schema["weeks_since_first_enrolment"] == pl.Int64
    assert frame.schema["month"] == pl.Date
    assert frame.height > 0


def test_export_and_download_are_logged_with_the_hash(researcher, study, cohort):
    export, _archive = export_zip(researcher, study)
    assert (
        AccessEvent.objects.filter(
            action="export", what=f"research_export:{export.pk}:sha256={export.sha256}"
        ).count()
        == 1
    )
    path = services.download_export(actor=researcher, export=export)
    assert path.exists()
    assert (
        AccessEvent.objects.filter(
            action="download",
            what=f"research_download:{export.pk}:sha256={export.sha256}",
            user=researcher,
        ).count()
        == 1
    )


def _debts_study(researcher, officer, code):
    """An approved study of the outstanding debts in Schuldenvrij (sensitive: k is 10)."""
    return make_study(
        researcher,
        officer,
        code=code,
        programmes=("schuldenvrij",),
        variables=["age_band", "gender", "wijk", "outcome_schuldenvrij_debts_outstanding"],
    )


def test_k_below_5_is_refused_and_logged(researcher, study):
    with pytest.raises(ValidationError):
        services.request_export(actor=researcher, study=study, fmt="csv", k=3, enqueue=False)
    assert AccessEvent.objects.filter(what__contains="k_below_5").exists()
    assert not Export.objects.exists()


def test_l_diversity_suppresses_a_sensitive_variable_with_one_value(
    researcher, officer, caseworker_a, team_a
):
    from decimal import Decimal

    people = build_cohort(caseworker_a, team_a, 10, programme="schuldenvrij")
    for person in people:
        record_outcome(
            caseworker_a,
            person.enrolments.get(),
            "schuldenvrij_debts_outstanding",
            dt.date(2024, 3, 1),
            Decimal("1500.00"),
        )
    study = _debts_study(researcher, officer, "STUDY-L")
    assert study.k == 10
    _e, archive = export_zip(researcher, study)
    debts = [
        r
        for r in rows(archive, "measurements_long.csv")
        if r["variable"] == "outcome_schuldenvrij_debts_outstanding"
    ]
    assert len(debts) == 10 and {r["value"] for r in debts} == {""}
    report = json.loads(archive.read("disclosure_report.json"))
    assert report["l_diversity"]["values_suppressed"] == {
        "outcome_schuldenvrij_debts_outstanding": 10
    }
    # One person with a second value does not make the group diverse: every person still
    # holds 1500, so belonging to the group gives it away (l is counted over people).
    record_outcome(
        caseworker_a,
        people[0].enrolments.get(),
        "schuldenvrij_debts_outstanding",
        dt.date(2024, 4, 1),
        Decimal("900.00"),
    )
    _e, archive = export_zip(researcher, study)
    values = {
        r["value"]
        for r in rows(archive, "measurements_long.csv")
        if r["variable"] == "outcome_schuldenvrij_debts_outstanding"
    }
    assert values == {""}


def test_l_diversity_shows_values_in_which_people_differ(researcher, officer, caseworker_a, team_a):
    from decimal import Decimal

    people = build_cohort(caseworker_a, team_a, 10, programme="schuldenvrij")
    for index, person in enumerate(people):
        record_outcome(
            caseworker_a,
            person.enrolments.get(),
            "schuldenvrij_debts_outstanding",
            dt.date(2024, 3, 1),
            Decimal("1500.00") if index % 2 else Decimal("700.00"),
        )
    study = _debts_study(researcher, officer, "STUDY-L2")
    _e, archive = export_zip(researcher, study)
    values = [
        r["value"]
        for r in rows(archive, "measurements_long.csv")
        if r["variable"] == "outcome_schuldenvrij_debts_outstanding"
    ]
    assert sorted(values) == ["1500.0"] * 5 + ["700.0"] * 5


def test_a_small_cohort_is_suppressed_not_exported_in_the_clear(
    researcher, officer, caseworker_a, team_a
):
    build_cohort(caseworker_a, team_a, 3)
    study = make_study(researcher, officer, code="STUDY-S")
    _e, archive = export_zip(researcher, study)
    assert rows(archive, "participants.csv") == []
    report = json.loads(archive.read("disclosure_report.json"))
    assert report["participants_removed"] == 3


def test_streams_merge_right_across_chunk_boundaries(researcher, study, cohort, monkeypatch):
    """The engine reads every fact as an ordered chunked stream merged per participant
    (memory flat by design); with chunks of one row the files are the same."""
    from casework import facts

    _e, normal = export_zip(researcher, study)
    monkeypatch.setattr(facts, "CHUNK", 1)
    _e, tiny = export_zip(researcher, study)
    for name in ("participants.csv", "measurements_long.csv", "measurements_wide.csv"):
        assert normal.read(name) == tiny.read(name), name


def test_the_export_reads_its_scores_planned_for_every_row(researcher, study, cohort, monkeypatch):
    """On PostgreSQL the export's reads are planned for reading all rows (no nested loops
    over a cohort the planner takes for one row), and the connection is as before after."""
    from casework import facts
    from tests import planning

    seen = planning.spy(monkeypatch, facts, "measurement_facts")
    export_zip(researcher, study)
    assert planning.planned_for_every_row(seen)


def test_l_diversity_counts_only_the_waves_the_study_exports(
    researcher, officer, caseworker_a, team_a
):
    """A sensitive item scored 3 at intake and 4 at m6 for everyone: a study of the intake
    wave exports one value per combination, so it is suppressed; the m6 scores, which the
    study does not get, must not make it look diverse. A study of both waves does not make
    them diverse either: l is counted per wave, over each person's value in it."""
    from casework.models import Instrument

    zrm = Instrument.objects.get(code="zrm")
    definition = dict(zrm.definition)
    definition["items"] = [
        {**item, "sensitive": True} if item["code"] == "adl" else item
        for item in definition["items"]
    ]
    zrm.definition = definition
    zrm.save()
    build_cohort(caseworker_a, team_a, 10)
    variables = ["age_band", "gender", "wijk", "zrm_adl"]
    intake = make_study(
        researcher, officer, code="STUDY-W1", variables=variables, k=10, waves=("intake",)
    )
    _e, archive = export_zip(researcher, intake)
    adl = [r for r in rows(archive, "measurements_long.csv") if r["variable"] == "zrm_adl"]
    assert len(adl) == 10 and {r["wave"] for r in adl} == {"intake"}
    assert {r["value"] for r in adl} == {""}
    both = make_study(researcher, officer, code="STUDY-W2", variables=variables, k=10)
    _e, archive = export_zip(researcher, both)
    adl = [r for r in rows(archive, "measurements_long.csv") if r["variable"] == "zrm_adl"]
    assert {r["wave"] for r in adl} == {"intake", "m6"} and {r["value"] for r in adl} == {""}


def test_a_value_the_group_holds_stays_diverse_when_a_later_study_adds_detail(
    researcher, officer, caseworker_a, team_a
):
    """Study 1 of a group releases debts for 20 people of one class: 1500 and 700, diverse.
    Study 2 of the same group adds wijk: in Bilgaard everyone had 1500. Linked by content,
    wijk would give the Bilgaard debts away, so study 2 leaves Bilgaard out; a study of
    another group, which holds nothing, keeps it."""
    from decimal import Decimal

    from casework.models import Participant
    from casework.services import lock, save  # test set-up only
    from tests.research.conftest import in_new_group

    people = build_cohort(caseworker_a, team_a, 20, programme="schuldenvrij")
    for index, person in enumerate(people):
        if index >= 10:
            with __import__("django.db").db.transaction.atomic():
                current = lock(
                    Participant, person.pk, Participant.objects.get(pk=person.pk).version
                )
                current.wijk = "oud-oost"
                save(current)
        record_outcome(
            caseworker_a,
            person.enrolments.get(),
            "schuldenvrij_debts_outstanding",
            dt.date(2024, 3, 1),
            Decimal("1500.00") if index < 10 or index % 2 else Decimal("700.00"),
        )
    debts = ["age_band", "outcome_schuldenvrij_debts_outstanding"]
    first = make_study(
        researcher, officer, code="STUDY-G1", programmes=("schuldenvrij",), variables=debts
    )
    _e, archive = export_zip(researcher, first)
    released = {
        r["value"]
        for r in rows(archive, "measurements_long.csv")
        if r["variable"] == "outcome_schuldenvrij_debts_outstanding"
    }
    assert released == {"1500.0", "700.0"}
    second = make_study(
        researcher, officer, code="STUDY-G2", programmes=("schuldenvrij",), variables=["wijk"]
    )
    _e, archive = export_zip(researcher, second)
    assert {r["wijk"] for r in rows(archive, "participants.csv")} == {"oud-oost"}
    report = json.loads(archive.read("disclosure_report.json"))
    assert report["classes_left_out_for_held_values"] == 1
    assert report["held_sensitive_variables"] == ["outcome_schuldenvrij_debts_outstanding"]
    stranger = in_new_group(make_user(RESEARCHER), name="Andere groep")
    other = make_study(
        stranger, officer, code="STUDY-G3", programmes=("schuldenvrij",), variables=["wijk"]
    )
    _e, archive = export_zip(stranger, other)
    assert {r["wijk"] for r in rows(archive, "participants.csv")} == {"bilgaard", "oud-oost"}


def test_days_only_when_the_privacy_officer_approves_them(researcher, officer, study, cohort):
    """Weeks by default (the other tests); a study approved with days gets days, and its
    study.json says so."""
    from research.models import Study

    asked = study_request(
        "STUDY-DAYS",
        title="Dagen",
        ethics_reference="ETH-2",
        variables=["age_band", "zrm_financien"],
    )
    request = services.request_study(actor=researcher, **asked)
    approved = decide(officer, request, "approve", interval_days=True)
    assert Study.objects.get(pk=approved.pk).interval_days
    _e, archive = export_zip(researcher, approved)
    intake = [
        r
        for r in rows(archive, "measurements_long.csv")
        if r["wave"] == "intake" and r["item"] == "financien"
    ]
    assert {r["days_since_first_enrolment"] for r in intake} == {"3"}
    assert "weeks_since_first_enrolment" not in intake[0]
    assert json.loads(archive.read("study.json"))["intervals"] == "days"
