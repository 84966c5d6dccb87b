"""Research's work in the work list: studies for the privacy officer to decide, exports ready
for the study's researchers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casework import worklist
from research.models import Export
from tests.research.conftest import make_study

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return [item.kind for item in worklist.work_items(user)]


def test_a_requested_study_waits_for_the_privacy_officer(researcher, officer):
    study = make_study(researcher, officer, approve=False)
    items = [item for item in worklist.work_items(officer) if item.kind == "study"]
    assert [item.url for item in items] == [f"/onderzoek/{study.pk}/"]
    assert "Onderzoek" in items[0].label
    assert "study" not in _kinds(researcher)
    make_study(researcher, officer, code="STUDY-B")  # approved at once: nothing waits
    assert len([k for k in _kinds(officer) if k == "study"]) == 1


def _export(study, **fields):
    return Export.objects.create(study=study, format=Export.Format.CSV, **fields)


def test_a_finished_export_waits_for_its_researchers_until_it_expires(
    researcher, other_researcher, officer
):
    study = make_study(researcher, officer)
    now = timezone.now()
    ready = _export(
        study, status=Export.Status.DONE, finished_at=now, expires_at=now + dt.timedelta(days=7)
    )
    _export(
        study,
        status=Export.Status.DONE,
        finished_at=now - dt.timedelta(days=30),
        expires_at=now - dt.timedelta(days=1),
    )
    _export(study, status=Export.Status.RUNNING)
    (item,) = worklist.work_items(researcher)
    assert (item.kind, item.url) == ("export", f"/onderzoek/exports/{ready.pk}/")
    assert worklist.work_count(researcher) == 1  # the study has exports: not asked for one
    assert _kinds(other_researcher) == []
    assert worklist.work_count(other_researcher) == 0


def test_an_approved_study_without_export_waits_for_its_researchers(
    researcher, other_researcher, officer
):
    study = make_study(researcher, officer)
    (item,) = worklist.work_items(researcher)
    assert (item.kind, item.url) == ("study_approved", f"/onderzoek/{study.pk}/")
    assert _kinds(other_researcher) == []
    _export(study, status=Export.Status.QUEUED)
    assert worklist.work_items(researcher) == []
    assert worklist.work_count(researcher) == 0
