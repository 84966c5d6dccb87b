"""The casework API (``/api/v1/``): the same selectors, services and access log as the pages.

Reads start from the selectors' scoped querysets (``visible_participants`` and friends: team
scope only, so break-the-glass is impossible through the API), decrypt one page at a time
(``selectors.decrypt_person``, one ``Cipher().load`` per page) and log every participant
whose data is returned. Writes go through ``casework.services``; a stale ``version`` gets 409.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions as drf_permissions
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import Team
from accounts.roles import FILE_ROLES
from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    ApiViewSet,
    CursorPagination,
    created,
    declare,
    parse_pk,
)
from apibase.policies import HasScope
from casework import filters, permissions, selectors, services
from casework import serializers as s
from casework.models import (
    Enrolment,
    Goal,
    Household,
    Instrument,
    Measurement,
    MeasurementValue,
    OutcomeMeasure,
    OutcomeValue,
    Participant,
    Plan,
    ProgressEntry,
    Transfer,
)
from casework.validation import Identity
from privacy import services as privacy_services
from privacy.crypto import Cipher
from privacy.models import AccessEvent

# --- common -------------------------------------------------------------------------------


class FileAccess(drf_permissions.BasePermission):
    """Only the file roles (caseworker, peer expert, team lead) reach case data."""

    def has_permission(self, request, view):
        return permissions.has_file_access(request.user)


class CaseworkViewSet(ApiViewSet):
    permission_classes = [drf_permissions.IsAuthenticated, FileAccess, HasScope]


def _log(user, subject_ids, what: str, action: str, subject_type: str = "participant") -> None:
    """One access event per subject returned (purpose care), like the pages write."""
    seen = list(dict.fromkeys(subject_ids))
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=subject_id, what=what, action=action, subject_type=subject_type
            )
            for subject_id in seen
        ],
        purpose="care",
    )


def _team(user, code: str) -> Team:
    team = Team.objects.filter(code=code, active=True, memberships__user=user).first()
    if team is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"team": ["Geen actief team van u met deze code."]})
    return team


# --- participants -------------------------------------------------------------------------


def _person(view) -> dict:
    return {name: getattr(view, name) for name in s.ParticipantDetailSerializer().fields}


@extend_schema_view(
    list=extend_schema(
        summary="List the participants of your caseload",
        description="Participants with an active enrolment in one of your teams, newest page "
        "first by id; names, client reference and date of birth decrypted. Each returned "
        "participant is written to the access log.",
        responses={200: s.ParticipantListSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a participant",
        description="All identifying fields; the BSN only for caseworkers and team leads.",
        responses={200: s.ParticipantDetailSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Register a participant",
        description="Registers and enrols the participant in a programme of one of your teams.",
        request=s.ParticipantCreateSerializer,
        responses={201: s.ParticipantDetailSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Correct a participant's identifying data",
        description="Send `version` as read; fields left out keep their value. A stale "
        "version gets 409 and nothing is saved.",
        request=s.ParticipantUpdateSerializer,
        responses={200: s.ParticipantDetailSerializer, **UPDATE_ERRORS},
    ),
)
class ParticipantViewSet(CaseworkViewSet):
    queryset = Participant.objects.none()
    filterset_class = filters.ParticipantFilter
    serializer_class = s.ParticipantListSerializer

    def get_queryset(self):
        return selectors.visible_participants(self.request.user).select_related("data_key")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        cipher = Cipher().load(p.data_key for p in page)
        people = [
            selectors.decrypt_person(p, cipher, show_bsn=False, fields=selectors.LIST_FIELDS)
            for p in page
        ]
        _log(request.user, [p.pk for p in page], "api_participants", AccessEvent.Action.LIST)
        data = [
            {name: getattr(v, name) for name in s.ParticipantListSerializer().fields}
            for v in people
        ]
        return self.get_paginated_response(s.ParticipantListSerializer(data, many=True).data)

    def _detail(self, participant: Participant) -> dict:
        cipher = Cipher().load([participant.data_key])
        view = selectors.decrypt_person(
            participant, cipher, show_bsn=permissions.may_see_bsn(self.request.user)
        )
        _log(self.request.user, [participant.pk], "api_participant", AccessEvent.Action.VIEW)
        return s.ParticipantDetailSerializer(_person(view)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(selectors.get_participant(request.user, parse_pk(pk))))

    def create(self, request):
        serializer = s.ParticipantCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("bsn") and not permissions.may_see_bsn(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        team = _team(request.user, data.pop("team"))
        programme = data.pop("programme")
        start_date = data.pop("start_date")
        legal_basis = data.pop("legal_basis")
        finding_place = data.pop("finding_place", "")
        participant = services.register_participant(
            actor=request.user,
            identity=Identity(**data),
            team=team,
            programme_code=programme,
            start_date=start_date,
            legal_basis=legal_basis,
            finding_place=finding_place,
        )
        participant = Participant.objects.select_related("data_key").get(pk=participant.pk)
        return created(self._detail(participant))

    def partial_update(self, request, pk=None):
        participant = selectors.get_participant(request.user, parse_pk(pk))
        serializer = s.ParticipantUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if not permissions.may_see_bsn(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied  # the service refuses too: correcting needs the whole file
        cipher = Cipher().load([participant.data_key])
        current = selectors.decrypt_person(participant, cipher, show_bsn=True)
        values = {
            name: getattr(current, name) or ""
            for name in s.IdentityInputSerializer().fields
            if name != "date_of_birth"
        }
        values["date_of_birth"] = current.date_of_birth_value
        values.update(data)
        services.update_participant(
            actor=request.user,
            participant=participant,
            expected_version=version,
            identity=Identity(**values, year_of_birth=participant.year_of_birth),
        )
        participant = Participant.objects.select_related("data_key").get(pk=participant.pk)
        return Response(self._detail(participant))


# --- households ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the households of your caseload",
        responses={200: s.HouseholdSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a household with its members",
        responses={200: s.HouseholdDetailSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Create a household around a participant of your caseload",
        request=s.HouseholdCreateSerializer,
        responses={201: s.HouseholdDetailSerializer, **WRITE_ERRORS},
    ),
)
class HouseholdViewSet(CaseworkViewSet):
    queryset = Household.objects.none()
    serializer_class = s.HouseholdSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.visible_households(self.request.user).select_related("data_key")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(h.data_key for h in page)
        data = [
            {
                "id": h.pk,
                "version": h.version,
                "wijk": h.wijk,
                "name": cipher.open(model=Household, column="name", row_pk=h.pk, envelope=h.name),
                "reference": cipher.open(
                    model=Household, column="reference", row_pk=h.pk, envelope=h.reference
                ),
            }
            for h in page
        ]
        _log(
            request.user,
            [h.pk for h in page],
            "api_households",
            AccessEvent.Action.LIST,
            subject_type="household",
        )
        return self.get_paginated_response(s.HouseholdSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        view = selectors.household_view(self.request.user, pk)
        household = view.household
        data = {
            "id": household.pk,
            "version": household.version,
            "wijk": household.wijk,
            "name": view.name,
            "reference": view.reference,
            "members": [
                {
                    "participant": m.membership.participant_id if m.person else None,
                    "role": m.membership.role,
                    "start_date": m.membership.start_date,
                    "end_date": m.membership.end_date,
                }
                for m in view.members
            ],
        }
        return s.HouseholdDetailSerializer(data).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(parse_pk(pk)))

    def create(self, request):
        serializer = s.HouseholdCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = selectors.get_participant(request.user, data["first_member"])
        household = services.create_household(
            actor=request.user,
            name=data.get("name", ""),
            reference=data.get("reference", ""),
            wijk=data.get("wijk", ""),
            first_member=participant,
            role=data["role"],
            start_date=data["start_date"],
        )
        return created(self._detail(household.pk))

    @extend_schema(
        summary="Add a participant of your caseload to a household",
        request=s.HouseholdMemberCreateSerializer,
        responses={201: s.HouseholdDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        household = selectors.get_household(request.user, parse_pk(pk))
        serializer = s.HouseholdMemberCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = selectors.get_participant(request.user, data["participant"])
        services.add_household_member(
            actor=request.user,
            household=household,
            participant=participant,
            role=data["role"],
            start_date=data["start_date"],
        )
        return created(self._detail(household.pk))


# --- enrolments ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the enrolments of your teams",
        responses={200: s.EnrolmentSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read an enrolment", responses={200: s.EnrolmentSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Enrol a participant of your caseload in another programme",
        request=s.EnrolmentCreateSerializer,
        responses={201: s.EnrolmentSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="End an enrolment (completed or stopped)",
        request=s.EnrolmentEndSerializer,
        responses={200: s.EnrolmentSerializer, **UPDATE_ERRORS},
    ),
)
class EnrolmentViewSet(CaseworkViewSet):
    queryset = Enrolment.objects.none()
    serializer_class = s.EnrolmentSerializer
    filterset_class = filters.EnrolmentFilter

    def get_queryset(self):
        return selectors.visible_enrolments(self.request.user).select_related(
            "programme", "team", "plan"
        )

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        _log(request.user, [e.participant_id for e in page], "api_enrolments", "list")
        return self.get_paginated_response(s.EnrolmentSerializer(page, many=True).data)

    def _one(self, pk) -> Enrolment:
        enrolment = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if enrolment is None:
            raise Http404
        _log(self.request.user, [enrolment.participant_id], "api_enrolment", "view")
        return enrolment

    def retrieve(self, request, pk=None):
        return Response(s.EnrolmentSerializer(self._one(pk)).data)

    def create(self, request):
        serializer = s.EnrolmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = selectors.get_participant(request.user, data["participant"])
        enrolment = services.enrol(
            actor=request.user,
            participant=participant,
            programme_code=data["programme"],
            team=_team(request.user, data["team"]),
            start_date=data["start_date"],
            legal_basis=data["legal_basis"],
            finding_place=data.get("finding_place", ""),
        )
        return created(s.EnrolmentSerializer(self._one(enrolment.pk)).data)

    def partial_update(self, request, pk=None):
        enrolment = self._one(pk)
        serializer = s.EnrolmentEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.end_enrolment(
            actor=request.user,
            enrolment=enrolment,
            expected_version=data["version"],
            end_date=data["end_date"],
            status=data["status"],
        )
        return Response(s.EnrolmentSerializer(self._one(pk)).data)


# --- plans and goals ----------------------------------------------------------------------


def _goal_data(goal: Goal, text) -> dict:
    return {
        "id": goal.pk,
        "version": goal.version,
        "plan_id": goal.plan_id,
        "enrolment": goal.plan.enrolment_id,
        "position": goal.position,
        "text": text,
        "life_domain": goal.life_domain,
        "status": goal.status,
        "created_on": goal.created_on,
    }


@extend_schema_view(
    retrieve=extend_schema(
        summary="Read a plan with its goals", responses={200: s.PlanSerializer, **READ_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Change the explanation of a plan",
        request=s.PlanUpdateSerializer,
        responses={200: s.PlanSerializer, **UPDATE_ERRORS},
    ),
)
class PlanViewSet(CaseworkViewSet):
    queryset = Plan.objects.none()
    serializer_class = s.PlanSerializer
    pagination_class = None

    def get_queryset(self):
        return Plan.objects.filter(
            enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("enrolment__participant__data_key")

    def _plan(self, pk) -> Plan:
        plan = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if plan is None:
            raise Http404
        return plan

    def _detail(self, plan: Plan) -> dict:
        cipher = Cipher().load([plan.enrolment.participant.data_key])
        goals = list(plan.goals.select_related("plan").order_by("position"))
        _log(self.request.user, [plan.enrolment.participant_id], "api_plan", "view")
        data = {
            "id": plan.pk,
            "version": plan.version,
            "enrolment": plan.enrolment_id,
            "summary": cipher.open(
                model=Plan, column="summary", row_pk=plan.pk, envelope=plan.summary
            ),
            "goals": [
                _goal_data(g, cipher.open(model=Goal, column="text", row_pk=g.pk, envelope=g.text))
                for g in goals
            ],
        }
        return s.PlanSerializer(data).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(self._plan(pk)))

    def partial_update(self, request, pk=None):
        plan = self._plan(pk)
        serializer = s.PlanUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.save_plan_summary(
            actor=request.user,
            plan=plan,
            expected_version=serializer.validated_data["version"],
            summary=serializer.validated_data["summary"],
        )
        return Response(self._detail(self._plan(pk)))


@extend_schema_view(
    list=extend_schema(
        summary="List the goals of your teams' plans",
        responses={200: s.GoalSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="Read a goal", responses={200: s.GoalSerializer, **READ_ERRORS}),
    create=extend_schema(
        summary="Add a goal to the plan of an enrolment",
        request=s.GoalCreateSerializer,
        responses={201: s.GoalSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a goal (text, status, life domain)",
        request=s.GoalUpdateSerializer,
        responses={200: s.GoalSerializer, **UPDATE_ERRORS},
    ),
)
class GoalViewSet(CaseworkViewSet):
    queryset = Goal.objects.none()
    serializer_class = s.GoalSerializer
    filterset_class = filters.GoalFilter

    def get_queryset(self):
        return Goal.objects.filter(
            plan__enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("plan__enrolment__participant__data_key")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        cipher = Cipher().load(g.plan.enrolment.participant.data_key for g in page)
        data = [
            _goal_data(g, cipher.open(model=Goal, column="text", row_pk=g.pk, envelope=g.text))
            for g in page
        ]
        _log(request.user, [g.plan.enrolment.participant_id for g in page], "api_goals", "list")
        return self.get_paginated_response(s.GoalSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        goal = selectors.get_goal(self.request.user, parse_pk(pk))
        return s.GoalSerializer(_goal_data(goal, selectors.goal_text(self.request.user, goal))).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        serializer = s.GoalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        goal = services.add_goal(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            text=data["text"],
            life_domain=data.get("life_domain", ""),
        )
        return created(self._detail(goal.pk))

    def partial_update(self, request, pk=None):
        goal = selectors.get_goal(request.user, parse_pk(pk))
        serializer = s.GoalUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.update_goal(
            actor=request.user,
            goal=goal,
            expected_version=data["version"],
            text=data["text"],
            status=data["status"],
            life_domain=data.get("life_domain", goal.life_domain),
        )
        return Response(self._detail(pk))


# --- progress -----------------------------------------------------------------------------


def _progress_data(entry: ProgressEntry, note) -> dict:
    return {
        "id": entry.pk,
        "version": entry.version,
        "enrolment_id": entry.enrolment_id,
        "participant": entry.enrolment.participant_id,
        "date": entry.date,
        "kind": entry.kind,
        "note": note,
        "author_id": entry.author_id,
        "created_at": entry.created_at,
    }


@extend_schema_view(
    list=extend_schema(
        summary="List progress entries of your teams' enrolments",
        responses={200: s.ProgressEntrySerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a progress entry", responses={200: s.ProgressEntrySerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Log progress (a contact, visit, meeting, action or milestone)",
        request=s.ProgressCreateSerializer,
        responses={201: s.ProgressEntrySerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Correct a progress entry",
        request=s.ProgressUpdateSerializer,
        responses={200: s.ProgressEntrySerializer, **UPDATE_ERRORS},
    ),
)
class ProgressViewSet(CaseworkViewSet):
    queryset = ProgressEntry.objects.none()
    serializer_class = s.ProgressEntrySerializer
    filterset_class = filters.ProgressFilter

    class Pagination(CursorPagination):
        ordering = "-created_at"

    pagination_class = Pagination

    def get_queryset(self):
        return ProgressEntry.objects.filter(
            enrolment__in=selectors.visible_enrolments(self.request.user)
        ).select_related("enrolment__participant__data_key")

    def _rows(self, entries, what: str, action: str) -> list[dict]:
        cipher = Cipher().load(e.enrolment.participant.data_key for e in entries)
        _log(self.request.user, [e.enrolment.participant_id for e in entries], what, action)
        return [
            _progress_data(
                e,
                cipher.open(model=ProgressEntry, column="note", row_pk=e.pk, envelope=e.note),
            )
            for e in entries
        ]

    def _entry(self, pk) -> ProgressEntry:
        entry = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if entry is None:
            raise Http404
        return entry

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = self._rows(page, "api_progress", "list")
        return self.get_paginated_response(s.ProgressEntrySerializer(data, many=True).data)

    def retrieve(self, request, pk=None):
        data = self._rows([self._entry(pk)], "api_progress_entry", "view")[0]
        return Response(s.ProgressEntrySerializer(data).data)

    def create(self, request):
        serializer = s.ProgressCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.log_progress(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            date=data["date"],
            kind=data["kind"],
            note=data["note"],
        )
        data = self._rows([self._entry(entry.pk)], "api_progress_entry", "view")[0]
        return created(s.ProgressEntrySerializer(data).data)

    def partial_update(self, request, pk=None):
        entry = self._entry(pk)
        serializer = s.ProgressUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.update_progress(
            actor=request.user,
            entry=entry,
            expected_version=data["version"],
            date=data["date"],
            kind=data["kind"],
            note=data["note"],
        )
        data = self._rows([self._entry(pk)], "api_progress_entry", "view")[0]
        return Response(s.ProgressEntrySerializer(data).data)


# --- instruments and measurements ---------------------------------------------------------


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
        _log(request.user, [v.participant_id for v in page], "api_outcomes", "list")
        data = [_outcome_data(v) for v in page]
        return self.get_paginated_response(s.OutcomeValueSerializer(data, many=True).data)

    def retrieve(self, request, pk=None):
        value = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if value is None:
            raise Http404
        _log(request.user, [value.participant_id], "api_outcomes", "view")
        return Response(s.OutcomeValueSerializer(_outcome_data(value)).data)


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
        _log(request.user, [m.participant_id for m in page], "api_measurements", "list")
        data = [_measurement_data(m) for m in page]
        return self.get_paginated_response(s.MeasurementSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        measurement = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if measurement is None:
            raise Http404
        _log(self.request.user, [measurement.participant_id], "api_measurement", "view")
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


# --- transfers ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List pending transfers you may decide or that your teams sent",
        responses={200: s.TransferSerializer(many=True), **LIST_ERRORS},
    ),
    create=extend_schema(
        summary="Refer or transfer an enrolment to another team (team leads)",
        request=s.TransferCreateSerializer,
        responses={201: s.TransferSerializer, **WRITE_ERRORS},
    ),
    decide=extend_schema(
        summary="Accept or refuse a transfer to your team (its team leads)",
        description="Send `version` as read. Accepting moves the enrolment, with its access, "
        "to your team. A stale version gets 409; a decided transfer gets 400.",
        request=s.TransferDecisionSerializer,
        responses={200: s.TransferSerializer, **UPDATE_ERRORS},
    ),
    cancel=extend_schema(
        summary="Cancel a pending transfer your team sent",
        description="Team leads of the sending team, or the one who requested it. A stale "
        "version gets 409; a decided transfer gets 400.",
        request=s.TransferCancelSerializer,
        responses={200: s.TransferSerializer, **UPDATE_ERRORS},
    ),
)
class TransferViewSet(CaseworkViewSet):
    queryset = Transfer.objects.none()
    serializer_class = s.TransferSerializer
    pagination_class = None
    http_method_names = ["get", "post", "head", "options"]

    @staticmethod
    def _data(view) -> dict:
        t = view.transfer
        return {
            "id": t.pk,
            "version": t.version,
            "enrolment_id": t.enrolment_id,
            "participant": t.enrolment.participant_id,
            "from_team": t.from_team,
            "to_team": t.to_team,
            "reason": view.reason,
            "status": t.status,
            "incoming": view.incoming,
            "requested_at": t.requested_at,
        }

    def _decided(self, transfer: Transfer, *, incoming: bool) -> Response:
        """The transfer after a decision (no longer pending, so not in ``transfers_for``)."""
        transfer = Transfer.objects.select_related(
            "enrolment__participant__data_key", "from_team", "to_team"
        ).get(pk=transfer.pk)
        participant = transfer.enrolment.participant
        cipher = Cipher().load([participant.data_key])
        reason = cipher.open(
            model=Transfer, column="reason", row_pk=transfer.pk, envelope=transfer.reason
        )
        _log(self.request.user, [participant.pk], "transfer_reason", AccessEvent.Action.VIEW)
        view = selectors.TransferView(transfer=transfer, reason=reason, incoming=incoming)
        return Response(s.TransferSerializer(self._data(view)).data)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        transfer = selectors.get_transfer_for_decision(request.user, parse_pk(pk))
        serializer = s.TransferDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        transfer = services.decide_transfer(
            actor=request.user,
            transfer=transfer,
            expected_version=data["version"],
            accept=data["decision"] == "accept",
        )
        return self._decided(transfer, incoming=True)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        transfer = (
            Transfer.objects.select_related("enrolment")
            .filter(
                pk=parse_pk(pk), from_team_id__in=permissions.member_teams_subquery(request.user)
            )
            .first()
        )
        if transfer is None:
            raise Http404
        serializer = s.TransferCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transfer = services.cancel_transfer(
            actor=request.user,
            transfer=transfer,
            expected_version=serializer.validated_data["version"],
        )
        return self._decided(transfer, incoming=False)

    def list(self, request):
        views = selectors.transfers_for(request.user)
        return Response(s.TransferSerializer([self._data(v) for v in views], many=True).data)

    def create(self, request):
        serializer = s.TransferCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        to_team = Team.objects.filter(code=data["to_team"], active=True).first()
        if to_team is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"to_team": ["Onbekend team."]})
        transfer = services.request_transfer(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            to_team=to_team,
            reason=data["reason"],
        )
        view = next(
            v for v in selectors.transfers_for(request.user) if v.transfer.pk == transfer.pk
        )
        return created(s.TransferSerializer(self._data(view)).data)


router = SimpleRouter()
router.register("participants", ParticipantViewSet, basename="participant")
router.register("households", HouseholdViewSet, basename="household")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("plans", PlanViewSet, basename="plan")
router.register("goals", GoalViewSet, basename="goal")
router.register("progress", ProgressViewSet, basename="progress")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("measurements", MeasurementViewSet, basename="measurement")
router.register("measures", MeasureViewSet, basename="measure")
router.register("outcomes", OutcomeValueViewSet, basename="outcome")
router.register("transfers", TransferViewSet, basename="transfer")

# Every casework endpoint: the file roles only (the rest gets 403); scope within the view.
urlpatterns = declare(router.urls, roles=FILE_ROLES)

__all__ = ["OpenApiParameter", "urlpatterns"]
