"""The bare baseline of ``bench_pages.py``: the caseload's 50 rows from a plain, unencrypted
table, rendered by a minimal Django view in the base template, through the same middleware.

Benchmark only: the table is created in the benchmark's own database, the view lives in a
URLconf made here (the project's URLs plus ``/bench-bare/``) that the benchmark switches to
with ``override_settings(ROOT_URLCONF=...)``. Nothing is added to the project's URLs or
models. Import after ``django.setup()``.
"""

from __future__ import annotations

import sys
import types

from django.db import connection, models
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from casework.views.common import file_access

URLCONF = "bench_bare_urls"
URL = "/bench-bare/"

TEMPLATE = """{% extends "base.html" %}{% load i18n %}
{% block title %}Bare{% endblock %}
{% block content %}
<h1 class="utrecht-heading-1">Bare</h1>
<table class="koers-table utrecht-table">
  <thead><tr><th scope="col">Naam</th><th scope="col">Cliëntnummer</th>
  <th scope="col">Geboortedatum</th><th scope="col">Team</th><th scope="col">Status</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr>
      <td><a class="utrecht-link" href="{% url 'casework:participant_file' pk=row.participant_id %}">{{ row.name }}</a></td>
      <td>{{ row.client_ref|default:"—" }}</td>
      <td>{{ row.date_of_birth|date:"SHORT_DATE_FORMAT"|default:"—" }}</td>
      <td>{{ row.team }}</td>
      <td>{{ row.status }}</td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}
"""


class BareRow(models.Model):
    """One caseload row in the clear: what a system without encryption would store."""

    participant_id = models.UUIDField()
    name = models.CharField(max_length=300)
    client_ref = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True)
    team = models.CharField(max_length=200)
    status = models.CharField(max_length=50)

    class Meta:
        app_label = "bench_bare"
        db_table = "bench_bare_row"
        managed = False


_template = engines["django"].from_string(TEMPLATE)


@file_access
def bare_caseload(request):
    rows = BareRow.objects.order_by("name")[:50]
    return HttpResponse(_template.render({"rows": rows}, request))


def install(user, team_code: str) -> None:
    """Create the bare table, fill it from ``user``'s decrypted caseload of team
    ``team_code`` once (not logged: the benchmark's own copy), and register the URLconf."""
    from casework.selectors import caseload

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_row")
    with connection.schema_editor() as editor:
        editor.create_model(BareRow)
    BareRow.objects.bulk_create(
        BareRow(
            participant_id=row.person.id,
            name=row.person.display_name,
            client_ref=row.person.client_ref or "",
            date_of_birth=row.person.date_of_birth_value,
            team=row.enrolments[0].team if row.enrolments else "",
            status=row.enrolments[0].status_label if row.enrolments else "",
        )
        for row in caseload(user, team_code=team_code, log=False)
    )
    from koers import urls

    module = types.ModuleType(URLCONF)
    module.urlpatterns = [path(URL.strip("/") + "/", bare_caseload), *urls.urlpatterns]
    sys.modules[URLCONF] = module


def remove() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_row")
