"""A client generated from the schema by openapi-python-client (offline, in about two seconds)
logs progress against a live server with a caseworker's token: for a participant of its own
team it succeeds and the entry exists; for another team's participant it is refused."""

from __future__ import annotations

import datetime as dt
import importlib
import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command

from casework.models import ProgressEntry
from tests.api.conftest import token_for
from tests.factories import make_participant

PACKAGE = "koers_generated_client"


@pytest.fixture
def generated(tmp_path):
    schema = tmp_path / "schema.json"
    call_command("spectacular", "--file", str(schema), "--format", "openapi-json")
    cli = shutil.which("openapi-python-client", path=str(sys.prefix) + "/bin")
    assert cli, "openapi-python-client is a test dependency (pyproject.toml)"
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")
    subprocess.run(
        [
            cli,
            "generate",
            "--path",
            str(schema),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_generated_client_logs_progress_only_for_its_own_team(
    generated, live_server, caseworker_a, caseworker_b, team_a, team_b
):
    create = importlib.import_module(f"{PACKAGE}.api.progress.progress_create")
    models = importlib.import_module(f"{PACKAGE}.models")
    own = make_participant(actor=caseworker_a, team=team_a).enrolments.get()
    other = make_participant(actor=caseworker_b, team=team_b).enrolments.get()
    client = generated.AuthenticatedClient(
        base_url=live_server.url, token=token_for(caseworker_a), raise_on_unexpected_status=True
    )

    def log(enrolment):
        body = models.ProgressCreateRequest(
            enrolment=enrolment.pk,
            date=dt.date(2025, 3, 1),
            kind=models.ProgressKindEnum.CONTACT,
            note="Huisbezoek via de API",
        )
        return create.sync_detailed(client=client, body=body)

    response = log(own)
    assert response.status_code == 201
    entry = response.parsed
    assert isinstance(entry, models.ProgressEntry)
    assert entry.note == "Huisbezoek via de API" and entry.enrolment == own.pk
    assert ProgressEntry.objects.filter(pk=entry.id, enrolment=own).exists()

    refused = log(other)
    assert refused.status_code in {403, 404}
    assert isinstance(refused.parsed, models.Problem)
    assert refused.parsed.code in {"not_found", "permission_denied"}
    assert not ProgressEntry.objects.filter(enrolment=other).exists()
