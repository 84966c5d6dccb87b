"""Reads of the research app. Case data comes through ``casework.facts`` (non-identifying)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from accounts.permissions import has_role
from accounts.roles import PRIVACY_OFFICER, RESEARCHER
from research.models import Export, Reidentification, Release, ResearchGroup, Study

ACCESS_PERM = "research.access_study"


def visible_studies(user) -> QuerySet[Study]:
    """The privacy officer sees every study; a researcher only the studies granted to them
    (django-guardian, direct foreign-key permission rows); anyone else none."""
    if has_role(user, PRIVACY_OFFICER):
        return Study.objects.select_related("group")
    if has_role(user, RESEARCHER):
        return get_objects_for_user(
            user, ACCESS_PERM, klass=Study, accept_global_perms=False
        ).select_related("group")
    return Study.objects.none()


def researcher_studies(user) -> QuerySet[Study]:
    """The studies a researcher works on (never the privacy officer's view of all)."""
    if not has_role(user, RESEARCHER):
        return Study.objects.none()
    return get_objects_for_user(
        user, ACCESS_PERM, klass=Study, accept_global_perms=False
    ).select_related("group")


def is_study_researcher(user, study: Study) -> bool:
    return researcher_studies(user).filter(pk=study.pk).exists()


def study_researchers(study: Study) -> list:
    """Usernames of the researchers granted this study (one query)."""
    from research.models import StudyUserObjectPermission

    return list(
        StudyUserObjectPermission.objects.filter(
            content_object=study, permission__codename="access_study"
        )
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )


def get_study(user, pk) -> Study:
    study = visible_studies(user).filter(pk=pk).first()
    if study is None:
        raise Http404
    return study


def study_exports(study: Study) -> QuerySet[Export]:
    return study.exports.select_related("requested_by").order_by("-requested_at")


def researcher_exports(user) -> QuerySet[Export]:
    return Export.objects.filter(study__in=researcher_studies(user)).select_related("study")


def get_export(user, pk) -> Export:
    """An export of one of the researcher's own studies, or 404."""
    export = researcher_exports(user).filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


def reidentifications() -> QuerySet[Reidentification]:
    return Reidentification.objects.select_related("study", "requested_by", "confirmed_by")


def max_goal_position(cohort, instrument_codes) -> int:
    """The highest goal position scored in the cohort (the number of goal columns of the wide
    file)."""
    from casework import facts

    return facts.max_goal_position(cohort, instrument_codes)


def all_participant_ids():
    """Every participant's internal id, in chunks (re-identification)."""
    from casework import facts

    return facts.all_participant_ids()


def cohort_size(study: Study, *, on_date=None) -> int:
    """How many participants the study's export would read today (before disclosure
    control): the programmes and period, with research consent in force."""
    from casework import facts
    from privacy.models import Purpose

    return facts.cohort(
        purpose=Purpose.RESEARCH,
        programme_codes=study.programmes,
        start=study.period_start,
        end=study.period_end,
        on_date=on_date,
    ).count()


def member_groups(user) -> list[ResearchGroup]:
    """The research groups a researcher belongs to (one query)."""
    if not has_role(user, RESEARCHER):
        return []
    return list(ResearchGroup.objects.filter(members=user).order_by("name"))


@dataclass(frozen=True)
class Holdings:
    """What a research group has received in all its studies' exports: per
    quasi-identifier the finest level released, the sensitive variables, the programmes,
    and the highest k and l it was promised."""

    levels: dict
    sensitive: tuple
    programmes: list
    k: int
    l: int  # noqa: E741 (the l of l-diversity)
    releases: int


def group_holdings(group: ResearchGroup, *, exclude_export=None) -> Holdings:
    releases = Release.objects.filter(group=group).select_related("export__study")
    if exclude_export:
        releases = releases.exclude(export_id=exclude_export)
    levels: dict[str, int] = {}
    sensitive: set[str] = set()
    programmes: set[str] = set()
    k = l_div = count = 0
    for release in releases:
        count += 1
        for name, level in release.levels.items():
            levels[name] = min(level, levels.get(name, level))
        sensitive.update(release.sensitive)
        programmes.update(release.export.study.programmes)
        k, l_div = max(k, release.k), max(l_div, release.l_diversity)
    return Holdings(levels, tuple(sorted(sensitive)), sorted(programmes), k, l_div, count)


def groups_with_members() -> list[ResearchGroup]:
    """Every research group with its members and studies (privacy officer; three queries)."""
    return list(ResearchGroup.objects.prefetch_related("members", "studies").order_by("name"))


def get_group(user, pk) -> ResearchGroup:
    """A research group, for the privacy officer only; else 404."""
    group = ResearchGroup.objects.filter(pk=pk).first() if has_role(user, PRIVACY_OFFICER) else None
    if group is None:
        raise Http404
    return group


def user_by_username(username: str):
    from accounts.models import User

    return User.objects.filter(username=username).first() if username else None
