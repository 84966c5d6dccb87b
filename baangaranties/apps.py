from casework import registry
from casework.registry import MeasureSpec, NavLink, ProgrammeSpec


# The base is named through its module: Django takes the one app config class this module
# holds, so it may not import a second one.
class BaangarantiesConfig(registry.ProgrammeAppConfig):
    name = "baangaranties"
    verbose_name = "Baangaranties"

    def programmes(self) -> tuple[ProgrammeSpec, ...]:
        from django.utils.translation import gettext_noop

        from accounts.roles import FILE_ROLES, PROGRAMME_OFFICE, TEAM_LEAD
        from baangaranties import (
            privacy_data,
            selectors,
        )

        return (
            ProgrammeSpec(
                code="baangarantie",
                name_nl="Baangarantie",
                name_en="Job guarantee",
                pillar="werken",
                # Participatiewet files: 5 years after the end.
                retention_years=5,
                measures=(
                    MeasureSpec(
                        code="baangarantie_employment_status",
                        label_nl="Arbeidssituatie",
                        label_en="Employment status",
                        kind="choice",
                        choices=(
                            ("employed", "Aan het werk", "Employed"),
                            ("work_experience", "Werkervaringsplek", "Work-experience place"),
                            ("internship", "Stage", "Internship"),
                            ("education", "Opleiding", "In education"),
                            ("unemployed", "Zonder werk", "Unemployed"),
                        ),
                        description_nl="Vastgelegd bij het begin en einde van een plaatsing.",
                        description_en="Recorded when a placement starts and ends.",
                    ),
                    MeasureSpec(
                        code="baangarantie_placement_retained",
                        label_nl="Werkt nog bij de werkgever (nazorgcheck)",
                        label_en="Still with the employer (retention check)",
                        kind="boolean",
                        description_nl="Na 3, 6 en 12 maanden na de start van een plaatsing.",
                        description_en="At 3, 6 and 12 months after a placement started.",
                    ),
                    MeasureSpec(
                        code="baangarantie_social_assistance",
                        label_nl="In de bijstand",
                        label_en="On social assistance",
                        kind="boolean",
                    ),
                ),
                file_section=selectors.file_section,
                subject_data=privacy_data.subject_data,
                nav=(
                    NavLink("baangaranties:home", gettext_noop("Baangaranties"), FILE_ROLES),
                    NavLink(
                        "baangaranties:dashboard",
                        gettext_noop("Baangaranties cijfers"),
                        frozenset({PROGRAMME_OFFICE, TEAM_LEAD}),
                    ),
                ),
            ),
        )
