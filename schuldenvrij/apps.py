from django.utils.translation import gettext_noop

from casework import registry
from casework.registry import MeasureSpec, NavLink, ProgrammeSpec


# The base is named through its module: Django takes the one app config class this module
# holds, so it may not import a second one.
class SchuldenvrijConfig(registry.ProgrammeAppConfig):
    name = "schuldenvrij"
    verbose_name = "Leeuwarden Schuldenvrij"

    def programmes(self) -> tuple[ProgrammeSpec, ...]:
        from accounts.roles import CASEWORKER, PROGRAMME_OFFICE, TEAM_LEAD
        from schuldenvrij import (
            privacy_data,
            selectors,
        )

        return (
            ProgrammeSpec(
                code="schuldenvrij",
                name_nl="Leeuwarden Schuldenvrij",
                name_en="Leeuwarden Debt Free",
                pillar="gezondheid",
                # Wet gemeentelijke schuldhulpverlening, fiscal retention: 7 years after the end.
                retention_years=7,
                measures=(
                    MeasureSpec(
                        code="schuldenvrij_debts_outstanding",
                        label_nl="Openstaande schulden",
                        label_en="Debts outstanding",
                        kind="money",
                        unit="EUR",
                        sensitive=True,
                        description_nl="Som van de huidige bedragen van de schulden die niet "
                        "betaald of kwijtgescholden zijn; vastgelegd bij elke wijziging.",
                        description_en="Sum of the current amounts of the debts not paid or "
                        "forgiven; recorded whenever a debt changes.",
                    ),
                    MeasureSpec(
                        code="schuldenvrij_new_debts_since_forgiveness",
                        label_nl="Nieuwe schulden sinds de kwijtschelding",
                        label_en="New debts since forgiveness",
                        kind="money",
                        unit="EUR",
                        sensitive=True,
                        description_nl="Bedrag aan nieuwe schulden bij de nazorg na 6, 12 en 24 "
                        "maanden (0 als er geen nieuwe schulden zijn).",
                        description_en="Amount of new debts at the follow-ups after 6, 12 and 24 "
                        "months (0 when there are none).",
                    ),
                    # Kind decimal, not money: the room is negative when the fixed costs are
                    # higher than the income, and money values cannot be negative.
                    MeasureSpec(
                        code="schuldenvrij_monthly_room",
                        label_nl="Ruimte in het budget per maand",
                        label_en="Monthly budget room",
                        kind="decimal",
                        unit="EUR",
                        sensitive=True,
                        description_nl="Inkomen min vaste lasten per maand, uit elk "
                        "budgetoverzicht; negatief bij een tekort.",
                        description_en="Monthly income minus fixed costs, from each budget "
                        "snapshot; negative for a shortfall.",
                    ),
                ),
                file_section=selectors.file_section,
                subject_data=privacy_data.subject_data,
                # Peer experts see no financial details beyond the plan (DESIGN.md): casework
                # withholds this part and its measures' values from them.
                peer_experts_see_part=False,
                nav=(
                    NavLink(
                        "schuldenvrij:home",
                        gettext_noop("Schuldenvrij"),
                        frozenset({CASEWORKER, TEAM_LEAD}),
                    ),
                    NavLink(
                        "schuldenvrij:figures",
                        gettext_noop("Schuldenvrij cijfers"),
                        frozenset({PROGRAMME_OFFICE}),
                    ),
                ),
            ),
        )
