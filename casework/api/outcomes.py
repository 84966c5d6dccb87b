"""The outcome endpoints: measure definitions and recorded outcome values."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from apibase.framework import LIST_ERRORS, READ_ERRORS, parse_pk
from casework import filters, selectors
from casework import serializers as s
from casework.api.common import CaseworkViewSet, log_returned
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


@extend_schema_view(
    list=extend_schema(
        summary="List the outcome measures",
        description="Every outcome measure of the casework core and the programmes: code, "
        "labels in Dutch and English, kind and choices. Reference data, no personal data.",
        responses={200: s.MeasureSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read an outcome measure", responses={200: s.MeasureSerializer, **READ_ERRORS}
    ),
)
class MeasureViewSet(CaseworkViewSet):
    queryset = OutcomeMeasure.objects.none()
    serializer_class = s.MeasureSerializer
    pagination_class = None
    lookup_field = "code"
    http_method_names = ["get", "head", "options"]

    def list(self, request):
        data = [_measure_data(m) for m in selectors.measure_definitions()]
        return Response(s.MeasureSerializer(data, many=True).data)

    def retrieve(self, request, code=None):
        measure = selectors.measure_definitions().filter(code=code).first()
        if measure is None:
            raise Http404
        return Response(s.MeasureSerializer(_measure_data(measure)).data)


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


@extend_schema_view(
    list=extend_schema(
        summary="List outcome values of your teams' enrolments",
        description="Dated values of the outcome measures that the programmes record (debts "
        "outstanding, school status, employment status, placement retention, goal attainment). "
        "Each participant returned is written to the access log.",
        responses={200: s.OutcomeValueSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read an outcome value", responses={200: s.OutcomeValueSerializer, **READ_ERRORS}
    ),
)
class OutcomeValueViewSet(CaseworkViewSet):
    queryset = OutcomeValue.objects.none()
    serializer_class = s.OutcomeValueSerializer
    filterset_class = filters.OutcomeValueFilter
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.visible_outcome_values(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_returned(request.user, [v.participant_id for v in page], "api_outcomes", "list")
        data = [_outcome_data(v) for v in page]
        return self.get_paginated_response(s.OutcomeValueSerializer(data, many=True).data)

    def retrieve(self, request, pk=None):
        value = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if value is None:
            raise Http404
        log_returned(request.user, [value.participant_id], "api_outcomes", "view")
        return Response(s.OutcomeValueSerializer(_outcome_data(value)).data)
