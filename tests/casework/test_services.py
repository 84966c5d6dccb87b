"""The casework services: validation, versions, scope, roles and transfers."""

from __future__ import annotations

import datetime as dt
from functools import partial
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from accounts.roles import (
    CASEWORKER,
    EVALUATOR,
    FUNCTIONAL_ADMIN,
    PEER_EXPERT,
    PRIVACY_OFFICER,
    PROGRAMME_OFFICE,
    RESEARCHER,
    TEAM_LEAD,
)
from casework import selectors, services
from casework.models import (
    Enrolment,
    Goal,
    HouseholdMembership,
    Instrument,
    Measurement,
    MeasurementValue,
    Participant,
    Plan,
    ProgressEntry,
    Transfer,
    TransferUserObjectPermission,
)
from casework.validation import Identity
from tests.clock import TODAY
from tests.factories import (
    TeamFactory,
    add_member,
    end_enrolment,
    enrol,
    log_progress,
    make_household,
    make_participant,
    make_user,
    measure,
    valid_bsn,
)

pytestmark = pytest.mark.usefixtures("fixed_clock")  # TODAY is the date of the fixed clock
START = dt.date(2025, 1, 6)


def _register(actor, team, **identity):
    identity.setdefault("given_name", "Anna")
    return services.register_participant(
        actor=actor,
        identity=Identity(**identity),
        team=team,
        programme_code="gezinslab",
        start_date=START,
        legal_basis=Enrolment.LegalBasis.CONSENT,
    )


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def participant_a(caseworker_a, team_a):
    return make_participant(
        caseworker_a, team_a, bsn=valid_bsn(), client_ref="A-1", city="Leeuwarden"
    )


@pytest.fixture
def enrolment_a(participant_a):
    return participant_a.enrolments.get()


@pytest.fixture
def zrm():
    return Instrument.objects.get(code="zrm")


@pytest.fixture
def goal_attainment():
    return Instrument.objects.get(code="goal_attainment")


# --- register -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_register_encrypts_and_enrols(caseworker_a, team_a):
    bsn = valid_bsn()
    participant = _register(
        caseworker_a, team_a, family_name="de Vries", bsn=bsn, date_of_birth=dt.date(1990, 5, 1)
    )
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.given_name.startswith("k1.")
    assert stored.year_of_birth == 1990
    assert stored.version == 1
    enrolment = stored.enrolments.get()
    assert enrolment.team == team_a
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.caseworker == caseworker_a
    assert Plan.objects.filter(enrolment=enrolment).exists()
    person = selectors.participant_file(caseworker_a, participant.pk).person
    assert (person.given_name, person.family_name, person.bsn) == ("Anna", "de Vries", bsn)
    assert person.date_of_birth == "1990-05-01"


@pytest.mark.django_db
def test_register_by_team_lead_leaves_caseworker_open(lead_a, team_a):
    participant = _register(lead_a, team_a)
    assert participant.enrolments.get().caseworker is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("identity", "field", "fragment"),
    [
        ({"bsn": "123456789"}, "bsn", "11-proef"),
        ({"bsn": "abc"}, "bsn", "BSN"),
        ({"postcode": "892 AB"}, "postcode", "postcode"),
        ({"postcode": "0921AB"}, "postcode", "postcode"),
        ({"email": "anna@"}, "email", "e-mailadres"),
        ({"phone": "bel me maar"}, "phone", "telefoonnummer"),
        ({"phone": "------"}, "phone", "telefoonnummer"),
        ({"phone": "06 123"}, "phone", "telefoonnummer"),
        ({"date_of_birth": TODAY + dt.timedelta(days=1)}, "date_of_birth", "toekomst"),
        ({"date_of_birth": dt.date(1899, 12, 31)}, "date_of_birth", "1900"),
        ({"given_name": "A" * 201}, "given_name", "te lang"),
        ({"gender": "Q"}, "gender", "Gender"),
        ({"wijk": "Amsterdam"}, "wijk", "wijk"),
        ({"given_name": "", "city": "Leeuwarden"}, "client_ref", "cliëntnummer"),
        ({"given_name": "   "}, "client_ref", "ten minste"),
    ],
)
def test_register_validation_errors_in_dutch_on_the_right_field(
    caseworker_a, team_a, identity, field, fragment
):
    with pytest.raises(ValidationError) as excinfo:
        _register(caseworker_a, team_a, **identity)
    errors = _errors(excinfo)
    assert field in errors
    assert any(fragment.lower() in message.lower() for message in errors[field])
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_register_normalises_postcode_and_bsn(caseworker_a, team_a):
    participant = _register(caseworker_a, team_a, postcode="8924xk", bsn="111 222 333")
    person = selectors.participant_file(caseworker_a, participant.pk).person
    assert person.postcode == "8924 XK"
    assert person.bsn == "111222333"


@pytest.mark.django_db
def test_register_with_only_a_client_ref(caseworker_a, team_a):
    participant = _register(caseworker_a, team_a, given_name="", client_ref="K-77")
    assert participant.given_name is None
    assert participant.client_ref_index


@pytest.mark.django_db
def test_register_refuses_duplicate_bsn_and_client_ref(caseworker_a, caseworker_b, team_a, team_b):
    bsn = valid_bsn()
    _register(caseworker_a, team_a, bsn=bsn, client_ref="REF-1")
    with pytest.raises(ValidationError) as excinfo:
        _register(caseworker_b, team_b, bsn=bsn)
    assert "bsn" in _errors(excinfo)
    assert "BSN" in _errors(excinfo)["bsn"][0]
    with pytest.raises(ValidationError) as excinfo:
        _register(caseworker_b, team_b, client_ref="REF-1")
    assert "client_ref" in _errors(excinfo)
    assert "cliëntnummer" in _errors(excinfo)["client_ref"][0]
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_register_refused_for_a_team_not_ones_own(caseworker_b, team_a):
    with pytest.raises(PermissionDenied):
        _register(caseworker_b, team_a)
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_register_refused_for_inactive_team(team_a):
    team_a.active = False
    team_a.save()
    worker = make_user(CASEWORKER, teams=[team_a])
    with pytest.raises(PermissionDenied):
        _register(worker, team_a)


@pytest.mark.django_db
def test_register_refuses_unknown_programme(caseworker_a, team_a):
    with pytest.raises(ValidationError) as excinfo:
        services.register_participant(
            actor=caseworker_a,
            identity=Identity(given_name="Anna"),
            team=team_a,
            programme_code="nope",
            start_date=START,
            legal_basis=Enrolment.LegalBasis.CONSENT,
        )
    assert "programme" in _errors(excinfo)


# --- update and concurrent edits --------------------------------------------------------------


@pytest.mark.django_db
def test_update_with_current_version_saves_and_bumps(caseworker_a, participant_a):
    updated = services.update_participant(
        actor=caseworker_a,
        participant=participant_a,
        expected_version=1,
        identity=Identity(given_name="Anna", family_name="Bakker", client_ref="A-1"),
    )
    assert updated.version == 2
    assert Participant.objects.get(pk=participant_a.pk).version == 2
    person = selectors.participant_file(caseworker_a, participant_a.pk).person
    assert person.family_name == "Bakker"
    assert person.bsn is None  # not in the new identity: removed
    assert person.city is None


@pytest.mark.django_db
def test_update_refuses_invalid_input_and_duplicates(caseworker_a, team_a, participant_a):
    other_bsn = valid_bsn()
    make_participant(actor=caseworker_a, team=team_a, bsn=other_bsn)
    with pytest.raises(ValidationError) as excinfo:
        services.update_participant(
            actor=caseworker_a,
            participant=participant_a,
            expected_version=1,
            identity=Identity(given_name="Anna", bsn=other_bsn),
        )
    assert "bsn" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.update_participant(
            actor=caseworker_a,
            participant=participant_a,
            expected_version=1,
            identity=Identity(given_name="Anna", email="geen-adres"),
        )
    assert "email" in _errors(excinfo)
    assert Participant.objects.get(pk=participant_a.pk).version == 1


@pytest.mark.django_db
def test_concurrent_edit_names_what_changed_and_keeps_first_save(
    caseworker_a, team_a, participant_a
):
    colleague = make_user(CASEWORKER, teams=[team_a])
    first_read = selectors.participant_file(caseworker_a, participant_a.pk).person
    second_read = selectors.participant_file(colleague, participant_a.pk).person
    assert first_read.version == second_read.version == 1

    def identity_from(person, **changes):
        values = {
            name: getattr(person, name)
            for name in ("given_name", "family_name", "bsn", "city", "client_ref")
        }
        values.update(changes)
        return Identity(**{k: v or "" for k, v in values.items()})

    services.update_participant(
        actor=caseworker_a,
        participant=participant_a,
        expected_version=first_read.version,
        identity=identity_from(first_read, family_name="Jansen"),
    )
    with pytest.raises(services.ConcurrentEditError) as excinfo:
        services.update_participant(
            actor=colleague,
            participant=participant_a,
            expected_version=second_read.version,
            identity=identity_from(second_read, city="Drachten"),
        )
    assert excinfo.value.changed_fields == ["achternaam"]
    assert "Iemand anders" in str(excinfo.value)
    person = selectors.participant_file(caseworker_a, participant_a.pk).person
    assert person.family_name == "Jansen"
    assert person.city == "Leeuwarden"
    assert person.version == 2


@pytest.mark.django_db
def test_concurrent_goal_edit_names_only_the_changed_field(caseworker_a, enrolment_a):
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment_a, text="Werk vinden")
    services.update_goal(
        actor=caseworker_a,
        goal=goal,
        expected_version=1,
        text="Werk vinden",
        status=Goal.Status.ACHIEVED,
    )
    with pytest.raises(services.ConcurrentEditError) as excinfo:
        services.update_goal(
            actor=caseworker_a, goal=goal, expected_version=1, text="Ander doel", status="open"
        )
    assert excinfo.value.changed_fields == ["status"]


@pytest.mark.django_db
def test_stale_version_is_refused_for_enrolment_and_plan(caseworker_a, lead_a, enrolment_a):
    plan = Plan.objects.get(enrolment=enrolment_a)
    services.save_plan_summary(actor=caseworker_a, plan=plan, expected_version=1, summary="Eén")
    with pytest.raises(services.ConcurrentEditError) as excinfo:
        services.save_plan_summary(
            actor=caseworker_a, plan=plan, expected_version=1, summary="Twee"
        )
    assert excinfo.value.changed_fields == ["toelichting"]
    services.assign_caseworker(
        actor=lead_a, enrolment=enrolment_a, expected_version=1, caseworker=None
    )
    with pytest.raises(services.ConcurrentEditError) as excinfo:
        end_enrolment(
            caseworker_a, enrolment_a, TODAY, Enrolment.Status.STOPPED, expected_version=1
        )
    assert excinfo.value.changed_fields == ["casemanager"]
    assert Enrolment.objects.get(pk=enrolment_a.pk).status == Enrolment.Status.ACTIVE


# --- enrolments ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_enrol_in_another_programme_and_refuse_a_second_active_one(
    caseworker_a, team_a, participant_a
):
    enrolment = enrol(
        caseworker_a, participant_a, "schuldenvrij", team_a, START, Enrolment.LegalBasis.PUBLIC_TASK
    )
    assert enrolment.programme.code == "schuldenvrij"
    assert Plan.objects.filter(enrolment=enrolment).exists()
    with pytest.raises(ValidationError) as excinfo:
        enrol(caseworker_a, participant_a, "gezinslab", team_a, START, Enrolment.LegalBasis.CONSENT)
    assert "programme" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        enrol(caseworker_a, participant_a, "lifecoaching", team_a, START, "whatever")
    assert "legal_basis" in _errors(excinfo)


@pytest.mark.django_db
def test_end_enrolment(caseworker_a, enrolment_a):
    with pytest.raises(ValidationError) as excinfo:
        end_enrolment(caseworker_a, enrolment_a, TODAY, Enrolment.Status.ACTIVE, expected_version=1)
    assert "status" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        end_enrolment(
            caseworker_a,
            enrolment_a,
            START - dt.timedelta(days=1),
            Enrolment.Status.COMPLETED,
            expected_version=1,
        )
    assert "end_date" in _errors(excinfo)
    ended = end_enrolment(
        caseworker_a, enrolment_a, TODAY, Enrolment.Status.COMPLETED, expected_version=1
    )
    assert (ended.status, ended.end_date, ended.version) == ("completed", TODAY, 2)


# --- goals, progress, measurements ------------------------------------------------------------------


@pytest.mark.django_db
def test_goals_are_numbered_encrypted_and_updated(caseworker_a, enrolment_a):
    first = services.add_goal(actor=caseworker_a, enrolment=enrolment_a, text="Schulden op orde")
    second = services.add_goal(
        actor=caseworker_a, enrolment=enrolment_a, text="Werk", life_domain="werk_opleiding"
    )
    assert (first.position, second.position) == (1, 2)
    assert first.text.startswith("k1.")
    with pytest.raises(ValidationError) as excinfo:
        services.add_goal(actor=caseworker_a, enrolment=enrolment_a, text="   ")
    assert "text" in _errors(excinfo)
    updated = services.update_goal(
        actor=caseworker_a,
        goal=first,
        expected_version=1,
        text="Schulden helemaal op orde",
        status=Goal.Status.ACHIEVED,
    )
    assert updated.version == 2
    assert selectors.goal_text(caseworker_a, selectors.get_goal(caseworker_a, first.pk)) == (
        "Schulden helemaal op orde"
    )
    with pytest.raises(ValidationError):
        services.update_goal(
            actor=caseworker_a, goal=second, expected_version=1, text="Werk", status="bogus"
        )


@pytest.mark.django_db
def test_progress_logged_and_future_dates_refused(caseworker_a, enrolment_a):
    entry = log_progress(caseworker_a, enrolment_a, TODAY, "Gebeld")
    assert entry.note.startswith("k1.")
    assert entry.author == caseworker_a
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        log_progress(caseworker_a, enrolment_a, tomorrow, "x")
    assert "toekomst" in _errors(excinfo)["date"][0]
    update = partial(services.update_progress, actor=caseworker_a, entry=entry, expected_version=1)
    with pytest.raises(ValidationError) as excinfo:
        update(date=tomorrow, kind="contact", note="Gebeld")
    assert "date" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        log_progress(caseworker_a, enrolment_a, TODAY, "")
    assert "note" in _errors(excinfo)
    updated = update(date=TODAY, kind="home_visit", note="Huisbezoek")
    assert (updated.kind, updated.version) == ("home_visit", 2)
    assert ProgressEntry.objects.count() == 1


@pytest.mark.django_db
def test_record_measurement(caseworker_a, enrolment_a, zrm):
    measurement = measure(
        caseworker_a,
        enrolment_a,
        zrm,
        "intake",
        START,
        {"financien": 2, "huisvesting": "4", "adl": None, "justitie": ""},
    )
    assert measurement.participant_id == enrolment_a.participant_id
    assert dict(measurement.values.values_list("item", "value")) == {
        "financien": 2,
        "huisvesting": 4,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"financien": 6}, "financien"),
        ({"financien": 0}, "financien"),
        ({"financien": "drie"}, "financien"),
        ({"financien": 2.5}, "financien"),
        ({"onbekend": 3}, "onbekend"),
        ({"financien": None}, "__all__"),
        ({}, "__all__"),
    ],
)
def test_record_measurement_refuses_bad_scores(caseworker_a, enrolment_a, zrm, values, key):
    with pytest.raises(ValidationError) as excinfo:
        measure(caseworker_a, enrolment_a, zrm, "intake", START, values)
    assert key in _errors(excinfo)
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_record_measurement_refuses_bad_wave_and_dates(caseworker_a, enrolment_a, zrm):
    for wave in ("m7", "later", ""):
        with pytest.raises(ValidationError) as excinfo:
            measure(caseworker_a, enrolment_a, zrm, wave, START, {"financien": 3})
        assert "wave" in _errors(excinfo)
    for date in (TODAY + dt.timedelta(days=1), START - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as excinfo:
            measure(caseworker_a, enrolment_a, zrm, "m6", date, {"financien": 3})
        assert "date" in _errors(excinfo)
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_goal_attainment_is_scored_per_goal(caseworker_a, team_a, enrolment_a, goal_attainment):
    first = services.add_goal(actor=caseworker_a, enrolment=enrolment_a, text="Een")
    second = services.add_goal(actor=caseworker_a, enrolment=enrolment_a, text="Twee")
    measurement = measure(
        caseworker_a,
        enrolment_a,
        goal_attainment,
        "m6",
        TODAY,
        {str(first.pk): 7, str(second.pk): 0},
    )
    values = {v.goal_id: v.value for v in MeasurementValue.objects.filter(measurement=measurement)}
    assert values == {first.pk: 7, second.pk: 0}
    # A goal of another participant's plan is not an item of this one.
    other = make_participant(actor=caseworker_a, team=team_a).enrolments.get()
    foreign = services.add_goal(actor=caseworker_a, enrolment=other, text="Ander")
    for bad in ({str(foreign.pk): 5}, {str(first.pk): 11}, {"zzz": 3}):
        with pytest.raises(ValidationError):
            measure(caseworker_a, enrolment_a, goal_attainment, "m12", TODAY, bad)
    file = selectors.participant_file(caseworker_a, enrolment_a.participant_id)
    attainment = {g.goal.pk: g.attainment for v in file.enrolments for g in v.goals}
    assert attainment[first.pk] == [(TODAY, 7)]


# --- scope ------------------------------------------------------------------------------------------


def _every_service_call(actor, *, participant, enrolment, goal, entry, plan, household, zrm, team):
    membership = household.memberships.get()
    return {
        "update_participant": lambda: services.update_participant(
            actor=actor,
            participant=participant,
            expected_version=participant.version,
            identity=Identity(given_name="Eva"),
        ),
        "enrol": lambda: enrol(
            actor, participant, "schuldenvrij", team, START, Enrolment.LegalBasis.CONSENT
        ),
        "end_enrolment": lambda: end_enrolment(actor, enrolment, TODAY, Enrolment.Status.STOPPED),
        "assign_caseworker": lambda: services.assign_caseworker(
            actor=actor, enrolment=enrolment, expected_version=enrolment.version, caseworker=None
        ),
        "save_plan_summary": lambda: services.save_plan_summary(
            actor=actor, plan=plan, expected_version=plan.version, summary="x"
        ),
        "add_goal": lambda: services.add_goal(actor=actor, enrolment=enrolment, text="x"),
        "update_goal": lambda: services.update_goal(
            actor=actor, goal=goal, expected_version=goal.version, text="x", status="open"
        ),
        "log_progress": lambda: log_progress(actor, enrolment, TODAY, "x"),
        "update_progress": lambda: services.update_progress(
            actor=actor,
            entry=entry,
            expected_version=entry.version,
            date=TODAY,
            kind="contact",
            note="x",
        ),
        "record_measurement": lambda: measure(actor, enrolment, zrm, "m6", TODAY, {"financien": 3}),
        "create_household": lambda: make_household(actor, participant, start_date=TODAY, name="x"),
        "end_household_membership": lambda: services.end_household_membership(
            actor=actor, membership=membership, expected_version=membership.version, end_date=TODAY
        ),
        "request_transfer": lambda: services.request_transfer(
            actor=actor, enrolment=enrolment, to_team=TeamFactory(code="tc"), reason="x"
        ),
    }


@pytest.fixture
def file_a(caseworker_a, participant_a, enrolment_a, zrm):
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment_a, text="Doel")
    entry = log_progress(caseworker_a, enrolment_a, TODAY, "Notitie")
    household = make_household(caseworker_a, participant_a, start_date=START, name="Gezin A")
    return {
        "participant": participant_a,
        "enrolment": enrolment_a,
        "goal": goal,
        "entry": entry,
        "plan": Plan.objects.get(enrolment=enrolment_a),
        "household": household,
        "zrm": zrm,
    }


def _snapshot():
    return {
        model.__name__: sorted(
            (str(pk), version) for pk, version in model.objects.values_list("pk", "version")
        )
        for model in (Participant, Enrolment, Goal, ProgressEntry, Plan, Measurement, Transfer)
    } | {"households": HouseholdMembership.objects.count()}


def _all_refused(calls):
    """Every call is refused and nothing changes."""
    before = _snapshot()
    for name, call in calls.items():
        with pytest.raises(PermissionDenied):
            call()
            pytest.fail(f"{name} was allowed")
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", [CASEWORKER, TEAM_LEAD, PEER_EXPERT])
def test_other_team_is_refused_by_every_service(file_a, team_b, role):
    outsider = make_user(role, teams=[team_b])
    _all_refused(_every_service_call(outsider, team=team_b, **file_a))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [PROGRAMME_OFFICE, EVALUATOR, RESEARCHER, PRIVACY_OFFICER, FUNCTIONAL_ADMIN]
)
def test_roles_without_file_access_are_refused(file_a, team_a, role):
    # Even as a member of the team: administering or evaluating gives no access to files.
    user = make_user(role, teams=[team_a])
    calls = _every_service_call(user, team=team_a, **file_a)
    calls["register_participant"] = lambda: _register(user, team_a, given_name="Nieuw")
    calls["add_household_member"] = lambda: add_member(
        user, file_a["household"], file_a["participant"], "child", start_date=TODAY
    )
    _all_refused(calls)


@pytest.mark.django_db
def test_register_by_other_team_for_team_a_is_refused(caseworker_b, team_a):
    with pytest.raises(PermissionDenied):
        _register(caseworker_b, team_a)


@pytest.mark.django_db
def test_stale_enrolment_object_does_not_keep_access_after_transfer(
    caseworker_a, lead_a, lead_b, team_b, enrolment_a
):
    stale = Enrolment.objects.get(pk=enrolment_a.pk)
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Verhuisd"
    )
    services.decide_transfer(actor=lead_b, transfer=transfer, expected_version=1, accept=True)
    assert stale.team_id != team_b.pk  # the object read before the transfer
    with pytest.raises(PermissionDenied):
        log_progress(caseworker_a, stale, TODAY, "x")


@pytest.mark.django_db
def test_ended_enrolment_refuses_further_writes(caseworker_a, enrolment_a):
    end_enrolment(caseworker_a, enrolment_a, TODAY, Enrolment.Status.COMPLETED, expected_version=1)
    with pytest.raises(PermissionDenied):
        log_progress(caseworker_a, enrolment_a, TODAY, "x")
    with pytest.raises(PermissionDenied):
        services.add_goal(actor=caseworker_a, enrolment=enrolment_a, text="x")


@pytest.mark.django_db
def test_household_of_another_team_cannot_be_joined(
    caseworker_a, caseworker_b, team_b, participant_a
):
    household = make_household(caseworker_a, participant_a, start_date=START, name="Gezin A")
    own = make_participant(actor=caseworker_b, team=team_b)
    with pytest.raises(PermissionDenied):
        add_member(caseworker_b, household, own, "child", start_date=TODAY)
    assert household.memberships.count() == 1


@pytest.mark.django_db
def test_household_member_added_and_duplicate_refused(caseworker_a, team_a, participant_a):
    household = make_household(
        caseworker_a, participant_a, start_date=START, name="Gezin A", reference="HH-1"
    )
    child = make_participant(actor=caseworker_a, team=team_a, given_name="Kees")
    add_member(caseworker_a, household, child, "child", start_date=START)
    with pytest.raises(ValidationError) as excinfo:
        add_member(caseworker_a, household, child, "child", start_date=START)
    assert "participant" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        make_household(caseworker_a, child, start_date=START, name="Ander gezin", reference="HH-1")
    assert "reference" in _errors(excinfo)


# --- transfers ----------------------------------------------------------------------------------------


@pytest.fixture
def lead_c():
    return make_user(TEAM_LEAD, teams=[TeamFactory(code="tc", name="Team C")])


@pytest.mark.django_db
def test_transfer_grants_the_decision_to_the_receiving_leads_only(
    caseworker_a, caseworker_b, lead_a, lead_b, lead_c, team_b, enrolment_a
):
    second_lead_b = make_user(TEAM_LEAD, teams=[team_b])
    inactive_lead_b = make_user(TEAM_LEAD, teams=[team_b])
    inactive_lead_b.is_active = False
    inactive_lead_b.save()
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Verhuisd naar Oost"
    )
    assert transfer.status == Transfer.Status.PENDING
    assert transfer.reason.startswith("k1.")
    assert transfer.from_team_id == enrolment_a.team_id
    allowed = {
        user.pk
        for user in (caseworker_a, caseworker_b, lead_a, lead_b, lead_c, second_lead_b)
        if _fresh(user).has_perm("casework.decide_transfer", transfer)
    }
    assert allowed == {lead_b.pk, second_lead_b.pk}
    assert TransferUserObjectPermission.objects.filter(content_object=transfer).count() == 2
    for user in (caseworker_b, lead_a, lead_c):
        with pytest.raises(PermissionDenied):
            services.decide_transfer(actor=user, transfer=transfer, expected_version=1, accept=True)
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING


@pytest.mark.django_db
def test_grant_lapses_when_the_lead_leaves_the_receiving_team(lead_a, lead_b, team_b, enrolment_a):
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Verhuisd"
    )
    lead_b.memberships.all().delete()
    with pytest.raises(PermissionDenied):
        services.decide_transfer(actor=lead_b, transfer=transfer, expected_version=1, accept=True)
    assert Enrolment.objects.get(pk=enrolment_a.pk).team_id == enrolment_a.team_id


@pytest.mark.django_db
def test_caseworker_cannot_request_a_transfer(caseworker_a, team_b, enrolment_a):
    with pytest.raises(PermissionDenied):
        services.request_transfer(
            actor=caseworker_a, enrolment=enrolment_a, to_team=team_b, reason="x"
        )


@pytest.mark.django_db
def test_accepted_transfer_moves_the_enrolment_and_its_access(
    caseworker_a, caseworker_b, lead_a, lead_b, team_b, participant_a, enrolment_a
):
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Verhuisd"
    )
    assert participant_a in selectors.visible_participants(_fresh(caseworker_a))
    assert participant_a not in selectors.visible_participants(_fresh(caseworker_b))
    decided = services.decide_transfer(
        actor=lead_b, transfer=transfer, expected_version=1, accept=True
    )
    assert decided.status == Transfer.Status.ACCEPTED
    assert decided.decided_by == lead_b
    enrolment = Enrolment.objects.get(pk=enrolment_a.pk)
    assert enrolment.team == team_b
    assert enrolment.caseworker is None
    assert participant_a not in selectors.visible_participants(_fresh(caseworker_a))
    assert participant_a in selectors.visible_participants(_fresh(caseworker_b))
    assert not TransferUserObjectPermission.objects.filter(content_object=transfer).exists()
    assert not _fresh(lead_b).has_perm("casework.decide_transfer", transfer)
    with pytest.raises(PermissionDenied):
        services.decide_transfer(actor=lead_b, transfer=transfer, expected_version=2, accept=False)
    # Team B can now work in the file; team A cannot.
    log_progress(caseworker_b, enrolment, TODAY, "Kennismaking")
    with pytest.raises(PermissionDenied):
        log_progress(caseworker_a, enrolment, TODAY, "x")


@pytest.mark.django_db
def test_accepting_is_one_transaction(lead_a, lead_b, team_a, team_b, enrolment_a):
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Verhuisd"
    )
    with (
        mock.patch.object(services.transfers, "_revoke_transfer_grants", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        services.decide_transfer(actor=lead_b, transfer=transfer, expected_version=1, accept=True)
    assert Enrolment.objects.get(pk=enrolment_a.pk).team == team_a
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING


@pytest.mark.django_db
def test_refused_transfer_leaves_the_enrolment(
    caseworker_a, caseworker_b, lead_a, lead_b, team_a, team_b, participant_a, enrolment_a
):
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Verhuisd"
    )
    with pytest.raises(ValidationError) as refused:
        services.decide_transfer(actor=lead_b, transfer=transfer, expected_version=1, accept=False)
    assert "reason" in refused.value.message_dict
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PENDING
    decided = services.decide_transfer(
        actor=lead_b, transfer=transfer, expected_version=1, accept=False, reason="Geen plek"
    )
    assert decided.status == Transfer.Status.REFUSED
    assert "Geen plek" not in str(Transfer.objects.get(pk=transfer.pk).decision_reason)
    enrolment = Enrolment.objects.get(pk=enrolment_a.pk)
    assert (enrolment.team, enrolment.caseworker, enrolment.version) == (team_a, caseworker_a, 1)
    assert participant_a in selectors.visible_participants(_fresh(caseworker_a))
    assert participant_a not in selectors.visible_participants(_fresh(caseworker_b))
    assert not TransferUserObjectPermission.objects.filter(content_object=transfer).exists()
    # After the decision a new request is possible again.
    services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Nog eens"
    )


@pytest.mark.django_db
def test_second_pending_transfer_and_bad_targets_refused(
    lead_a, lead_c, team_a, team_b, enrolment_a
):
    services.request_transfer(actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Een")
    with pytest.raises(ValidationError) as excinfo:
        services.request_transfer(
            actor=lead_a, enrolment=enrolment_a, to_team=lead_c.teams.get(), reason="Twee"
        )
    assert "to_team" in _errors(excinfo)
    assert Transfer.objects.count() == 1
    with pytest.raises(ValidationError) as excinfo:
        services.request_transfer(actor=lead_a, enrolment=enrolment_a, to_team=team_a, reason="x")
    assert "to_team" in _errors(excinfo)


@pytest.mark.django_db
def test_cancelled_transfer_revokes_grants(lead_a, lead_b, team_b, enrolment_a):
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Een"
    )
    services.cancel_transfer(actor=lead_a, transfer=transfer, expected_version=1)
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.CANCELLED
    assert not _fresh(lead_b).has_perm("casework.decide_transfer", transfer)


@pytest.mark.django_db
def test_transfer_of_an_ended_enrolment_cannot_be_accepted(
    caseworker_a, lead_a, lead_b, team_a, team_b, enrolment_a
):
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment_a, to_team=team_b, reason="Een"
    )
    end_enrolment(caseworker_a, enrolment_a, TODAY, Enrolment.Status.STOPPED, expected_version=1)
    with pytest.raises(ValidationError):
        services.decide_transfer(actor=lead_b, transfer=transfer, expected_version=1, accept=True)
    assert Enrolment.objects.get(pk=enrolment_a.pk).team == team_a


# --- assignment ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assign_caseworker_only_by_lead_and_only_to_a_member(
    caseworker_a, caseworker_b, lead_a, lead_b, team_a, enrolment_a
):
    colleague = make_user(CASEWORKER, teams=[team_a])
    with pytest.raises(PermissionDenied):
        services.assign_caseworker(
            actor=caseworker_a, enrolment=enrolment_a, expected_version=1, caseworker=colleague
        )
    with pytest.raises(PermissionDenied):
        services.assign_caseworker(
            actor=lead_b, enrolment=enrolment_a, expected_version=1, caseworker=caseworker_b
        )
    with pytest.raises(ValidationError) as excinfo:
        services.assign_caseworker(
            actor=lead_a, enrolment=enrolment_a, expected_version=1, caseworker=caseworker_b
        )
    assert "caseworker" in _errors(excinfo)
    admin_in_team = make_user(FUNCTIONAL_ADMIN, teams=[team_a])
    with pytest.raises(ValidationError):
        services.assign_caseworker(
            actor=lead_a, enrolment=enrolment_a, expected_version=1, caseworker=admin_in_team
        )
    assigned = services.assign_caseworker(
        actor=lead_a, enrolment=enrolment_a, expected_version=1, caseworker=colleague
    )
    assert (assigned.caseworker, assigned.version) == (colleague, 2)
    cleared = services.assign_caseworker(
        actor=lead_a, enrolment=enrolment_a, expected_version=2, caseworker=None
    )
    assert cleared.caseworker is None
