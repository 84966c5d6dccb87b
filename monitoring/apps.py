from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Programmamonitor"

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        # The Koers indicators' table, declared with the release policy.
        import monitoring.tables  # noqa: F401
        from accounts.roles import PROGRAMME_OFFICE
        from casework.registry import NavLink, register_nav

        register_nav(
            NavLink("monitoring:home", gettext_noop("Monitor"), frozenset({PROGRAMME_OFFICE}))
        )
