from django.apps import AppConfig


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = "Resultaatfinanciering"

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        # The report's tables, declared with the release policy: a bad declaration stops
        # the start-up here rather than showing on a page.
        import financing.tables  # noqa: F401
        from financing import worklist

        worklist.register_sources()
        from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD
        from casework.registry import NavLink, register_nav

        register_nav(
            NavLink(
                "financing:agreements",
                gettext_noop("Resultaatfinanciering"),
                frozenset({PROGRAMME_OFFICE, EVALUATOR, TEAM_LEAD}),
            )
        )
