"""Claim candidates for a team lead: the participants (or households) of their teams in the
agreement's programme, with consent for reporting to funders, whose data meet an outcome
definition and that have no live claim yet. Shown by internal short id only (never a name:
financing never decrypts); the team lead finds the person in the caseload by that id."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from casework import facts
from financing import rules
from financing.models import Agreement, Claim, OutcomeDefinition
from privacy.models import Purpose


@dataclass(frozen=True)
class Candidate:
    definition: OutcomeDefinition
    unit_id: object
    label: str
    achieved_on: object
    sustained: bool


def team_cohort(user, agreement: Agreement):
    in_teams = facts.team_participant_ids(user, agreement.programme)
    return facts.cohort(
        purpose=Purpose.FUNDER_REPORTING,
        programme_codes=[agreement.programme.code],
        start=agreement.start_date,
        end=agreement.end_date,
    ).filter(pk__in=in_teams)


def for_team_lead(user, agreement: Agreement) -> list[Candidate]:
    cohort = team_cohort(user, agreement)
    rows: list[Candidate] = []
    for definition in agreement.definitions.order_by("code"):
        spec = rules.rules().get(definition.rule)
        if spec is None:
            continue
        claimed = set(
            Claim.objects.filter(definition=definition, status__in=Claim.LIVE).values_list(
                "unit_id", flat=True
            )
        )
        achieved = [
            r
            for r in rules.evaluate(
                spec,
                cohort,
                sustain_days=definition.sustain_days,
                programme_code=agreement.programme.code,
            )
            if r.achieved
        ]
        if definition.unit == OutcomeDefinition.Unit.PERSON:
            for result in achieved:
                if result.subject_id in claimed:
                    continue
                rows.append(
                    Candidate(
                        definition,
                        result.subject_id,
                        f"Deelnemer {str(result.subject_id)[:8]}",
                        result.achieved_on,
                        result.sustained,
                    )
                )
        else:
            by_participant = {r.subject_id: r for r in achieved}
            seen = set()
            for row in facts.household_facts(list(by_participant)):
                household_id = row["household_id"]
                if household_id in claimed or household_id in seen:
                    continue
                seen.add(household_id)
                result = by_participant[row["participant_id"]]
                rows.append(
                    Candidate(
                        definition,
                        household_id,
                        f"Huishouden {str(household_id)[:8]}",
                        result.achieved_on,
                        result.sustained,
                    )
                )
    return rows


def participant(pk):
    found = facts.participant_ref(pk)
    if found is None:
        raise Http404
    return found


def household(pk):
    found = facts.household_ref(pk)
    if found is None:
        raise Http404
    return found
