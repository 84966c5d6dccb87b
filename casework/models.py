"""The casework core shared by every programme.

Identifiers and free text are ``EncryptedField``s holding envelopes sealed under the data
key of their participant (or household); services encrypt, selectors decrypt. Rows that
hold encrypted cells have random UUID keys, so the key is known before the first save and
the ciphertext can be bound to it.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from privacy.cellkey import new_record_key
from privacy.fields import BlindIndexField, EncryptedField


class Wijk(models.TextChoices):
    OUD_OOST = "oud-oost", "Oud-Oost"
    BILGAARD = "bilgaard", "Bilgaard"
    VRIJHEIDSWIJK = "vrijheidswijk", "Vrijheidswijk"
    HEECHTERP_SCHIERINGEN = "heechterp-schieringen", "Heechterp-Schieringen"
    CAMMINGHABUREN = "camminghaburen", "Camminghaburen"


class Gender(models.TextChoices):
    MAN = "M", _("Man")
    WOMAN = "V", _("Vrouw")
    X = "X", _("X (non-binair)")
    UNKNOWN = "O", _("Onbekend")


class Versioned(models.Model):
    """Optimistic locking: services save only when the version read is still current."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class UUIDVersioned(Versioned):
    """A versioned row with a random UUID key: known before the first save, so an encrypted
    cell's ciphertext can be bound to it, and telling nothing about when the row was made."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class EndNotBeforeStart:
    """``clean`` for a model with ``start_date`` and an optional ``end_date``: the end, when
    there is one, does not lie before the start."""

    end_before_start = _("De einddatum ligt voor de startdatum.")

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": self.end_before_start})


class Programme(models.Model):
    """Mirror of the programme registry (``casework.registry``)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200)
    pillar = models.CharField(_("pijler"), max_length=40)
    active = models.BooleanField(_("actief"), default=True)
    # The teams that run this programme: the only teams an enrolment can be transferred to.
    teams = models.ManyToManyField(
        "accounts.Team",
        blank=True,
        related_name="programmes",
        verbose_name=_("teams die het programma uitvoeren"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name_nl


class Participant(UUIDVersioned):
    data_key = models.OneToOneField(
        "privacy.DataKey", on_delete=models.PROTECT, related_name="participant"
    )
    given_name = EncryptedField(_("voornaam"))
    family_name = EncryptedField(_("achternaam"))
    bsn = EncryptedField(_("BSN"))
    bsn_index = BlindIndexField(unique=True)
    date_of_birth = EncryptedField(_("geboortedatum"))
    street = EncryptedField(_("straat"))
    house_number = EncryptedField(_("huisnummer"))
    postcode = EncryptedField(_("postcode"))
    city = EncryptedField(_("woonplaats"))
    phone = EncryptedField(_("telefoon"))
    email = EncryptedField(_("e-mail"))
    client_ref = EncryptedField(_("cliëntnummer"))
    client_ref_index = BlindIndexField(unique=True)
    # In clear: only what statistics need.
    year_of_birth = models.PositiveSmallIntegerField(
        _("geboortejaar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    wijk = models.CharField(_("wijk"), max_length=30, choices=Wijk.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The permanent random key of the cell key method (privacy.cellkey): drawn once, never
    # changed, never shown or exported; published figures add noise looked up by the sum of
    # the keys of the people they count. Not in the history (it never changes).
    record_key = models.PositiveSmallIntegerField(default=new_record_key, editable=False)
    history = HistoricalRecords(excluded_fields=["record_key"])

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        permissions = [("break_glass", "May open this file outside the caseload (time-limited)")]

    def __str__(self) -> str:  # never an identifier
        return f"Deelnemer {str(self.pk)[:8]}"


class Household(UUIDVersioned):
    data_key = models.OneToOneField(
        "privacy.DataKey", on_delete=models.PROTECT, related_name="household"
    )
    name = EncryptedField(_("naam"))
    reference = EncryptedField(_("huishoudnummer"))
    reference_index = BlindIndexField(unique=True)
    wijk = models.CharField(_("wijk"), max_length=30, choices=Wijk.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self) -> str:
        return f"Huishouden {str(self.pk)[:8]}"


class HouseholdMembership(EndNotBeforeStart, Versioned):
    end_before_start = _("De einddatum ligt voor de begindatum.")

    class Role(models.TextChoices):
        PARENT = "parent", _("Ouder")
        CHILD = "child", _("Kind")
        PARTNER = "partner", _("Partner")
        OTHER = "other", _("Anders")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="household_memberships"
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices)
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lid van huishouden")
        verbose_name_plural = _("leden van huishoudens")
        indexes = [models.Index(fields=["participant", "end_date"], name="casework_hhm_part_idx")]


class Enrolment(EndNotBeforeStart, UUIDVersioned):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Actief")
        PAUSED = "paused", _("Gepauzeerd")
        COMPLETED = "completed", _("Afgerond")
        STOPPED = "stopped", _("Voortijdig gestopt")

    class FindingPlace(models.TextChoices):
        SCHOOL = "school", _("School")
        COMMUNITY_CENTRE = "community_centre", _("Buurthuis / wijkcentrum")
        GP = "gp", _("Huisarts")
        SOCIAL_TEAM = "social_team", _("Sociaal wijkteam")
        HOUSING = "housing", _("Woningcorporatie")
        SELF = "self", _("Eigen aanmelding")
        PARTNER = "partner", _("Partnerorganisatie")
        OTHER = "other", _("Anders")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Toestemming (AVG art. 6.1.a)")
        CONTRACT = "contract", _("Overeenkomst (AVG art. 6.1.b)")
        LEGAL_OBLIGATION = "legal_obligation", _("Wettelijke plicht (AVG art. 6.1.c)")
        PUBLIC_TASK = "public_task", _("Publieke taak (AVG art. 6.1.e)")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="enrolments"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="enrolments")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casemanager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_enrolments",
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    finding_place = models.CharField(
        _("vindplaats"), max_length=20, choices=FindingPlace.choices, blank=True
    )
    legal_basis = models.CharField(_("grondslag"), max_length=20, choices=LegalBasis.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        indexes = [
            models.Index(fields=["team", "status", "participant"], name="casework_enr_scope_idx"),
            models.Index(fields=["participant", "status"], name="casework_enr_part_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}:{str(self.pk)[:8]}"


class Plan(UUIDVersioned):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="plan")
    summary = EncryptedField(_("toelichting"))
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")


class Goal(UUIDVersioned):
    class Status(models.TextChoices):
        OPEN = "open", _("Loopt")
        ACHIEVED = "achieved", _("Bereikt")
        DROPPED = "dropped", _("Vervallen")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("volgnummer"))
    text = EncryptedField(_("doel in eigen woorden"))
    life_domain = models.CharField(_("leefgebied"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    created_on = models.DateField(_("opgesteld op"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="casework_goal_position")
        ]


class ProgressEntry(UUIDVersioned):
    class Kind(models.TextChoices):
        CONTACT = "contact", _("Contact")
        HOME_VISIT = "home_visit", _("Huisbezoek")
        MEETING = "meeting", _("Overleg")
        ACTION = "action", _("Actie")
        MILESTONE = "milestone", _("Mijlpaal")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    note = EncryptedField(_("notitie"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgang")
        indexes = [models.Index(fields=["enrolment", "date"], name="casework_progress_idx")]


class Instrument(models.Model):
    """A measurement instrument as data: items, scale and labels in Dutch and English."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200)
    definition = models.JSONField(_("definitie"))
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name_nl

    @property
    def scale_min(self) -> int:
        return int(self.definition["scale"]["min"])

    @property
    def scale_max(self) -> int:
        return int(self.definition["scale"]["max"])

    @property
    def per_goal(self) -> bool:
        return bool(self.definition.get("per_goal"))

    @property
    def items(self) -> list[dict]:
        return list(self.definition.get("items", []))

    def level_labels(self, language: str = "nl") -> dict[int, str]:
        """What each score means (the ZRM's "1 = acute problematiek" and so on), from the
        definition's ``value_labels``; empty when the instrument names no levels."""
        labels = self.definition.get("value_labels") or {}
        return {
            int(value): names.get(language) or names.get("nl", "")
            for value, names in sorted(labels.items(), key=lambda pair: int(pair[0]))
        }

    def item_label(self, code: str, language: str = "nl") -> str:
        for item in self.items:
            if item["code"] == code:
                return item.get(f"label_{language}") or item["label_nl"]
        return code


WAVE_RE = re.compile(r"^(intake|exit|follow_up|m(6|12|18|24|30|36|42|48|54|60|[0-9]{2,3}))$")


def validate_wave(value: str) -> None:
    if not WAVE_RE.match(value) or (value.startswith("m") and int(value[1:]) % 6):
        raise ValidationError(_("Onbekend peilmoment."))


class Measurement(UUIDVersioned):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="measurements")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="measurements"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    wave = models.CharField(_("peilmoment"), max_length=12, validators=[validate_wave])
    date = models.DateField(_("datum"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        indexes = [
            models.Index(fields=["participant", "instrument", "date"], name="casework_meas_idx")
        ]


class MeasurementValue(models.Model):
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="values")
    item = models.CharField(_("item"), max_length=64)
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.SmallIntegerField(_("score"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["measurement", "item"], name="casework_value_item")
        ]


class Transfer(UUIDVersioned):
    """A referral or transfer of an enrolment to another team, which accepts or refuses it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("In afwachting")
        ACCEPTED = "accepted", _("Geaccepteerd")
        REFUSED = "refused", _("Geweigerd")
        CANCELLED = "cancelled", _("Ingetrokken")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="transfers")
    from_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="incoming_transfers"
    )
    reason = EncryptedField(_("reden"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = EncryptedField(_("reden van het besluit"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        permissions = [("decide_transfer", "May accept or refuse this transfer")]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(status="pending"),
                name="casework_one_pending_transfer",
            )
        ]


class TransferUserObjectPermission(UserObjectPermissionBase):
    """Guardian grant on a single transfer (direct foreign key, no generic relation)."""

    content_object = models.ForeignKey(Transfer, on_delete=models.CASCADE)


class BreakGlassAccess(UUIDVersioned):
    """Access to a file outside one's caseload: a reason, a time limit and a flag for the
    privacy officer until reviewed. The grant itself is a guardian object permission
    (``casework.break_glass`` on the participant); this row holds reason, expiry and review."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="break_glass"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedField(_("reden"))  # under the participant's data key
    opened_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("beoordeling"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toegang buiten caseload")
        verbose_name_plural = _("toegang buiten caseload")
        indexes = [
            models.Index(
                fields=["user", "participant", "expires_at"], name="casework_btg_scope_idx"
            ),
            models.Index(fields=["reviewed_at"], name="casework_btg_review_idx"),
        ]


class ParticipantUserObjectPermission(UserObjectPermissionBase):
    """Guardian grant on a single participant (break-the-glass), direct foreign key."""

    content_object = models.ForeignKey(Participant, on_delete=models.CASCADE)


class OutcomeMeasure(models.Model):
    """Mirror of an outcome measure of the registry (``casework.registry.MeasureSpec``)."""

    class Kind(models.TextChoices):
        INTEGER = "integer", _("Geheel getal")
        DECIMAL = "decimal", _("Getal")
        MONEY = "money", _("Bedrag (euro)")
        CHOICE = "choice", _("Keuze")
        BOOLEAN = "boolean", _("Ja/nee")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="measures"
    )
    label_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    label_en = models.CharField(_("naam (Engels)"), max_length=200)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("eenheid"), max_length=20, blank=True)
    choices = models.JSONField(_("keuzes"), default=list, blank=True)  # [[value, nl, en], ...]
    sensitive = models.BooleanField(_("gevoelig"), default=False)
    description_nl = models.TextField(_("toelichting (Nederlands)"), blank=True)
    description_en = models.TextField(_("toelichting (Engels)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uitkomstmaat")
        verbose_name_plural = _("uitkomstmaten")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label_nl

    def label(self, language: str = "nl") -> str:
        return self.label_en if language == "en" else self.label_nl

    def choice_label(self, value: str, language: str = "nl") -> str:
        for code, label_nl, label_en in self.choices:
            if code == value:
                return label_en if language == "en" else label_nl
        return value


class OutcomeValue(models.Model):
    """One dated value of an outcome measure for one participant, recorded by the programme
    that measures it (``casework.services.record_outcome``). Values are corrected by recording
    a newer value; ``source`` names the programme record it came from (no identifier)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="outcome_values"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="outcome_values"
    )
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.PROTECT, related_name="values")
    date = models.DateField(_("datum"))
    value_number = models.DecimalField(
        _("waarde"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value_choice = models.CharField(_("waarde (keuze)"), max_length=40, blank=True)
    value_bool = models.BooleanField(_("waarde (ja/nee)"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uitkomstwaarde")
        verbose_name_plural = _("uitkomstwaarden")
        indexes = [
            models.Index(fields=["participant", "measure", "date"], name="casework_outcome_idx"),
            models.Index(fields=["measure", "date"], name="casework_outcome_measure_idx"),
        ]

    @property
    def value(self):
        kind = self.measure.kind
        if kind == OutcomeMeasure.Kind.CHOICE:
            return self.value_choice
        if kind == OutcomeMeasure.Kind.BOOLEAN:
            return self.value_bool
        if kind == OutcomeMeasure.Kind.INTEGER and self.value_number is not None:
            return int(self.value_number)
        return self.value_number


# Documents live in their own module (this one stays under 600 lines); imported here so that
# Django sees the table as casework's.
from casework.document_model import Document, DocumentType  # noqa: E402, F401
