"""The programme parts of a participant's file, each as far as the user may see it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext

from accounts.models import User
from casework.models import Enrolment, OutcomeValue, Participant
from casework.selectors.consent import sharing_consent_in_force
from casework.selectors.outcomes import OutcomeView, outcome_view, programmes_withheld_from
from privacy import services as privacy_services
from privacy.crypto import Cipher
from privacy.models import Purpose


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class FileSection:
    """A programme's own part of a participant's file.

    ``mode``: ``own`` (an enrolment of the user's team: read and write), ``shared`` (another
    team's programme, shown read-only because the participant's consent for sharing with
    partners is in force; each such view is logged), ``read_only`` (break-the-glass) or
    ``hidden`` (another team's programme without that consent: only that it exists) or
    ``withheld`` (a programme whose part peer experts may not see, e.g. debts).
    A programme app's ``file_section`` hook fills ``template`` and ``context``."""

    programme_code: str
    title: str
    mode: str
    key: str = ""  # unique on the page: the programme code, "-ander-team" for another team's
    template: str = ""
    context: dict = field(default_factory=dict)
    outcomes: list[OutcomeView] = field(default_factory=list)

    @property
    def writable(self) -> bool:
        return self.mode == "own"


def section_mode(
    *, enrolments: list[Enrolment], own_team_ids: set, through_glass: bool, sharing: bool
) -> str:
    if through_glass:
        return "read_only"
    if any(e.team_id in own_team_ids for e in enrolments):
        return "own"
    return "shared" if sharing else "hidden"


def programme_sections(
    user: User,
    *,
    participant: Participant,
    cipher: Cipher,
    enrolments: list[Enrolment],
    own_team_ids: set,
    through_glass: bool,
) -> list[FileSection]:
    """One section per programme the participant is (or was) enrolled in, each filled by the
    programme app's ``file_section`` hook as far as the user may see it.

    A programme's enrolments of the user's own teams form the ``own`` section; that programme's
    enrolments of other teams (e.g. an ended one of another team) form a separate section that
    is shown only under the sharing consent (and logged) or hidden, exactly like another
    programme's part: being in a programme's team never opens another team's records of it."""
    from casework.registry import programmes

    specs = programmes()
    groups = _group_by_programme_and_team(enrolments, own_team_ids, through_glass)
    sharing = None
    withheld = programmes_withheld_from(user)
    sections: list[FileSection] = []
    group_enrolments: dict[str, list[Enrolment]] = {}
    for (code, own), group in groups.items():
        if not through_glass and sharing is None and not own:
            sharing = sharing_consent_in_force(participant.pk)
        mode = section_mode(
            enrolments=group,
            own_team_ids=own_team_ids if own else set(),
            through_glass=through_glass,
            sharing=bool(sharing),
        )
        if mode != "hidden" and code in withheld:
            mode = "withheld"
        section = _empty_section(code, group, mode, other_team=not own and (code, True) in groups)
        if mode not in {"hidden", "withheld"}:
            group_enrolments[section.key] = group
            _fill_from_hook(
                section,
                specs.get(code),
                user=user,
                participant=participant,
                cipher=cipher,
                enrolments=group,
            )
        sections.append(section)
    if group_enrolments:
        _attach_latest_outcomes(sections, group_enrolments)
    _log_shared_views(user, participant, [s.programme_code for s in sections if s.mode == "shared"])
    sections.sort(key=lambda s: (s.mode in {"hidden", "withheld"}, s.title))
    return sections


def _group_by_programme_and_team(
    enrolments: list[Enrolment], own_team_ids: set, through_glass: bool
) -> dict[tuple[str, bool], list[Enrolment]]:
    """The enrolments per (programme code, of the user's own teams), in first-seen order."""
    groups: dict[tuple[str, bool], list[Enrolment]] = defaultdict(list)
    for enrolment in enrolments:
        own = not through_glass and enrolment.team_id in own_team_ids
        groups[(enrolment.programme.code, own)].append(enrolment)
    return groups


def _empty_section(
    code: str, group: list[Enrolment], mode: str, *, other_team: bool
) -> FileSection:
    """The section's heading and key; another team's part of a programme is named as such."""
    programme = group[0].programme
    title = programme.name_en if get_language() == "en" else programme.name_nl
    if other_team:
        title = gettext("%(programme)s (ander team)") % {"programme": title}
    return FileSection(
        programme_code=code,
        title=title,
        mode=mode,
        key=f"{code}-ander-team" if other_team else code,
    )


def _fill_from_hook(
    section: FileSection, spec, *, user: User, participant: Participant, cipher: Cipher, enrolments
) -> None:
    """Let the programme app's ``file_section`` hook fill the template and context."""
    if spec is None or not spec.file_section:
        return
    filled = spec.file_section(
        user=user,
        participant=participant,
        cipher=cipher,
        enrolments=enrolments,
        mode=section.mode,
    )
    if filled is not None:
        section.template, section.context = filled


def _attach_latest_outcomes(
    sections: list[FileSection], group_enrolments: dict[str, list[Enrolment]]
) -> None:
    """One query for every visible part; each part then takes its own enrolments' values."""
    section_of = {e.pk: key for key, group in group_enrolments.items() for e in group}
    language = "en" if get_language() == "en" else "nl"
    latest: dict[tuple[str, int], OutcomeValue] = {}
    for value in (
        OutcomeValue.objects.filter(enrolment_id__in=list(section_of))
        .filter(measure__programme__isnull=False)
        .select_related("measure")
        .order_by("date", "recorded_at")
    ):
        key = section_of[value.enrolment_id]
        if value.measure.programme_id == group_enrolments[key][0].programme_id:
            latest[(key, value.measure_id)] = value
    for section in sections:
        section.outcomes = [
            outcome_view(value, language)
            for (key, _m), value in sorted(latest.items(), key=lambda i: i[1].measure.code)
            if key == section.key
        ]


def _log_shared_views(user: User, participant: Participant, shared_codes: list[str]) -> None:
    """Each view of another team's part under the sharing consent is logged for that purpose."""
    if not shared_codes:
        return
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=participant.pk, what=f"programme_section:{code}", action="view"
            )
            for code in shared_codes
        ],
        purpose=Purpose.SHARING,
    )
