"""Recompute the indicators Koers computes itself (run nightly, e.g. from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from monitoring import services


class Command(BaseCommand):
    help = "Bereken de Koers-indicatoren van de monitor opnieuw."

    def handle(self, *args, **options):
        stored = services.refresh_koers_values(actor=None)
        self.stdout.write(f"{stored} waarden berekend.")
