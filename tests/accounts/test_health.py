"""The health endpoints a hosting party's probes and load balancer use."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import health

pytestmark = pytest.mark.django_db


def test_live_answers_without_an_account(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_reports_every_check_ok(client, tmp_path):
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path), KOERS_MIN_FREE_MB=1):
        response = client.get("/health/ready")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ok",
        "checks": dict.fromkeys(
            ["database", "migrations", "keys", "cache", "storage", "worker"], "ok"
        ),
    }


def _ready(client, tmp_path) -> tuple[int, dict]:
    response = client.get("/health/ready")
    return response.status_code, response.json()["checks"]


@pytest.fixture
def storage(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    settings.KOERS_MIN_FREE_MB = 1


def test_a_task_nobody_picks_up_says_to_start_a_worker(client, tmp_path, storage):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="research.tasks.run_export",
        backend_name="default",
        run_after=dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
    )
    status, checks = _ready(client, tmp_path)
    assert (status, checks["worker"]) == (200, "ok")
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(hours=1)
    )
    status, checks = _ready(client, tmp_path)
    assert status == 503
    assert "db_worker" in checks["worker"]
    assert checks["database"] == "ok"


def test_keys_that_do_not_load_are_named(client, tmp_path, storage, monkeypatch):
    def broken():
        raise ImproperlyConfigured("Set KOERS_BLIND_INDEX_KEY (base64 of 32 random bytes).")

    monkeypatch.setattr("privacy.keys.keyring", broken)
    status, checks = _ready(client, tmp_path)
    assert status == 503
    assert checks["keys"] == "Set KOERS_BLIND_INDEX_KEY (base64 of 32 random bytes)."


def test_an_unwritable_export_storage_is_named(client, tmp_path, settings):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.PRIVATE_MEDIA_ROOT = str(blocker / "private")
    status, checks = _ready(client, tmp_path)
    assert status == 503
    assert "KOERS_PRIVATE_MEDIA_ROOT" in checks["storage"]


def test_a_full_disk_is_named(client, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    settings.KOERS_MIN_FREE_MB = 10**12
    status, checks = _ready(client, tmp_path)
    assert status == 503
    assert "KOERS_MIN_FREE_MB" in checks["storage"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_cache_is_named(client, tmp_path, storage):
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=redis):
        assert health.readiness()["cache"].startswith("The cache does not answer")


def test_the_shared_redis_cache_answers(tmp_path, storage):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    with override_settings(CACHES=redis):
        assert health.readiness()["cache"] == "ok"
