from django.apps import AppConfig


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = "Resultaatfinanciering"

    def ready(self) -> None:
        from casework.registry import register_demo

        register_demo("financing", "financing.demo.seed")
