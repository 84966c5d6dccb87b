"""``manage.py seed_demo``: the demo data of every app (see ``demo.core``)."""

from django.core.management.base import BaseCommand

from demo import core


class Command(BaseCommand):
    help = "Vult de database met fictieve demogegevens (idempotent; weigert in productie)."

    def handle(self, *args, **options) -> None:
        core.seed(stdout=self.stdout, style=self.style)
