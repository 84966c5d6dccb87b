"""One household, several programmes (issue 5, point 5): each team sees the shared core and
its own programme's part; another programme's part only while the participant's consent for
sharing with partners is in force, and each such view is logged. A matrix over programmes,
roles and consent, on the selector and on the page."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ALL_ROLES, CASEWORKER, FILE_ROLES, PEER_EXPERT, TEAM_LEAD
from casework import registry, selectors, services
from privacy.models import AccessEvent, Consent, Purpose
from tests.factories import (
    end_enrolment,
    enrol,
    make_participant,
    make_user,
    record_consent,
    record_outcome,
)

pytestmark = pytest.mark.django_db

CALLS: list[tuple[str, str]] = []
ENROLMENTS_PASSED: list[tuple[str, set]] = []
MARKERS = {"gezinslab": "MARKER-GEZINSLAB-PART", "schuldenvrij": "MARKER-SCHULDENVRIJ-PART"}


def fake_section(*, user, participant, cipher, enrolments, mode):
    code = enrolments[0].programme.code
    CALLS.append((code, mode))
    ENROLMENTS_PASSED.append((mode, {e.pk for e in enrolments}))
    return "casework/_section_facts.html", {"facts": [("Deel", MARKERS[code])]}


@pytest.fixture(autouse=True)
def _fake_hooks(monkeypatch):
    """The two programmes' parts come from a test hook, so the rule is tested on its own."""
    CALLS.clear()
    ENROLMENTS_PASSED.clear()
    for code in MARKERS:
        spec = registry._programmes[code]
        monkeypatch.setitem(
            registry._programmes,
            code,
            dataclasses.replace(spec, file_section=fake_section),
        )


@pytest.fixture
def family(team_a, team_b, caseworker_a):
    """A participant in Gezinslab (team A) and Schuldenvrij (team B)."""
    participant = make_participant(actor=caseworker_a, team=team_a, programme="gezinslab")
    bridge = make_user(CASEWORKER, teams=[team_a, team_b])
    debts = enrol(bridge, participant, "schuldenvrij", team_b, dt.date(2025, 3, 1), "public_task")
    record_outcome(bridge, debts, "goal_attainment", dt.date(2025, 6, 1), 7)
    return participant


def _consent(actor, participant, status, day):
    record_consent(actor, participant, Purpose.SHARING, status, day, text_version="2025-01")


def _modes(user, participant) -> dict[str, str]:
    return {s.key: s.mode for s in selectors.participant_file(user, participant.pk).sections}


CONSENT_STATES = ["none", "given", "refused", "withdrawn"]


def _set_consent(state, actor, participant):
    today = timezone.localdate()
    if state == "none":
        return
    if state == "withdrawn":
        _consent(actor, participant, Consent.Status.GIVEN, today - dt.timedelta(days=60))
        _consent(actor, participant, Consent.Status.WITHDRAWN, today)
        return
    _consent(actor, participant, state, today - dt.timedelta(days=1))


@pytest.mark.parametrize("consent", CONSENT_STATES)
@pytest.mark.parametrize("role", sorted(FILE_ROLES))
@pytest.mark.parametrize("team_side", ["a", "b"])
def test_matrix_programmes_roles_consent(
    client, family, team_a, team_b, caseworker_a, role, team_side, consent
):
    _set_consent(consent, caseworker_a, family)
    team = team_a if team_side == "a" else team_b
    own, other = (
        ("gezinslab", "schuldenvrij") if team_side == "a" else ("schuldenvrij", "gezinslab")
    )
    user = make_user(role, teams=[team])
    before = AccessEvent.objects.filter(purpose=Purpose.SHARING).count()

    client.force_login(user)
    html = client.get(
        reverse("casework:participant_file", kwargs={"pk": family.pk})
    ).content.decode()

    def expected(code: str, mode: str) -> str:
        # Peer experts never see Schuldenvrij's part (financial details), not even their own.
        if role == PEER_EXPERT and code == "schuldenvrij" and mode != "hidden":
            return "withheld"
        return mode

    modes = {
        own: expected(own, "own"),
        other: expected(other, "shared" if consent == "given" else "hidden"),
    }
    assert _modes(user, family) == modes
    for code, mode in modes.items():
        assert (MARKERS[code] in html) is (mode in {"own", "shared"}), (code, mode)
        # A programme's hook is not even asked for a part the user may not see.
        assert {m for c, m in CALLS if c == code} <= ({mode} - {"hidden", "withheld"})
    shared = modes[other] == "shared"
    logged = AccessEvent.objects.filter(purpose=Purpose.SHARING).count() - before
    # The page and the selector call above: one 'sharing' event each, and none without consent.
    assert logged == (2 if shared else 0)
    if shared:
        event = AccessEvent.objects.filter(purpose=Purpose.SHARING).latest("id")
        assert event.subject_id == family.pk
        assert event.what == f"programme_section:{other}"
        assert event.user == user
    if "withheld" in modes.values():
        assert "niet zichtbaar voor ervaringsdeskundigen" in html


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - FILE_ROLES))
def test_roles_without_files_see_no_programme_part(client, family, team_a, role):
    user = make_user(role, teams=[team_a])
    client.force_login(user)
    response = client.get(reverse("casework:participant_file", kwargs={"pk": family.pk}))
    assert response.status_code == 403
    assert CALLS == []


def test_a_team_of_neither_programme_sees_nothing(client, family):
    from tests.factories import TeamFactory

    outsider = make_user(CASEWORKER, teams=[TeamFactory(code="lcx")])
    client.force_login(outsider)
    assert (
        client.get(reverse("casework:participant_file", kwargs={"pk": family.pk})).status_code
        == 404
    )
    assert CALLS == []


def test_break_the_glass_shows_every_part_read_only(family, team_b):
    from tests.factories import TeamFactory

    outsider = make_user(TEAM_LEAD, teams=[TeamFactory(code="lcx")])
    services.open_break_glass(actor=outsider, participant=family, reason="Crisis, geen bereik")
    assert _modes(outsider, family) == {"gezinslab": "read_only", "schuldenvrij": "read_only"}


def test_withdrawal_hides_the_other_part_at_once(family, team_a, caseworker_a):
    today = timezone.localdate()
    _consent(caseworker_a, family, Consent.Status.GIVEN, today - dt.timedelta(days=10))
    assert _modes(caseworker_a, family)["schuldenvrij"] == "shared"
    _consent(caseworker_a, family, Consent.Status.WITHDRAWN, today)
    assert _modes(caseworker_a, family)["schuldenvrij"] == "hidden"


def test_shared_part_is_read_only_on_the_page(client, family, team_a, caseworker_a):
    _set_consent("given", caseworker_a, family)
    client.force_login(caseworker_a)
    html = client.get(
        reverse("casework:participant_file", kwargs={"pk": family.pk})
    ).content.decode()
    assert 'data-programme="schuldenvrij" data-mode="shared"' in html
    assert "gedeeld met toestemming, alleen lezen" in html


def test_peer_expert_and_caseworker_of_one_team_see_the_same_parts(family, team_a):
    modes = {
        _role: _modes(make_user(_role, teams=[team_a]), family)
        for _role in (CASEWORKER, PEER_EXPERT)
    }
    assert modes[CASEWORKER] == modes[PEER_EXPERT]


@pytest.mark.parametrize("consent", CONSENT_STATES)
def test_another_teams_enrolment_in_my_programme_is_not_my_part(
    client, family, team_a, team_b, caseworker_a, consent
):
    """Being in a programme's team does not open another team's records of that programme:
    team B's ended Schuldenvrij enrolment stays shared (with consent, logged) or hidden when
    team A enrols the same participant in Schuldenvrij."""
    from casework.models import Enrolment

    _set_consent(consent, caseworker_a, family)
    theirs = Enrolment.objects.get(participant=family, programme__code="schuldenvrij")
    bridge = make_user(CASEWORKER, teams=[team_a, team_b])
    record_outcome(bridge, theirs, "schuldenvrij_debts_outstanding", dt.date(2025, 6, 1), 4321)
    theirs.refresh_from_db()
    end_enrolment(bridge, theirs, dt.date(2025, 9, 1), Enrolment.Status.STOPPED)
    mine = enrol(caseworker_a, family, "schuldenvrij", team_a, dt.date(2025, 10, 1), "public_task")
    other_mode = "shared" if consent == "given" else "hidden"
    before = AccessEvent.objects.filter(purpose=Purpose.SHARING).count()

    assert _modes(caseworker_a, family) == {
        "gezinslab": "own",
        "schuldenvrij": "own",
        "schuldenvrij-ander-team": other_mode,
    }
    # The own part gets only team A's enrolment; team B's only when shared.
    passed = [pks for mode, pks in ENROLMENTS_PASSED if theirs.pk in pks or mine.pk in pks]
    assert ("own", {mine.pk}) in ENROLMENTS_PASSED
    assert all(not ({theirs.pk} & pks and mode == "own") for mode, pks in ENROLMENTS_PASSED)
    assert (("shared", {theirs.pk}) in ENROLMENTS_PASSED) is (other_mode == "shared")
    assert len(passed) == (2 if other_mode == "shared" else 1)
    # Team B's debt measure (recorded on its enrolment) is not among team A's own outcomes.
    file = selectors.participant_file(caseworker_a, family.pk)
    sections = {s.key: s for s in file.sections}
    assert sections["schuldenvrij"].outcomes == []
    assert bool(sections["schuldenvrij-ander-team"].outcomes) is (other_mode == "shared")
    logged = AccessEvent.objects.filter(purpose=Purpose.SHARING).count() - before
    assert logged == (2 if other_mode == "shared" else 0)
    if other_mode == "hidden":
        assert "4.321" not in str([s.outcomes for s in file.sections])

    client.force_login(caseworker_a)
    html = client.get(
        reverse("casework:participant_file", kwargs={"pk": family.pk})
    ).content.decode()
    assert 'id="h-sec-schuldenvrij-ander-team"' in html
    assert f'data-programme="schuldenvrij" data-mode="{other_mode}"' in html
