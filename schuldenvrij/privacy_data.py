"""Schuldenvrij's part of the right of access: everything this app stores about a participant,
decrypted (``ProgrammeSpec.subject_data``)."""

from __future__ import annotations

from casework.privacy_data import own_or_enrolled, row_maker
from privacy.crypto import Cipher
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
_row = row_maker(SKIP)


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
                for o in PreventiveContact.objects.filter(own_or_enrolled(participant)).order_by(
                    "date"
                )
            ],
        },
    ]
