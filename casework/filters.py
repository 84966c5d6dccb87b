"""django-filter filter sets of the casework API. They narrow querysets that the selectors
already scoped to the acting user; they never widen them."""

from __future__ import annotations

import django_filters as filters
from django.core.exceptions import ValidationError

from casework.models import (
    Enrolment,
    Goal,
    Measurement,
    OutcomeValue,
    Participant,
    ProgressEntry,
    Wijk,
)


class StrictFilterSet(filters.FilterSet):
    """A date, UUID or choice filter sent without a value (``?date_from=``) is refused with
    400, as the schema says, instead of silently ignored (text filters may be empty)."""

    def is_valid(self):
        valid = super().is_valid()
        empty = [
            name
            for name, field in self.filters.items()
            if name in self.data
            and not self.data.get(name)
            and not isinstance(field, filters.CharFilter)
        ]
        for name in empty:
            if name in self.form.fields:
                self.form.add_error(name, ValidationError("Vul een waarde in.", code="required"))
        return valid and not empty


class ParticipantFilter(StrictFilterSet):
    programme = filters.CharFilter(method="by_enrolment", help_text="Programme code.")
    team = filters.CharFilter(method="by_enrolment", help_text="Team code.")
    status = filters.ChoiceFilter(
        choices=Enrolment.Status.choices, method="by_enrolment", help_text="Enrolment status."
    )
    enrolled_from = filters.DateFilter(
        method="by_enrolment", help_text="Enrolment start on or after."
    )
    enrolled_to = filters.DateFilter(
        method="by_enrolment", help_text="Enrolment start on or before."
    )
    wijk = filters.ChoiceFilter(choices=Wijk.choices, help_text="District.")

    class Meta:
        model = Participant
        fields = ["wijk"]

    LOOKUPS = {
        "programme": "programme__code",
        "team": "team__code",
        "status": "status",
        "enrolled_from": "start_date__gte",
        "enrolled_to": "start_date__lte",
    }

    def by_enrolment(self, queryset, name, value):
        enrolments = Enrolment.objects.filter(**{self.LOOKUPS[name]: value})
        return queryset.filter(pk__in=enrolments.values("participant_id"))


class EnrolmentFilter(StrictFilterSet):
    programme = filters.CharFilter(field_name="programme__code")
    team = filters.CharFilter(field_name="team__code")
    status = filters.ChoiceFilter(choices=Enrolment.Status.choices)
    wijk = filters.ChoiceFilter(field_name="participant__wijk", choices=Wijk.choices)
    participant = filters.UUIDFilter(field_name="participant_id")
    start_from = filters.DateFilter(field_name="start_date", lookup_expr="gte")
    start_to = filters.DateFilter(field_name="start_date", lookup_expr="lte")

    class Meta:
        model = Enrolment
        fields = ["programme", "team", "status", "participant"]


class _EnrolmentChildFilter(StrictFilterSet):
    enrolment = filters.UUIDFilter(field_name="enrolment_id")
    programme = filters.CharFilter(field_name="enrolment__programme__code")
    team = filters.CharFilter(field_name="enrolment__team__code")
    status = filters.ChoiceFilter(field_name="enrolment__status", choices=Enrolment.Status.choices)
    wijk = filters.ChoiceFilter(field_name="enrolment__participant__wijk", choices=Wijk.choices)
    participant = filters.UUIDFilter(field_name="enrolment__participant_id")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")


class ProgressFilter(_EnrolmentChildFilter):
    kind = filters.ChoiceFilter(choices=ProgressEntry.Kind.choices)

    class Meta:
        model = ProgressEntry
        fields = ["enrolment", "kind"]


class OutcomeValueFilter(_EnrolmentChildFilter):
    measure = filters.CharFilter(field_name="measure__code")

    class Meta:
        model = OutcomeValue
        fields = ["enrolment"]


class MeasurementFilter(_EnrolmentChildFilter):
    instrument = filters.CharFilter(field_name="instrument__code")
    wave = filters.CharFilter()

    class Meta:
        model = Measurement
        fields = ["enrolment", "wave"]


class GoalFilter(StrictFilterSet):
    enrolment = filters.UUIDFilter(field_name="plan__enrolment_id")
    programme = filters.CharFilter(field_name="plan__enrolment__programme__code")
    team = filters.CharFilter(field_name="plan__enrolment__team__code")
    status = filters.ChoiceFilter(choices=Goal.Status.choices)
    wijk = filters.ChoiceFilter(
        field_name="plan__enrolment__participant__wijk", choices=Wijk.choices
    )
    participant = filters.UUIDFilter(field_name="plan__enrolment__participant_id")
    created_from = filters.DateFilter(field_name="created_on", lookup_expr="gte")
    created_to = filters.DateFilter(field_name="created_on", lookup_expr="lte")

    class Meta:
        model = Goal
        fields = ["enrolment", "status"]
