"""Deny by default, proven: every URL pattern declares its access, and every declared URL is in
the role matrix below. Adding a URL without adding it here fails the suite."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.admin import KoersAdminSite
from accounts.roles import (
    ALL_ROLES,
    CASEWORKER,
    FUNCTIONAL_ADMIN,
    PEER_EXPERT,
    PRIVACY_OFFICER,
    TEAM_LEAD,
)
from casework import services
from tests.factories import (
    log_progress,
    make_household,
    make_participant,
    make_user,
    measure,
    record_outcome,
)

FILE = {CASEWORKER, PEER_EXPERT, TEAM_LEAD}
PUBLIC = "public"
ANY = set(ALL_ROLES)

# url name -> roles allowed (PUBLIC: anyone, also anonymous).
MATRIX: dict[str, set[str] | str] = {
    "home": ANY,
    "set_language": PUBLIC,
    "health_live": PUBLIC,
    "health_ready": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:oidc_login": PUBLIC,
    "accounts:oidc_callback": PUBLIC,
    "accounts:oidc_code": PUBLIC,
    "two_factor:profile": ANY,
    "two_factor:setup": ANY,
    "two_factor:qr": ANY,
    "two_factor:setup_complete": ANY,
    "two_factor:backup_tokens": ANY,
    "accounts:tokens": ANY,
    "casework:worklist": ANY,
    "accounts:token_revoke": ANY,
    "api:schema": ANY,
    "api:docs": ANY,
    "api_not_found": PUBLIC,
    **{
        f"api:{name}-{kind}": FILE
        for name in (
            "participant",
            "household",
            "enrolment",
            "goal",
            "progress",
            "instrument",
            "measurement",
            "measure",
            "outcome",
        )
        for kind in ("list", "detail")
    },
    "api:plan-detail": FILE,
    "api:transfer-list": FILE,
    "api:transfer-decide": FILE,
    "api:transfer-cancel": FILE,
    "api:household-members": FILE,
    "casework:caseload": FILE,
    "casework:caseload_search": FILE,
    "casework:participant_new": FILE,
    "casework:import_upload": {CASEWORKER, TEAM_LEAD},
    "casework:import_confirm": {CASEWORKER, TEAM_LEAD},
    "casework:import_example": {CASEWORKER, TEAM_LEAD},
    "casework:break_glass_find": {CASEWORKER, TEAM_LEAD},
    "casework:break_glass_confirm": {CASEWORKER, TEAM_LEAD},
    "casework:consent_new": FILE,
    "casework:participant_file": FILE,
    "casework:file_history": FILE,
    "casework:participant_edit": {CASEWORKER, TEAM_LEAD},
    "casework:enrol": FILE,
    "casework:household_new": FILE,
    "casework:progress_new": FILE,
    "casework:measurement_new": FILE,
    "casework:plan_edit": FILE,
    "casework:plan_pdf": FILE,
    "casework:goal_new": FILE,
    "casework:enrolment_end": FILE,
    "casework:assign": {TEAM_LEAD},
    "casework:transfer_new": {TEAM_LEAD},
    "casework:goal_edit": FILE,
    "casework:household": FILE,
    "casework:household_member_add": FILE,
    "casework:documents": FILE,
    "casework:document_new": FILE,
    "casework:document_download": FILE,
    "casework:document_remove": FILE,
    "api:participant-document-list": FILE,
    "api:participant-document-detail": FILE,
    "api:participant-document-content": FILE,
    "casework:transfers": FILE,
    "casework:transfer_decide": {TEAM_LEAD},
    "casework:transfer_refuse": {TEAM_LEAD},
    "privacy:home": {PRIVACY_OFFICER},
    "privacy:search": {PRIVACY_OFFICER},
    "privacy:participant_file": {PRIVACY_OFFICER},
    "privacy:report_download": {PRIVACY_OFFICER},
    "privacy:break_glass": {PRIVACY_OFFICER},
    "privacy:break_glass_review": {PRIVACY_OFFICER},
    "privacy:requests": {PRIVACY_OFFICER},
    "privacy:request_new": {PRIVACY_OFFICER},
    "privacy:request_update": {PRIVACY_OFFICER},
    "privacy:erasure_request": {PRIVACY_OFFICER},
    "privacy:erasure_confirm": {PRIVACY_OFFICER},
    "privacy:erasure_cancel": {PRIVACY_OFFICER},
}

# Each programme app keeps its part of the matrix beside its tests (tests/<app>/matrix.py,
# a dict MATRIX of the same form) and tests its own objects' access there; the walk and the
# declared-rules checks below cover them here.
PROGRAMME_APPS = (
    "gezinslab",
    "schuldenvrij",
    "lifecoaching",
    "baangaranties",
    "research",
    "financing",
    "monitoring",
)
PROGRAMME_MATRICES: dict[str, dict[str, set[str] | str]] = {}
for _app in PROGRAMME_APPS:
    try:
        _module = importlib.import_module(f"tests.{_app}.matrix")
    except ModuleNotFoundError:
        continue
    PROGRAMME_MATRICES[_app] = _module.MATRIX
    MATRIX.update(_module.MATRIX)
PROGRAMME_URL_NAMES = {name for part in PROGRAMME_MATRICES.values() for name in part}


def walk(resolver: URLResolver, namespace: str | None = None, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if namespace and pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}"
            yield from walk(pattern, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.callback, namespace


def project_patterns():
    # Static files in DEBUG come from django.conf.urls.static (served only in development).
    return [
        entry for entry in walk(get_resolver()) if not entry[1].lstrip("^").startswith("static/")
    ]


def test_every_url_declares_its_access():
    undeclared = []
    for _name, route, callback, namespace in project_patterns():
        if namespace == "admin":
            # Admin views guard themselves through KoersAdminSite.has_permission.
            from accounts.admin import site as koers_site

            assert isinstance(koers_site, KoersAdminSite)
            continue
        if getattr(callback, "koers_access", None) is None:
            undeclared.append(route)
    assert undeclared == [], f"URLs without an access declaration: {undeclared}"


def test_every_declared_url_is_in_the_role_matrix():
    names = {name for name, _route, _cb, ns in project_patterns() if ns != "admin"}
    assert names - set(MATRIX) == set(), "add these URLs to the role matrix"
    assert set(MATRIX) - names == set(), "the matrix names URLs that no longer exist"


def test_declared_rules_match_the_matrix():
    for name, _route, callback, namespace in project_patterns():
        if namespace == "admin":
            continue
        rule = callback.koers_access
        expected = MATRIX[name]
        if expected == PUBLIC:
            assert rule.public, name
        else:
            assert not rule.public, name
            allowed = set(rule.roles) if rule.roles else set(ALL_ROLES)
            assert allowed == expected, name


def test_admin_site_refuses_everyone_but_functional_admin(client):
    for role in ALL_ROLES:
        user = make_user(role)
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        if role == FUNCTIONAL_ADMIN:
            assert response.status_code == 200, role
        else:
            assert response.status_code == 302, role


@pytest.fixture
def objects(team_a, caseworker_a, lead_a, team_b):
    participant = make_participant(actor=caseworker_a, team=team_a)
    enrolment = participant.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Doel")
    household = make_household(caseworker_a, participant)
    transfer = services.request_transfer(
        actor=lead_a, enrolment=enrolment, to_team=team_b, reason="Reden"
    )
    return {
        "participant_file": participant.pk,
        "file_history": participant.pk,
        "participant_edit": participant.pk,
        "enrol": participant.pk,
        "household_new": participant.pk,
        "consent_new": participant.pk,
        "progress_new": enrolment.pk,
        "measurement_new": enrolment.pk,
        "plan_edit": enrolment.pk,
        "plan_pdf": enrolment.pk,
        "goal_new": enrolment.pk,
        "enrolment_end": enrolment.pk,
        "assign": enrolment.pk,
        "transfer_new": enrolment.pk,
        "goal_edit": goal.pk,
        "household": household.pk,
        "household_member_add": household.pk,
        "transfer_decide": transfer.pk,
        "transfer_refuse": transfer.pk,
        "transfer-decide": transfer.pk,
        "transfer-cancel": transfer.pk,
        "participant-detail": participant.pk,
        "household-detail": household.pk,
        "household-members": household.pk,
        "enrolment-detail": enrolment.pk,
        "plan-detail": enrolment.plan.pk,
        "goal-detail": goal.pk,
        "outcome-detail": record_outcome(
            caseworker_a, enrolment, "goal_attainment", dt.date(2025, 1, 8), 6
        ).pk,
        "progress-detail": log_progress(caseworker_a, enrolment, dt.date(2025, 1, 7), "N").pk,
        "measurement-detail": measure(
            caseworker_a, enrolment, "zrm", "intake", dt.date(2025, 1, 7), {"financien": 3}
        ).pk,
        "token_revoke": 0,
        **_document_objects(caseworker_a, participant),
    }


def _document_objects(actor, participant) -> dict:
    from casework.services.documents import add_document

    document = add_document(
        actor=actor, participant=participant, name="brief.pdf", data=b"%PDF-1.4\n"
    )
    return {
        "documents": participant.pk,
        "document_new": participant.pk,
        "document_download": document.pk,
        "document_remove": document.pk,
        # The API's documents are nested under their participant.
        "participant-document-list": {"participant_pk": participant.pk},
        "participant-document-detail": {"participant_pk": participant.pk, "pk": document.pk},
        "participant-document-content": {"participant_pk": participant.pk, "pk": document.pk},
    }


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_matrix_in_scope(client, objects, role, team_a, team_b):
    """Each role, member of the team that holds the objects (and, for decisions, of the
    receiving team), gets exactly what the matrix gives it, and a refusal otherwise."""
    user = make_user(role, teams=[team_a, team_b])
    if role == TEAM_LEAD:
        from guardian.shortcuts import assign_perm

        from casework.models import Transfer

        assign_perm("casework.decide_transfer", user, Transfer.objects.get())
    client.force_login(user)
    session = client.session
    session["django_two_factor-qr_secret_key"] = "JBSWY3DPEHPK3PXP"  # the QR page needs a setup
    session.save()
    for name, allowed in MATRIX.items():
        if name == "accounts:logout" or name in PROGRAMME_URL_NAMES:
            continue  # programme URLs: tests/<app>/test_access.py, with their own objects
        short = name.split(":")[-1]
        kwargs = {"pk": objects[short]} if short in objects else {}
        if isinstance(objects.get(short), dict):
            kwargs = objects[short]
        if short == "instrument-detail":
            kwargs = {"code": "zrm"}
        if short == "measure-detail":
            kwargs = {"code": "goal_attainment"}
        if short == "api_not_found":
            kwargs = {"rest": "v1/nope/"}
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if short == "api_not_found":
            assert response.status_code == 404, (role, response.status_code)
        elif allowed == PUBLIC or role in allowed:
            assert response.status_code in {200, 302, 405}, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)


def test_out_of_scope_objects_are_not_found_for_every_file_role(client, objects, team_b):
    """Members of another team, in every file role, get nothing of team A's objects."""
    for role in FILE:
        user = make_user(role, teams=[team_b])
        client.force_login(user)
        for short, pk in objects.items():
            if short in {"transfer_decide", "token_revoke"} or "-" in short:  # API: tests/api
                continue
            url = reverse(f"casework:{short}", kwargs={"pk": pk})
            response = client.get(url)
            assert response.status_code in {403, 404, 405}, (short, role, response.status_code)
            assert response.status_code != 200
