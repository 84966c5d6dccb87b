"""Gezinslab's part (both programmes: gezinslab and buurtgezinnen) of the right of access: everything this app stores about a participant,
decrypted (``ProgrammeSpec.subject_data``)."""

from __future__ import annotations

from casework.models import HouseholdMembership
from casework.privacy_data import row_maker
from gezinslab.models import Barrier, Breakthrough, FamilyGoal, FamilyTrajectory, SupportMatch
from privacy.crypto import Cipher

SKIP = {"id", "household", "trajectory", "barrier", "support_family"}
_row = row_maker(SKIP)


def subject_data(*, participant, cipher: Cipher) -> list[dict]:
    """Household-level records of every household the participant is or was a member of,
    decrypted under the household's key. A support family's name and contact are that
    family's data: a match names the support family by id only."""
    memberships = list(
        HouseholdMembership.objects.filter(participant=participant).select_related(
            "household__data_key"
        )
    )
    households = {m.household_id: m.household for m in memberships}
    hcipher = Cipher().load({h.data_key for h in households.values()})
    in_households = {"household_id__in": list(households)}
    trajectories = list(FamilyTrajectory.objects.filter(**in_households).order_by("pk"))
    goals = list(
        FamilyGoal.objects.filter(trajectory__household_id__in=list(households)).order_by(
            "trajectory_id", "pk"
        )
    )
    barriers = list(
        Barrier.objects.filter(trajectory__household_id__in=list(households)).order_by("pk")
    )
    breakthroughs = list(
        Breakthrough.objects.filter(
            barrier__trajectory__household_id__in=list(households)
        ).order_by("pk")
    )
    matches = list(SupportMatch.objects.filter(**in_households).order_by("start_date"))
    return [
        {
            "title": "Gezinstraject",
            "rows": [
                _row(o, hcipher, household=str(o.household_id), trajectory=str(o.pk))
                for o in trajectories
            ],
        },
        {
            "title": "Gezinsdoelen",
            "rows": [_row(o, hcipher, trajectory=str(o.trajectory_id)) for o in goals],
        },
        {
            "title": "Knelpunten",
            "rows": [
                _row(o, hcipher, trajectory=str(o.trajectory_id), barrier=str(o.pk))
                for o in barriers
            ],
        },
        {
            "title": "Doorbraken",
            "rows": [_row(o, hcipher, barrier=str(o.barrier_id)) for o in breakthroughs],
        },
        {
            "title": "Buurtgezin-koppelingen",
            "rows": [
                _row(
                    o,
                    hcipher,
                    household=str(o.household_id),
                    support_family=f"steungezin ({o.support_family_id})",
                )
                for o in matches
            ],
        },
    ]
