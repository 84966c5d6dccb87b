"""Lifecoaching: coaches (volunteer or professional role models), the coach a young person
chose, the sessions with that coach and the young person's school status over time.

Identifiers and free text are ``EncryptedField``s: a coach's name and contact under the
coach's own data key (a coach is not a participant and can be crypto-shredded alone), session
notes and school names under the young person's data key. Levels, dates and codes stay in
clear: the counters and the outcome measures need them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import EndNotBeforeStart, UUIDVersioned
from privacy.fields import EncryptedField


class Interest(models.TextChoices):
    SPORT = "sport", _("Sport")
    MUSIC = "music", _("Muziek")
    ART = "art", _("Kunst")
    TECHNOLOGY = "technology", _("Techniek")
    NATURE = "nature", _("Natuur")
    COOKING = "cooking", _("Koken")
    GAMES = "games", _("Games")
    READING = "reading", _("Lezen")
    OTHER = "other", _("Anders")


class SchoolLevel(models.TextChoices):
    """Where a young person is at school now. ``basisschool`` covers groep 1-8; ``geen`` is
    no school at all (with or without a start qualification)."""

    NONE = "geen", _("Geen school")
    PRIMARY = "basisschool", _("Basisschool (groep 1-8)")
    PRO = "pro", _("Praktijkonderwijs")
    VMBO_B = "vmbo-b", _("vmbo basis")
    VMBO_K = "vmbo-k", _("vmbo kader")
    VMBO_GT = "vmbo-gt", _("vmbo gemengd/theoretisch")
    HAVO = "havo", _("havo")
    VWO = "vwo", _("vwo")
    MBO_1 = "mbo-1", _("mbo 1 (entree)")
    MBO_2 = "mbo-2", _("mbo 2")
    MBO_3 = "mbo-3", _("mbo 3")
    MBO_4 = "mbo-4", _("mbo 4")
    HBO = "hbo", _("hbo")
    WO = "wo", _("wo")


class Advice(models.TextChoices):
    """The school advice of groep 8 (schooladvies), single and the usual combined advices."""

    PRO = "pro", _("Praktijkonderwijs")
    VMBO_B = "vmbo-b", _("vmbo basis")
    VMBO_BK = "vmbo-b/k", _("vmbo basis/kader")
    VMBO_K = "vmbo-k", _("vmbo kader")
    VMBO_KGT = "vmbo-k/gt", _("vmbo kader/gt")
    VMBO_GT = "vmbo-gt", _("vmbo gemengd/theoretisch")
    VMBO_GT_HAVO = "vmbo-gt/havo", _("vmbo-gt/havo")
    HAVO = "havo", _("havo")
    HAVO_VWO = "havo/vwo", _("havo/vwo")
    VWO = "vwo", _("vwo")


# The ordering behind "at or above the advised level" (docs/programmes/lifecoaching.md):
# one rank per track of secondary school, and the follow-on level each track normally leads
# to. A combined advice counts from its lower part. Primary school and no school have no rank.
LEVEL_RANK = {
    "pro": 0,
    "mbo-1": 0,
    "vmbo-b": 1,
    "mbo-2": 1,
    "vmbo-k": 2,
    "mbo-3": 2,
    "vmbo-gt": 3,
    "mbo-4": 3,
    "havo": 4,
    "hbo": 4,
    "vwo": 5,
    "wo": 5,
}
ADVICE_RANK = {
    "pro": 0,
    "vmbo-b": 1,
    "vmbo-b/k": 1,
    "vmbo-k": 2,
    "vmbo-k/gt": 2,
    "vmbo-gt": 3,
    "vmbo-gt/havo": 3,
    "havo": 4,
    "havo/vwo": 4,
    "vwo": 5,
}


class DropoutRisk(models.TextChoices):
    NONE = "none", _("Geen")
    SOME = "some", _("Enig")
    HIGH = "high", _("Hoog")


class Coach(UUIDVersioned):
    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Vrijwilliger")
        PROFESSIONAL = "professional", _("Professional")

    data_key = models.OneToOneField(
        "privacy.DataKey", on_delete=models.PROTECT, related_name="lifecoaching_coach"
    )
    name = EncryptedField(_("naam"))
    contact = EncryptedField(_("contactgegevens"))
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="lifecoaching_coaches"
    )
    kind = models.CharField(_("soort coach"), max_length=12, choices=Kind.choices)
    vog_date = models.DateField(_("datum VOG"), null=True, blank=True)
    vog_expiry = models.DateField(_("VOG geldig tot"), null=True, blank=True)
    interests = models.JSONField(_("interesses"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capaciteit (jongeren tegelijk)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")
        indexes = [models.Index(fields=["team", "active"], name="lifecoaching_coach_team_idx")]

    def __str__(self) -> str:  # never the name
        return f"Coach {str(self.pk)[:8]}"

    def clean(self) -> None:
        errors = {}
        if bool(self.vog_date) != bool(self.vog_expiry):
            errors["vog_expiry"] = _("Vul zowel de datum van het VOG als de geldigheid in.")
        elif self.vog_date and self.vog_expiry < self.vog_date:
            errors["vog_expiry"] = _("Het VOG kan niet verlopen voor de datum van afgifte.")
        unknown = [code for code in self.interests or [] if code not in Interest.values]
        if not isinstance(self.interests, list) or unknown:
            errors["interests"] = _("Kies interesses uit de lijst.")
        if errors:
            raise ValidationError(errors)


class CoachMatch(EndNotBeforeStart, UUIDVersioned):
    """A young person (a lifecoaching enrolment) with the coach they chose."""

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="lifecoaching_matches"
    )
    coach = models.ForeignKey(Coach, on_delete=models.PROTECT, related_name="matches")
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    chosen_by_young_person = models.BooleanField(_("gekozen door de jongere"), default=True)
    # How the choice was offered: the interests filtered on and the coaches suggested.
    interests_asked = models.JSONField(_("gevraagde interesses"), default=list, blank=True)
    suggested_coaches = models.JSONField(_("voorgestelde coaches"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("koppeling jongere-coach")
        verbose_name_plural = _("koppelingen jongere-coach")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(end_date__isnull=True),
                name="lifecoaching_one_open_match",
            )
        ]

    def __str__(self) -> str:
        return f"Koppeling {str(self.pk)[:8]}"


class CoachSession(UUIDVersioned):
    class Kind(models.TextChoices):
        ONE_ON_ONE = "one_on_one", _("Een-op-een")
        ACTIVITY = "activity", _("Activiteit")
        PARENTS = "parents", _("Met ouders")
        SCHOOL = "school", _("Op school")

    match = models.ForeignKey(CoachMatch, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("datum"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), validators=[MinValueValidator(5), MaxValueValidator(720)]
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    note = EncryptedField(_("notitie"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coachgesprek")
        verbose_name_plural = _("coachgesprekken")
        indexes = [models.Index(fields=["match", "date"], name="lifecoaching_session_idx")]

    def __str__(self) -> str:
        return f"Gesprek {str(self.pk)[:8]}"


class SchoolStatus(UUIDVersioned):
    """The young person's school situation on a date; a change is a new row."""

    enrolment = models.ForeignKey(
        "casework.Enrolment", on_delete=models.CASCADE, related_name="lifecoaching_school"
    )
    date = models.DateField(_("peildatum"))
    school_name = EncryptedField(_("school"))
    level = models.CharField(_("niveau"), max_length=12, choices=SchoolLevel.choices)
    advice = models.CharField(
        _("schooladvies groep 8"), max_length=14, choices=Advice.choices, blank=True
    )
    attendance_concern = models.BooleanField(_("zorgen over aanwezigheid"), default=False)
    dropout_risk = models.CharField(
        _("risico op voortijdig schoolverlaten"),
        max_length=6,
        choices=DropoutRisk.choices,
        default=DropoutRisk.NONE,
    )
    start_qualification = models.BooleanField(_("startkwalificatie"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schoolsituatie")
        verbose_name_plural = _("schoolsituaties")
        indexes = [models.Index(fields=["enrolment", "date"], name="lifecoaching_school_idx")]

    def __str__(self) -> str:
        return f"Schoolsituatie {str(self.pk)[:8]}"

    @property
    def at_advised_level(self) -> bool | None:
        return at_advised_level(self.level, self.advice, self.start_qualification)

    @property
    def in_education_or_qualified(self) -> bool:
        return self.level != SchoolLevel.NONE or self.start_qualification


def at_advised_level(level: str, advice: str, start_qualification: bool = False) -> bool | None:
    """True when the level is at or above the advice, False when below, None when it does not
    apply (no advice, still in primary school, or left school with a start qualification)."""
    if not advice or level == SchoolLevel.PRIMARY:
        return None
    if level == SchoolLevel.NONE:
        return None if start_qualification else False
    return LEVEL_RANK[level] >= ADVICE_RANK[advice]
