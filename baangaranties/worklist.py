"""Baangaranties' work for the work list: retention checks (is the participant still working
there, 3, 6 and 12 months after the start) due within two weeks or overdue, for the
caseworkers of the enrolment's team."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.roles import CASEWORKER
from baangaranties.selectors.lists import due_checks
from baangaranties.selectors.scope import DUE_WITHIN_DAYS, visible_checks
from casework.registry import WorkItem, WorkSource, register_work_source


def check_items(user) -> list[WorkItem]:
    return [
        WorkItem(
            kind="retention_check",
            label=_(
                "Nazorgcheck na %(months)s maanden: %(name)s bij %(employer)s, uiterlijk %(due)s"
            )
            % {
                "months": row.check.months,
                "name": row.name,
                "employer": row.check.placement.employer.name,
                "due": formats.date_format(row.check.due_on, "SHORT_DATE_FORMAT"),
            },
            since=row.check.due_on,
            url=reverse("baangaranties:check_record", kwargs={"pk": row.check.pk}),
            overdue=row.overdue,
        )
        for row in due_checks(user)
    ]


def check_count(user) -> int:
    limit = timezone.localdate() + dt.timedelta(days=DUE_WITHIN_DAYS)
    return visible_checks(user).filter(checked_on__isnull=True, due_on__lte=limit).count()


def register_sources() -> None:
    register_work_source(
        WorkSource("baangaranties_checks", frozenset({CASEWORKER}), check_items, check_count)
    )
