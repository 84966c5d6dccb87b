from django.apps import AppConfig


class GezinslabConfig(AppConfig):
    name = "gezinslab"
    verbose_name = "Gezinslab"

    def ready(self) -> None:
        from casework.registry import ProgrammeSpec, register

        register(
            ProgrammeSpec(
                code="gezinslab", name_nl="Gezinslab", name_en="Family Lab", pillar="gezondheid"
            )
        )
        register(
            ProgrammeSpec(
                code="buurtgezinnen",
                name_nl="Buurtgezinnen",
                name_en="Neighbourhood Families",
                pillar="gezondheid",
            )
        )
