"""Every domain model keeps its history (django-simple-history)."""

from django.apps import apps

from tests.test_urls import PROGRAMME_APPS

# DataKey has no history on purpose: a history row would keep a copy of the wrapped key and
# defeat erasure by crypto-shredding. Guardian's grant table is bookkeeping of grants.
# The access log is append-only and hash-chained (its own integrity record) with a head row
# that serialises appends; SystemKey only names a data key.
EXEMPT = {
    "privacy.DataKey",
    "privacy.AccessEvent",
    "privacy.AccessLogHead",
    "privacy.AccessCheckpoint",
    # A year's archive record: append-only and keyed like the log itself (UPDATE refused).
    "privacy.AccessLogArchive",
    "privacy.SystemKey",
    "casework.TransferUserObjectPermission",
    "casework.ParticipantUserObjectPermission",
    # Released figures of the monitor, recomputed from tracked case data (a cache).
    "monitoring.ComputedValue",
}
DOMAIN_APPS = {"accounts", "privacy", "casework", *PROGRAMME_APPS}


def test_every_domain_model_has_history():
    missing = []
    for model in apps.get_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        if model._meta.app_label not in DOMAIN_APPS or label in EXEMPT:
            continue
        if model.__name__.startswith("Historical"):
            continue
        if not hasattr(model, "history"):
            missing.append(label)
    assert missing == []


def test_data_keys_have_no_history_table():
    from privacy.models import DataKey

    assert not hasattr(DataKey, "history")
    assert "privacy.HistoricalDataKey" not in {
        f"{m._meta.app_label}.{m.__name__}" for m in apps.get_models()
    }
