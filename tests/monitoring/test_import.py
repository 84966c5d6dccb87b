from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from monitoring import services
from monitoring.models import IndicatorValue
from tests.monitoring.conftest import csv_file

pytestmark = pytest.mark.django_db


def test_a_good_file_is_written(plan, office):
    data = csv_file(
        'bijstand,leeuwarden-oost,2023,"11,2",Datacentrum sociaal domein,2024-03-01',
        "havo-of-hoger,g40,2023,43.5,CBS,2024-04-01",
    )
    summary = services.import_values(actor=office, data=data)
    assert (summary.created, summary.replaced) == (2, 0)
    assert IndicatorValue.objects.get(
        indicator__code="bijstand", area="leeuwarden-oost", year=2023
    ).value == D("11.2")


def test_every_bad_row_is_reported_and_nothing_is_written(plan, office):
    before = IndicatorValue.objects.count()
    data = csv_file(
        "bijstand,leeuwarden-oost,2023,11.2,CBS,2024-03-01",  # row 2: fine
        "onbekend,leeuwarden-oost,2023,1,CBS,2024-03-01",  # 3: unknown indicator
        "bijstand,amsterdam,2023,1,CBS,2024-03-01",  # 4: unknown area
        "bijstand,leeuwarden,1999,1,CBS,2024-03-01",  # 5: year
        "bijstand,leeuwarden,2023,veel,CBS,2024-03-01",  # 6: not a number
        "bijstand,g40,2023,101,CBS,2024-03-01",  # 7: percentage over 100
        "bijstand,leeuwarden-oost,2023,11.3,CBS,2024-03-01",  # 8: duplicate of row 2
        "gezinslab-bereik,leeuwarden-oost,2023,4,CBS,2024-03-01",  # 9: Koers computes it
        "bijstand,leeuwarden,2023,7,CBS,1-3-2024",  # 10: date
    )
    with pytest.raises(services.ImportRefused) as refused:
        services.import_values(actor=office, data=data)
    numbers = [message.split(":")[0] for message in refused.value.errors]
    assert numbers == [f"Rij {n}" for n in range(3, 11)]
    assert "rij 2" in refused.value.errors[5]
    assert "veel" not in " ".join(refused.value.errors)
    assert IndicatorValue.objects.count() == before


def test_missing_columns_refuse_the_file(plan, office):
    with pytest.raises(services.ImportRefused) as refused:
        services.import_values(actor=office, data=b"indicator,area,year\nbijstand,g40,2023\n")
    assert "value" in refused.value.errors[0]


def test_a_replaced_value_keeps_the_earlier_one_with_its_source(plan, office):
    services.import_values(
        actor=office, data=csv_file("bijstand,leeuwarden-oost,2023,11.2,CBS,2024-03-01")
    )
    summary = services.import_values(
        actor=office,
        data=csv_file("bijstand,leeuwarden-oost,2023,11.0,Datacentrum (herzien),2024-09-01"),
    )
    assert summary.replaced == 1
    value = IndicatorValue.objects.get(
        indicator__code="bijstand", area="leeuwarden-oost", year=2023
    )
    sources = [(h.value, h.source) for h in value.history.order_by("history_date")]
    assert sources == [(D("11.2"), "CBS"), (D("11.0"), "Datacentrum (herzien)")]


def test_a_dry_run_writes_nothing(plan, office):
    before = IndicatorValue.objects.count()
    summary = services.import_values(
        actor=office,
        data=csv_file("bijstand,leeuwarden-oost,2023,11.2,CBS,2024-03-01"),
        dry_run=True,
    )
    assert summary.created == 1
    assert IndicatorValue.objects.count() == before


def test_the_command_imports_and_reports(plan, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_file("bijstand,leeuwarden-oost,2023,11.2,CBS,2024-03-01"))
    call_command("import_indicator_values", str(good), "--dry-run")
    assert "niets opgeslagen" in capsys.readouterr().out
    assert not IndicatorValue.objects.filter(year=2023).exists()
    call_command("import_indicator_values", str(good))
    assert IndicatorValue.objects.filter(year=2023).count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file("bijstand,leeuwarden-oost,2023,x,CBS,2024-03-01"))
    with pytest.raises(CommandError, match="Rij 2"):
        call_command("import_indicator_values", str(bad))


def test_rows_of_the_wrong_width_are_refused_by_their_line(plan, office):
    data = csv_file("bijstand,g40,2023,4.4,CBS,2024-03-01", "bijstand,g40,2024,4.4,CBS")
    with pytest.raises(services.ImportRefused) as refused:
        services.import_values(actor=office, data=data)
    assert refused.value.errors == ["Rij 3: verwacht 6 kolommen, gevonden 5."]
    assert not IndicatorValue.objects.filter(year__in=[2023, 2024]).exists()
