"""Research's work for the work list: studies the privacy officer decides on; for their
researchers, approved studies without an export yet and exports ready to download before
they expire."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.permissions import has_role
from accounts.roles import PRIVACY_OFFICER, RESEARCHER
from casework.registry import WorkItem, WorkSource, register_work_source
from research import selectors
from research.models import Export, Study


def _requested(user):
    if not has_role(user, PRIVACY_OFFICER):
        return Study.objects.none()
    return selectors.visible_studies(user).filter(status=Study.Status.REQUESTED)


def study_items(user) -> list[WorkItem]:
    return [
        WorkItem(
            kind="study",
            label=_("Onderzoek beoordelen: %(title)s (%(group)s)")
            % {"title": study.title, "group": study.group},
            since=timezone.localdate(study.requested_at),
            url=reverse("research:study", kwargs={"pk": study.pk}),
        )
        for study in _requested(user).order_by("requested_at", "pk")
    ]


def study_count(user) -> int:
    return _requested(user).count()


def _ready(user):
    return selectors.researcher_exports(user).filter(
        status=Export.Status.DONE, expires_at__gt=timezone.now()
    )


def export_items(user) -> list[WorkItem]:
    return [
        WorkItem(
            kind="export",
            label=_("Export klaar om te downloaden: %(title)s, tot %(expires)s")
            % {
                "title": export.study.title,
                "expires": formats.date_format(
                    timezone.localtime(export.expires_at), "SHORT_DATE_FORMAT"
                ),
            },
            since=timezone.localdate(export.finished_at or export.requested_at),
            url=reverse("research:export_status", kwargs={"pk": export.pk}),
        )
        for export in _ready(user).order_by("finished_at", "pk")
    ]


def export_count(user) -> int:
    return _ready(user).count()


def _approved_without_export(user):
    return selectors.researcher_studies(user).filter(
        status=Study.Status.APPROVED, exports__isnull=True
    )


def approved_items(user) -> list[WorkItem]:
    return [
        WorkItem(
            kind="study_approved",
            label=_("Onderzoek goedgekeurd, nog geen export: %(title)s") % {"title": study.title},
            since=timezone.localdate(study.decided_at or study.requested_at),
            url=reverse("research:study", kwargs={"pk": study.pk}),
        )
        for study in _approved_without_export(user).order_by("decided_at", "pk")
    ]


def approved_count(user) -> int:
    return _approved_without_export(user).count()


def register_sources() -> None:
    register_work_source(
        WorkSource("research_studies", frozenset({PRIVACY_OFFICER}), study_items, study_count)
    )
    register_work_source(
        WorkSource("research_exports", frozenset({RESEARCHER}), export_items, export_count)
    )
    register_work_source(
        WorkSource("research_approved", frozenset({RESEARCHER}), approved_items, approved_count)
    )
