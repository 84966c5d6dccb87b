"""No leaks by the side door. One participant with distinctive values; every page for every
role, the import commands with a bad file full of identifiers, and the error paths (404, 403,
400, a tampered ciphertext). No known value may appear in any log line (every logger at DEBUG,
SQL included), in any URL the app generated (links, form actions, redirects), or, for anyone
but the team's own caseworkers, in any response body."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from io import StringIO
from urllib.parse import unquote_plus

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.roles import ALL_ROLES, CASEWORKER, PEER_EXPERT, PRIVACY_OFFICER, TEAM_LEAD
from casework import services
from casework.models import BreakGlassAccess, Participant
from privacy.crypto import Cipher, DecryptionError
from privacy.models import Consent, Purpose
from tests.factories import (
    log_progress,
    make_household,
    make_participant,
    make_user,
    measure,
    record_consent,
    valid_bsn,
)
from tests.test_urls import project_patterns

pytestmark = pytest.mark.django_db

IDENTITY = {
    "given_name": "Xandrijntje",
    "family_name": "Quaadvliegh",
    "client_ref": "QV-7310429",
    "street": "Zwetterhoekpaad",
    "house_number": "913",
    "postcode": "8936 QZ",
    "city": "Hurdegaryp",
    "phone": "06 4172 9385",
    "email": "xandrijntje.q@voorbeeld.example",
    "date_of_birth": dt.date(1979, 3, 17),
}
NOTE = "Gesprek over de Zwaluwstaartregeling"
GOAL = "Kwartelveld-diploma halen"
PLAN = "Plan Pinksterbloemdijk"
HOUSEHOLD_REF = "HHQ-88231"
TRANSFER_REASON = "Verhuisd naar Ooievaarsnest"
GLASS_REASON = "Crisis rond Reigersbos, niemand bereikbaar"


def secrets_for(bsn: str) -> list[str]:
    return [
        "Xandrijntje",
        "Quaadvliegh",
        bsn,
        "QV-7310429",
        "Zwetterhoekpaad",
        "8936 QZ",
        "8936QZ",
        "Hurdegaryp",
        "06 4172 9385",
        "0641729385",
        "xandrijntje.q@voorbeeld.example",
        "1979-03-17",
        "17-3-1979",
        "17 maart 1979",
        "Zwaluwstaartregeling",
        "Kwartelveld",
        "Pinksterbloemdijk",
        HOUSEHOLD_REF,
        "Ooievaarsnest",
        "Reigersbos",
    ]


def found_in(text: str, secrets: list[str]) -> list[str]:
    folded = text.casefold()
    return [secret for secret in secrets if secret.casefold() in folded]


@pytest.fixture
def logs(caplog):
    """Every logger at DEBUG into caplog, also the ones that do not propagate."""
    caplog.set_level(logging.DEBUG)
    attached = []
    for name in [
        "django",
        "django.request",
        "django.db.backends",
        *logging.root.manager.loggerDict,
    ]:
        logger = logging.getLogger(name)
        caplog.set_level(logging.DEBUG, logger=name)
        if not logger.propagate and caplog.handler not in logger.handlers:
            logger.addHandler(caplog.handler)
            attached.append(logger)
    yield caplog
    for logger in attached:
        logger.removeHandler(caplog.handler)


def log_lines(caplog) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    lines = []
    for record in caplog.records:
        text = formatter.format(record)
        for extra in ("request", "status_code"):
            if hasattr(record, extra):
                text += f" {extra}={getattr(record, extra)!r}"
        lines.append(text)
    return lines


URL_ATTRS = re.compile(r'(?:href|src|action|formaction|hx-get|hx-post|hx-put|hx-delete)="([^"]*)"')


def generated_urls(response) -> list[str]:
    urls = []
    if response.has_header("Location"):
        urls.append(response["Location"])
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        urls.extend(URL_ATTRS.findall(response.content.decode(errors="replace")))
    return [unquote_plus(html.unescape(url)) for url in urls]


def body_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return html.unescape(raw.decode(errors="replace"))


@pytest.fixture
def world(team_a, team_b, caseworker_a, caseworker_b, lead_a):
    bsn = valid_bsn()
    participant = make_participant(actor=caseworker_a, team=team_a, bsn=bsn, **IDENTITY)
    enrolment = participant.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text=GOAL)
    log_progress(caseworker_a, enrolment, dt.date(2025, 2, 1), NOTE)
    plan = enrolment.plan
    services.save_plan_summary(actor=caseworker_a, plan=plan, expected_version=1, summary=PLAN)
    measure(caseworker_a, enrolment, "zrm", "intake", dt.date(2025, 2, 1), {"financien": 2})
    household = make_household(
        caseworker_a, participant, name="Gezin Quaadvliegh", reference=HOUSEHOLD_REF
    )
    record_consent(
        caseworker_a,
        participant,
        Purpose.RESEARCH,
        Consent.Status.GIVEN,
        dt.date(2025, 1, 6),
        text_version="2026-01",
    )
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment, to_team=team_b, reason=TRANSFER_REASON
    )
    # An expired break-the-glass access of team B, still waiting for the privacy officer.
    services.open_break_glass(actor=caseworker_b, participant=participant, reason=GLASS_REASON)
    BreakGlassAccess.objects.update(expires_at=timezone.now() - dt.timedelta(hours=1))
    return {
        "participant": participant,
        "enrolment": enrolment,
        "goal": goal,
        "household": household,
        "transfer": transfer,
        "bsn": bsn,
        "secrets": secrets_for(bsn),
    }


def urls_to_visit(world) -> list[tuple[str, str]]:
    """(url name, url) for every GET-able pattern of the project, objects filled in."""
    p, e, g, h, t = (
        world["participant"],
        world["enrolment"],
        world["goal"],
        world["household"],
        world["transfer"],
    )
    by_name = {
        "enrol": p.pk,
        "consent_new": p.pk,
        "participant_file": p.pk,
        "participant_edit": p.pk,
        "household_new": p.pk,
        "goal_edit": g.pk,
        "household": h.pk,
        "household_member_add": h.pk,
        "transfer_decide": t.pk,
        "participant-detail": p.pk,
        "household-detail": h.pk,
        "enrolment-detail": e.pk,
        "plan-detail": e.plan.pk,
        "goal-detail": g.pk,
    }
    visits = []
    for name, route, _callback, namespace in project_patterns():
        if not name or name == "accounts:logout":
            continue
        short = name.split(":")[-1]
        kwargs = {}
        keys = re.findall(r"<(?:(\w+):)?(\w+)>", route) + [
            ("re", key) for key in re.findall(r"\(\?P<(\w+)>", route)
        ]
        for converter, key in keys:
            if converter == "int":
                kwargs[key] = 1
            elif key == "pk":
                kwargs[key] = by_name.get(short, e.pk if namespace == "casework" else p.pk)
            elif key == "code":
                kwargs[key] = "zrm"
            elif key == "app_label":
                kwargs[key] = "casework"
            elif key == "object_id":
                if "casework_participant" not in name:
                    break  # an admin page of another model: not this participant's
                kwargs[key] = str(p.pk)
            else:
                kwargs[key] = str(p.pk)
        else:
            try:
                visits.append((name, reverse(name, kwargs=kwargs)))
            except NoReverseMatch:
                continue
    return visits


def may_see(who: str, url_name: str, bsn: str, secret: str) -> bool:
    """Designed disclosures: the team's caseworker and team lead see the whole file; the
    team's peer expert everything but the BSN; the privacy officer sees everything on the
    privacy pages (each look logged, tested in tests/privacy)."""
    if who in {"caseworker_a", "lead_a"}:
        return True
    if who == "peer_a":
        return secret != bsn
    return who == PRIVACY_OFFICER and url_name.startswith("privacy:")


# The team's own file roles, and every role as a member of another team.
OWN_TEAM_VIEWERS = {"caseworker_a": CASEWORKER, "lead_a": TEAM_LEAD, "peer_a": PEER_EXPERT}
VIEWERS = (*OWN_TEAM_VIEWERS, *ALL_ROLES)


def viewer(who: str, team_a, team_b):
    if who in OWN_TEAM_VIEWERS:
        return make_user(OWN_TEAM_VIEWERS[who], teams=[team_a])
    return make_user(who, teams=[team_b])


def check(who, name, response, world, caplog, problems, typed: str = ""):
    """``typed``: what the user typed into a search box; echoing it back into that box (and
    nowhere else) discloses nothing."""
    secrets = world["secrets"]
    for url in generated_urls(response):
        for secret in found_in(url, secrets):
            problems.append(f"{who} {name}: generated URL holds {secret!r}")
    body = body_of(response)
    if typed:
        body = body.replace(f'name="q" id="id_q" value="{typed}"', "")
    for secret in found_in(body, secrets):
        if not may_see(who, name, world["bsn"], secret):
            problems.append(f"{who} {name} ({response.status_code}): body holds {secret!r}")


def assert_clean_logs(caplog, world):
    leaks = [
        (secret, line) for line in log_lines(caplog) for secret in found_in(line, world["secrets"])
    ]
    for secret, line in leaks[:3]:
        print("LEAK", secret, line.replace(chr(10), " | ")[-1500:])
    assert leaks == []


@pytest.mark.parametrize("who", VIEWERS)
def test_every_page_for_every_role(who, world, team_a, team_b, logs):
    """One viewer per test, so that the workers share the walk."""
    problems: list[str] = []
    visits = urls_to_visit(world)
    assert len(visits) > 30
    user = viewer(who, team_a, team_b)
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connection):  # the SQL (with parameters) is logged too
        client.force_login(user)
        for name, url in visits:
            response = client.get(url)
            assert response.status_code != 500, (who, name)
            check(who, name, response, world, logs, problems)
        # Searches by POST, with the identifiers as the query.
        for query in (world["bsn"], "QV-7310429", "Quaadvliegh"):
            for name in ("casework:caseload_search", "casework:break_glass_find"):
                response = client.post(reverse(name), {"q": query})
                check(who, name, response, world, logs, problems, typed=query)
                if response.status_code == 302 and "reden" in response["Location"]:
                    # The confirmation page of break-the-glass shows nothing of the file.
                    page = client.get(response["Location"])
                    check(who, "casework:break_glass_confirm", page, world, logs, problems)
    assert problems == []
    assert_clean_logs(logs, world)


def test_error_paths_leak_nothing(world, team_a, team_b, caseworker_a, caseworker_b, logs):
    problems: list[str] = []
    participant, enrolment = world["participant"], world["enrolment"]
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connection):
        # 404: another team's caseworker posts the identifiers to team A's forms.
        client.force_login(caseworker_b)
        for name, pk, data in (
            (
                "casework:progress_new",
                enrolment.pk,
                {"date": "2025-02-02", "kind": "contact", "note": NOTE},
            ),
            ("casework:goal_new", enrolment.pk, {"text": GOAL}),
            ("casework:participant_edit", participant.pk, {**IDENTITY, "bsn": world["bsn"]}),
            ("casework:consent_new", participant.pk, {"purpose": "research", "status": "given"}),
        ):
            response = client.post(reverse(name, kwargs={"pk": pk}), data)
            assert response.status_code in {403, 404}, name
            check("caseworker_b", name, response, world, logs, problems)
        # 403: a researcher on the caseworker's pages, with identifiers in the body.
        client.force_login(make_user("researcher"))
        response = client.post(reverse("casework:caseload_search"), {"q": world["bsn"]})
        assert response.status_code == 403
        check("researcher", "casework:caseload_search", response, world, logs, problems)
        # 400: the team's caseworker submits a form with errors and the identifiers.
        client.force_login(caseworker_a)
        data = {
            **{k: v for k, v in IDENTITY.items() if k != "date_of_birth"},
            "date_of_birth": "17-03-1979x",
            "bsn": world["bsn"],
            "programme": "gezinslab",
            "team": team_a.code,
            "start_date": "2025-01-06",
            "legal_basis": "consent",
        }
        response = client.post(reverse("casework:participant_new"), data)
        assert response.status_code == 400
        check("caseworker_a", "casework:participant_new", response, world, logs, problems)
        response = client.post(
            reverse("casework:goal_new", kwargs={"pk": enrolment.pk}), {"text": GOAL * 100}
        )
        assert response.status_code == 400
        # A tampered ciphertext: DecryptionError, a 500 for the user.
        tampered = participant.given_name[:-4] + (
            "AAAA" if participant.given_name[-4:] != "AAAA" else "BBBB"
        )
        Participant.objects.filter(pk=participant.pk).update(given_name=tampered)
        response = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
        assert response.status_code == 500
        check("caseworker_a", "casework:participant_file", response, world, logs, problems)
        for secret in found_in(body_of(response), world["secrets"]):
            problems.append(f"500 page holds {secret!r}")
    assert problems == []
    assert any("DecryptionError" in line or "did not decrypt" in line for line in log_lines(logs))
    assert_clean_logs(logs, world)
    for message in mail.outbox:
        assert found_in(str(message.message()), world["secrets"]) == []


def test_import_commands_with_a_bad_file_leak_nothing(world, team_a, tmp_path, logs):
    from tests.casework.test_imports import HEADER, M_HEADER, row

    bsn, other_bsn = world["bsn"], valid_bsn()
    cells = {k: v for k, v in IDENTITY.items() if k != "date_of_birth"}
    lines = [
        # The same BSN and client reference as the participant in the database.
        row(**{**cells, "bsn": bsn, "date_of_birth": "1979-03-17", "research_consent": "ja"}),
        # A bad date, a bad BSN, a bad postcode, a bad wijk and a household of another team.
        row(
            **{**cells, "client_ref": "QV-7310430", "postcode": "Zwetterhoekpaad"},
            bsn=other_bsn[:-1] + str((int(other_bsn[-1]) + 1) % 10),
            date_of_birth="17-03-1979",
            wijk="Hurdegaryp",
            household_ref=HOUSEHOLD_REF,
            household_role="parent",
            research_consent="Quaadvliegh",
        ),
    ]
    people = tmp_path / "deelnemers.csv"
    people.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    measurements = tmp_path / "metingen.csv"
    measurements.write_text(
        "\n".join(
            [
                M_HEADER,
                "QV-7310429,zrm,financien,1979-03-17,Quaadvliegh",
                "QV-9999999,zrm,Zwetterhoekpaad,2025-02-01,3",
                f"{bsn},Hurdegaryp,financien,2025-02-01,3",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    said = []
    for command, path, args in (
        ("import_participants", people, ("--team", team_a.code)),
        ("import_participants", people, ("--team", team_a.code, "--dry-run")),
        ("import_measurements", measurements, ()),
    ):
        out, err = StringIO(), StringIO()
        with CaptureQueriesContext(connection), pytest.raises(CommandError) as info:
            call_command(command, str(path), *args, stdout=out, stderr=err)
        text = out.getvalue() + err.getvalue() + str(info.value)
        assert "Rij" in text
        said.append(text)
    for text in said:
        assert found_in(text, world["secrets"]) == [], text
    assert_clean_logs(logs, world)


def test_decryption_error_and_500_page_hold_no_value(world, caseworker_a, settings, logs):
    settings.DEBUG = False
    participant = world["participant"]
    cipher = Cipher()
    envelope = participant.family_name
    messages = []
    # Tampered, moved to another column, moved to another row, not an envelope at all.
    attempts = [
        (
            Participant,
            "family_name",
            participant.pk,
            envelope[:-2] + ("AA" if envelope[-2:] != "AA" else "BB"),
        ),
        (Participant, "given_name", participant.pk, envelope),
        (Participant, "family_name", world["enrolment"].pk, envelope),
        (Participant, "family_name", participant.pk, "Quaadvliegh"),
    ]
    for model, column, row_pk, value in attempts:
        with pytest.raises(DecryptionError) as info:
            cipher.open(model=model, column=column, row_pk=row_pk, envelope=value)
        messages.append(f"{info.value} {info.value!r} {info.value.args}")
    for message in messages:
        assert found_in(message, world["secrets"]) == [], message

    Participant.objects.filter(pk=participant.pk).update(family_name=attempts[0][3])
    client = Client(raise_request_exception=False)
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:participant_file", kwargs={"pk": participant.pk}))
    assert response.status_code == 500
    assert found_in(body_of(response), world["secrets"]) == []
    assert found_in(str(response.headers), world["secrets"]) == []
    assert_clean_logs(logs, world)
    for message in mail.outbox:
        assert found_in(str(message.message()), world["secrets"]) == []
