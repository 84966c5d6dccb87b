"""The reference data every test database holds, whichever test ran before on the worker.

A transactional test (browser tests, the live server) ends by flushing every table. The flush
then sends post_migrate, which fills the programme registry and the role groups again, but the
data migrations do not run again. This puts back what they seeded, and syncs the registry and
the role groups when a flush went without post_migrate. Three queries when nothing is missing.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

# Model whose rows a data migration seeds -> that migration (with a ``seed(apps, editor)``).
DATA_MIGRATIONS = {"gezinslab.SystemOrganisation": "gezinslab.migrations.0002_system_organisations"}


def ensure_reference_data() -> None:
    from django.contrib.auth.models import Group

    from accounts.services import ensure_role_groups
    from casework.models import Programme
    from casework.services import sync_registry

    if not Programme.objects.exists():
        sync_registry()
    if not Group.objects.exists():  # a flush without post_migrate takes the role groups too
        ensure_role_groups()
    for label, module in DATA_MIGRATIONS.items():
        if not apps.get_model(label).objects.exists():
            import_module(module).seed(apps, None)
