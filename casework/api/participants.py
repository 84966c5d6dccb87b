"""The participants endpoint: the caseload, decrypted a page at a time, and identity corrections."""

from __future__ import annotations

from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin, RetrieveMixin
from casework import filters, permissions, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, own_team
from casework.models import Participant
from casework.validation import Identity
from privacy.crypto import Cipher


@endpoints(
    s.ParticipantListSerializer,
    list=Op(
        "List the participants of your caseload",
        description="Participants with an active enrolment in one of your teams, newest page "
        "first by id; names, client reference and date of birth decrypted. Each returned "
        "participant is written to the access log.",
    ),
    retrieve=Op(
        "Read a participant",
        description="All identifying fields; the BSN only for caseworkers and team leads.",
        response=s.ParticipantDetailSerializer,
    ),
    create=Op(
        "Register a participant",
        s.ParticipantCreateSerializer,
        description="Registers and enrols the participant in a programme of one of your teams.",
        response=s.ParticipantDetailSerializer,
    ),
    partial_update=Op(
        "Correct a participant's identifying data",
        s.ParticipantUpdateSerializer,
        description="Send `version` as read; fields left out keep their value. A stale "
        "version gets 409 and nothing is saved.",
        response=s.ParticipantDetailSerializer,
    ),
)
class ParticipantViewSet(ListMixin, RetrieveMixin, CaseworkViewSet):
    queryset = Participant.objects.none()
    filterset_class = filters.ParticipantFilter
    serializer_class = s.ParticipantListSerializer
    logged_as = ("api_participants", "api_participant")
    subject = "pk"
    data_key = "data_key"

    def get_queryset(self):
        return selectors.visible_participants(self.request.user).select_related("data_key")

    selector = staticmethod(selectors.get_participant)

    @property
    def output_serializer(self):
        """A page lists the names; one participant is read whole (the BSN by role)."""
        if self.action == "list":
            return s.ParticipantListSerializer
        return s.ParticipantDetailSerializer

    def to_data(self, participant, cipher=None):
        if self.action == "list":
            view = selectors.decrypt_person(
                participant, cipher, show_bsn=False, fields=selectors.LIST_FIELDS
            )
        else:
            view = selectors.decrypt_person(
                participant, cipher, show_bsn=permissions.may_see_bsn(self.request.user)
            )
        return {name: getattr(view, name) for name in self.output_serializer().fields}

    def _reread(self, participant: Participant) -> Participant:
        return Participant.objects.select_related("data_key").get(pk=participant.pk)

    def create(self, request):
        data = self.parsed(s.ParticipantCreateSerializer)
        if data.get("bsn") and not permissions.may_see_bsn(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        team = own_team(request.user, data.pop("team"))
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
        return self.answer(self._reread(participant), status=201)

    def partial_update(self, request, pk=None):
        participant = self.one(pk)
        data = self.parsed(s.ParticipantUpdateSerializer)
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
        return self.answer(self._reread(participant))
