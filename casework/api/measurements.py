"""The instruments and measurements endpoints."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from apibase.framework import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, created, parse_pk
from casework import filters, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, log_returned
from casework.models import Instrument, Measurement, MeasurementValue


@extend_schema_view(
    list=extend_schema(
        summary="List the active measurement instruments",
        responses={200: s.InstrumentSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read an instrument by code",
        responses={200: s.InstrumentSerializer, **READ_ERRORS},
    ),
)
class InstrumentViewSet(CaseworkViewSet):
    queryset = Instrument.objects.none()
    serializer_class = s.InstrumentSerializer
    pagination_class = None
    lookup_field = "code"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return selectors.instruments()

    def list(self, request):
        return Response(s.InstrumentSerializer(self.get_queryset(), many=True).data)

    def retrieve(self, request, code=None):
        instrument = self.get_queryset().filter(code=code).first()
        if instrument is None:
            raise Http404
        return Response(s.InstrumentSerializer(instrument).data)


def _measurement_data(m: Measurement) -> dict:
    return {
        "id": m.pk,
        "version": m.version,
        "enrolment_id": m.enrolment_id,
        "participant_id": m.participant_id,
        "instrument": m.instrument,
        "wave": m.wave,
        "date": m.date,
        "values": {v.item: v.value for v in m.values.all()},
    }


@extend_schema_view(
    list=extend_schema(
        summary="List measurements of your teams' enrolments",
        responses={200: s.MeasurementSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a measurement", responses={200: s.MeasurementSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Record the scores of one instrument at one wave",
        request=s.MeasurementCreateSerializer,
        responses={201: s.MeasurementSerializer, **WRITE_ERRORS},
    ),
)
class MeasurementViewSet(CaseworkViewSet):
    queryset = Measurement.objects.none()
    serializer_class = s.MeasurementSerializer
    filterset_class = filters.MeasurementFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        from django.db.models import Prefetch

        return (
            Measurement.objects.filter(
                enrolment__in=selectors.visible_enrolments(self.request.user)
            )
            .select_related("instrument")
            .prefetch_related(
                Prefetch("values", queryset=MeasurementValue.objects.order_by("item"))
            )
        )

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_returned(request.user, [m.participant_id for m in page], "api_measurements", "list")
        data = [_measurement_data(m) for m in page]
        return self.get_paginated_response(s.MeasurementSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        measurement = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if measurement is None:
            raise Http404
        log_returned(self.request.user, [measurement.participant_id], "api_measurement", "view")
        return s.MeasurementSerializer(_measurement_data(measurement)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        serializer = s.MeasurementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        instrument = selectors.instruments().filter(code=data["instrument"]).first()
        if instrument is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"instrument": ["Onbekend instrument."]})
        measurement = services.record_measurement(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            instrument=instrument,
            wave=data["wave"],
            date=data["date"],
            values=data["values"],
        )
        return created(self._detail(measurement.pk))
