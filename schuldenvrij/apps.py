from django.apps import AppConfig


class SchuldenvrijConfig(AppConfig):
    name = "schuldenvrij"
    verbose_name = "Leeuwarden Schuldenvrij"

    def ready(self) -> None:
        from casework.registry import ProgrammeSpec, register

        register(
            ProgrammeSpec(
                code="schuldenvrij",
                name_nl="Leeuwarden Schuldenvrij",
                name_en="Leeuwarden Debt Free",
                pillar="gezondheid",
            )
        )
