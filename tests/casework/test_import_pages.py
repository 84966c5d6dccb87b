"""The import pages through the test client: upload, preview with every bad row, confirm from
the sealed token, and who may use them."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import ALL_ROLES, CASEWORKER, TEAM_LEAD
from casework import import_forms
from casework.models import Enrolment, Measurement, Participant
from casework.services.imports import measurements, participants
from tests.factories import make_participant, make_user

pytestmark = pytest.mark.django_db

UPLOAD = reverse("casework:import_upload")
CONFIRM = reverse("casework:import_confirm")
EXAMPLE = reverse("casework:import_example")


def csv_upload(columns, rows, *, name="bestand.csv") -> SimpleUploadedFile:
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), "text/csv")


def person(**cells) -> dict[str, str]:
    return {"programme": "gezinslab", "enrolment_date": "2025-01-06", **cells}


def upload(client, kind, file, team=None):
    data = {"kind": kind, "legal_basis": "public_task", "file": file}
    if team is not None:
        data["team"] = team.pk
    return client.post(UPLOAD, data)


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation form on the page"
    return match.group(1)


def test_the_upload_page_and_the_caseload_link(client, caseworker_a):
    client.force_login(caseworker_a)
    page = client.get(UPLOAD).content.decode()
    assert "Bestand importeren" in page and 'enctype="multipart/form-data"' in page
    assert "voorbeeld.csv?soort=metingen" in page
    assert UPLOAD in client.get(reverse("casework:caseload")).content.decode()


def test_the_caseload_has_no_import_link_for_a_peer_expert(client, team_a):
    client.force_login(make_user("peer_expert", teams=[team_a]))
    assert UPLOAD not in client.get(reverse("casework:caseload")).content.decode()


def test_a_preview_lists_every_bad_row_and_offers_no_confirmation(client, team_a, caseworker_a):
    client.force_login(caseworker_a)
    file = csv_upload(
        participants.COLUMNS,
        [
            person(client_ref="GOED-1", given_name="Sjoukje"),
            person(client_ref="SLECHT-1", given_name="Geheim", enrolment_date="2099-01-01"),
            person(client_ref="GOED-2"),
            person(client_ref="SLECHT-2", wijk="Zuidpool"),
        ],
    )
    response = upload(client, import_forms.PARTICIPANTS, file, team_a)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bestand geweigerd" in page
    assert "2 rijen hebben een fout. Er wordt niets geïmporteerd." in page
    assert "Rij 3: enrolment_date: de inschrijfdatum ligt in de toekomst." in page
    assert "Rij 5: wijk:" in page
    assert "Rijen in het bestand: 4; in orde: 2." in page
    assert 'name="token"' not in page
    for secret in ("SLECHT-1", "Geheim", "Sjoukje", "GOED-1", "Zuidpool"):
        assert secret not in page
    assert response["Cache-Control"] == "no-store"
    assert Participant.objects.count() == 0


def test_preview_then_confirm_imports_the_participants(client, team_a, caseworker_a):
    client.force_login(caseworker_a)
    file = csv_upload(
        participants.COLUMNS,
        [
            person(client_ref="N-1", research_consent="ja"),
            person(client_ref="N-2", household_ref="HH-9", household_role="parent"),
        ],
    )
    response = upload(client, import_forms.PARTICIPANTS, file, team_a)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 rijen zijn in orde" in page and "N-1" not in page
    assert "2 deelnemers, ingeschreven bij" in page and "Huishoudens: 1 (1 nieuw" in page
    assert "Toestemming voor onderzoek: 1 gegeven, 0 geweigerd, 1 niet gevraagd" in page
    assert Participant.objects.count() == 0  # nothing before the confirmation
    done = client.post(
        CONFIRM, {"kind": import_forms.PARTICIPANTS, "token": token_of(response)}, follow=True
    )
    assert done.redirect_chain[-1][0] == UPLOAD
    assert "2 deelnemers geïmporteerd. Huishoudens: 1 (1 nieuw, 0 bestaand)." in (
        done.content.decode()
    )
    assert Participant.objects.count() == 2
    assert set(Enrolment.objects.values_list("team", flat=True)) == {team_a.pk}


def test_confirm_validates_again_and_writes_nothing_on_a_new_error(client, team_a, caseworker_a):
    client.force_login(caseworker_a)
    file = csv_upload(participants.COLUMNS, [person(client_ref="D-1"), person(client_ref="D-2")])
    response = upload(client, import_forms.PARTICIPANTS, file, team_a)
    make_participant(actor=caseworker_a, team=team_a, client_ref="D-2")  # meanwhile
    refused = client.post(CONFIRM, {"kind": "participants", "token": token_of(response)})
    assert refused.status_code == 400
    assert "Rij 3: client_ref: er is al een deelnemer met dit cliëntnummer." in (
        refused.content.decode()
    )
    assert Participant.objects.count() == 1


def test_a_tampered_token_is_refused_with_a_clear_message(client, team_a, caseworker_a):
    client.force_login(caseworker_a)
    file = csv_upload(participants.COLUMNS, [person(client_ref="T-1")])
    token = token_of(upload(client, import_forms.PARTICIPANTS, file, team_a))
    tampered = token[:20] + ("x" if token[20] != "x" else "y") + token[21:]
    for data in (
        {"kind": "participants", "token": tampered},
        {"kind": "measurements", "token": token},  # another kind
        {"kind": "participants", "token": ""},
        {"kind": "iets", "token": token},
    ):
        response = client.post(CONFIRM, data)
        assert response.status_code == 400, data
        assert "De bevestiging is verlopen of ongeldig" in response.content.decode()
    assert Participant.objects.count() == 0


def test_another_users_token_is_refused(client, team_a, caseworker_a):
    client.force_login(caseworker_a)
    file = csv_upload(participants.COLUMNS, [person(client_ref="T-1")])
    token = token_of(upload(client, import_forms.PARTICIPANTS, file, team_a))
    client.force_login(make_user(CASEWORKER, teams=[team_a]))
    response = client.post(CONFIRM, {"kind": "participants", "token": token})
    assert response.status_code == 400
    assert Participant.objects.count() == 0


def test_only_own_teams_are_offered_and_another_team_is_refused(
    client, team_a, team_b, caseworker_a
):
    client.force_login(caseworker_a)
    file = csv_upload(participants.COLUMNS, [person(client_ref="X-1")])
    response = upload(client, import_forms.PARTICIPANTS, file, team_b)
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Participant.objects.count() == 0


def test_a_participants_file_needs_a_team(client, team_a, team_b):
    client.force_login(make_user(TEAM_LEAD, teams=[team_a, team_b]))
    file = csv_upload(participants.COLUMNS, [person(client_ref="X-1")])
    response = upload(client, import_forms.PARTICIPANTS, file)
    assert response.status_code == 400
    assert "Kies het team waarbij de deelnemers worden ingeschreven." in (response.content.decode())


def test_measurements_of_another_team_are_refused_rows(client, team_a, team_b, caseworker_b):
    lead = make_user(TEAM_LEAD, teams=[team_a])
    make_participant(actor=caseworker_b, team=team_b, client_ref="B-1")
    client.force_login(lead)
    row = {"client_ref": "B-1", "instrument": "zrm", "item": "financien", "date": "2025-01-20"}
    file = csv_upload(measurements.COLUMNS, [{**row, "value": "3"}])
    response = upload(client, import_forms.MEASUREMENTS, file)
    assert response.status_code == 400
    assert "Rij 2: client_ref: er is in uw caseload geen deelnemer" in response.content.decode()
    assert Measurement.objects.count() == 0


def test_measurements_preview_then_confirm(client, team_a, caseworker_a):
    make_participant(actor=caseworker_a, team=team_a, client_ref="M-1")
    client.force_login(caseworker_a)
    row = {"client_ref": "M-1", "instrument": "zrm", "date": "2025-01-20", "value": "3"}
    file = csv_upload(
        measurements.COLUMNS, [{**row, "item": "financien"}, {**row, "item": "huisvesting"}]
    )
    response = upload(client, import_forms.MEASUREMENTS, file)
    assert response.status_code == 200
    assert "1 meting met 2 scores" in response.content.decode()
    done = client.post(
        CONFIRM, {"kind": import_forms.MEASUREMENTS, "token": token_of(response)}, follow=True
    )
    assert "1 meting met 2 scores geïmporteerd." in done.content.decode()
    assert Measurement.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe" + "client_ref".encode("utf-16-le"), "het bestand is geen UTF-8"),
        (b"x" * (import_forms.MAX_UPLOAD_BYTES + 1), "Het bestand is te groot (meer dan 1 MB)"),
    ],
)
def test_an_unreadable_or_too_large_file_stays_on_the_form(client, caseworker_a, content, message):
    client.force_login(caseworker_a)
    file = SimpleUploadedFile("bestand.csv", content, "text/csv")
    response = upload(client, import_forms.MEASUREMENTS, file)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_too_many_rows_are_refused(client, caseworker_a, monkeypatch):
    from casework.views import imports as views

    monkeypatch.setattr(views, "MAX_ROWS", 2)
    client.force_login(caseworker_a)
    row = {"client_ref": "M-1", "instrument": "zrm", "item": "financien", "date": "2025-01-20"}
    file = csv_upload(measurements.COLUMNS, [row, row, row])
    response = upload(client, import_forms.MEASUREMENTS, file)
    assert response.status_code == 400
    assert "Het bestand heeft te veel rijen: 3, hoogstens 2." in response.content.decode()


def test_the_example_files_are_header_rows(client, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(EXAMPLE, {"soort": "metingen"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="voorbeeld-metingen.csv"' in response["Content-Disposition"]
    assert response.content.decode() == ",".join(measurements.COLUMNS) + "\r\n"
    participants_file = client.get(EXAMPLE).content.decode()
    assert participants_file == ",".join(participants.COLUMNS) + "\r\n"
    odd = client.get(EXAMPLE, {"soort": 'x"; filename="=1+1.csv'})
    assert odd["Content-Disposition"] == 'attachment; filename="voorbeeld-deelnemers.csv"'


@pytest.mark.parametrize("role", ALL_ROLES)
def test_other_roles_get_403(client, team_a, role):
    client.force_login(make_user(role, teams=[team_a]))
    responses = [client.get(UPLOAD), client.get(EXAMPLE), client.post(CONFIRM, {})]
    codes = [response.status_code for response in responses]
    if role in (CASEWORKER, TEAM_LEAD):
        assert codes == [200, 200, 400]
    else:
        assert codes == [403, 403, 403]


def count_queries(client, kind, file, team=None) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the header's work-list count is counted on each page measured
    with CaptureQueriesContext(connection) as ctx:
        response = upload(client, kind, file, team)
    assert response.status_code == 200, response.content.decode()
    return len(ctx.captured_queries)


def test_the_participants_preview_is_flat_from_1_to_50_rows(client, team_a, caseworker_a):
    client.force_login(caseworker_a)

    def file(count: int) -> SimpleUploadedFile:
        rows = [
            person(client_ref=f"Q-{i}", household_ref=f"HH-{i % 7}", household_role="parent")
            for i in range(count)
        ]
        return csv_upload(participants.COLUMNS, rows)

    one = count_queries(client, import_forms.PARTICIPANTS, file(1), team_a)
    assert count_queries(client, import_forms.PARTICIPANTS, file(50), team_a) == one


def test_the_measurements_preview_is_flat_from_1_to_50_rows(client, team_a, caseworker_a):
    from casework import services

    client.force_login(caseworker_a)
    for i in range(50):
        participant = make_participant(actor=caseworker_a, team=team_a, client_ref=f"Q-{i}")
        services.add_goal(actor=caseworker_a, enrolment=participant.enrolments.get(), text="Doel")

    def file(count: int) -> SimpleUploadedFile:
        rows = []
        for i in range(count):
            cells = {"client_ref": f"Q-{i}", "date": "2025-01-20", "value": "3"}
            rows.append({**cells, "instrument": "zrm", "item": "financien"})
            rows.append({**cells, "instrument": "goal_attainment", "item": "1"})
        return csv_upload(measurements.COLUMNS, rows)

    one = count_queries(client, import_forms.MEASUREMENTS, file(1))
    assert count_queries(client, import_forms.MEASUREMENTS, file(50)) == one
