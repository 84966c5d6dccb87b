"""Baangaranties's part of the right of access: everything this app stores about a participant,
decrypted (``ProgrammeSpec.subject_data``)."""

from __future__ import annotations

from baangaranties.models import AssistanceRoute, OpenHiringSignup, Placement, RetentionCheck
from casework.privacy_data import own_or_enrolled, row_maker
from privacy.crypto import Cipher

SKIP = {"id", "enrolment", "participant", "employer", "placement"}
_row = row_maker(SKIP)


def subject_data(*, participant, cipher: Cipher) -> list[dict]:
    placements = list(
        Placement.objects.filter(own_or_enrolled(participant))
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
                for o in OpenHiringSignup.objects.filter(own_or_enrolled(participant)).order_by(
                    "pk"
                )
            ],
        },
        {
            "title": "Route uit de bijstand",
            "rows": [
                _row(o, cipher)
                for o in AssistanceRoute.objects.filter(own_or_enrolled(participant)).order_by("pk")
            ],
        },
    ]
