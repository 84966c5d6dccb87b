from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts.services import ensure_role_groups

        def _roles(sender, **kwargs) -> None:
            if sender.name == self.name:
                ensure_role_groups()

        post_migrate.connect(_roles, dispatch_uid="accounts.ensure_role_groups")

        from accounts import audit

        audit.connect()
