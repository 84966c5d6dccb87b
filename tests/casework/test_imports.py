"""The CSV import commands: all or nothing, every error per row, no identifier in any output."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casework import selectors, services
from casework.models import (
    Enrolment,
    Household,
    HouseholdMembership,
    Measurement,
    MeasurementValue,
    Participant,
)
from casework.services.imports import derive_wave
from casework.services.imports import participants as participant_import
from privacy.crypto import Cipher, blind_index
from tests.factories import enrol, make_household, make_participant, valid_bsn

pytestmark = pytest.mark.django_db

HEADER = (
    "client_ref,given_name,family_name,date_of_birth,bsn,gender,street,house_number,postcode,"
    "city,wijk,phone,email,household_ref,household_role,programme,enrolment_date,"
    "research_consent"
)
M_HEADER = "client_ref,instrument,item,date,value"


def row(**cells) -> str:
    values = {
        "client_ref": "",
        "given_name": "",
        "family_name": "",
        "date_of_birth": "",
        "bsn": "",
        "gender": "",
        "street": "",
        "house_number": "",
        "postcode": "",
        "city": "",
        "wijk": "",
        "phone": "",
        "email": "",
        "household_ref": "",
        "household_role": "",
        "programme": "gezinslab",
        "enrolment_date": "2025-01-06",
        "research_consent": "",
    }
    unknown = set(cells) - set(values)
    assert not unknown, unknown
    values.update(cells)
    return ",".join(values.values())


def write(tmp_path, lines, *, name="import.csv", encoding="utf-8", header=HEADER) -> str:
    path = tmp_path / name
    text = "\n".join([header, *lines]) + "\n"
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(command, path, *args):
    out, err = StringIO(), StringIO()
    call_command(command, path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(command, path, *args):
    """Run a command that must refuse; return everything it said (stdout, stderr, error)."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as info:
        call_command(command, path, *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue() + str(info.value), err.getvalue()


def import_refused(path, *args):
    said, err = refused("import_participants", path, "--team", "gla", *args)
    assert Participant.objects.count() == 0
    assert Household.objects.count() == 0
    assert Enrolment.objects.count() == 0
    return said, err


# --- participants: the good path -------------------------------------------------------------


@pytest.fixture
def good_file(tmp_path):
    bsn_a, bsn_b = valid_bsn(), valid_bsn()
    path = write(
        tmp_path,
        [
            row(
                client_ref="GL-001",
                given_name="Sjoukje",
                family_name="Hoekstra",
                date_of_birth="1985-04-12",
                bsn=bsn_a,
                gender="V",
                street="Valeriusstraat",
                house_number="12",
                postcode="8921ab",
                city="Leeuwarden",
                wijk="bilgaard",
                phone="058 123 4567",
                email="sjoukje@example.org",
                household_ref="HH-7",
                household_role="parent",
                research_consent="ja",
            ),
            row(
                client_ref="GL-002",
                given_name="Jelle",
                family_name="Hoekstra",
                date_of_birth="2012-09-01",
                gender="M",
                wijk="bilgaard",
                household_ref="HH-7",
                household_role="child",
                research_consent="nee",
            ),
            row(
                client_ref="GL-003",
                given_name="Tjitske",
                family_name="Zijlstra",
                bsn=bsn_b,
                wijk="oud-oost",
                programme="schuldenvrij",
                enrolment_date="2024-11-01",
            ),
        ],
    )
    return path, bsn_a, bsn_b


def test_good_file_imports_participants_encrypted_and_decryptable(good_file, team_a, caseworker_a):
    path, bsn_a, _ = good_file
    out, err = run("import_participants", path, "--team", "gla")
    assert "3 deelnemers geïmporteerd, 1 huishouden" in out
    assert err == ""

    rows = {r.person.client_ref: r for r in selectors.caseload(caseworker_a)}
    assert set(rows) == {"GL-001", "GL-002", "GL-003"}
    sjoukje = rows["GL-001"].person
    assert (sjoukje.given_name, sjoukje.family_name) == ("Sjoukje", "Hoekstra")
    assert sjoukje.date_of_birth == "1985-04-12"
    assert sjoukje.gender == "V" and sjoukje.wijk == "bilgaard"
    assert [e.programme_code for e in rows["GL-003"].enrolments] == ["schuldenvrij"]
    assert rows["GL-003"].enrolments[0].start_date == dt.date(2024, 11, 1)
    assert rows["GL-001"].enrolments[0].team_id == team_a.pk

    # BSN and address decrypt too, and nothing is stored in clear.
    participant = Participant.objects.get(client_ref_index=blind_index("client_ref", "GL-001"))
    full = selectors.decrypt_person(participant, Cipher(), show_bsn=True)
    assert full.bsn == bsn_a
    assert full.postcode == "8921 AB"
    assert full.email == "sjoukje@example.org"
    assert participant.bsn_index == blind_index("bsn", bsn_a)
    assert "Sjoukje" not in (participant.given_name or "")
    assert participant.year_of_birth == 1985


def test_good_file_groups_household_members(good_file, caseworker_a):
    path, *_ = good_file
    run("import_participants", path, "--team", "gla")
    household = Household.objects.get()
    assert household.reference_index == blind_index("household_ref", "HH-7")
    assert household.wijk == "bilgaard"
    roles = {
        m.participant.client_ref_index: m.role
        for m in HouseholdMembership.objects.filter(household=household).select_related(
            "participant"
        )
    }
    assert roles == {
        blind_index("client_ref", "GL-001"): "parent",
        blind_index("client_ref", "GL-002"): "child",
    }
    assert selectors.visible_households(caseworker_a).get() == household
    opened = Cipher().open(
        model=Household, column="reference", row_pk=household.pk, envelope=household.reference
    )
    assert opened == "HH-7"


def test_existing_household_with_same_reference_is_reused(tmp_path, team_a, caseworker_a):
    first = make_participant(actor=caseworker_a, team=team_a, client_ref="OLD-1")
    existing = make_household(caseworker_a, first, reference="HH-9")
    path = write(
        tmp_path,
        [
            row(
                client_ref="NEW-1",
                given_name="Wytske",
                household_ref="HH-9",
                household_role="child",
            )
        ],
    )
    out, _ = run("import_participants", path, "--team", "gla")
    assert "1 deelnemer geïmporteerd, 1 huishouden (0 nieuw, 1 bestaand)" in out
    assert Household.objects.count() == 1
    assert existing.memberships.count() == 2


def test_household_of_another_team_is_not_joined(tmp_path, team_a, team_b, caseworker_b):
    """Joining would show the importing team that household's name: refused, nothing imported."""
    other = make_participant(actor=caseworker_b, team=team_b, client_ref="B-1")
    make_household(caseworker_b, other, name="Gezin van team B", reference="HH-B")
    path = write(
        tmp_path,
        [row(client_ref="A-1", given_name="Jan", household_ref="HH-B", household_role="child")],
    )
    said, _ = refused("import_participants", path, "--team", "gla")
    assert (
        "Rij 2: household_ref: dit huishoudnummer hoort bij een huishouden van een ander team"
        in said
    )
    assert "Gezin van team B" not in said
    assert Participant.objects.count() == 1
    assert HouseholdMembership.objects.count() == 1


def test_bom_and_dry_run_writes_nothing(tmp_path, team_a):
    path = write(
        tmp_path,
        [row(client_ref="A-1", given_name="Auke", household_ref="H1", household_role="parent")],
        encoding="utf-8-sig",
    )
    out, err = run("import_participants", path, "--team", "gla", "--dry-run")
    assert "1 deelnemer en 1 huishouden" in out
    assert "niets opgeslagen" in out
    assert Participant.objects.count() == 0
    assert Household.objects.count() == 0
    assert "Auke" not in out + err and "A-1" not in out + err


def test_unknown_team_is_refused(tmp_path):
    path = write(tmp_path, [row(client_ref="A-1")])
    with pytest.raises(CommandError, match="Onbekend of niet-actief team"):
        call_command("import_participants", path, "--team", "nope", stdout=StringIO())


def test_research_consent_column_is_recorded_as_consent(good_file, caseworker_a):
    """ja -> given, nee -> refused, on the enrolment date, text version "import", recorded by
    nobody; an empty cell records nothing (not asked)."""
    from privacy.models import Consent, Purpose
    from privacy.selectors import has_consent

    path, *_ = good_file
    out, _err = run("import_participants", path, "--team", "gla")
    assert "Toestemming voor onderzoek: 1 gegeven, 1 geweigerd, 1 niet gevraagd." in out
    ids = {
        ref: Participant.objects.get(client_ref_index=blind_index("client_ref", ref)).pk
        for ref in ("GL-001", "GL-002", "GL-003")
    }
    consents = {c.subject_id: c for c in Consent.objects.all()}
    assert set(consents) == {ids["GL-001"], ids["GL-002"]}
    given, refused_ = consents[ids["GL-001"]], consents[ids["GL-002"]]
    assert (given.purpose, given.status) == (Purpose.RESEARCH, Consent.Status.GIVEN)
    assert (refused_.purpose, refused_.status) == (Purpose.RESEARCH, Consent.Status.REFUSED)
    for consent in (given, refused_):
        assert consent.effective_on == dt.date(2025, 1, 6)
        assert consent.text_version == "import"
        assert consent.recorded_by is None
    assert has_consent(ids["GL-001"], Purpose.RESEARCH)
    assert not has_consent(ids["GL-002"], Purpose.RESEARCH)
    assert not has_consent(ids["GL-003"], Purpose.RESEARCH)
    assert list(selectors.participants_with_consent(Purpose.RESEARCH)) == [
        Participant.objects.get(pk=ids["GL-001"])
    ]


def test_dry_run_records_no_consent(good_file, team_a):
    from privacy.models import Consent

    path, *_ = good_file
    out, _err = run("import_participants", path, "--team", "gla", "--dry-run")
    assert "1 gegeven, 1 geweigerd" in out
    assert Consent.objects.count() == 0


def test_refused_import_records_no_consent(tmp_path, team_a):
    from privacy.models import Consent

    path = write(
        tmp_path,
        [
            row(client_ref="A-1", research_consent="ja"),
            row(client_ref="A-2", research_consent="ja", enrolment_date="2025-13-01"),
        ],
    )
    import_refused(path)
    assert Consent.objects.count() == 0


def test_help_says_research_consent_is_recorded():
    from casework.management.commands.import_participants import Command

    assert "NIET" not in Command.help
    assert "toestemming voor wetenschappelijk onderzoek" in Command.help


# --- participants: bad input -----------------------------------------------------------------


def test_wrong_header_names_missing_and_unexpected_columns(tmp_path, team_a):
    header = HEADER.replace("wijk,", "district,").replace(",research_consent", "")
    path = write(tmp_path, [], header=header)
    said, _ = import_refused(path)
    assert "Rij 1: de kopregel klopt niet" in said
    assert "ontbrekende kolommen: wijk, research_consent" in said
    assert "onverwachte kolommen: district" in said


def test_header_in_wrong_order_is_refused(tmp_path, team_a):
    names = HEADER.split(",")
    names[1], names[2] = names[2], names[1]
    path = write(tmp_path, [row(client_ref="A-1")], header=",".join(names))
    said, _ = import_refused(path)
    assert "volgorde" in said


def test_missing_header_does_not_echo_the_first_row(tmp_path, team_a):
    bsn = valid_bsn()
    path = write(tmp_path, [], header=row(client_ref="K-77", given_name="Grietje", bsn=bsn))
    said, _ = import_refused(path)
    assert "Rij 1: de kopregel ontbreekt" in said
    for identifier in ("K-77", "Grietje", bsn):
        assert identifier not in said


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"date_of_birth": "12-04-1985"}, "Rij 3: date_of_birth: dit is geen geldige datum"),
        ({"date_of_birth": "1985-02-30"}, "Rij 3: date_of_birth: dit is geen geldige datum"),
        ({"enrolment_date": "2025/01/06"}, "Rij 3: enrolment_date: dit is geen geldige datum"),
        ({"enrolment_date": ""}, "Rij 3: enrolment_date: de inschrijfdatum is verplicht"),
        (
            {"bsn": "123456789"},
            "Rij 3: bsn: Dit is geen geldig BSN (het voldoet niet aan de 11-proef)",
        ),
        ({"wijk": "huizum"}, "Rij 3: wijk: Onbekende wijk. Kies uit oud-oost"),
        ({"programme": "voetbal"}, "Rij 3: programme: onbekend programma"),
        ({"programme": ""}, "Rij 3: programme: het programma is verplicht"),
        ({"gender": "Q"}, "Rij 3: gender: Gender moet M, V, X of O zijn"),
        ({"research_consent": "misschien"}, "Rij 3: research_consent: vul ja, nee of niets in"),
        ({"household_ref": "HH-1"}, "Rij 3: household_role: de rol in het huishouden is verplicht"),
        (
            {"household_ref": "HH-1", "household_role": "oom"},
            "Rij 3: household_role: onbekende rol",
        ),
        ({"household_role": "child"}, "Rij 3: household_role: een rol zonder household_ref"),
        (
            {"client_ref": "", "given_name": ""},
            "Rij 3: client_ref: Vul ten minste een cliëntnummer",
        ),
        ({"postcode": "ABC"}, "Rij 3: postcode: Een postcode bestaat uit vier cijfers"),
    ],
)
def test_bad_cell_is_reported_with_its_row_and_nothing_is_imported(
    tmp_path, team_a, cells, message
):
    base = {"client_ref": "C-100", "given_name": "Hylke"}
    base.update(cells)
    path = write(tmp_path, [row(client_ref="OK-1", given_name="Goed"), row(**base)])
    said, err = import_refused(path)
    assert message in said
    assert message in err
    assert "Import geweigerd: 1 fout gevonden. Er is niets geïmporteerd." in said
    for identifier in ("C-100", "Hylke", "OK-1", "Goed", "123456789", "huizum", "voetbal"):
        assert identifier not in said


def test_duplicates_within_the_file_are_refused(tmp_path, team_a):
    bsn = valid_bsn()
    path = write(
        tmp_path,
        [
            row(client_ref="D-1", bsn=bsn),
            row(client_ref="D-2", bsn=bsn),
            row(client_ref="D-1", given_name="Anne"),
        ],
    )
    said, _ = import_refused(path)
    assert "Rij 3: bsn: dit BSN staat ook in rij 2." in said
    assert "Rij 4: client_ref: dit cliëntnummer staat ook in rij 2." in said
    for identifier in (bsn, "D-1", "D-2", "Anne"):
        assert identifier not in said


def test_duplicates_against_the_database_are_refused(tmp_path, team_a, caseworker_a):
    bsn = valid_bsn()
    make_participant(actor=caseworker_a, team=team_a, bsn=bsn, client_ref="DB-1")
    path = write(
        tmp_path,
        [
            row(client_ref="NEW-1", bsn=bsn),
            row(client_ref="DB-1", given_name="Pieter"),
            row(client_ref="NEW-2", given_name="Goed"),
        ],
    )
    said, _ = refused("import_participants", path, "--team", "gla")
    assert Participant.objects.count() == 1
    assert "Rij 2: bsn: er is al een deelnemer met dit BSN." in said
    assert "Rij 3: client_ref: er is al een deelnemer met dit cliëntnummer." in said
    assert "2 fouten gevonden" in said
    for identifier in (bsn, "DB-1", "NEW-1", "Pieter"):
        assert identifier not in said


def test_huge_cell_is_refused_without_blowing_up(tmp_path, team_a):
    huge = "x" * 100_000
    bigger = "y" * 300_000  # beyond the csv module's default field limit
    path = write(
        tmp_path,
        [
            row(client_ref="H-1", given_name=huge),
            row(client_ref="H-2", street=bigger),
            row(client_ref="H-3", city="z" * 1001),
            row(client_ref="H-4", city="z" * 150),
        ],
    )
    said, _ = import_refused(path)
    assert "Rij 2: de cel in kolom given_name is te lang (hoogstens 1000 tekens)." in said
    assert "Rij 3: de cel in kolom street is te lang" in said
    assert "Rij 4: de cel in kolom city is te lang" in said
    assert "Rij 5" not in said
    assert len(said) < 5000
    assert "H-1" not in said


def test_not_utf8_is_refused_with_advice(tmp_path, team_a):
    path = write(
        tmp_path,
        [row(client_ref="A-1", given_name="Aafke"), row(client_ref="A-2", city="Ljouwerté")],
        encoding="latin-1",
    )
    said, _ = import_refused(path)
    assert "Rij 3: het bestand is geen UTF-8" in said
    assert "Sla het bestand op als UTF-8" in said
    assert "Ljouwert" not in said


def test_wrong_number_of_columns_and_broken_quoting(tmp_path, team_a):
    path = write(tmp_path, [row(client_ref="A-1") + ",extra", row(client_ref="A-2")])
    said, _ = import_refused(path)
    assert "Rij 2: verwacht 18 kolommen, gevonden 19." in said


def test_two_bad_rows_are_both_reported_in_order(tmp_path, team_a):
    path = write(
        tmp_path,
        [
            row(client_ref="B-1", wijk="nergens"),
            row(client_ref="B-2"),
            row(client_ref="B-3", bsn="111111111", enrolment_date="gisteren"),
        ],
    )
    said, err = import_refused(path)
    lines = [line for line in err.splitlines() if line]
    assert lines[0].startswith("Rij 2: wijk:")
    assert any(line.startswith("Rij 4: bsn:") for line in lines)
    assert any(line.startswith("Rij 4: enrolment_date:") for line in lines)
    assert "3 fouten gevonden" in said


def test_failure_while_writing_rolls_everything_back(tmp_path, team_a, monkeypatch):
    path = write(tmp_path, [row(client_ref="W-1"), row(client_ref="W-2"), row(client_ref="W-3")])
    real = participant_import.import_participant
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom with W-3 inside")
        return real(**kwargs)

    monkeypatch.setattr(participant_import, "import_participant", flaky)
    said, _ = import_refused(path)
    assert "Rij 4: onverwachte fout bij het opslaan (RuntimeError)" in said
    assert "W-3" not in said


# --- measurements ----------------------------------------------------------------------------


def test_derive_wave():
    start = dt.date(2025, 1, 1)
    assert derive_wave(start, start) == "intake"
    assert derive_wave(start, start + dt.timedelta(days=45)) == "intake"
    assert derive_wave(start, start + dt.timedelta(days=46)) == "m6"
    assert derive_wave(start, dt.date(2025, 7, 1)) == "m6"
    assert derive_wave(start, dt.date(2025, 10, 20)) == "m12"  # 9.6 months: nearest is 12
    assert derive_wave(start, dt.date(2026, 1, 10)) == "m12"
    assert derive_wave(start, dt.date(2026, 7, 1)) == "m18"


@pytest.fixture
def measured(team_a, caseworker_a):
    participant = make_participant(
        caseworker_a, team_a, client_ref="M-1", start_date=dt.date(2024, 1, 8)
    )
    enrolment = participant.enrolments.get()
    goals = [
        services.add_goal(actor=caseworker_a, enrolment=enrolment, text=text)
        for text in ("Schulden op orde", "Werk vinden")
    ]
    return participant, enrolment, goals


def test_import_measurements_groups_rows_and_derives_waves(tmp_path, measured):
    participant, enrolment, goals = measured
    path = write(
        tmp_path,
        [
            "M-1,zrm,financien,2024-01-20,2",
            "M-1,zrm,huisvesting,2024-01-20,3",
            "M-1,zrm,financien,2024-07-10,3",
            "M-1,positieve_gezondheid,zingeving,2025-01-15,7",
            "M-1,goal_attainment,1,2024-07-10,4",
            "M-1,goal_attainment,2,2024-07-10,6",
        ],
        header=M_HEADER,
    )
    out, err = run("import_measurements", path)
    assert "4 metingen met 6 scores geïmporteerd." in out
    assert err == ""
    by_key = {
        (m.instrument.code, m.date): m for m in Measurement.objects.select_related("instrument")
    }
    intake = by_key[("zrm", dt.date(2024, 1, 20))]
    assert intake.wave == "intake" and intake.enrolment == enrolment
    assert intake.recorded_by is None
    assert {v.item: v.value for v in intake.values.all()} == {"financien": 2, "huisvesting": 3}
    assert by_key[("zrm", dt.date(2024, 7, 10))].wave == "m6"
    assert by_key[("positieve_gezondheid", dt.date(2025, 1, 15))].wave == "m12"
    attainment = by_key[("goal_attainment", dt.date(2024, 7, 10))]
    assert {v.goal_id: v.value for v in attainment.values.all()} == {
        goals[0].pk: 4,
        goals[1].pk: 6,
    }
    assert {v.item for v in attainment.values.all()} == {str(goals[0].pk), str(goals[1].pk)}


def test_import_measurements_dry_run_writes_nothing(tmp_path, measured):
    path = write(tmp_path, ["M-1,zrm,financien,2024-01-20,2"], header=M_HEADER)
    out, _ = run("import_measurements", path, "--dry-run")
    assert "1 meting met 1 score zouden worden geïmporteerd" in out
    assert Measurement.objects.count() == 0


def test_import_measurements_picks_the_enrolment_that_had_started(
    tmp_path, team_a, caseworker_a, measured
):
    participant, first, _ = measured
    later = enrol(
        caseworker_a,
        participant,
        "schuldenvrij",
        team_a,
        dt.date(2025, 3, 1),
        Enrolment.LegalBasis.CONSENT,
    )
    path = write(
        tmp_path,
        ["M-1,zrm,financien,2025-02-01,2", "M-1,zrm,financien,2025-03-10,3"],
        header=M_HEADER,
    )
    run("import_measurements", path)
    before = Measurement.objects.get(date=dt.date(2025, 2, 1))
    after = Measurement.objects.get(date=dt.date(2025, 3, 10))
    assert before.enrolment == first and before.wave == "m12"
    assert after.enrolment == later and after.wave == "intake"


def test_import_measurements_refuses_bad_rows_all_or_nothing(tmp_path, measured):
    path = write(
        tmp_path,
        [
            "M-1,zrm,financien,2024-01-20,2",  # good, but the file is refused as a whole
            "ONBEKEND-9,zrm,financien,2024-01-20,2",
            "M-1,bloeddruk,financien,2024-01-20,2",
            "M-1,zrm,sterrenkunde,2024-01-20,2",
            "M-1,zrm,huisvesting,2024-01-20,9",
            "M-1,goal_attainment,3,2024-07-10,5",
            "M-1,zrm,adl,20-01-2024,2",
            "M-1,zrm,justitie,2023-12-01,2",
            "M-1,zrm,financien,2024-01-20,3",
        ],
        header=M_HEADER,
    )
    said, err = refused("import_measurements", path)
    assert Measurement.objects.count() == 0
    assert MeasurementValue.objects.count() == 0
    assert "Rij 3: client_ref: onbekend cliëntnummer" in err
    assert "Rij 4: instrument: onbekend instrument" in err
    assert "Rij 5: item: onbekend item voor dit instrument." in err
    assert "Rij 6: value: de score moet tussen 1 en 5 liggen." in err
    assert "Rij 7: item: het plan van deze inschrijving heeft geen doel met dit volgnummer." in err
    assert "Rij 8: date: dit is geen geldige datum" in err
    assert "Rij 9: date: de deelnemer had op deze datum nog geen inschrijving." in err
    assert "Rij 10: item: dit item staat voor dezelfde meting al in rij 2." in err
    assert "Rij 2" not in err.replace("in rij 2", "")
    assert "8 fouten gevonden" in said
    for identifier in ("M-1", "ONBEKEND-9"):
        assert identifier not in said


def test_import_measurements_refuses_a_measurement_already_recorded(tmp_path, measured):
    path = write(tmp_path, ["M-1,zrm,financien,2024-01-20,2"], header=M_HEADER)
    run("import_measurements", path)
    said, _ = refused("import_measurements", path)
    assert "Rij 2: er is al een meting met dit instrument op deze datum" in said
    assert Measurement.objects.count() == 1


def test_import_measurements_wrong_header(tmp_path, measured):
    path = write(
        tmp_path,
        ["M-1,zrm,financien,2024-01-20,2"],
        header="client_ref,instrument,item,datum,value",
    )
    said, _ = refused("import_measurements", path)
    assert "ontbrekende kolommen: date" in said
    assert "onverwachte kolommen: datum" in said
    assert Measurement.objects.count() == 0


def test_crlf_and_semicolons_are_read(tmp_path, team_a):
    lines = [HEADER, row(client_ref="S-1", given_name="Sytske"), row(client_ref="S-2", wijk="x")]
    path = tmp_path / "excel.csv"
    path.write_bytes(("\r\n".join(line.replace(",", ";") for line in lines) + "\r\n").encode())
    said, _ = import_refused(str(path))
    assert "Rij 3: wijk: Onbekende wijk." in said
    assert "Rij 2" not in said
