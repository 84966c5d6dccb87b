from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Onderzoek"

    def ready(self) -> None:
        from casework.registry import register_demo

        register_demo("research", "research.demo.seed")
