"""Delete the files of research exports older than 14 days (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from research import services


class Command(BaseCommand):
    help = "Verwijdert exports van onderzoeken die ouder zijn dan 14 dagen."

    def handle(self, *args, **options) -> None:
        count = services.expire_exports()
        self.stdout.write(f"{count} export(s) verlopen en verwijderd.")
