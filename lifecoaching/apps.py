from django.utils.translation import gettext_noop

from casework import registry
from casework.registry import MeasureSpec, NavLink, ProgrammeSpec


# The base is named through its module: Django takes the one app config class this module
# holds, so it may not import a second one.
class LifecoachingConfig(registry.ProgrammeAppConfig):
    name = "lifecoaching"
    verbose_name = "Lifecoaching"

    def programmes(self) -> tuple[ProgrammeSpec, ...]:
        from accounts.roles import CASEWORKER, PEER_EXPERT, PROGRAMME_OFFICE, TEAM_LEAD
        from lifecoaching import (
            privacy_data,
            selectors,
        )

        levels = (
            ("geen", "Geen school", "No school"),
            ("basisschool", "Basisschool (groep 1-8)", "Primary school (groups 1-8)"),
            ("pro", "Praktijkonderwijs", "Practical education"),
            ("vmbo-b", "vmbo basis", "vmbo basic"),
            ("vmbo-k", "vmbo kader", "vmbo advanced vocational"),
            ("vmbo-gt", "vmbo gemengd/theoretisch", "vmbo mixed/theoretical"),
            ("havo", "havo", "havo (senior general secondary)"),
            ("vwo", "vwo", "vwo (pre-university)"),
            ("mbo-1", "mbo 1 (entree)", "mbo 1 (entry)"),
            ("mbo-2", "mbo 2", "mbo 2"),
            ("mbo-3", "mbo 3", "mbo 3"),
            ("mbo-4", "mbo 4", "mbo 4"),
            ("hbo", "hbo", "hbo (university of applied sciences)"),
            ("wo", "wo", "wo (university)"),
        )
        return (
            ProgrammeSpec(
                code="lifecoaching",
                name_nl="Lifecoaching",
                name_en="Life coaching",
                pillar="leren",
                # Young people: the youth-care file regime, 20 years after the end.
                retention_years=20,
                measures=(
                    MeasureSpec(
                        code="lifecoaching_school_level",
                        label_nl="Schoolniveau",
                        label_en="School level",
                        kind="choice",
                        choices=levels,
                    ),
                    MeasureSpec(
                        code="lifecoaching_at_advised_level",
                        label_nl="Op of boven het schooladvies van groep 8",
                        label_en="At or above the school advice of group 8",
                        kind="boolean",
                    ),
                    MeasureSpec(
                        code="lifecoaching_in_education_or_qualified",
                        label_nl="Op school of met startkwalificatie (geen uitval)",
                        label_en="In education or with a start qualification (no drop-out)",
                        kind="boolean",
                    ),
                    MeasureSpec(
                        code="lifecoaching_attendance_concern",
                        label_nl="Zorgen over schoolaanwezigheid",
                        label_en="Concerns about school attendance",
                        kind="boolean",
                        sensitive=True,
                    ),
                    MeasureSpec(
                        code="lifecoaching_has_coach",
                        label_nl="Heeft een coach",
                        label_en="Has a coach",
                        kind="boolean",
                    ),
                ),
                file_section=selectors.file_section,
                subject_data=privacy_data.subject_data,
                nav=(
                    NavLink(
                        "lifecoaching:home",
                        gettext_noop("Lifecoaching"),
                        frozenset({CASEWORKER, PEER_EXPERT, TEAM_LEAD}),
                    ),
                    NavLink(
                        "lifecoaching:counters",
                        gettext_noop("Lifecoaching cijfers"),
                        frozenset({PROGRAMME_OFFICE, TEAM_LEAD}),
                    ),
                ),
            ),
        )
