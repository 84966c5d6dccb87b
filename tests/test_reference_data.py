"""The reference data comes back after a transactional test flushed it (tests/reference_data.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from casework.models import Instrument, OutcomeMeasure, Programme
from gezinslab.models import SystemOrganisation
from tests.reference_data import ensure_reference_data


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Programme, Instrument, OutcomeMeasure, SystemOrganisation)
    )


@pytest.mark.django_db(transaction=True)
def test_what_a_flush_removed_comes_back():
    before = _counts()
    assert all(before) and Group.objects.exists()
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert _counts() == (0, 0, 0, 0)
    ensure_reference_data()
    assert _counts() == before
    assert SystemOrganisation.objects.filter(code="uwv").exists()
