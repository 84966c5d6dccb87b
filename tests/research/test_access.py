"""Access per role (pages and API), object-level refusals, and the bad input of issue 6."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import tokens
from accounts.roles import ALL_ROLES, PRIVACY_OFFICER, RESEARCHER
from privacy.models import AccessEvent
from research import selectors, services
from research.models import Export, Study
from tests.factories import make_user
from tests.research.conftest import VARIABLES, decide, make_study, study_request
from tests.research.matrix import MATRIX


@pytest.fixture(autouse=True)
def _clear_throttles():
    cache.clear()
    yield
    cache.clear()


def api(user, scopes=("read", "write", "export")) -> APIClient:
    client = APIClient()
    token = tokens.create_token(user=user, name="t", scopes=list(scopes)).plaintext
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def done_export(researcher, study) -> Export:
    export = services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False)
    return services.run_export(export.pk)


@pytest.fixture
def objects(researcher, officer, study):
    export = done_export(researcher, study)
    reid = services.request_reidentification(
        actor=officer,
        study=study,
        pseudonym="p" + "0" * 20,
        reason="incidental_finding",
        reference="M-1",
    )
    return {"study": study, "export": export, "reid": reid}


def url_for(name: str, objects) -> str:
    short = name.split(":")[-1]
    if short.startswith("study") and short != "study_new" or short == "export_new":
        return reverse(name, kwargs={"pk": objects["study"].pk})
    if short.startswith("export_") or short in {
        "research-export-detail",
        "research-export-cancel",
        "research-export-download",
    }:
        return reverse(name, kwargs={"pk": objects["export"].pk})
    if short == "research-study-detail":
        return reverse(name, kwargs={"pk": objects["study"].pk})
    if short in {"reidentification_confirm", "reidentification_cancel"}:
        return reverse(name, kwargs={"pk": objects["reid"].pk})
    if short == "group_member_add":
        return reverse(name, kwargs={"pk": objects["study"].group_id})
    return reverse(name)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pages_per_role(client, objects, role, researcher, officer):
    user = {RESEARCHER: researcher, PRIVACY_OFFICER: officer}.get(role) or make_user(role)
    client.force_login(user)
    for name, allowed in MATRIX.items():
        if name.startswith("api:"):
            continue
        response = client.get(url_for(name, objects))
        if role in allowed:
            assert response.status_code in {200, 302, 405}, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_api_per_role(objects, role, researcher):
    user = researcher if role == RESEARCHER else make_user(role)
    client = api(user)
    for name, allowed in MATRIX.items():
        if not name.startswith("api:") or name.endswith("-cancel"):
            continue
        response = client.get(url_for(name, objects))
        if role in allowed:
            assert response.status_code == 200, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)


def test_another_researchers_study_is_not_found_and_its_export_refused_and_logged(
    client, objects, other_researcher
):
    study, export = objects["study"], objects["export"]
    client.force_login(other_researcher)
    assert client.get(reverse("research:study", kwargs={"pk": study.pk})).status_code == 404
    assert client.get(reverse("research:studies")).content.count(study.code.encode()) == 0
    response = client.post(
        reverse("research:export_new", kwargs={"pk": study.pk}), {"format": "csv"}
    )
    assert response.status_code == 403
    assert AccessEvent.objects.filter(
        user=other_researcher, what__contains="not_your_study"
    ).exists()
    response = client.get(reverse("research:export_download", kwargs={"pk": export.pk}))
    assert response.status_code == 403
    assert AccessEvent.objects.filter(
        user=other_researcher, action="download", what__startswith="refused:"
    ).exists()
    assert (
        client.get(reverse("research:export_status", kwargs={"pk": export.pk})).status_code == 404
    )
    # API: the same.
    client_api = api(other_researcher)
    assert client_api.get(f"/api/v1/research/studies/{study.pk}/").status_code == 404
    assert client_api.get(f"/api/v1/research/exports/{export.pk}/download/").status_code == 403
    assert client_api.get("/api/v1/research/studies/").json()["results"] == []


def test_privacy_officer_adds_a_second_researcher(client, objects, officer, other_researcher):
    study, export = objects["study"], objects["export"]
    client.force_login(officer)
    url = reverse("research:study_researcher_add", kwargs={"pk": study.pk})
    client.post(url, {"username": make_user(PRIVACY_OFFICER).username})  # not a researcher
    client.post(url, {"username": "nobody-here"})
    assert not selectors.is_study_researcher(other_researcher, study)
    client.post(url, {"username": other_researcher.username})
    assert (
        other_researcher.username
        in client.get(reverse("research:study", kwargs={"pk": study.pk})).content.decode()
    )
    assert services.download_export(actor=other_researcher, export=export).exists()


def test_privacy_officer_cannot_download(objects, officer):
    with pytest.raises(PermissionDenied):
        services.download_export(actor=officer, export=objects["export"])
    assert AccessEvent.objects.filter(user=officer, what__startswith="refused:").exists()


def test_download_page_sends_the_zip_and_logs(client, objects, researcher):
    export = objects["export"]
    client.force_login(researcher)
    response = client.get(reverse("research:export_download", kwargs={"pk": export.pk}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:2] == b"PK"
    assert (
        AccessEvent.objects.filter(
            user=researcher, action="download", what__endswith=f"sha256={export.sha256}"
        ).count()
        == 1
    )


def test_download_after_expiry_is_refused_logged_and_the_file_deleted(objects, researcher):
    export = objects["export"]
    path = export.file.path
    Export.objects.filter(pk=export.pk)  # read only; expiry through the service:
    current = Export.objects.get(pk=export.pk)
    later = timezone.now() + dt.timedelta(days=15)
    assert services.expire_exports(now=later) == 1
    current.refresh_from_db()
    assert current.status == Export.Status.EXPIRED and not current.file
    import os

    assert not os.path.exists(path)
    with pytest.raises(ValidationError):
        services.download_export(actor=researcher, export=current)
    assert AccessEvent.objects.filter(what__endswith=":expired", user=researcher).exists()


def test_expire_exports_command(objects, monkeypatch):
    from django.core.management import call_command

    call_command("expire_exports")
    assert Export.objects.get(pk=objects["export"].pk).status == Export.Status.DONE


def test_a_cancelled_jobs_file_is_refused_and_logged(researcher, study):
    export = services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False)
    services.cancel_export(actor=researcher, export=export)
    after = services.run_export(export.pk)
    assert after.status == Export.Status.CANCELLED and not after.file
    with pytest.raises(ValidationError):
        services.download_export(actor=researcher, export=after)
    assert AccessEvent.objects.filter(what__endswith=":cancelled").exists()


def test_cancel_while_running_stops_and_leaves_no_file(researcher, study, cohort, monkeypatch):
    from research import engine

    export = services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False)
    monkeypatch.setattr(engine.export, "PROGRESS_EVERY", 1)
    calls = {"n": 0}
    original = engine.run

    def run(plan, out_dir, *, progress=None):
        def wrapped(done, total):
            calls["n"] += 1
            if calls["n"] == 3:
                services.cancel_export(actor=researcher, export=Export.objects.get(pk=export.pk))
            progress(done, total)

        return original(plan, out_dir, progress=wrapped)

    monkeypatch.setattr(engine, "run", run)
    after = services.run_export(export.pk)
    assert after.status == Export.Status.CANCELLED and not after.file


@pytest.mark.parametrize("status", ["requested", "refused", "closed"])
def test_export_of_unapproved_or_closed_study_is_refused_and_logged(researcher, officer, status):
    study = make_study(researcher, officer, approve=False)
    if status == "refused":
        decide(officer, study, "refuse", note="Geen ethische toetsing")
    if status == "closed":
        study = decide(officer, study, "approve")
        services.close_study(actor=officer, study=study, expected_version=study.version)
    study.refresh_from_db()
    with pytest.raises(ValidationError):
        services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False)
    assert not Export.objects.exists()
    reason = "closed" if status == "closed" else "not_approved"
    assert AccessEvent.objects.filter(what__endswith=f":{reason}", user=researcher).exists()


def test_a_variable_outside_the_approved_list_is_refused_and_logged(researcher, officer):
    study = make_study(researcher, officer, approve=False)
    decide(officer, study, "narrow", approved_variables=["age_band", "zrm_financien"])
    study.refresh_from_db()
    assert study.approved_variables == ["age_band", "zrm_financien"]
    with pytest.raises(ValidationError):
        services.request_export(
            actor=researcher, study=study, fmt="csv", variables=["zrm_adl"], enqueue=False
        )
    assert AccessEvent.objects.filter(what__endswith="variable_not_approved").exists()
    assert not Export.objects.exists()
    response = api(researcher).post(
        "/api/v1/research/exports/",
        {"study": study.code, "format": "csv", "variables": ["gender"]},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_k_below_5_in_a_study_request_is_refused_and_logged(researcher):
    with pytest.raises(ValidationError) as info:
        services.request_study(
            actor=researcher, **study_request("LOW-K", variables=["age_band"], k=3)
        )
    assert "k" in info.value.message_dict
    assert not Study.objects.exists()
    assert AccessEvent.objects.filter(what__contains="k_below_5").exists()


def test_sensitive_variables_raise_k_to_10(researcher, officer):
    study = make_study(
        researcher, officer, variables=[*VARIABLES, "outcome_schuldenvrij_debts_outstanding"]
    )
    assert study.k == 10


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("programmes", ["nope"]),
        ("programmes", []),
        ("variables", ["bsn"]),
        ("variables", []),
        ("waves", ["m7"]),
        ("period_end", dt.date(2020, 1, 1)),
    ],
)
def test_bad_study_requests_change_nothing(researcher, field, value):
    data = {**study_request("BAD", variables=["age_band"], k=5), field: value}
    with pytest.raises(ValidationError) as info:
        services.request_study(actor=researcher, **data)
    assert field in info.value.message_dict
    assert not Study.objects.exists()


def test_only_researchers_request_and_only_officers_decide(researcher, officer, study):
    with pytest.raises(PermissionDenied):
        services.request_study(actor=officer, **study_request("X", variables=["age_band"]))
    pending = make_study(researcher, officer, code="PENDING", approve=False)
    with pytest.raises(PermissionDenied):
        decide(researcher, pending, "approve")
    with pytest.raises(ValidationError):
        decide(officer, pending, "narrow", approved_variables=["not_requested"])
    with pytest.raises(ValidationError):
        decide(officer, pending, "refuse", note="")
    pending.refresh_from_db()
    assert pending.status == Study.Status.REQUESTED


def test_api_export_flow(researcher, study, cohort, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = api(researcher)
    response = client.post(
        "/api/v1/research/exports/", {"study": study.code, "format": "csv"}, format="json"
    )
    assert response.status_code == 201, response.content
    export_id = response.json()["id"]
    detail = client.get(f"/api/v1/research/exports/{export_id}/").json()
    assert detail["status"] == "done" and len(detail["sha256"]) == 64
    response = client.get(f"/api/v1/research/exports/{export_id}/download/")
    assert response.status_code == 200
    study_detail = client.get(f"/api/v1/research/studies/{study.pk}/").json()
    assert study_detail["cohort_size"] == "12"


def test_api_export_needs_the_export_scope(researcher, study):
    client = api(researcher, scopes=("read", "write"))
    response = client.post(
        "/api/v1/research/exports/", {"study": study.code, "format": "csv"}, format="json"
    )
    assert response.status_code == 403
    assert not Export.objects.exists()


def test_unknown_ids_are_404(client, researcher):
    client.force_login(researcher)
    for name in ("research:study", "research:export_status", "research:export_download"):
        assert client.get(reverse(name, kwargs={"pk": uuid.uuid4()})).status_code == 404


def test_api_does_not_tell_whether_a_study_code_exists(study):
    """Someone else's study and a code that does not exist get the same refusal."""
    outsider = api(make_user(RESEARCHER))
    answers = [
        outsider.post("/api/v1/research/exports/", {"study": code, "format": "csv"}, format="json")
        for code in (study.code, "BESTAAT-NIET-2026")
    ]
    assert [a.status_code for a in answers] == [403, 403]
    assert answers[0].json() == answers[1].json()
    assert not Export.objects.exists()
