"""The Gezinslab and Buurtgezinnen parts of a participant's file (``ProgrammeSpec.file_section``).

Mode "own": the household's trajectory with the family's goals and open barriers, with links
to the pages. "read_only" (break-the-glass): the same, without links. "shared" (another team,
with the participant's consent for sharing): status, duo, goal statuses and open barriers by
organisation and kind, without the family's free text. The hooks never log: the file page logs
shared views itself, and the casework file logs the file view.
"""

from __future__ import annotations

from django.utils import timezone

from casework.models import HouseholdMembership
from gezinslab.models import Barrier, FamilyGoal, FamilyTrajectory, SupportFamily, SupportMatch
from gezinslab.selectors import GoalItem, _barrier_items, _open, life_domain_label
from privacy.crypto import Cipher


def _households(participant) -> list:
    return list(
        HouseholdMembership.objects.filter(
            participant=participant, end_date__isnull=True
        ).values_list("household_id", flat=True)
    )


def gezinslab_section(*, user, participant, cipher: Cipher, enrolments, mode: str):
    household_ids = _households(participant)
    team_ids = {e.team_id for e in enrolments}
    trajectories = list(
        FamilyTrajectory.objects.filter(household_id__in=household_ids, team_id__in=team_ids)
        .select_related("household__data_key", "professional", "peer_expert")
        .order_by("-start_date")[:3]
    )
    if not trajectories:
        return "gezinslab/_section_gezinslab.html", {"items": [], "mode": mode}
    texts = mode != "shared"
    if texts:
        cipher.load(t.household.data_key for t in trajectories)
    items = []
    for trajectory in trajectories:
        goals = list(trajectory.goals.order_by("position"))
        barriers = list(
            trajectory.barriers.filter(status__in=[Barrier.Status.OPEN, Barrier.Status.STUCK])
            .select_related("organisation", "breakthrough")
            .order_by("since", "id")
        )
        items.append(
            {
                "trajectory": trajectory,
                "plan_summary": _open(cipher, FamilyTrajectory, "plan_summary", trajectory)
                if texts
                else None,
                "goals": [
                    GoalItem(g, _open(cipher, FamilyGoal, "text", g) if texts else None)
                    for g in goals
                ],
                "barriers": _barrier_items(barriers, cipher, texts=texts),
                "domains": [life_domain_label(c) for c in trajectory.life_domains],
            }
        )
    return "gezinslab/_section_gezinslab.html", {
        "items": items,
        "mode": mode,
        "links": mode == "own",
    }


def buurtgezinnen_section(*, user, participant, cipher: Cipher, enrolments, mode: str):
    household_ids = _households(participant)
    team_ids = {e.team_id for e in enrolments}
    matches = list(
        SupportMatch.objects.filter(household_id__in=household_ids, team_id__in=team_ids)
        .select_related("support_family__data_key", "household__data_key")
        .order_by("-start_date")[:5]
    )
    texts = mode != "shared"
    today = timezone.localdate()
    if texts:
        cipher.load(m.support_family.data_key for m in matches)
        cipher.load(m.household.data_key for m in matches)
    rows = []
    for match in matches:
        rows.append(
            {
                "match": match,
                "active": match.end_date is None or match.end_date >= today,
                "family_name": _open(cipher, SupportFamily, "name", match.support_family)
                if texts
                else None,
                "evaluation": _open(cipher, SupportMatch, "evaluation", match) if texts else None,
            }
        )
    return "gezinslab/_section_buurtgezinnen.html", {
        "rows": rows,
        "mode": mode,
        "links": mode == "own",
    }
