"""Serializers of the Gezinslab and Buurtgezinnen API. Output serializers describe decrypted
views built through the selectors; input serializers only parse: the services validate."""

from __future__ import annotations

from rest_framework import serializers

from casework.models import Enrolment, Wijk
from gezinslab.models import Barrier, FamilyGoal, FamilyTrajectory, SupportMatch


def _codes(choices) -> str:
    """A code field documented by its values (not an enum: the names "status" and "kind" are
    used by every programme, and their enums would collide in the schema)."""
    return "One of: " + ", ".join(choices.values) + "."


VERSION_HELP = "Version for optimistic locking; send it back on update."


class _Versioned(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text=VERSION_HELP)


class VersionIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version as read.")


# --- trajectories -------------------------------------------------------------------------


class GezinslabTrajectorySerializer(_Versioned):
    household = serializers.UUIDField(help_text="Id of the household (casework).")
    team = serializers.CharField(help_text="Code of the team.")
    professional = serializers.IntegerField(help_text="User id of the professional.")
    peer_expert = serializers.IntegerField(help_text="User id of the peer expert.")
    finding_place = serializers.ChoiceField(choices=Enrolment.FindingPlace.choices)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text=_codes(FamilyTrajectory.Status))
    life_domains = serializers.ListField(child=serializers.CharField())
    plan_summary = serializers.CharField(allow_null=True, help_text="Family plan (decrypted).")


class GezinslabTrajectoryCreateSerializer(serializers.Serializer):
    household = serializers.UUIDField()
    professional = serializers.IntegerField()
    peer_expert = serializers.IntegerField()
    finding_place = serializers.ChoiceField(choices=Enrolment.FindingPlace.choices)
    start_date = serializers.DateField()
    life_domains = serializers.ListField(child=serializers.CharField(), required=False)
    plan_summary = serializers.CharField(required=False, allow_blank=True)


class GezinslabTrajectoryUpdateSerializer(VersionIn):
    professional = serializers.IntegerField(required=False)
    peer_expert = serializers.IntegerField(required=False)
    finding_place = serializers.ChoiceField(choices=Enrolment.FindingPlace.choices, required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.CharField(required=False, help_text=_codes(FamilyTrajectory.Status))
    life_domains = serializers.ListField(child=serializers.CharField(), required=False)
    plan_summary = serializers.CharField(required=False, allow_blank=True)


# --- family goals -------------------------------------------------------------------------


class GezinslabFamilyGoalSerializer(_Versioned):
    trajectory = serializers.UUIDField()
    position = serializers.IntegerField()
    text = serializers.CharField(allow_null=True, help_text="The goal in the family's words.")
    life_domain = serializers.CharField(allow_blank=True)
    status = serializers.CharField(help_text=_codes(FamilyGoal.Status))


class GezinslabFamilyGoalCreateSerializer(serializers.Serializer):
    trajectory = serializers.UUIDField()
    text = serializers.CharField()
    life_domain = serializers.CharField(required=False, allow_blank=True)


class GezinslabFamilyGoalUpdateSerializer(VersionIn):
    text = serializers.CharField(required=False)
    status = serializers.CharField(required=False, help_text=_codes(FamilyGoal.Status))
    life_domain = serializers.CharField(required=False, allow_blank=True)


# --- barriers and breakthroughs -----------------------------------------------------------


class GezinslabBarrierSerializer(_Versioned):
    trajectory = serializers.UUIDField()
    organisation = serializers.CharField(help_text="Code of the organisation (reference list).")
    kind = serializers.CharField(help_text=_codes(Barrier.Kind))
    description = serializers.CharField(allow_null=True, help_text="The rule or benefit.")
    since = serializers.DateField()
    escalated_to = serializers.CharField(allow_null=True)
    escalated_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text=_codes(Barrier.Status))
    breakthrough = serializers.UUIDField(allow_null=True, help_text="Id of its breakthrough.")


class GezinslabBarrierCreateSerializer(serializers.Serializer):
    trajectory = serializers.UUIDField()
    organisation = serializers.CharField()
    kind = serializers.CharField(help_text=_codes(Barrier.Kind))
    description = serializers.CharField()
    since = serializers.DateField()
    escalated_to = serializers.CharField(required=False, allow_blank=True)
    escalated_on = serializers.DateField(required=False, allow_null=True)


class GezinslabBarrierUpdateSerializer(VersionIn):
    organisation = serializers.CharField(required=False)
    kind = serializers.CharField(required=False, help_text=_codes(Barrier.Kind))
    description = serializers.CharField(required=False)
    since = serializers.DateField(required=False)
    escalated_to = serializers.CharField(required=False, allow_blank=True)
    escalated_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.CharField(required=False, help_text=_codes(Barrier.Status))


class GezinslabBreakthroughSerializer(_Versioned):
    barrier = serializers.UUIDField()
    how = serializers.CharField(allow_null=True)
    date = serializers.DateField()
    needs_system_change = serializers.BooleanField()
    system_change = serializers.CharField(allow_null=True)


class GezinslabBreakthroughCreateSerializer(serializers.Serializer):
    barrier = serializers.UUIDField()
    barrier_version = serializers.IntegerField(min_value=1, help_text="The barrier's version.")
    how = serializers.CharField()
    date = serializers.DateField()
    needs_system_change = serializers.BooleanField(required=False, default=False)
    system_change = serializers.CharField(required=False, allow_blank=True)


class GezinslabBreakthroughUpdateSerializer(VersionIn):
    how = serializers.CharField(required=False)
    date = serializers.DateField(required=False)
    needs_system_change = serializers.BooleanField(required=False)
    system_change = serializers.CharField(required=False, allow_blank=True)


# --- Buurtgezinnen ------------------------------------------------------------------------


class BuurtgezinnenSupportFamilySerializer(_Versioned):
    team = serializers.CharField()
    name = serializers.CharField(allow_null=True)
    contact = serializers.CharField(allow_null=True)
    wijk = serializers.CharField(allow_blank=True)
    household = serializers.UUIDField(allow_null=True)
    active = serializers.BooleanField()
    max_families = serializers.IntegerField()
    running = serializers.IntegerField(help_text="Matches running today.")


class BuurtgezinnenSupportFamilyCreateSerializer(serializers.Serializer):
    team = serializers.CharField()
    name = serializers.CharField()
    contact = serializers.CharField(required=False, allow_blank=True)
    wijk = serializers.ChoiceField(choices=Wijk.choices, required=False, allow_blank=True)
    household = serializers.UUIDField(required=False, allow_null=True)
    active = serializers.BooleanField(required=False, default=True)
    max_families = serializers.IntegerField(required=False, default=1)


class BuurtgezinnenSupportFamilyUpdateSerializer(VersionIn):
    name = serializers.CharField(required=False)
    contact = serializers.CharField(required=False, allow_blank=True)
    wijk = serializers.ChoiceField(choices=Wijk.choices, required=False, allow_blank=True)
    household = serializers.UUIDField(required=False, allow_null=True)
    active = serializers.BooleanField(required=False)
    max_families = serializers.IntegerField(required=False)


class BuurtgezinnenMatchSerializer(_Versioned):
    support_family = serializers.UUIDField()
    household = serializers.UUIDField()
    team = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    rhythm = serializers.ChoiceField(choices=SupportMatch.Rhythm.choices)
    outcome = serializers.CharField(allow_blank=True)
    evaluation = serializers.CharField(allow_null=True)
    active = serializers.BooleanField()


class BuurtgezinnenMatchCreateSerializer(serializers.Serializer):
    support_family = serializers.UUIDField()
    household = serializers.UUIDField()
    start_date = serializers.DateField()
    rhythm = serializers.ChoiceField(choices=SupportMatch.Rhythm.choices)
    end_date = serializers.DateField(required=False, allow_null=True)


class BuurtgezinnenMatchUpdateSerializer(VersionIn):
    start_date = serializers.DateField(required=False)
    rhythm = serializers.ChoiceField(choices=SupportMatch.Rhythm.choices, required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    evaluation = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=SupportMatch.Outcome.choices, required=False, allow_blank=True
    )


# --- programme office ---------------------------------------------------------------------


class GezinslabReleasedTableSerializer(serializers.Serializer):
    organisations = serializers.ListField(child=serializers.CharField())
    kinds = serializers.ListField(child=serializers.CharField())
    cells = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="cells[organisation][kind]: exact for the programme office and team leads; "
        "with the cell key method's bounded noise when method is cell_key.",
    )
    organisation_totals = serializers.ListField(child=serializers.IntegerField())
    kind_totals = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class GezinslabMedianSerializer(serializers.Serializer):
    kind = serializers.CharField()
    n = serializers.IntegerField()
    median_days = serializers.FloatField(
        allow_null=True, help_text="null without breakthroughs, or when not released."
    )


class GezinslabBarrierTableSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="alles, JJJJ, JJJJ-K1..K4 or JJJJ-MM")
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField()
    method = serializers.ChoiceField(choices=["exact", "cell_key"])
    barriers = GezinslabReleasedTableSerializer(
        help_text="Barriers that played in the period (recorded since before its end and not "
        "broken through before its start)."
    )
    open_barriers = GezinslabReleasedTableSerializer(
        help_text="Barriers still open at the end of the period."
    )
    breakthroughs = GezinslabReleasedTableSerializer(help_text="Breakthroughs in the period.")
    system_changes = serializers.IntegerField()
    median_days_to_breakthrough = GezinslabMedianSerializer(many=True)
    active_pairs = serializers.IntegerField()
    target_pairs = serializers.IntegerField()
