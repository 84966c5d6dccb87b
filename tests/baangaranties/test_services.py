"""Services: the happy paths, every bad input refused in Dutch with nothing changed, and
optimistic locking."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from baangaranties import services
from baangaranties.models import (
    AssistanceRoute,
    Commitment,
    OpenHiringSignup,
    Placement,
    RetentionCheck,
)
from casework.models import OutcomeValue
from tests.baangaranties.conftest import START, YEAR, commit, make_enrolment, place
from tests.factories import make_participant

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Placement.objects.count(),
        RetentionCheck.objects.count(),
        OutcomeValue.objects.count(),
        OpenHiringSignup.objects.count(),
        AssistanceRoute.objects.count(),
        [(c.pk, c.version, c.job_guarantees) for c in Commitment.objects.order_by("pk")],
    )


def refused(call, field: str, fragment: str):
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        call()
    messages = info.value.message_dict.get(field, [])
    assert any(fragment in m for m in messages), info.value.message_dict
    assert snapshot() == before


def test_placement_creates_checks_and_records_the_employment_status(placement, enrolment):
    assert placement.kind == "job_guarantee"
    checks = list(placement.checks.order_by("months"))
    assert [(c.months, c.due_on) for c in checks] == [
        (3, dt.date(2026, 6, 2)),
        (6, dt.date(2026, 9, 2)),
        (12, dt.date(2027, 3, 2)),
    ]
    value = OutcomeValue.objects.get(measure__code="baangarantie_employment_status")
    assert (value.value, value.date, value.participant_id) == (
        "employed",
        START,
        enrolment.participant_id,
    )


def test_a_full_commitment_refuses_the_next_placement(
    worker, bg_team, employer, employer2, commitment
):
    for name in ("Een", "Twee"):
        place(worker, make_enrolment(worker, bg_team, given_name=name), employer)
    third = make_enrolment(worker, bg_team, given_name="Drie")
    refused(
        lambda: place(worker, third, employer2),
        "employer",
        "De toezegging van Zorg & Welzijn voor 2026 is vol",
    )
    # Another kind of the same chain still has room; a year without commitment has none.
    place(worker, third, employer2, kind="internship", contract_kind="internship")
    refused(
        lambda: place(worker, third, employer, start_date=dt.date(2025, 12, 1)),
        "employer",
        "voor 2025 is vol",
    )


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        (
            {"end_date": dt.date(2026, 3, 1), "end_reason": "moved"},
            "end_date",
            "voor de startdatum",
        ),
        ({"hours_per_week": 0}, "hours_per_week", "tussen 0 en 40"),
        ({"hours_per_week": 41}, "hours_per_week", "tussen 0 en 40"),
        ({"hours_per_week": "veel"}, "hours_per_week", "aantal uren"),
        ({"route": "basic_job"}, "route", "past niet"),
        ({"kind": "moonlighting"}, "kind", "mogelijke waarden"),
        ({"contract_kind": "zero"}, "contract_kind", "mogelijke waarden"),
        ({"start_date": None}, "start_date", "Vul een datum in"),
    ],
)
def test_bad_placements_are_refused(
    worker, enrolment, employer, commitment, overrides, field, fragment
):
    refused(lambda: place(worker, enrolment, employer, **overrides), field, fragment)


def test_placement_needs_an_employer_and_fitting_offered_place(
    worker, enrolment, employer, employer2, commitment, lead
):
    refused(lambda: place(worker, enrolment, None), "employer", "Kies een werkgever")
    offer = services.add_offered_place(
        actor=lead, employer=employer, kind="internship", year=YEAR, places=1, opened_on=START
    )
    refused(
        lambda: place(
            worker,
            enrolment,
            employer2,
            kind="internship",
            offered_place=offer,
            contract_kind="internship",
        ),
        "offered_place",
        "andere werkgever",
    )
    refused(
        lambda: place(worker, enrolment, employer, offered_place=offer),
        "offered_place",
        "andere soort",
    )
    placement = place(
        worker, enrolment, None, kind="internship", offered_place=offer, contract_kind="internship"
    )
    assert placement.employer == employer


def test_out_of_scope_and_other_programmes_are_refused(
    worker, other_worker, enrolment, employer, commitment, bg_team
):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        place(other_worker, enrolment, employer)
    assert snapshot() == before
    gezinslab = make_participant(actor=worker, team=bg_team).enrolments.get()
    refused(lambda: place(worker, gezinslab, employer), "enrolment", "hoort niet bij Baangarantie")


def test_end_placement_closes_later_checks_and_locks(worker, placement):
    services.end_placement(
        actor=worker,
        placement=placement,
        expected_version=placement.version,
        end_date=dt.date(2026, 7, 1),
        end_reason="dismissed",
    )
    placement.refresh_from_db()
    assert (placement.end_date, placement.end_reason) == (dt.date(2026, 7, 1), "dismissed")
    checks = {c.months: c for c in placement.checks.all()}
    assert checks[3].checked_on is None  # due before the end: still to be asked
    assert checks[6].still_employed is False and checks[12].still_employed is False
    statuses = OutcomeValue.objects.filter(measure__code="baangarantie_employment_status")
    assert statuses.order_by("-date").first().value == "unemployed"
    with pytest.raises(services.ConcurrentEditError):
        services.end_placement(
            actor=worker,
            placement=placement,
            expected_version=1,
            end_date=dt.date(2026, 7, 2),
            end_reason="moved",
        )


def test_end_placement_bad_input(worker, placement):
    def end(**kwargs):
        values = {"end_date": dt.date(2026, 7, 1), "end_reason": "moved"}
        values.update(kwargs)
        return services.end_placement(
            actor=worker, placement=placement, expected_version=placement.version, **values
        )

    refused(lambda: end(end_date=dt.date(2026, 1, 1)), "end_date", "voor de startdatum")
    refused(lambda: end(end_reason=""), "end_reason", "reden")
    refused(
        lambda: end(end_date=timezone.localdate() + dt.timedelta(days=3)), "end_date", "toekomst"
    )


def test_record_check_records_retention(worker, placement, other_worker):
    # The three-month check, against its first version.
    record = partial(
        services.record_check, check=placement.checks.get(months=3), expected_version=1
    )
    with pytest.raises(PermissionDenied):
        record(actor=other_worker, still_employed=True, checked_on=dt.date(2026, 6, 3))
    refused(
        lambda: record(actor=worker, still_employed=True, checked_on=dt.date(2026, 1, 3)),
        "checked_on",
        "voor de start",
    )
    refused(
        lambda: record(actor=worker, still_employed="ja", checked_on=dt.date(2026, 6, 3)),
        "still_employed",
        "ja of nee",
    )
    record(actor=worker, still_employed=True, checked_on=dt.date(2026, 6, 3))
    value = OutcomeValue.objects.get(measure__code="baangarantie_placement_retained")
    assert value.value is True and value.date == dt.date(2026, 6, 3)
    with pytest.raises(services.ConcurrentEditError):
        record(actor=worker, still_employed=False, checked_on=dt.date(2026, 6, 4))


@override_settings(KOERS_BASIC_JOBS=1)
def test_basic_jobs_are_capped(worker, bg_team, employer):
    basic = {"kind": "basic_job", "route": "basic_job", "contract_kind": "fixed_term"}
    place(worker, make_enrolment(worker, bg_team, given_name="Een"), employer, **basic)
    second = make_enrolment(worker, bg_team, given_name="Twee")
    refused(
        lambda: place(worker, second, employer, **basic), "route", "Alle 1 basisbanen zijn bezet"
    )


@override_settings(KOERS_BASIC_JOBS=1)
def test_basic_jobs_are_capped_on_every_day_of_a_placement(worker, bg_team, employer):
    """Found in review: the cap was checked on the first day only, so a placement from today
    could run into one that starts later and exceed the basic jobs there."""
    basic = {"kind": "basic_job", "route": "basic_job", "contract_kind": "fixed_term"}
    today = timezone.localdate()
    later = today + dt.timedelta(days=60)
    place(
        worker,
        make_enrolment(worker, bg_team, given_name="Later"),
        employer,
        start_date=later,
        **basic,
    )
    open_ended = make_enrolment(worker, bg_team, given_name="Lang")
    refused(
        lambda: place(worker, open_ended, employer, start_date=today, **basic),
        "route",
        "Alle 1 basisbanen zijn bezet",
    )
    # Until the day before the later one starts: fine.
    place(
        worker,
        make_enrolment(worker, bg_team, given_name="Kort"),
        employer,
        start_date=today,
        end_date=later - dt.timedelta(days=1),
        end_reason="contract_ended",
        **basic,
    )


def test_open_hiring_first_come_first_offered(worker, bg_team, employer):
    enrolments = [make_enrolment(worker, bg_team, given_name=f"P{i}") for i in range(7)]
    now = timezone.now()
    for index, enrolment in enumerate(enrolments):
        services.sign_up_open_hiring(
            actor=worker, enrolment=enrolment, signed_up_at=now - dt.timedelta(hours=10 - index)
        )
    refused(
        lambda: services.sign_up_open_hiring(actor=worker, enrolment=enrolments[0]),
        "enrolment",
        "staat al op de Open Hiring-lijst",
    )
    # Open Hiring without an offer is refused.
    open_hiring = {"kind": "open_hiring", "route": "open_hiring", "contract_kind": "fixed_term"}
    refused(lambda: place(worker, enrolments[0], employer, **open_hiring), "route", "Open Hiring")
    offered = services.offer_open_hiring(actor=worker)
    assert [s.enrolment_id for s in offered] == [e.pk for e in enrolments[:5]]
    statuses = dict(OpenHiringSignup.objects.values_list("enrolment_id", "status"))
    assert [statuses[e.pk] for e in enrolments] == ["offered"] * 5 + ["waiting"] * 2
    with pytest.raises(ValidationError, match="Alle 5 Open Hiring-plekken"):
        services.offer_open_hiring(actor=worker)
    placement = place(worker, enrolments[0], employer, **open_hiring)
    signup = OpenHiringSignup.objects.get(enrolment=enrolments[0])
    assert (signup.status, signup.placement) == ("placed", placement)
    refused(
        lambda: services.sign_up_open_hiring(
            actor=worker, enrolment=enrolments[6], signed_up_at=now + dt.timedelta(days=1)
        ),
        "signed_up_at",
        "toekomst",
    )


def test_withdraw_frees_a_place(worker, bg_team):
    enrolment = make_enrolment(worker, bg_team)
    signup = services.sign_up_open_hiring(actor=worker, enrolment=enrolment)
    services.withdraw_open_hiring(actor=worker, signup=signup, expected_version=1)
    assert OpenHiringSignup.objects.get().status == "withdrawn"
    with pytest.raises(services.ConcurrentEditError):
        services.withdraw_open_hiring(actor=worker, signup=signup, expected_version=1)


def test_routes_out_of_assistance(worker, enrolment):
    since = dt.date(2026, 1, 5)
    add = partial(services.add_route, actor=worker, enrolment=enrolment, on_assistance_since=since)
    refused(
        lambda: add(route="education", target_date=dt.date(2025, 1, 1)),
        "target_date",
        "streefdatum",
    )
    refused(lambda: add(route="sleep"), "route", "mogelijke waarden")
    route = add(route="education")
    refused(lambda: add(route="other"), "route", "al een lopende route")
    values = OutcomeValue.objects.filter(measure__code="baangarantie_social_assistance")
    assert [(v.value, v.date) for v in values] == [(True, since)]
    # Changes against the route's first version, without a target date.
    update = partial(
        services.update_route, actor=worker, route=route, expected_version=1, target_date=None
    )
    update(route_kind="job_guarantee", status="off_assistance", status_date=dt.date(2026, 6, 1))
    assert values.order_by("-date").first().value is False
    with pytest.raises(services.ConcurrentEditError):
        update(route_kind="other", status="stopped")


def test_commitments(lead, worker, chain, employer, enrolment):
    with pytest.raises(PermissionDenied):
        commit(worker, chain, 1)
    refused(
        lambda: commit(lead, chain, -1),
        "job_guarantees",
        "0 of meer",
    )
    commitment = commit(lead, chain, 1)
    refused(
        lambda: commit(lead, chain, 5),
        "year",
        "al een toezegging",
    )
    place(worker, enrolment, employer)
    refused(
        lambda: commit(lead, chain, 0, expected_version=1),
        "job_guarantees",
        "al meer plaatsingen van deze soort dan dit aantal",
    )
    commit(lead, chain, 250, 60, 100, expected_version=1)
    commitment.refresh_from_db()
    assert (commitment.version, commitment.job_guarantees) == (2, 250)
    with pytest.raises(services.ConcurrentEditError):
        commit(lead, chain, 3, expected_version=1)


def test_offered_places(worker, employer):
    refused(
        lambda: services.add_offered_place(
            actor=worker, employer=employer, kind="internship", year=YEAR, places=0, opened_on=START
        ),
        "places",
        "1 of meer",
    )
    offer = services.add_offered_place(
        actor=worker, employer=employer, kind="internship", year=YEAR, places=2, opened_on=START
    )
    assert offer.places == 2
