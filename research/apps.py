from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Onderzoek"

    def ready(self) -> None:
        from django.utils.translation import gettext_noop

        from accounts.roles import PRIVACY_OFFICER, RESEARCHER
        from casework.registry import NavLink, register_nav
        from research import worklist

        worklist.register_sources()

        register_nav(
            NavLink(
                "research:studies",
                gettext_noop("Onderzoek"),
                frozenset({RESEARCHER, PRIVACY_OFFICER}),
            )
        )
        register_nav(
            NavLink(
                "research:reidentifications",
                gettext_noop("Herleiding"),
                frozenset({PRIVACY_OFFICER}),
            )
        )
