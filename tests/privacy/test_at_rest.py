"""No identifier or free text is stored in plain text, in any table, history included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from casework import selectors, services
from casework.models import Goal, Participant, Plan, ProgressEntry
from casework.validation import Identity
from privacy.crypto import is_envelope
from tests.factories import log_progress, make_participant

BSN = "111222333"
NEW_BSN = "123456782"
DOB = dt.date(1987, 3, 14)
IDENTITY = {
    "given_name": "Wobkina",
    "family_name": "Zwartsenbergh",
    "bsn": BSN,
    "date_of_birth": DOB,
    "street": "Kwikstaartlaan",
    "house_number": "217Qz",
    "postcode": "8924 XK",
    "city": "Lekkumerend",
    "phone": "+31 6 44559911",
    "email": "wobkina.zwart@voorbeeld-mail.nl",
    "client_ref": "KLT-88231-XQ",
}
UPDATED = {
    "family_name": "Hoogeveenstra",
    "street": "Merelstraatje",
    "phone": "06-77123498",
    "bsn": NEW_BSN,
}
HOUSEHOLD_NAME = "Gezin Zwartsenbergh-Kramerius"
HOUSEHOLD_REF = "HH-55120-ZQ"
GOAL_TEXTS = ["Zelf de post openen Waterhoen", "Rijbewijs halen voor Snoekbaars"]
UPDATED_GOAL = "Administratie bijhouden Kievitsbloem"
PLAN_SUMMARIES = ["Plan Ijsvogeltje eerste versie", "Plan Ijsvogeltje tweede versie"]
NOTES = ["Huisbezoek bij Wobkina Grutto", "Belafspraak Rietzanger gemaakt"]
UPDATED_NOTE = "Gecorrigeerde notitie Roerdomp"
TRANSFER_REASON = "Verhuizing naar Camminghaburen Tureluur"


def _plaintexts() -> list[str]:
    values = [v for k, v in IDENTITY.items() if k != "date_of_birth"]
    values += list(UPDATED.values())
    values += [
        DOB.isoformat(),
        DOB.strftime("%d-%m-%Y"),
        DOB.strftime("%Y%m%d"),
        "8924XK",
        HOUSEHOLD_NAME,
        HOUSEHOLD_REF,
        UPDATED_GOAL,
        UPDATED_NOTE,
        TRANSFER_REASON,
        *GOAL_TEXTS,
        *PLAN_SUMMARIES,
        *NOTES,
    ]
    return values


def _dump_database() -> dict[str, list[str]]:
    """Every cell of every table (history tables included), as text."""
    dump: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            cells = []
            for row in cursor.fetchall():
                for cell in row:
                    if isinstance(cell, bytes | memoryview):
                        cell = bytes(cell).decode("utf-8", errors="replace")
                    cells.append(str(cell))
            dump[table] = cells
    return dump


@pytest.fixture
def populated(caseworker_a, lead_a, team_a, team_b, lead_b):
    participant = make_participant(actor=caseworker_a, team=team_a, **IDENTITY)
    enrolment = participant.enrolments.get()
    household = services.create_household(
        actor=caseworker_a,
        name=HOUSEHOLD_NAME,
        reference=HOUSEHOLD_REF,
        wijk="bilgaard",
        first_member=participant,
        role="parent",
        start_date=dt.date(2025, 1, 6),
    )
    goals = [
        services.add_goal(actor=caseworker_a, enrolment=enrolment, text=text) for text in GOAL_TEXTS
    ]
    plan = Plan.objects.get(enrolment=enrolment)
    for summary in PLAN_SUMMARIES:
        plan = services.save_plan_summary(
            actor=caseworker_a, plan=plan, expected_version=plan.version, summary=summary
        )
    entries = [log_progress(caseworker_a, enrolment, dt.date(2025, 2, 1), note) for note in NOTES]
    services.update_goal(
        actor=caseworker_a,
        goal=goals[0],
        expected_version=goals[0].version,
        text=UPDATED_GOAL,
        status=Goal.Status.OPEN,
    )
    services.update_progress(
        actor=caseworker_a,
        entry=entries[0],
        expected_version=entries[0].version,
        date=dt.date(2025, 2, 2),
        kind="contact",
        note=UPDATED_NOTE,
    )
    updated_identity = Identity(**{**IDENTITY, **UPDATED})
    participant = services.update_participant(
        actor=caseworker_a,
        participant=participant,
        expected_version=participant.version,
        identity=updated_identity,
    )
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment, to_team=team_b, reason=TRANSFER_REASON
    )
    return {
        "participant": participant,
        "household": household,
        "enrolment": enrolment,
        "transfer": transfer,
    }


@pytest.mark.django_db
def test_no_plaintext_identifier_anywhere_in_the_database(populated, caseworker_a):
    # The data really is there and readable through the selectors.
    file = selectors.participant_file(caseworker_a, populated["participant"].pk)
    assert file.person.family_name == UPDATED["family_name"]
    assert file.person.bsn == NEW_BSN
    assert file.person.date_of_birth == DOB.isoformat()

    dump = _dump_database()
    assert "casework_historicalparticipant" in dump
    assert "casework_participant" in dump
    leaks = [
        (table, value)
        for table, cells in dump.items()
        for value in _plaintexts()
        for cell in cells
        if value.casefold() in cell.casefold()
    ]
    assert leaks == []


@pytest.mark.django_db
def test_history_rows_hold_envelopes_only(populated):
    participant = populated["participant"]
    history = list(Participant.history.filter(id=participant.pk).order_by("history_date"))
    assert len(history) >= 2
    for row in history:
        for column in ("given_name", "family_name", "bsn", "date_of_birth", "client_ref"):
            assert is_envelope(getattr(row, column)), column
    assert history[0].family_name != history[-1].family_name
    goal_history = Goal.history.filter(plan__enrolment=populated["enrolment"])
    assert goal_history.count() >= 3
    assert all(is_envelope(row.text) for row in goal_history)
    note_history = ProgressEntry.history.filter(enrolment=populated["enrolment"])
    assert note_history.count() >= 3
    assert all(is_envelope(row.note) for row in note_history)
    plan_history = Plan.history.filter(enrolment=populated["enrolment"])
    assert all(row.summary is None or is_envelope(row.summary) for row in plan_history)
    assert sum(1 for row in plan_history if row.summary) == 2


@pytest.mark.django_db
def test_raw_participant_row_holds_only_envelopes_and_blind_indexes(populated):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT given_name, family_name, bsn, date_of_birth, street, house_number, "
            "postcode, city, phone, email, client_ref, bsn_index, client_ref_index "
            "FROM casework_participant WHERE id = %s",
            [populated["participant"].pk.hex],
        )
        row = cursor.fetchone()
    assert row is not None
    assert all(is_envelope(cell) for cell in row[:11])
    assert all(len(cell) == 64 for cell in row[11:])
