"""Schuldenvrij's part of the right of access: everything this app stores about a participant,
decrypted (``ProgrammeSpec.subject_data``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from privacy.crypto import Cipher, DecryptionError
from privacy.fields import EncryptedField
from schuldenvrij.models import (
    BudgetSnapshot,
    Debt,
    FinancialIntake,
    FollowUp,
    Forgiveness,
    PilotPlace,
    PreventiveContact,
)

SKIP = {"id", "enrolment", "participant", "forgiveness"}


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _row(obj, cipher: Cipher, **extra) -> dict:
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIP:
            continue
        if isinstance(field, EncryptedField):
            try:
                row[field.name] = cipher.open(
                    model=type(obj),
                    column=field.name,
                    row_pk=obj.pk,
                    envelope=getattr(obj, field.attname),
                )
            except DecryptionError:
                row[field.name] = "[onleesbaar]"
        elif isinstance(field, models.ForeignKey):
            row[field.name] = _plain(getattr(obj, field.attname))
        else:
            row[field.name] = _plain(getattr(obj, field.attname))
    row.update(extra)
    return row


def subject_data(*, participant, cipher: Cipher) -> list[dict]:
    mine = {"enrolment__participant": participant}
    debts = list(Debt.objects.filter(**mine).order_by("since"))
    forgivenesses = list(
        Forgiveness.objects.filter(**mine).prefetch_related("debts").order_by("date")
    )
    return [
        {
            "title": "Financiële intake",
            "rows": [_row(o, cipher) for o in FinancialIntake.objects.filter(**mine)],
        },
        {
            "title": "Budgetoverzichten",
            "rows": [
                _row(o, cipher) for o in BudgetSnapshot.objects.filter(**mine).order_by("date")
            ],
        },
        {"title": "Schulden", "rows": [_row(o, cipher) for o in debts]},
        {
            "title": "Pilotplaats",
            "rows": [_row(o, cipher) for o in PilotPlace.objects.filter(**mine)],
        },
        {
            "title": "Kwijtschelding",
            "rows": [
                _row(o, cipher, debts=", ".join(str(d.pk) for d in o.debts.all()))
                for o in forgivenesses
            ],
        },
        {
            "title": "Nazorg",
            "rows": [
                _row(o, cipher, forgiveness=str(o.forgiveness_id))
                for o in FollowUp.objects.filter(
                    forgiveness__enrolment__participant=participant
                ).order_by("due_on")
            ],
        },
        {
            "title": "18-/18+ contacten",
            "rows": [
                _row(o, cipher)
                for o in PreventiveContact.objects.filter(
                    models.Q(participant=participant) | models.Q(enrolment__participant=participant)
                ).order_by("date")
            ],
        },
    ]
