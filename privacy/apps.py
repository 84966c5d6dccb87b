from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        # Unknown or unreadable keys stop the app here, with a message naming what to set.
        from privacy import keys

        keys.keyring()
