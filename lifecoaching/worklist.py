"""Lifecoaching's work for the work list: a coach's VOG (certificate of conduct) that expires
within ``VOG_WARNING_DAYS`` or has expired, for the caseworkers and team leads of the coach's
team."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.roles import CASEWORKER, TEAM_LEAD
from casework.registry import WorkItem, WorkSource, register_work_source
from lifecoaching.selectors.coaches import coach_views
from lifecoaching.selectors.scope import VOG_WARNING_DAYS, _log, visible_coaches


def _expiring(user):
    # A coach without any VOG is not on the list: the coach page shows that state.
    limit = timezone.localdate() + dt.timedelta(days=VOG_WARNING_DAYS)
    return visible_coaches(user).filter(active=True, vog_expiry__lte=limit)


def vog_items(user) -> list[WorkItem]:
    views = coach_views(
        _expiring(user).select_related("data_key").order_by("vog_expiry"), contact=False
    )
    _log(user, [view.coach.pk for view in views], "lifecoaching_coaches", "list", "coach")
    today = timezone.localdate()
    items = []
    for view in views:
        expiry = view.coach.vog_expiry
        text = (
            _("VOG verlopen: %(name)s (op %(date)s)")
            if expiry < today
            else _("VOG verloopt: %(name)s (op %(date)s)")
        )
        items.append(
            WorkItem(
                kind="vog",
                label=text
                % {
                    "name": view.name or _("coach zonder naam"),
                    "date": formats.date_format(expiry, "SHORT_DATE_FORMAT"),
                },
                since=expiry - dt.timedelta(days=VOG_WARNING_DAYS),
                url=reverse("lifecoaching:coach_edit", kwargs={"pk": view.coach.pk}),
                overdue=expiry < today,
            )
        )
    return items


def vog_count(user) -> int:
    return _expiring(user).count()


def register_sources() -> None:
    register_work_source(
        WorkSource("lifecoaching_vog", frozenset({CASEWORKER, TEAM_LEAD}), vog_items, vog_count)
    )
