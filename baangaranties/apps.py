from django.apps import AppConfig


class BaangarantiesConfig(AppConfig):
    name = "baangaranties"
    verbose_name = "Baangaranties"

    def ready(self) -> None:
        from casework.registry import ProgrammeSpec, register

        register(
            ProgrammeSpec(
                code="baangarantie",
                name_nl="Baangarantie",
                name_en="Job guarantee",
                pillar="werken",
            )
        )
