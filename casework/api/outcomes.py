"""The outcome endpoints: measure definitions and recorded outcome values."""

from __future__ import annotations

from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin, RetrieveMixin
from casework import filters, selectors
from casework import serializers as s
from casework.api.common import CaseworkViewSet, CodeTableViewSet
from casework.models import OutcomeMeasure, OutcomeValue


def _measure_data(measure) -> dict:
    return {
        "code": measure.code,
        "programme": measure.programme,
        "label_nl": measure.label_nl,
        "label_en": measure.label_en,
        "kind": measure.kind,
        "unit": measure.unit,
        "choices": [
            {"value": value, "label_nl": label_nl, "label_en": label_en}
            for value, label_nl, label_en in measure.choices
        ],
        "sensitive": measure.sensitive,
        "description_nl": measure.description_nl,
        "description_en": measure.description_en,
    }


@endpoints(
    s.MeasureSerializer,
    list=Op(
        "List the outcome measures",
        description="Every outcome measure of the casework core and the programmes: code, "
        "labels in Dutch and English, kind and choices. Reference data, no personal data.",
    ),
    retrieve="Read an outcome measure",
)
class MeasureViewSet(CodeTableViewSet):
    queryset = OutcomeMeasure.objects.none()
    serializer_class = s.MeasureSerializer

    def get_queryset(self):
        return selectors.measure_definitions()

    def to_data(self, measure, cipher=None):
        return _measure_data(measure)


def _outcome_data(value) -> dict:
    raw = value.value
    return {
        "id": value.pk,
        "participant_id": value.participant_id,
        "enrolment_id": value.enrolment_id,
        "enrolment": value.enrolment,
        "measure": value.measure,
        "date": value.date,
        "value": str(raw) if value.measure.kind in {"decimal", "money"} else raw,
    }


@endpoints(
    s.OutcomeValueSerializer,
    list=Op(
        "List outcome values of your teams' enrolments",
        description="Dated values of the outcome measures that the programmes record (debts "
        "outstanding, school status, employment status, placement retention, goal attainment). "
        "Each participant returned is written to the access log.",
    ),
    retrieve="Read an outcome value",
)
class OutcomeValueViewSet(ListMixin, RetrieveMixin, CaseworkViewSet):
    queryset = OutcomeValue.objects.none()
    serializer_class = s.OutcomeValueSerializer
    filterset_class = filters.OutcomeValueFilter
    http_method_names = ["get", "head", "options"]
    logged_as = ("api_outcomes", "api_outcomes")

    def get_queryset(self):
        return selectors.visible_outcome_values(self.request.user)

    def to_data(self, value, cipher=None):
        return _outcome_data(value)
