from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DataKey(models.Model):
    """The data key of one participant or household, stored only wrapped.

    Deliberately without history: a history row would keep a copy of the wrapped key and
    defeat erasure by crypto-shredding. Changes are the key rotation and the destruction,
    both recorded in the privacy services' own log.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kek_id = models.CharField(_("sleutel-id"), max_length=32)
    wrapped = models.TextField(_("verpakte sleutel"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gegevenssleutel")
        verbose_name_plural = _("gegevenssleutels")
        indexes = [models.Index(fields=["kek_id"], name="privacy_datakey_kek_idx")]

    def __str__(self) -> str:
        return f"DataKey {self.pk}"

    @property
    def is_destroyed(self) -> bool:
        return self.destroyed_at is not None


class Purpose(models.TextChoices):
    """Purposes of processing that consent is asked for."""

    CARE = "care", _("Hulpverlening")
    SHARING = "sharing", _("Delen met partnerorganisaties")
    FUNDER_REPORTING = "funder_reporting", _("Rapportage aan financiers")
    RESEARCH = "research", _("Wetenschappelijk onderzoek")


class Consent(models.Model):
    """One consent statement of a data subject for one purpose. Never edited: a change of mind
    is a new record, so the whole sequence stays (given, withdrawn, given again, ...).

    ``subject_id`` is the id of the participant; privacy knows no domain model.
    """

    class Status(models.TextChoices):
        GIVEN = "given", _("Gegeven")
        REFUSED = "refused", _("Geweigerd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject_id = models.UUIDField(_("betrokkene"), db_index=True)
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    effective_on = models.DateField(_("ingangsdatum"))
    text_version = models.CharField(_("versie toestemmingstekst"), max_length=40)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        indexes = [
            models.Index(
                fields=["subject_id", "purpose", "effective_on", "recorded_at"],
                name="privacy_consent_lookup_idx",
            ),
            models.Index(fields=["purpose", "effective_on"], name="privacy_consent_purpose_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose}:{self.status}"


class AccessLogHead(models.Model):
    """The head of the legacy (version 1) chain, kept to verify its events; no longer written."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.PositiveBigIntegerField(default=0)


class AccessEvent(models.Model):
    """Who looked at which participant's identifying data, when, why (NEN 7513 spirit).

    Append-only (database triggers refuse UPDATE and DELETE) and hash-chained: each event holds
    the keyed hash of the one before in its chain, so an altered or removed row breaks the
    chain (see ``privacy.access_log``). No history table: the chain is its own integrity
    record. Holds no identifier in plain text.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Ingezien")
        LIST = "list", _("In een lijst getoond")
        SEARCH = "search", _("Zoekresultaat")
        EDIT = "edit", _("Gewijzigd")
        EXPORT = "export", _("Geëxporteerd")
        DOWNLOAD = "download", _("Gedownload")
        BREAK_GLASS = "break_glass", _("Toegang buiten caseload geopend")
        DATA_REQUEST = "data_request", _("Inzageverzoek uitgevoerd")
        ERASURE = "erasure", _("Gewist")
        LOGIN = "login", _("Ingelogd")
        LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
        LOGOUT = "logout", _("Uitgelogd")
        ADMIN = "admin", _("Beheerhandeling")

    id = models.BigAutoField(primary_key=True)
    # Version 1 (legacy): the place in the one global chain. Version 2: chain, link, key id.
    sequence = models.PositiveBigIntegerField(unique=True, null=True, blank=True)
    chain = models.CharField(max_length=32, blank=True, default="")
    link = models.PositiveBigIntegerField(null=True, blank=True)
    key_id = models.CharField(max_length=32, blank=True, default="")
    occurred_at = models.DateTimeField()
    # No single-column indexes on user and subject: the composite indexes below lead with them.
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(max_length=150, blank=True)  # username, or the command
    roles = models.CharField(max_length=200, blank=True)
    subject_id = models.UUIDField(null=True, blank=True)
    subject_type = models.CharField(max_length=20, default="participant")
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=200)
    purpose = models.CharField(max_length=40)
    request_id = models.CharField(max_length=36, blank=True)
    break_glass = models.BooleanField(default=False)
    # Where the request came from (the client's address behind a trusted proxy).
    source_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("inzagelog")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "link"],
                condition=~models.Q(chain=""),
                name="privacy_access_chain_link",
            )
        ]
        indexes = [
            models.Index(fields=["subject_id", "occurred_at"], name="privacy_access_subject_idx"),
            models.Index(fields=["user", "occurred_at"], name="privacy_access_user_idx"),
        ]

    def __str__(self) -> str:
        return f"AccessEvent {self.pk}"


class AccessCheckpoint(models.Model):
    """Every chain's tail at one moment, keyed and chained to the checkpoint before; also
    written outside the database (``privacy.access_log.seal``). Append-only like the events."""

    number = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    # The newest event it covers; it records only the chains that grew since the checkpoint
    # before, so sealing reads only the events since then.
    through_event = models.PositiveBigIntegerField(default=0)
    heads = models.JSONField(default=dict)  # {chain: [link, hash]}
    key_id = models.CharField(max_length=32)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("controlepunt van de inzagelog")
        verbose_name_plural = _("controlepunten van de inzagelog")

    def __str__(self) -> str:
        return f"AccessCheckpoint {self.number}"


class AccessLogArchive(models.Model):
    """A year of the access log moved to a file outside the database
    (``privacy.access_log_archive``): where each chain now begins (``anchors``: the last
    archived link and hash of every chain ever archived; ``""`` is the legacy chain, by
    sequence), keyed and chained to the archive before, so that the events still in the
    database continue from a recorded anchor instead of from genesis. Append-only."""

    year = models.PositiveSmallIntegerField(unique=True)
    created_at = models.DateTimeField()
    ends_at = models.DateTimeField()  # every event before this moment was archived
    events = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)  # of the archive file
    anchors = models.JSONField(default=dict)  # {chain: [link, hash]}
    key_id = models.CharField(max_length=32)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("archief van de inzagelog")
        verbose_name_plural = _("archieven van de inzagelog")

    def __str__(self) -> str:
        return f"AccessLogArchive {self.year}"


class DataSubjectRequest(models.Model):
    """A request of a data subject under the GDPR, with its deadline (one month, art. 12(3))."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Inzage (art. 15)")
        RECTIFICATION = "rectification", _("Rectificatie (art. 16)")
        ERASURE = "erasure", _("Wissen (art. 17)")
        RESTRICTION = "restriction", _("Beperking (art. 18)")
        OBJECTION = "objection", _("Bezwaar (art. 21)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In behandeling")
        DONE = "done", _("Afgehandeld")
        REFUSED = "refused", _("Afgewezen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject_id = models.UUIDField(_("betrokkene"), db_index=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("ontvangen op"))
    deadline = models.DateField(_("uiterste datum"))
    extended = models.BooleanField(_("verlengd"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="open")
    handled_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verzoek van betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")
        ordering = ["deadline"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.status}"


class ErasureRequest(models.Model):
    """Erasure needs two privacy officers: one requests, another confirms (and then it runs)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op bevestiging")
        DONE = "done", _("Uitgevoerd")
        CANCELLED = "cancelled", _("Ingetrokken")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject_id = models.UUIDField(_("betrokkene"), db_index=True)
    reason = models.TextField(_("reden"))  # an envelope under the privacy office's own key
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    executed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wisverzoek")
        verbose_name_plural = _("wisverzoeken")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(confirmed_by=models.F("requested_by")),
                name="privacy_erasure_four_eyes",
            ),
            models.UniqueConstraint(
                fields=["subject_id"],
                condition=models.Q(status="pending"),
                name="privacy_one_pending_erasure",
            ),
        ]


class SystemKey(models.Model):
    """Names the data key under which the privacy office's own free text is sealed
    (erasure reasons): text that must outlive the participant's key."""

    name = models.SlugField(primary_key=True, max_length=40)
    data_key = models.OneToOneField(DataKey, on_delete=models.PROTECT, related_name="+")
