"""Health endpoints for the hosting party: ``/health/live`` and ``/health/ready``.

``live`` answers as long as the process serves requests (for a restart policy). ``ready`` says
whether this app server can do its work (for the load balancer): the database answers and has
every migration applied, the keys load, the cache answers, the export storage is writable with
room to spare, and no background task has waited longer than a worker would let it. Each check
names the setting or service to look at when it fails; no check reveals a value.

Both are public (a probe has no account) and exempt from the HTTPS redirect, so that a probe on
the app server's own port works; they show nothing about people.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.permissions import access


class Unhealthy(Exception):
    """A check failed; the message says what to look at (never a secret or a person's data)."""


def _database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        raise Unhealthy(
            f"The database does not answer (DATABASE_URL): {type(error).__name__}."
        ) from None


def _migrations() -> None:
    executor = MigrationExecutor(connection)
    waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if waiting:
        raise Unhealthy(f"{len(waiting)} migration(s) not applied: run `manage.py migrate`.")


def _keys() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from privacy.keys import keyring

    try:
        keyring()
    except ImproperlyConfigured as error:
        raise Unhealthy(str(error)) from None


def _cache() -> None:
    probe = f"koers:health:{uuid.uuid4().hex}"
    try:
        cache.set(probe, "1", timeout=10)
        answered = cache.get(probe)
        cache.delete(probe)
    except Exception as error:  # noqa: BLE001 - any backend's failure means "not ready"
        raise Unhealthy(
            f"The cache does not answer (KOERS_CACHE_URL): {type(error).__name__}."
        ) from None
    if answered != "1":
        raise Unhealthy("The cache does not keep a value (KOERS_CACHE_URL).")


def _storage() -> None:
    _writable_with_room(
        Path(settings.PRIVATE_MEDIA_ROOT), "The export storage", "KOERS_PRIVATE_MEDIA_ROOT"
    )


def _writable_with_room(root: Path, what: str, setting: str) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".health-{uuid.uuid4().hex}"
        try:
            probe.write_bytes(b"ok")
        finally:
            probe.unlink(missing_ok=True)
    except OSError as error:
        raise Unhealthy(f"{what} is not writable ({setting}): {error.strerror}.") from None
    free_mb = shutil.disk_usage(root).free // (1024 * 1024)
    if free_mb < settings.KOERS_MIN_FREE_MB:
        raise Unhealthy(
            f"{what} has {free_mb} MB free, less than KOERS_MIN_FREE_MB "
            f"({settings.KOERS_MIN_FREE_MB}); set {setting} to a disk with room, or make room."
        )


def _worker() -> None:
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - dt.timedelta(seconds=settings.KOERS_WORKER_STALE_SECONDS)
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    if oldest is not None and max(oldest.enqueued_at, _runs_after(oldest)) < limit:
        raise Unhealthy(
            "A background task has waited more than KOERS_WORKER_STALE_SECONDS "
            f"({settings.KOERS_WORKER_STALE_SECONDS}): is `manage.py db_worker` running?"
        )


def _runs_after(task) -> dt.datetime:
    # django-tasks-db marks "as soon as possible" with the largest date; then the enqueue counts.
    return task.enqueued_at if task.run_after.year >= 9999 else task.run_after


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "migrations": _migrations,
    "keys": _keys,
    "cache": _cache,
    "storage": _storage,
    "worker": _worker,
}


def readiness() -> dict[str, str]:
    """Each check's result: "ok" or what is wrong. The database comes first: without it the
    checks that read it are not run."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        if results.get("database", "ok") != "ok" and name in {"migrations", "worker"}:
            results[name] = "not checked: no database"
            continue
        try:
            check()
            results[name] = "ok"
        except Unhealthy as error:
            results[name] = str(error)
    return results


@access(public=True)
@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@access(public=True)
@never_cache
@require_GET
def ready(request):
    results = readiness()
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
