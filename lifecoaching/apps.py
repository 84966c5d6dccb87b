from django.apps import AppConfig


class LifecoachingConfig(AppConfig):
    name = "lifecoaching"
    verbose_name = "Lifecoaching"

    def ready(self) -> None:
        from casework.registry import ProgrammeSpec, register

        register(
            ProgrammeSpec(
                code="lifecoaching", name_nl="Lifecoaching", name_en="Life coaching", pillar="leren"
            )
        )
