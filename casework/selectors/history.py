"""A file's history: who created, changed or removed which record of the file, and when.

Read from django-simple-history's tables. A change names the fields that changed, never their
values: the history page shows a file's course of events to those who may read the file, and
the values themselves stand in the file. Encrypted values are sealed afresh on each save, so two
ciphertexts are compared by what they open to (in memory, with the file's data key).

Covers the records of the casework core: the participant's identity, enrolments, plans, goals,
progress notes, measurements and transfers; enrolment records only of the enrolments whose
details the viewer may see in the file (their own teams', or all of them through break-the-glass).
A programme's own records (debts, job guarantees …) have their history in the admin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from casework import permissions
from casework.models import (
    Enrolment,
    Goal,
    Measurement,
    Participant,
    Plan,
    ProgressEntry,
    Transfer,
)
from casework.selectors.file import _file_participant
from casework.selectors.scope import log_reads
from privacy.crypto import Cipher, DecryptionError
from privacy.fields import EncryptedField
from privacy.models import AccessEvent

PAGE_SIZE = 25

# Columns that change with every save or only mirror a relation: never "a change" to a user.
QUIET_FIELDS = {"id", "version", "updated_at", "created_at", "data_key", "record_key"}

KIND_LABELS = {
    "+": gettext_lazy("aangemaakt"),
    "~": gettext_lazy("gewijzigd"),
    "-": gettext_lazy("verwijderd"),
}


@dataclass(frozen=True)
class Change:
    """One saved version of one record: when, by whom, what, and which fields changed."""

    at: dt.datetime
    who: str
    record: str  # the kind of record, e.g. "doel"
    kind: str  # "+", "~" or "-"
    fields: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass(repr=False)
class FileHistory:
    participant: Participant
    changes: list[Change]
    page: Page
    break_glass: bool = False


def file_history(user: User, pk, *, page: int | str = 1, log: bool = True) -> FileHistory:
    """One page of the file's changes, newest first, in a fixed number of queries."""
    participant, through_glass = _file_participant(user, pk)
    cipher = Cipher().load([participant.data_key])
    enrolment_ids = _readable_enrolments(user, participant, through_glass)
    changes = sorted(
        (
            change
            for model, filters in _sources(participant, enrolment_ids)
            for change in _changes(model, filters, cipher)
        ),
        key=lambda change: change.at,
        reverse=True,
    )
    current = Paginator(changes, PAGE_SIZE).get_page(page)
    if log:
        log_reads(
            user,
            [participant.pk],
            "file_history",
            AccessEvent.Action.VIEW,
            break_glass=through_glass,
        )
    return FileHistory(
        participant=participant,
        changes=list(current.object_list),
        page=current,
        break_glass=through_glass,
    )


def _readable_enrolments(user: User, participant: Participant, through_glass: bool) -> list:
    enrolments = Enrolment.objects.filter(participant=participant)
    if not through_glass:
        enrolments = enrolments.filter(team_id__in=permissions.member_teams_subquery(user))
    return list(enrolments.values_list("pk", flat=True))


def _sources(participant: Participant, enrolment_ids: list) -> list[tuple[type, dict]]:
    """Each tracked model of the core with the filter on its history that selects this file."""
    return [
        (Participant, {"id": participant.pk}),
        (Enrolment, {"id__in": enrolment_ids}),
        (Plan, {"enrolment_id__in": enrolment_ids}),
        (Goal, {"plan__enrolment_id__in": enrolment_ids}),
        (ProgressEntry, {"enrolment_id__in": enrolment_ids}),
        (Measurement, {"enrolment_id__in": enrolment_ids}),
        (Transfer, {"enrolment_id__in": enrolment_ids}),
    ]


def _changes(model: type, filters: dict, cipher: Cipher) -> list[Change]:
    """The changes of one model's records, each version compared with the one before it."""
    if "plan__enrolment_id__in" in filters:
        # A goal's history row keeps its plan's id; the plan itself may be any version.
        plan_ids = Plan.history.filter(enrolment_id__in=filters["plan__enrolment_id__in"]).values(
            "id"
        )
        filters = {"plan_id__in": plan_ids}
    rows = (
        model.history.filter(**filters)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in QUIET_FIELDS
        and field.attname not in QUIET_FIELDS
        and not field.name.endswith("_index")  # a blind index changes with its value
    ]
    record = str(model._meta.verbose_name)
    changes: list[Change] = []
    previous = None
    for row in rows:
        if previous is not None and previous.id != row.id:
            previous = None
        changed: tuple[str, ...] = ()
        if row.history_type == "~" and previous is not None:
            changed = tuple(
                str(field.verbose_name)
                for field in fields
                if _differs(model, field, previous, row, cipher)
            )
        if row.history_type != "~" or changed or previous is None:
            changes.append(
                Change(
                    at=row.history_date,
                    who=_who(row.history_user),
                    record=record,
                    kind=row.history_type,
                    fields=changed,
                )
            )
        previous = row
    return changes


def _differs(model: type, field, before, after, cipher: Cipher) -> bool:
    old, new = getattr(before, field.attname), getattr(after, field.attname)
    if old == new:
        return False
    if not isinstance(field, EncryptedField) or not old or not new:
        return True
    try:
        return _open(model, field, after.id, old, cipher) != _open(
            model, field, after.id, new, cipher
        )
    except DecryptionError:
        return True  # a value that no longer opens (destroyed key): say it changed


def _open(model: type, field, row_pk, envelope: str, cipher: Cipher) -> str | None:
    return cipher.open(model=model, column=field.attname, row_pk=row_pk, envelope=envelope)


def _who(user: User | None) -> str:
    if user is None:
        return gettext("het systeem")
    return user.get_full_name() or user.get_username()
