"""The instruments and measurements endpoints."""

from __future__ import annotations

from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin, RetrieveMixin
from casework import filters, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, CodeTableViewSet
from casework.models import Instrument, Measurement, MeasurementValue


@endpoints(
    s.InstrumentSerializer,
    list="List the active measurement instruments",
    retrieve="Read an instrument by code",
)
class InstrumentViewSet(CodeTableViewSet):
    queryset = Instrument.objects.none()
    serializer_class = s.InstrumentSerializer

    def get_queryset(self):
        return selectors.instruments()


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


@endpoints(
    s.MeasurementSerializer,
    list="List measurements of your teams' enrolments",
    retrieve="Read a measurement",
    create=Op("Record the scores of one instrument at one wave", s.MeasurementCreateSerializer),
)
class MeasurementViewSet(ListMixin, RetrieveMixin, CaseworkViewSet):
    queryset = Measurement.objects.none()
    serializer_class = s.MeasurementSerializer
    filterset_class = filters.MeasurementFilter
    http_method_names = ["get", "post", "head", "options"]
    logged_as = ("api_measurements", "api_measurement")

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

    def to_data(self, measurement, cipher=None):
        return _measurement_data(measurement)

    def create(self, request):
        data = self.parsed(s.MeasurementCreateSerializer)
        instrument = selectors.instruments().filter(code=data.pop("instrument")).first()
        if instrument is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"instrument": ["Onbekend instrument."]})
        measurement = services.record_measurement(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data.pop("enrolment")),
            instrument=instrument,
            **data,
        )
        return self.answer_created(measurement)
