from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from casework.privacy_provider import register_provider

        register_provider()

        from casework.worklist import register_sources

        register_sources()

        def _sync(sender, **kwargs) -> None:
            # Runs once, after the last app of the project has migrated.
            if sender.name == "baangaranties":
                from casework.services import sync_registry

                sync_registry()

        post_migrate.connect(_sync, dispatch_uid="casework.sync_registry")
