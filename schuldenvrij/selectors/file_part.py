"""The Schuldenvrij part of a participant's file."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from schuldenvrij.models import (
    FollowUp,
)
from schuldenvrij.selectors.caseload import EnrolmentDetail, _detail
from schuldenvrij.services import may_work


@dataclass(repr=False)
class SectionPart:
    detail: EnrolmentDetail
    next_follow_up: FollowUp | None
    latest_room: Decimal | None


def file_section(*, user, participant, cipher, enrolments, mode):
    """The Schuldenvrij part of a participant's file (``ProgrammeSpec.file_section``): debts,
    residual debt, forgiveness status, next follow-up and latest budget room. Own mode links
    to the pages; shared and read-only modes are read-only, and shared mode shows no creditor
    names. Peer experts see nothing of it. Does not log: the caller logs shared views."""
    if not may_work(user):
        return None
    parts = []
    for enrolment in enrolments:
        detail = _detail(enrolment, cipher, names=mode != "shared")
        pending = [f for f in detail.follow_ups if f.done_on is None]
        parts.append(
            SectionPart(
                detail=detail,
                next_follow_up=pending[0] if pending else None,
                latest_room=detail.columns[-1].room if detail.columns else None,
            )
        )
    return "schuldenvrij/_file_section.html", {
        "parts": parts,
        "mode": mode,
        "own": mode == "own" and may_work(user),
    }
