"""Baangaranties's part of the right of access: everything this app stores about a participant,
decrypted (``ProgrammeSpec.subject_data``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from baangaranties.models import AssistanceRoute, OpenHiringSignup, Placement, RetentionCheck
from privacy.crypto import Cipher, DecryptionError
from privacy.fields import EncryptedField

SKIP = {"id", "enrolment", "participant", "employer", "placement"}


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
    placements = list(
        Placement.objects.filter(
            models.Q(participant=participant) | models.Q(enrolment__participant=participant)
        )
        .select_related("employer")
        .order_by("pk")
    )
    checks = list(
        RetentionCheck.objects.filter(placement__in=placements).order_by("placement_id", "pk")
    )
    return [
        {
            "title": "Plaatsingen",
            "rows": [
                _row(
                    o, cipher, placement=str(o.pk), employer=o.employer.name if o.employer else None
                )
                for o in placements
            ],
        },
        {
            "title": "Nazorgchecks",
            "rows": [_row(o, cipher, placement=str(o.placement_id)) for o in checks],
        },
        {
            "title": "Open Hiring",
            "rows": [
                _row(o, cipher, placement=str(o.placement_id) if o.placement_id else None)
                for o in OpenHiringSignup.objects.filter(
                    models.Q(participant=participant) | models.Q(enrolment__participant=participant)
                ).order_by("pk")
            ],
        },
        {
            "title": "Route uit de bijstand",
            "rows": [
                _row(o, cipher)
                for o in AssistanceRoute.objects.filter(
                    models.Q(participant=participant) | models.Q(enrolment__participant=participant)
                ).order_by("pk")
            ],
        },
    ]
