from django.utils.translation import gettext_noop

from casework import registry
from casework.registry import MeasureSpec, NavLink, ProgrammeSpec


# The base is named through its module: Django takes the one app config class this module
# holds, so it may not import a second one.
class GezinslabConfig(registry.ProgrammeAppConfig):
    name = "gezinslab"
    verbose_name = "Gezinslab"

    def programmes(self) -> tuple[ProgrammeSpec, ...]:
        from accounts.roles import CASEWORKER, PEER_EXPERT, PROGRAMME_OFFICE, TEAM_LEAD
        from gezinslab import (
            file_sections,
            privacy_data,
        )

        file_roles = frozenset({CASEWORKER, PEER_EXPERT, TEAM_LEAD})
        return (
            ProgrammeSpec(
                code="gezinslab",
                name_nl="Gezinslab",
                name_en="Family Lab",
                pillar="gezondheid",
                # Jeugdwet art. 7.3.8: youth-care files are kept 20 years after the end.
                retention_years=20,
                measures=(
                    MeasureSpec(
                        code="gezinslab_family_goals_achieved",
                        label_nl="Bereikte gezinsdoelen (aantal)",
                        label_en="Family goals achieved (number)",
                        kind="integer",
                        unit="doelen",
                        description_nl="Aantal doelen van het gezinsplan dat het gezin heeft "
                        "bereikt; vastgelegd voor elk gezinslid in Gezinslab zodra de status "
                        "van een gezinsdoel verandert.",
                        description_en="Number of goals of the family plan the family has "
                        "achieved; recorded for each family member in Family Lab whenever the "
                        "status of a family goal changes.",
                    ),
                ),
                file_section=file_sections.gezinslab_section,
                subject_data=privacy_data.subject_data,
                nav=(
                    NavLink("gezinslab:trajectories", gettext_noop("Gezinslab"), file_roles),
                    NavLink(
                        "gezinslab:dashboard",
                        gettext_noop("Knelpunten"),
                        frozenset({PROGRAMME_OFFICE, TEAM_LEAD}),
                    ),
                ),
            ),
            ProgrammeSpec(
                code="buurtgezinnen",
                name_nl="Buurtgezinnen",
                name_en="Neighbourhood Families",
                pillar="gezondheid",
                # Jeugdwet art. 7.3.8 (families with children): 20 years after the end.
                retention_years=20,
                measures=(
                    MeasureSpec(
                        code="buurtgezinnen_match_active",
                        label_nl="Gekoppeld aan een steungezin",
                        label_en="Matched with a support family",
                        kind="boolean",
                        description_nl="Ja vanaf de start van een koppeling met een steungezin, "
                        "nee vanaf het einde; voor elk gezinslid in Buurtgezinnen.",
                        description_en="Yes from the start of a match with a support family, "
                        "no from its end; for each family member in Neighbourhood Families.",
                    ),
                ),
                file_section=file_sections.buurtgezinnen_section,
                nav=(NavLink("gezinslab:matches", gettext_noop("Buurtgezinnen"), file_roles),),
            ),
        )
