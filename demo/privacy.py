"""The privacy office's demo: a request for access (inzage) of a data subject, received ten
days before the demo's anchor, so that both privacy officers find it in their work list."""

from __future__ import annotations

import datetime as dt

from casework.models import Participant
from privacy import services
from privacy.crypto import blind_index
from privacy.models import DataSubjectRequest

# The demo participant who asks to see what Koers holds about them.
REQUESTING_CLIENT_REF = "GL-0003"


def seed(*, teams, users, anchor: dt.date, rng, stdout) -> None:
    officer = users.get("privacy")
    subject = Participant.objects.filter(
        client_ref_index=blind_index("client_ref", REQUESTING_CLIENT_REF)
    ).first()
    if officer is None or subject is None:
        return
    if DataSubjectRequest.objects.filter(subject_id=subject.pk).exists():
        return
    services.register_request(
        actor=officer,
        subject_id=subject.pk,
        kind=DataSubjectRequest.Kind.ACCESS,
        received_on=anchor - dt.timedelta(days=10),
    )
    stdout.write("Privacy: een verzoek om inzage wacht op de privacy officers.")
