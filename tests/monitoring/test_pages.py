import io

import pytest
from django.urls import reverse

from accounts.roles import CASEWORKER
from monitoring.models import IndicatorValue, Node
from tests.factories import make_user
from tests.helpers import refused_page
from tests.monitoring.conftest import csv_file

pytestmark = pytest.mark.django_db


def test_the_public_monitor_needs_no_login(client, plan):
    response = client.get(reverse("monitoring:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Zitten we op koers?" in page
    assert "Werken" in page and "Bijgewerkt op" in page
    assert reverse("monitoring:open_data_csv") in page


def test_the_indicator_page_has_a_chart_and_its_table_in_dutch_figures(client, plan):
    response = client.get(reverse("monitoring:indicator", args=["bijstand"]))
    page = response.content.decode()
    assert "<svg" in page and "<table" in page
    assert "11,7%" in page and "7,6%" in page and "4,6%" in page
    woz = client.get(reverse("monitoring:indicator", args=["woz-waarde"])).content.decode()
    assert "€ 119.000" in woz


def test_unknown_pillar_or_indicator_is_a_404(client, plan):
    assert client.get(reverse("monitoring:pillar", args=["nergens"])).status_code == 404
    assert client.get(reverse("monitoring:indicator", args=["nergens"])).status_code == 404


def test_the_programme_office_lands_on_the_monitor(client, office):
    client.force_login(office)
    assert client.get("/").url == reverse("monitoring:home")


def test_others_cannot_manage(client, plan):
    client.force_login(make_user(CASEWORKER))
    assert client.get(reverse("monitoring:manage")).status_code == 403


def test_open_data_has_every_figure_with_source_and_date(client, plan):
    response = client.get(reverse("monitoring:open_data_csv"))
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "indicator,name,unit,area,year,value,source,updated"
    assert any(line.startswith("bijstand,") and ",g40,2021,4.60," in line for line in lines)
    data = client.get(reverse("monitoring:open_data_json")).json()
    assert len(data["figures"]) == len(lines) - 1


def test_the_api_is_open_to_anonymous_callers(client, plan):
    indicators = client.get("/api/v1/monitor/indicators/").json()
    assert {"bijstand", "gezinslab-bereik"} <= {row["code"] for row in indicators["results"]}
    figures = client.get("/api/v1/monitor/figures/?page_size=5").json()
    assert len(figures["results"]) == 5 and figures["next"]
    schema = client.get("/api/v1/schema/")  # the schema needs a login, but documents them
    assert schema.status_code in (401, 403)


def test_a_stale_edit_shows_the_conflict_message(client, plan, office):
    client.force_login(office)
    node = Node.objects.get(code="werken")
    url = reverse("monitoring:node_edit", args=["werken"])
    form = {"title_nl": "Werk", "position": 2, "version": node.version}
    assert client.post(url, form).status_code == 302
    stale = {**form, "title_nl": "Werken en leren"}
    assert "Iemand anders heeft dit intussen gewijzigd" in refused_page(client, url, stale)
    assert Node.objects.get(code="werken").title_nl == "Werk"


def test_the_import_page_lists_every_refused_row(client, plan, office):
    client.force_login(office)
    data = csv_file(
        "bijstand,amsterdam,2023,1,CBS,2024-03-01", "bijstand,g40,2023,x,CBS,2024-03-01"
    )
    upload = io.BytesIO(data)
    upload.name = "waarden.csv"
    response = client.post(reverse("monitoring:import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Rij 2" in page and "Rij 3" in page
    assert not IndicatorValue.objects.filter(year=2023).exists()
    upload = io.BytesIO(csv_file("bijstand,g40,2023,4.4,CBS,2024-03-01"))
    upload.name = "waarden.csv"
    response = client.post(reverse("monitoring:import"), {"file": upload})
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(year=2023).count() == 1


def test_the_review_downloads_hold_no_formula(client, plan, office):
    from openpyxl import load_workbook

    client.force_login(office)
    node = Node.objects.get(code="werken-geen-jongeren-in-bijstand")
    node.title_nl = '=HYPERLINK("x")'
    node.save()
    response = client.get(reverse("monitoring:review"), {"year": 2025, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Pijler", "SMART-doel", "Fase", "Indicator")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert any(row[3] == "Percentage in de bijstand" for row in rows)


@pytest.mark.pdf
def test_the_review_as_pdf(client, plan, office):
    client.force_login(office)
    response = client.get(reverse("monitoring:review"), {"year": 2025, "format": "pdf"})
    assert response.content.startswith(b"%PDF")


def test_the_monitor_speaks_english_when_asked(client, plan):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("monitoring:indicator", args=["bijstand"])).content.decode()
    assert "Percentage on social assistance" in page
    assert "Percentage in de bijstand" not in page
    assert "11.7%" in page  # English number format


def test_open_data_cells_never_run_as_formulas(client, plan, office):
    from monitoring.models import Indicator

    indicator = Indicator.objects.get(code="bijstand")
    indicator.name_nl = '=HYPERLINK("x")'
    indicator.save()
    body = b"".join(client.get(reverse("monitoring:open_data_csv")).streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body and ',"=HYPERLINK' not in body
