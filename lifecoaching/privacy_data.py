"""Lifecoaching's part of the right of access: everything this app stores about a participant,
decrypted (``ProgrammeSpec.subject_data``)."""

from __future__ import annotations

from casework.privacy_data import row_maker
from lifecoaching.models import CoachMatch, CoachSession, SchoolStatus
from privacy.crypto import Cipher

SKIP = {"id", "enrolment", "participant", "coach", "match"}
_row = row_maker(SKIP)


def _uniform(rows: list[dict]) -> list[dict]:
    """Matches and sessions in one table: every row gets every column (the PDF takes its
    header from the first row)."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    return [{key: row.get(key) for key in keys} for row in rows]


def subject_data(*, participant, cipher: Cipher) -> list[dict]:
    """A coach's name and contact are the coach's personal data (under the coach's key): a
    match names the coach by id and kind only."""
    mine = {"enrolment__participant": participant}
    matches = list(CoachMatch.objects.filter(**mine).select_related("coach").order_by("pk"))
    sessions = list(
        CoachSession.objects.filter(match__enrolment__participant=participant).order_by("pk")
    )
    return [
        {
            "title": "Coach en sessies",
            "rows": _uniform(
                [
                    _row(
                        o,
                        cipher,
                        match=str(o.pk),
                        coach=f"coach ({o.coach_id})",
                        coach_kind=o.coach.kind,
                    )
                    for o in matches
                ]
                + [_row(o, cipher, match=str(o.match_id)) for o in sessions]
            ),
        },
        {
            "title": "Schoolstatus",
            "rows": [_row(o, cipher) for o in SchoolStatus.objects.filter(**mine).order_by("pk")],
        },
    ]
