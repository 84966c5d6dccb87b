"""Services of Gezinslab and Buurtgezinnen: the happy paths, every bad input refused with a
Dutch message and nothing changed, optimistic locking, outcome measures and scope."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import CASEWORKER, PEER_EXPERT
from casework.models import OutcomeValue
from casework.services import ConcurrentEditError
from gezinslab import services
from gezinslab.models import (
    Barrier,
    Breakthrough,
    FamilyGoal,
    FamilyTrajectory,
    SupportFamily,
    SupportMatch,
    SystemOrganisation,
)
from privacy.crypto import Cipher
from tests.factories import make_user
from tests.gezinslab.conftest import (
    RATE_TOOL,
    make_barrier,
    make_household,
    make_trajectory,
    organisation,
    record_breakthrough,
    start_match,
)
from tests.helpers import assert_invalid, deferred, refused

pytestmark = pytest.mark.django_db


def _refused(call, field: str, fragment: str) -> None:
    """``call()`` is refused for ``field`` and adds nothing (``_snapshot`` is the same after)."""
    assert_invalid(call, field, fragment, state=_snapshot)


def _snapshot():
    return tuple(
        model.objects.count()
        for model in (
            FamilyTrajectory,
            FamilyGoal,
            Barrier,
            Breakthrough,
            SupportFamily,
            SupportMatch,
        )
    ) + (OutcomeValue.objects.count(),)


def _open(model, column, obj):
    obj.refresh_from_db()
    return Cipher().open(model=model, column=column, row_pk=obj.pk, envelope=getattr(obj, column))


# --- trajectories -------------------------------------------------------------------------


def test_start_trajectory_seals_the_plan_under_the_household_key(trajectory_a, household_a):
    assert trajectory_a.team.code == "gla"
    assert trajectory_a.plan_summary.split(".")[1] == household_a.data_key_id.hex
    assert _open(FamilyTrajectory, "plan_summary", trajectory_a) == "Rust in de post"
    assert trajectory_a.history.count() == 1


def test_start_trajectory_refuses_bad_input(caseworker_a, team_a, peer_a, household_a):
    other_caseworker = make_user(CASEWORKER, teams=[team_a])
    outsider_peer = make_user(PEER_EXPERT)
    start = deferred(
        services.start_trajectory,
        actor=caseworker_a,
        household=household_a,
        start_date=dt.date(2025, 1, 6),
        professional=caseworker_a,
        peer_expert=peer_a,
        finding_place="school",
        life_domains=["financien"],
    )

    _refused(start(peer_expert=other_caseworker), "peer_expert", "ervaringsdeskundige van het team")
    _refused(start(peer_expert=outsider_peer), "peer_expert", "ervaringsdeskundige van het team")
    _refused(start(professional=peer_a), "professional", "hulpverlener of teamleider")
    _refused(start(start_date=dt.date(2999, 1, 1)), "start_date", "toekomst")
    _refused(start(life_domains=["geluk"]), "life_domains", "Onbekend leefgebied")
    _refused(start(finding_place="maan"), "finding_place", "vindplaats")
    make_trajectory(actor=caseworker_a, team=team_a, peer=peer_a, household=household_a)
    _refused(start(), "household", "al een lopend traject")


def test_start_trajectory_needs_a_gezinslab_enrolment_and_scope(
    caseworker_a, caseworker_b, team_a, peer_a, household_a
):
    asking = make_household(actor=caseworker_a, team=team_a, programme="buurtgezinnen")
    with pytest.raises(ValidationError):
        make_trajectory(actor=caseworker_a, team=team_a, peer=peer_a, household=asking)
    with pytest.raises(PermissionDenied):
        make_trajectory(actor=caseworker_b, team=team_a, peer=peer_a, household=household_a)
    assert not FamilyTrajectory.objects.exists()


def test_update_trajectory_refuses_end_before_start_and_stale_versions(
    caseworker_a, trajectory_a, peer_a
):
    update = partial(
        services.update_trajectory,
        actor=caseworker_a,
        trajectory=trajectory_a,
        expected_version=1,
        professional=caseworker_a,
        peer_expert=peer_a,
        finding_place="school",
        start_date=dt.date(2025, 1, 6),
        end_date=None,
        status="active",
        life_domains=["financien", "huisvesting"],
        plan_summary="Nieuw plan",
    )
    _refused(
        lambda: update(end_date=dt.date(2024, 12, 31), status="completed"),
        "end_date",
        "voor de startdatum",
    )
    _refused(lambda: update(status="completed"), "end_date", "heeft een einddatum")
    trajectory_a.refresh_from_db()
    assert trajectory_a.version == 1 and trajectory_a.status == "active"
    updated = update()
    assert updated.version == 2 and updated.life_domains == ["financien", "huisvesting"]
    with pytest.raises(ConcurrentEditError) as info:
        update(plan_summary="Ander plan")
    assert "gezinsplan" in info.value.changed_fields
    assert _open(FamilyTrajectory, "plan_summary", trajectory_a) == "Nieuw plan"


# --- family goals -------------------------------------------------------------------------


def test_family_goal_status_records_goals_achieved_for_every_member(caseworker_a, trajectory_a):
    goal = services.add_family_goal(
        actor=caseworker_a, trajectory=trajectory_a, text="Post openen", life_domain="financien"
    )
    second = services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text="Werk")
    assert (goal.position, second.position) == (1, 2)
    assert _open(FamilyGoal, "text", goal) == "Post openen"
    services.update_family_goal(
        actor=caseworker_a,
        goal=goal,
        expected_version=goal.version,
        text="Post openen",
        status="achieved",
        life_domain="financien",
    )
    values = OutcomeValue.objects.filter(measure__code="gezinslab_family_goals_achieved")
    assert values.count() == 2  # both members of the household are in Gezinslab
    assert {v.value for v in values} == {1}
    # Only the text changes: no new measure value.
    services.update_family_goal(
        actor=caseworker_a,
        goal=goal,
        expected_version=2,
        text="De post samen openen",
        status="achieved",
        life_domain="financien",
    )
    assert values.count() == 2
    with pytest.raises(ConcurrentEditError):
        services.update_family_goal(
            actor=caseworker_a, goal=goal, expected_version=2, text="X", status="dropped"
        )
    goal.refresh_from_db()
    assert goal.status == "achieved"


def test_family_goal_bad_input(caseworker_a, trajectory_a):
    _refused(
        lambda: services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text=" "),
        "text",
        "verplicht",
    )
    _refused(
        lambda: services.add_family_goal(
            actor=caseworker_a, trajectory=trajectory_a, text="x" * 1001
        ),
        "text",
        "te lang",
    )
    _refused(
        lambda: services.add_family_goal(
            actor=caseworker_a, trajectory=trajectory_a, text="Doel", life_domain="geluk"
        ),
        "life_domain",
        "Onbekend leefgebied",
    )


# --- barriers and breakthroughs -----------------------------------------------------------


def test_barrier_bad_input_is_refused(caseworker_a, trajectory_a):
    inactive = SystemOrganisation.objects.create(code="weg", name="Opgeheven", active=False)

    add = deferred(make_barrier, actor=caseworker_a, trajectory=trajectory_a)

    _refused(add(description=""), "description", "verplicht")
    _refused(add(since=dt.date(2999, 1, 1)), "since", "toekomst")
    _refused(add(kind="pech"), "kind", "soort knelpunt")
    _refused(
        lambda: services.add_barrier(
            actor=caseworker_a,
            trajectory=trajectory_a,
            organisation=inactive,
            kind="rule",
            description="X",
            since=dt.date(2025, 2, 1),
        ),
        "organisation",
        "organisatie uit de lijst",
    )
    _refused(
        add(escalated_to="Loket", escalated_on=dt.date(2025, 1, 1)),
        "escalated_on",
        "escalatiedatum ligt voor",
    )
    _refused(add(escalated_on=dt.date(2025, 3, 1)), "escalated_to", "naar wie")


def test_barrier_texts_are_sealed(caseworker_a, trajectory_a):
    barrier = make_barrier(
        actor=caseworker_a,
        trajectory=trajectory_a,
        escalated_to="Maatwerkloket",
        escalated_on=dt.date(2025, 2, 10),
    )
    assert _open(Barrier, "description", barrier) == "Bijverdienen wordt gekort"
    assert _open(Barrier, "escalated_to", barrier) == "Maatwerkloket"
    assert barrier.status == "open"


def test_breakthrough_unblocks_the_barrier(caseworker_a, barrier_a):
    breakthrough = record_breakthrough(
        caseworker_a,
        barrier_a,
        "Gesprek met de klantmanager",
        dt.date(2025, 3, 1),
        **RATE_TOOL,
    )
    barrier_a.refresh_from_db()
    assert barrier_a.status == "unblocked" and barrier_a.version == 2
    assert _open(Breakthrough, "system_change", breakthrough) == "Rekentool bijverdienen"
    _refused(
        lambda: record_breakthrough(
            caseworker_a, barrier_a, "Nog een", dt.date(2025, 3, 2), expected_version=2
        ),
        "barrier",
        "al een doorbraak",
    )


def test_breakthrough_bad_input_and_stale_version(caseworker_a, barrier_a):
    record = deferred(
        services.record_breakthrough,
        actor=caseworker_a,
        barrier=barrier_a,
        expected_version=1,
        how="Gesprek",
        date=dt.date(2025, 3, 1),
    )

    _refused(record(date=dt.date(2025, 1, 31)), "date", "voor de datum waarop het knelpunt speelt")
    _refused(record(date=dt.date(2999, 1, 1)), "date", "toekomst")
    _refused(record(how=""), "how", "verplicht")
    _refused(record(needs_system_change=True), "system_change", "welke systeemverandering")
    with refused(ConcurrentEditError, _snapshot):
        record(expected_version=7)()
    barrier_a.refresh_from_db()
    assert barrier_a.status == "open"


def test_update_barrier_needs_a_breakthrough_to_be_unblocked(caseworker_a, barrier_a):
    update = partial(
        services.update_barrier,
        actor=caseworker_a,
        barrier=barrier_a,
        expected_version=1,
        organisation=organisation("cjib"),
        kind="debt_collection",
        description="Verhoogde boetes",
        since=dt.date(2025, 2, 1),
        status="stuck",
    )

    _refused(lambda: update(status="unblocked"), "status", "doorbraak")
    updated = update()
    assert (updated.status, updated.organisation.code, updated.version) == ("stuck", "cjib", 2)
    with pytest.raises(ConcurrentEditError):
        update(status="open")


def test_peer_expert_may_do_everything(peer_a, trajectory_a):
    barrier = make_barrier(actor=peer_a, trajectory=trajectory_a)
    record_breakthrough(peer_a, barrier, "Samen gebeld", dt.date(2025, 2, 2), expected_version=1)
    goal = services.add_family_goal(actor=peer_a, trajectory=trajectory_a, text="Rust")
    assert goal.pk and Breakthrough.objects.count() == 1


def test_other_team_is_refused(caseworker_b, trajectory_a, barrier_a):
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        services.add_family_goal(actor=caseworker_b, trajectory=trajectory_a, text="X")
    with pytest.raises(PermissionDenied):
        make_barrier(actor=caseworker_b, trajectory=trajectory_a)
    with pytest.raises(PermissionDenied):
        record_breakthrough(caseworker_b, barrier_a, "X", dt.date(2025, 3, 1), expected_version=1)
    assert _snapshot() == before


# --- Buurtgezinnen ------------------------------------------------------------------------


def test_support_family_has_its_own_data_key(support_family_a):
    assert support_family_a.name.split(".")[1] == support_family_a.data_key_id.hex
    assert _open(SupportFamily, "name", support_family_a) == "Familie Steun"
    assert _open(SupportFamily, "contact", support_family_a) == "06-12345678"


def test_support_family_bad_input(caseworker_a, caseworker_b, team_a, team_b, household_a):
    _refused(
        lambda: services.add_support_family(actor=caseworker_a, team=team_a, name=""),
        "name",
        "verplicht",
    )
    _refused(
        lambda: services.add_support_family(
            actor=caseworker_a, team=team_a, name="F", max_families=0
        ),
        "max_families",
        "1 tot en met 5",
    )
    _refused(
        lambda: services.add_support_family(
            actor=caseworker_b, team=team_b, name="F", household=household_a
        ),
        "household",
        "niet in uw caseload",
    )
    with refused(PermissionDenied, _snapshot):
        services.add_support_family(actor=caseworker_b, team=team_a, name="F")


def test_match_records_the_measure_and_ends(caseworker_a, match_a):
    values = OutcomeValue.objects.filter(measure__code="buurtgezinnen_match_active")
    assert values.count() == 2 and all(v.value is True for v in values)
    ended = services.update_match(
        actor=caseworker_a,
        match=match_a,
        expected_version=1,
        start_date=match_a.start_date,
        rhythm="fortnightly",
        end_date=dt.date(2025, 9, 1),
        evaluation="Goed contact",
        outcome="good",
    )
    assert ended.version == 2
    assert _open(SupportMatch, "evaluation", ended) == "Goed contact"
    assert ended.evaluation.split(".")[1] == match_a.household.data_key_id.hex
    assert [v.value for v in values.order_by("recorded_at")][-2:] == [False, False]
    with pytest.raises(ConcurrentEditError):
        services.update_match(
            actor=caseworker_a,
            match=match_a,
            expected_version=1,
            start_date=match_a.start_date,
            rhythm="weekly",
        )


def test_match_refusals(caseworker_a, team_a, support_family_a, asking_household, household_a):
    start = deferred(
        services.start_match,
        actor=caseworker_a,
        support_family=support_family_a,
        household=asking_household,
        start_date=dt.date(2025, 3, 1),
        rhythm="weekly",
    )

    # A family matched with itself.
    itself = services.add_support_family(
        actor=caseworker_a, team=team_a, name="Zelf", household=asking_household
    )
    _refused(start(support_family=itself), "household", "niet aan zichzelf")
    # An end before the start.
    _refused(start(end_date=dt.date(2025, 2, 1)), "end_date", "voor de startdatum")
    # A household that does not ask Buurtgezinnen for support.
    _refused(
        start(household=household_a), "household", "geen lopende inschrijving bij Buurtgezinnen"
    )
    _refused(start(rhythm="dagelijks"), "rhythm", "contactritme")
    # An inactive support family.
    inactive = services.add_support_family(
        actor=caseworker_a, team=team_a, name="Rust", active=False
    )
    _refused(start(support_family=inactive), "support_family", "niet actief")
    # A full support family (max 1, already matched).
    start()()
    other = make_household(actor=caseworker_a, team=team_a, programme="buurtgezinnen", name="Ander")
    _refused(start(household=other), "support_family", "vol")


def test_support_family_capacity_cannot_drop_below_running_matches(
    caseworker_a, support_family_a, match_a
):
    update = partial(services.update_support_family, actor=caseworker_a, family=support_family_a)
    update(expected_version=1, name="Familie Steun", max_families=2)
    with pytest.raises(ValidationError):
        update(expected_version=2, name="X", max_families=0)
    with pytest.raises(ConcurrentEditError):
        update(expected_version=1, name="X")


def test_reopening_an_ended_match_respects_capacity(
    caseworker_a, team_a, support_family_a, match_a
):
    services.update_match(
        actor=caseworker_a,
        match=match_a,
        expected_version=1,
        start_date=match_a.start_date,
        rhythm="weekly",
        end_date=dt.date(2025, 4, 1),
    )
    other = make_household(actor=caseworker_a, team=team_a, programme="buurtgezinnen", name="B")
    start_match(caseworker_a, support_family_a, other, dt.date(2025, 5, 1), "monthly")
    _refused(
        lambda: services.update_match(
            actor=caseworker_a,
            match=match_a,
            expected_version=2,
            start_date=match_a.start_date,
            rhythm="weekly",
            end_date=None,
        ),
        "end_date",
        "vol",
    )
    match_a.refresh_from_db()
    assert match_a.end_date == dt.date(2025, 4, 1)
