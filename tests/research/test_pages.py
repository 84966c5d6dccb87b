"""Pages, re-identification (four eyes), the commands, the demo, flat query counts and no
leak of identifiers in any page or API response."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import RESEARCHER
from privacy.models import AccessEvent
from privacy.pseudonyms import pseudonym
from research import services
from research.models import Export, Reidentification, Study
from tests.factories import make_user
from tests.research.conftest import build_cohort, make_study


def test_study_request_and_decision_through_the_pages(client, researcher, officer):
    client.force_login(researcher)
    assert client.get(reverse("research:study_new")).status_code == 200
    response = client.post(
        reverse("research:study_new"),
        {
            "code": "PAGE-1",
            "title": "Titel",
            "principal_investigator": "Dr. P",
            "institution": "RUG",
            "ethics_reference": "E-1",
            "purpose": "Doel",
            "period_start": "2024-01-01",
            "programmes": ["gezinslab"],
            "waves": "intake, m6",
            "variables": ["age_band", "zrm_financien"],
            "k": "5",
        },
    )
    study = Study.objects.get(code="PAGE-1")
    assert response.status_code == 302
    assert study.waves == ["intake", "m6"]
    page = client.get(reverse("research:study", kwargs={"pk": study.pk}))
    assert b"&lt;10" in page.content  # cohort size of nobody: "<10"
    client.force_login(officer)
    response = client.post(
        reverse("research:study_decide", kwargs={"pk": study.pk}),
        {
            "decision": "narrow",
            "approved_variables": ["age_band"],
            "version": study.version,
            "k": "7",
        },
    )
    study.refresh_from_db()
    assert study.status == "approved" and study.approved_variables == ["age_band"]
    assert study.k == 7


def test_bad_study_form_is_400_and_creates_nothing(client, researcher):
    client.force_login(researcher)
    response = client.post(reverse("research:study_new"), {"code": "X", "k": "3"})
    assert response.status_code == 400
    assert not Study.objects.exists()


def test_cohort_size_shows_the_number_from_10(client, researcher, study, caseworker_a, team_a):
    build_cohort(caseworker_a, team_a, 10)
    client.force_login(researcher)
    page = client.get(reverse("research:study", kwargs={"pk": study.pk}))
    assert b'id="cohort-size">10 ' in page.content


def test_export_through_the_page_with_progress_and_cancel(client, researcher, study):
    client.force_login(researcher)
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        response = client.post(
            reverse("research:export_new", kwargs={"pk": study.pk}), {"format": "sav"}
        )
    assert response.status_code == 302
    export = Export.objects.get()
    assert export.status == "queued" and export.format == "sav"
    row = client.get(reverse("research:export_status", kwargs={"pk": export.pk}))
    assert b"<progress" in row.content and b'hx-trigger="every 1s"' in row.content
    client.post(reverse("research:export_cancel", kwargs={"pk": export.pk}))
    export.refresh_from_db()
    assert export.status == "cancelled"
    row = client.get(reverse("research:export_status", kwargs={"pk": export.pk}))
    assert b"hx-trigger" not in row.content


def test_reidentification_needs_a_second_officer(
    client, researcher, study, cohort, officer, officer2
):
    target = cohort[3]
    alias = pseudonym("study", study.code, target.pk)
    client.force_login(officer)
    response = client.post(
        reverse("research:reidentification_new"),
        {
            "study": study.code,
            "pseudonym": alias,
            "reason": "incidental_finding",
            "reference": "MELD-7",
        },
    )
    assert response.status_code == 302
    item = Reidentification.objects.get()
    # The same officer cannot confirm.
    client.post(
        reverse("research:reidentification_confirm", kwargs={"pk": item.pk}),
        {"version": item.version},
    )
    item.refresh_from_db()
    assert item.status == "pending" and item.participant_id is None
    page = client.get(reverse("research:reidentifications"))
    assert str(target.pk).encode() not in page.content
    client.force_login(officer2)
    client.post(
        reverse("research:reidentification_confirm", kwargs={"pk": item.pk}),
        {"version": item.version},
    )
    item.refresh_from_db()
    assert item.status == "found" and item.participant_id == target.pk
    assert item.confirmed_by == officer2
    page = client.get(reverse("research:reidentifications"))
    assert reverse("privacy:participant_file", kwargs={"pk": target.pk}).encode() in page.content
    assert AccessEvent.objects.filter(
        subject_id=target.pk, user=officer2, what__startswith="research_reidentification:"
    ).exists()
    assert AccessEvent.objects.filter(
        user=officer, what__startswith="research_reidentification_request"
    ).exists()


def test_a_pseudonym_of_another_study_is_not_found(researcher, officer, officer2, study, cohort):
    alias = pseudonym("study", "OTHER-STUDY", cohort[0].pk)
    item = services.request_reidentification(
        actor=officer, study=study, pseudonym=alias, reason="other", reference="R-1"
    )
    item = services.confirm_reidentification(
        actor=officer2, reidentification=item, expected_version=item.version
    )
    assert item.status == "not_found" and item.participant_id is None


def test_bad_reidentification_requests_change_nothing(officer, study):
    from django.core.exceptions import ValidationError

    for data in ({"pseudonym": "abc"}, {"reason": "curiosity"}, {"reference": " "}):
        values = {"pseudonym": "p" + "a" * 20, "reason": "other", "reference": "R", **data}
        with pytest.raises(ValidationError):
            services.request_reidentification(actor=officer, study=study, **values)
    assert not Reidentification.objects.exists()


def test_export_study_command(researcher, study, cohort, tmp_path):
    out = io.StringIO()
    call_command(
        "export_study", study.code, "--out", str(tmp_path), "--format", "parquet", stdout=out
    )
    archives = list(tmp_path.glob("*.zip"))
    assert len(archives) == 1
    names = zipfile.ZipFile(archives[0]).namelist()
    assert "participants.parquet" in names and "manifest.json" in names
    manifest = json.loads(zipfile.ZipFile(archives[0]).read("manifest.json"))
    assert manifest["format"] == "parquet"
    assert AccessEvent.objects.filter(actor_label="export_study", action="export").exists()


def test_export_study_command_refuses_an_unapproved_study(researcher, officer, tmp_path):
    from django.core.management.base import CommandError

    study = make_study(researcher, officer, code="NOT-YET", approve=False)
    with pytest.raises(CommandError):
        call_command("export_study", study.code, "--out", str(tmp_path))
    assert not list(tmp_path.glob("*.zip"))


def test_demo_hook_adds_two_approved_studies(researcher, officer):
    from demo.research import seed

    users = {"onderzoeker": researcher, "privacy": officer}
    seed(teams={}, users=users, anchor=dt.date(2026, 11, 1), rng=None, stdout=io.StringIO())
    seed(teams={}, users=users, anchor=dt.date(2026, 11, 1), rng=None, stdout=io.StringIO())
    studies = Study.objects.filter(code__in=["DEMO-COHORT", "DEMO-COHORT-2"])
    assert studies.count() == 2
    from casework.registry import programmes

    for study in studies:
        assert study.status == "approved"
        assert sorted(study.programmes) == sorted(programmes())
        services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False)


# --- query counts, flat from 1 to 50 rows ----------------------------------------------------


def _studies(researcher, officer, n: int, start: int = 0):
    for index in range(start, start + n):
        study = make_study(researcher, officer, code=f"Q-{index}")
        export = services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False)
        services.cancel_export(actor=researcher, export=export)


@pytest.mark.parametrize(
    "kind",
    ["studies_page", "studies_api", "exports_api", "study_page", "reidentifications", "catalogue"],
)
def test_queries_are_flat(client, researcher, officer, django_assert_max_num_queries, kind):
    from django.core.cache import cache
    from rest_framework.test import APIClient

    from accounts import tokens

    cache.clear()
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION="Bearer "
        + tokens.create_token(user=researcher, name="q", scopes=["read"]).plaintext
    )

    def hit():
        if kind == "studies_page":
            client.force_login(researcher)
            return client.get(reverse("research:studies"))
        if kind == "studies_api":
            return api.get("/api/v1/research/studies/")
        if kind == "exports_api":
            return api.get("/api/v1/research/exports/")
        if kind == "study_page":
            client.force_login(researcher)
            return client.get(
                reverse("research:study", kwargs={"pk": Study.objects.get(code="Q-0").pk})
            )
        if kind == "catalogue":
            client.force_login(researcher)
            return client.get(reverse("research:catalogue"))
        client.force_login(officer)
        return client.get(reverse("research:reidentifications"))

    def reids(n, start):
        study = Study.objects.get(code="Q-0")
        for i in range(start, start + n):
            services.request_reidentification(
                actor=officer,
                study=study,
                pseudonym="p" + f"{i:020x}",
                reason="other",
                reference=f"R{i}",
            )

    _studies(researcher, officer, 1)
    reids(1, 0)
    if kind == "study_page":  # 50 exports of one study
        study = Study.objects.get(code="Q-0")
        for _ in range(49):
            services.cancel_export(
                actor=researcher,
                export=services.request_export(
                    actor=researcher, study=study, fmt="csv", enqueue=False
                ),
            )
    hit()
    with django_assert_max_num_queries(40) as one:
        assert hit().status_code == 200
    _studies(researcher, officer, 49, start=1)
    reids(49, 1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert hit().status_code == 200


# --- no leak in pages and API ---------------------------------------------------------------


def test_no_identifier_in_any_page_or_api_response(client, researcher, officer, study, cohort):
    from django.core.cache import cache
    from rest_framework.test import APIClient

    from accounts import tokens

    cache.clear()
    export = services.run_export(
        services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False).pk
    )
    bodies = []
    client.force_login(researcher)
    for url in (
        reverse("research:studies"),
        reverse("research:study", kwargs={"pk": study.pk}),
        reverse("research:catalogue"),
        reverse("research:export_status", kwargs={"pk": export.pk}),
    ):
        bodies.append(client.get(url).content)
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION="Bearer "
        + tokens.create_token(user=researcher, name="n", scopes=["read", "export"]).plaintext
    )
    for url in (
        "/api/v1/research/studies/",
        f"/api/v1/research/studies/{study.pk}/",
        "/api/v1/research/exports/",
        f"/api/v1/research/exports/{export.pk}/",
    ):
        bodies.append(api.get(url).content)
    client.force_login(officer)
    for url in (
        reverse("research:studies"),
        reverse("research:study", kwargs={"pk": study.pk}),
        reverse("research:reidentifications"),
    ):
        bodies.append(client.get(url).content)
    blob = b"".join(bodies)
    for person in cohort:
        for value in [*person.known.values(), person.pk]:
            needle = value.isoformat() if isinstance(value, dt.date) else str(value)
            assert needle.encode() not in blob, needle
    assert b"Geheimdoeltekst" not in blob and b"Geheimenotitie" not in blob


def test_researcher_role_without_grant_sees_nothing(client, study):
    stranger = make_user(RESEARCHER)
    client.force_login(stranger)
    assert study.code.encode() not in client.get(reverse("research:studies")).content


def test_seed_demo_studies_export_with_disjoint_pseudonyms(demo_data):
    import csv
    import io as _io

    researcher = __import__("accounts.models", fromlist=["User"]).User.objects.get(
        username="onderzoeker"
    )
    seen = []
    for code in ("DEMO-COHORT", "DEMO-COHORT-2"):
        study = Study.objects.get(code=code)
        assert study.status == "approved"
        export = services.run_export(
            services.request_export(actor=researcher, study=study, fmt="csv", enqueue=False).pk
        )
        assert export.status == "done"
        archive = zipfile.ZipFile(export.file.path)
        reader = csv.DictReader(_io.StringIO(archive.read("participants.csv").decode()))
        seen.append({row["pseudonym"] for row in reader})
    assert not seen[0] & seen[1]


def test_the_privacy_officer_creates_a_group_and_adds_a_researcher(client, officer, researcher):
    from research.models import ResearchGroup

    client.force_login(officer)
    assert client.get(reverse("research:groups")).status_code == 200
    response = client.post(
        reverse("research:groups"), {"name": "Project Schulden", "institution": "RUG"}
    )
    assert response.status_code == 302
    group = ResearchGroup.objects.get(name="Project Schulden")
    response = client.post(
        reverse("research:group_member_add", kwargs={"pk": group.pk}),
        {"username": researcher.username},
    )
    assert response.status_code == 302 and researcher in group.members.all()
    page = client.get(reverse("research:groups")).content.decode()
    assert "Project Schulden" in page and researcher.username in page
    # A second group of the same name is refused with a Dutch message and changes nothing.
    response = client.post(
        reverse("research:groups"), {"name": "Project Schulden", "institution": "X"}
    )
    assert (
        response.status_code == 400 and "Er is al een onderzoeksgroep" in response.content.decode()
    )
    assert ResearchGroup.objects.filter(name="Project Schulden").count() == 1


def test_the_study_page_shows_what_an_export_would_keep(client, researcher, officer, study, cohort):
    client.force_login(researcher)
    page = client.get(reverse("research:study", kwargs={"pk": study.pk})).content.decode()
    assert "Wat een export nu zou bevatten" in page
    assert "in klassen van 5 jaar" in page  # 12 people of one age, gender and wijk
    assert "Wat weglaten van één variabele zou opleveren" in page
    client.force_login(officer)
    page = client.get(reverse("research:study", kwargs={"pk": study.pk})).content.decode()
    assert "Wat een export nu zou bevatten" in page


def test_the_preview_reads_the_cohort_planned_for_every_row(
    client, researcher, study, cohort, monkeypatch
):
    from research import engine
    from tests import planning

    seen = planning.spy(monkeypatch, engine, "lattice_for")
    client.force_login(researcher)
    page = client.get(reverse("research:study", kwargs={"pk": study.pk})).content.decode()
    assert "Wat een export nu zou bevatten" in page
    assert planning.planned_for_every_row(seen)


def test_a_study_that_cannot_meet_k_is_told_so_before_export(
    client, researcher, officer, caseworker_a, team_a
):
    from tests.research.conftest import build_cohort, make_study

    build_cohort(caseworker_a, team_a, 3)
    study = make_study(researcher, officer, code="STUDY-TINY")
    client.force_login(researcher)
    page = client.get(reverse("research:study", kwargs={"pk": study.pk})).content.decode()
    assert 'id="preview-problem"' in page
    assert "haalt een export k en l niet" in page and "kleiner dan k = 5" in page
