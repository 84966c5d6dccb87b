from __future__ import annotations

import pytest

from accounts.roles import PROGRAMME_OFFICE
from monitoring import services
from tests.factories import make_user


@pytest.fixture
def office():
    return make_user(PROGRAMME_OFFICE)


@pytest.fixture
def plan(office):
    services.load_plan(actor=office)
    return office


def csv_file(*rows: str) -> bytes:
    return ("indicator,area,year,value,source,published\n" + "\n".join(rows) + "\n").encode()
