"""The demo seed (``seed_demo``) and the synthetic data generator (``generate_synthetic``)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import override_settings

from accounts.models import Organisation, Team, User
from accounts.roles import ALL_ROLES
from casework import selectors
from casework.models import (
    Enrolment,
    Goal,
    Household,
    HouseholdMembership,
    Measurement,
    MeasurementValue,
    Participant,
    Plan,
    ProgressEntry,
    Wijk,
)
from privacy.bsn import is_valid_bsn
from privacy.crypto import Cipher

DEMO_USERNAMES = {
    "hulpverlener": "caseworker",
    "ervaringsdeskundige": "peer_expert",
    "teamleider": "team_lead",
    "hulpverlener2": "caseworker",
    "programmabureau": "programme_office",
    "evaluator": "evaluator",
    "onderzoeker": "researcher",
    "privacy": "privacy_officer",
    "teamleider-svo": "team_lead",
    "teamleider-ghs": "team_lead",
    "privacy2": "privacy_officer",
    "beheerder": "functional_admin",
}
SEEDED_MODELS = (
    Organisation,
    Team,
    User,
    Participant,
    Household,
    HouseholdMembership,
    Enrolment,
    Goal,
    ProgressEntry,
    Measurement,
    MeasurementValue,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}


def test_seed_demo_is_complete_and_idempotent(demo_data):
    output = demo_data.output
    first = _counts()
    # A second run adds no row to any table but the history of the organisations, teams and
    # users it upserts, and says what it skipped.
    assert set(demo_data.added_by_rerun()) <= {
        "accounts.HistoricalOrganisation",
        "accounts.HistoricalTeam",
        "accounts.HistoricalUser",
    }
    assert {model._meta.label for model in SEEDED_MODELS} <= set(demo_data.rerun_counts)
    assert "overgeslagen" in demo_data.rerun_output

    # One user per role, with exactly these usernames, who can log in with the demo password.
    for username, role in DEMO_USERNAMES.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.check_password("demo-Koers-2026")
        assert username in output
    assert set(DEMO_USERNAMES.values()) == set(ALL_ROLES)
    assert set(User.objects.get(username="hulpverlener").teams.values_list("code", flat=True)) == {
        "glb",
        "svo",
    }
    assert set(User.objects.get(username="hulpverlener2").teams.values_list("code", flat=True)) == {
        "lcd",
        "bgw",
    }

    assert first["Participant"] >= 60
    assert first["Household"] >= 20
    assert set(Participant.objects.values_list("wijk", flat=True)) == set(Wijk.values)
    assert set(Household.objects.values_list("wijk", flat=True)) == set(Wijk.values)
    assert set(Enrolment.objects.values_list("programme__code", flat=True)) == {
        "gezinslab",
        "buurtgezinnen",
        "schuldenvrij",
        "lifecoaching",
        "baangarantie",
    }
    # One household in three programmes at once (Gezinslab, Schuldenvrij, baangaranties).
    programmes_of: dict = {}
    for household_id, code in HouseholdMembership.objects.values_list(
        "household_id", "participant__enrolments__programme__code"
    ):
        programmes_of.setdefault(household_id, set()).add(code)
    assert any(
        {"gezinslab", "schuldenvrij", "baangarantie"} <= codes for codes in programmes_of.values()
    )
    # Consent for care for everyone; sharing mostly given, some refused (parts stay hidden).
    from privacy.models import Consent

    assert Consent.objects.filter(purpose="care").count() == first["Participant"]
    sharing = dict(
        Consent.objects.filter(purpose="sharing")
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    assert sharing["given"] > sharing["refused"] > 0
    instruments = set(Measurement.objects.values_list("instrument__code", flat=True))
    assert instruments == {"zrm", "positieve_gezondheid", "goal_attainment"}
    assert set(Measurement.objects.values_list("wave", flat=True)) == {
        "intake",
        "m6",
        "m12",
        "m18",
        "m24",
    }
    zrm = MeasurementValue.objects.filter(measurement__instrument__code="zrm")
    assert zrm.exists() and all(1 <= v <= 5 for v in zrm.values_list("value", flat=True))
    # Every plan has 1-3 goals; progress covers about two years.
    goals_per_plan = Plan.objects.annotate(n=Count("goals")).values_list("n", flat=True)
    assert all(1 <= n <= 3 for n in goals_per_plan)
    dates = ProgressEntry.objects.values_list("date", flat=True)
    assert (max(dates) - min(dates)).days > 600

    # Encrypted exactly as in production: the caseworker's caseload decrypts, BSNs are valid.
    caseworker = User.objects.get(username="hulpverlener")
    rows = selectors.caseload(caseworker)
    assert rows and all(row.person.given_name for row in rows)
    participant = Participant.objects.select_related("data_key").first()
    bsn = Cipher().open(
        model=Participant, column="bsn", row_pk=participant.pk, envelope=participant.bsn
    )
    assert is_valid_bsn(bsn)
    assert participant.history.exists()


@pytest.mark.django_db
def test_seed_demo_refuses_in_production():
    with override_settings(KOERS_ENV="production"), pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="hulpverlener").exists()


def _synthetic(*args) -> None:
    call_command("generate_synthetic", *args, stdout=StringIO())


def _names(user) -> list[tuple[str, str, str]]:
    return sorted(
        (row.person.client_ref, row.person.given_name, row.person.family_name)
        for row in selectors.caseload(user)
    )


@pytest.mark.django_db
def test_generate_synthetic_counts_history_and_decryption():
    _synthetic("--participants", "30", "--seed", "1", "--measurements", "7", "--batch-size", "8")
    user = User.objects.get(username="synth-caseworker")
    assert user.teams.filter(code="synth").exists()
    assert Participant.objects.count() == 30
    assert Enrolment.objects.filter(team__code="synth", status="active").count() == 30
    assert Plan.objects.count() == 30 and Goal.objects.count() == 30
    assert ProgressEntry.objects.count() == 30 * 4
    assert Measurement.objects.count() == 30 * 7
    assert MeasurementValue.objects.count() == 30 * 7
    # A history row for every row of every history-tracked model.
    for model in (Participant, Enrolment, Plan, Goal, ProgressEntry, Measurement):
        assert model.history.count() == model.objects.count()
    assert MeasurementValue.history.count() == MeasurementValue.objects.count()

    # The caseworker decrypts every name through the normal selectors.
    first = _names(user)
    assert len(first) == 30 and all(given and family for _, given, family in first)
    file = selectors.participant_file(user, selectors.caseload(user)[0].person.id)
    assert file.person.bsn and is_valid_bsn(file.person.bsn)
    assert file.charts and file.enrolments[0].goals[0].text

    # Same seed, same content; the same seed twice in one database is refused.
    with pytest.raises(CommandError):
        _synthetic("--participants", "30", "--seed", "1")
    Participant.objects.all().delete()
    _synthetic("--participants", "30", "--seed", "1", "--measurements", "7")
    assert _names(user) == first
    _synthetic("--participants", "5", "--seed", "2", "--team", "synth2", "--caseworker", "cw2")
    assert Participant.objects.count() == 35
    assert len(selectors.caseload(user)) == 30


@pytest.mark.django_db
def test_generate_synthetic_refuses_in_production():
    with override_settings(KOERS_ENV="production"), pytest.raises(CommandError):
        _synthetic("--participants", "1")


@pytest.mark.django_db
def test_generate_synthetic_writes_a_history_row_for_every_row():
    """Written with executemany, not the ORM: still a "+" history row per row, and sealed."""
    _synthetic("--participants", "12", "--seed", "3", "--measurements", "5", "--batch-size", "5")
    user = User.objects.get(username="synth-caseworker")
    for model in (Participant, Enrolment, Plan, Goal, ProgressEntry, Measurement):
        rows = set(model.objects.values_list("pk", flat=True))
        history = model.history.all()
        assert rows and set(history.values_list("id", flat=True)) == rows, model
        assert history.count() == len(rows)
        assert set(history.values_list("history_type", "history_user_id")) == {("+", user.pk)}
    values = set(MeasurementValue.objects.values_list("pk", "measurement_id", "item", "value"))
    assert len(values) == 12 * 5
    history = MeasurementValue.history.all()
    assert set(history.values_list("id", "measurement_id", "item", "value")) == values
    assert set(history.values_list("history_type", "history_user_id")) == {("+", user.pk)}
    historical = Participant.history.get(id=Participant.objects.first().pk)
    assert historical.given_name == Participant.objects.get(pk=historical.id).given_name

    # A participant's identity decrypts, through the selectors and cell by cell.
    rows = selectors.caseload(user)
    assert len(rows) == 12 and all(row.person.given_name for row in rows)
    assert all(row.person.client_ref.startswith("SYN3-") for row in rows)
    participant = Participant.objects.select_related("data_key").get(pk=rows[0].person.id)
    cipher = Cipher()
    for column in ("given_name", "family_name", "street", "postcode", "city", "phone"):
        assert cipher.open(
            model=Participant,
            column=column,
            row_pk=participant.pk,
            envelope=getattr(participant, column),
        )
    assert participant.email is None
    bsn = cipher.open(
        model=Participant, column="bsn", row_pk=participant.pk, envelope=participant.bsn
    )
    assert is_valid_bsn(bsn)
    file = selectors.participant_file(user, participant.pk)
    assert file.person.bsn == bsn and file.enrolments[0].goals[0].text

    # Ids given to scores are never given again, so old history rows keep their own row.
    highest = max(pk for pk, *_ in values)
    Participant.objects.all().delete()
    _synthetic("--participants", "2", "--seed", "4", "--measurements", "2")
    assert min(MeasurementValue.objects.values_list("pk", flat=True)) > highest
