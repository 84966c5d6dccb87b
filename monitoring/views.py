"""Pages of the monitor: public pages (everyone, public figures only; the programme office
sees exact Koers figures on the same pages) and the office's pages to maintain it."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from casework.form_errors import submit
from casework.pages import form_page, initial_from, pick
from monitoring import charts, forms, review, selectors, services
from monitoring.areas import AREAS, COMPARISON, PROGRAMME_AREA
from monitoring.models import BASE_YEAR, Indicator, Node, Target
from monitoring.permissions import may_manage, office_access, public_access
from privacy.spreadsheet import csv_row

# --- public -------------------------------------------------------------------------------


@public_access
@require_http_methods(["GET"])
def home(request):
    monitor = selectors.monitor(request.user)
    return render(
        request,
        "monitoring/home.html",
        {"monitor": monitor, "may_manage": may_manage(request.user)},
    )


@public_access
@require_http_methods(["GET"])
def pillar(request, code: str):
    monitor = selectors.monitor(request.user)
    node = monitor.pillar(code)
    if node is None:
        raise Http404
    return render(request, "monitoring/pillar.html", {"monitor": monitor, "pillar": node})


@public_access
@require_http_methods(["GET"])
def indicator(request, code: str):
    monitor = selectors.monitor(request.user)
    course = monitor.courses.get(code)
    if course is None:
        raise Http404
    goals = monitor.goals_of(code)
    target = goals[0][1].target if goals else None
    areas = [PROGRAMME_AREA, *COMPARISON]
    table = [
        (year, [course.value(area, year) for area in areas], _interim(course, target, year))
        for year in course.years
    ]
    return render(
        request,
        "monitoring/indicator.html",
        {
            "monitor": monitor,
            "course": course,
            "goals": goals,
            "chart": charts.line_chart(course, target),
            "areas": [AREAS[a] for a in areas],
            "table": table,
            "wijken": [
                (AREAS[area], course.latest_in(area))
                for area in course.indicator.areas
                if area not in areas and course.latest_in(area)
            ],
            "may_manage": may_manage(request.user),
        },
    )


def _interim(course, target, year):
    if target is None or year < BASE_YEAR:
        return None
    return course.interim(target, year)


OPEN_DATA_FIELDS = ("indicator", "name", "unit", "area", "year", "value", "source", "updated")


class _Echo:
    def write(self, value):
        return value


@public_access
@require_http_methods(["GET"])
def open_data_csv(request):
    rows = selectors.open_data(selectors.monitor(request.user, where="open-data"))
    writer = csv.writer(_Echo())
    lines = (writer.writerow(csv_row(row[f] for f in OPEN_DATA_FIELDS)) for row in rows)
    response = StreamingHttpResponse(
        _with_header(writer, lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="monitor-leeuwarden-oost.csv"'
    return response


def _with_header(writer, lines):
    yield writer.writerow(OPEN_DATA_FIELDS)
    yield from lines


@public_access
@require_http_methods(["GET"])
def open_data_json(request):
    rows = selectors.open_data(selectors.monitor(request.user, where="open-data"))
    return JsonResponse(
        {"figures": [{**row, "value": str(row["value"])} for row in rows]},
        json_dumps_params={"ensure_ascii": False},
    )


# --- the programme office -------------------------------------------------------------------


# The fields of the office's edit forms: shown from the object, passed on to the service.
NODE_FIELDS = ("title_nl", "title_en", "description", "phase", "target_year", "position")
INDICATOR_FIELDS = services.tree.INDICATOR_FIELDS
BASELINE_FIELDS = ("value", "reason", "version")


@office_access
@require_http_methods(["GET"])
def manage(request):
    monitor = selectors.monitor(request.user)
    settings = monitor.settings
    return render(
        request,
        "monitoring/manage.html",
        {
            "monitor": monitor,
            "tolerance_form": forms.ToleranceForm(
                initial={"tolerance": settings.tolerance, "version": settings.version}
            ),
            "review_form": forms.ReviewForm(),
            "indicators": Indicator.objects.all(),
        },
    )


@office_access
@require_POST
def tolerance(request):
    form = forms.ToleranceForm(request.POST)
    submit(
        request,
        form,
        lambda data: services.set_tolerance(
            actor=request.user, tolerance=data["tolerance"], version=data["version"] or 1
        ),
        _("De marge is opgeslagen."),
        flash_errors=True,
    )
    return redirect("monitoring:manage")


@office_access
@require_http_methods(["GET", "POST"])
def node_edit(request, code: str):
    node = get_object_or_404(Node, code=code)
    form = forms.NodeForm(request.POST or None, initial=initial_from(node, NODE_FIELDS))

    def write(data):
        changes = {f: data[f] or "" for f in ("title_nl", "title_en", "description", "phase")}
        return services.update_node(
            actor=request.user,
            node=node,
            version=data["version"] or 0,
            target_year=data["target_year"],
            position=data["position"] or 0,
            **changes,
        )

    return form_page(
        request,
        form,
        title=_("%(title)s wijzigen") % {"title": node.title},
        back="monitoring:manage",
        write=write,
        success=_("De doelenboom is bijgewerkt."),
    )


@office_access
@require_http_methods(["GET", "POST"])
def node_new(request):
    form = forms.NewNodeForm(request.POST or None)

    def write(data):
        values = pick(data, ("code", "kind", "parent", *NODE_FIELDS))
        values["position"] = values["position"] or 0
        return services.create_node(actor=request.user, **values)

    return form_page(
        request,
        form,
        title=_("Knoop toevoegen"),
        back="monitoring:manage",
        write=write,
        success=_("De knoop is toegevoegd."),
    )


@office_access
@require_http_methods(["GET", "POST"])
def indicator_edit(request, code: str):
    item = get_object_or_404(Indicator, code=code)
    form = forms.IndicatorForm(request.POST or None, initial=initial_from(item, INDICATOR_FIELDS))

    def write(data):
        values = {f: data[f] for f in INDICATOR_FIELDS}
        values["position"] = values["position"] or 0
        return services.update_indicator(
            actor=request.user, indicator=item, version=data["version"] or 0, **values
        )

    return form_page(
        request,
        form,
        title=_("Indicator %(name)s wijzigen") % {"name": item.name},
        back=("monitoring:indicator", code),
        write=write,
        success=_("De indicator is bijgewerkt."),
    )


@office_access
@require_http_methods(["GET", "POST"])
def target_edit(request, goal: str, indicator: str):
    target = get_object_or_404(
        Target.objects.select_related("goal", "indicator"),
        goal__code=goal,
        indicator__code=indicator,
    )
    form = forms.TargetForm(request.POST or None, initial=initial_from(target, ("value",)))
    return form_page(
        request,
        form,
        title=_("Streefwaarde: %(goal)s") % {"goal": target.goal.title},
        back=("monitoring:indicator", indicator),
        intro=target.indicator.name,
        write=lambda data: services.set_target(
            actor=request.user,
            goal=target.goal,
            indicator=target.indicator,
            value=data["value"],
            version=data["version"] or 0,
        ),
        success=_("De streefwaarde is opgeslagen."),
    )


@office_access
@require_http_methods(["GET", "POST"])
def baseline_edit(request, code: str):
    item = get_object_or_404(Indicator, code=code)
    adjustment = item.adjustments.filter(area=PROGRAMME_AREA).first()
    measured = item.values.filter(area=PROGRAMME_AREA, year=2021).first()
    initial = {
        "value": adjustment.value if adjustment else (measured.value if measured else None),
        "reason": adjustment.reason if adjustment else "",
        "version": adjustment.version if adjustment else None,
    }
    form = forms.BaselineForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=_("Nulmeting van %(name)s bijstellen") % {"name": item.name},
        back=("monitoring:indicator", code),
        intro=_(
            "Het plan staat bijstellen toe als 2021 een vertekend beeld geeft. Leg de reden vast."
        ),
        write=lambda data: services.adjust_baseline(
            actor=request.user, indicator=item, area=PROGRAMME_AREA, **pick(data, BASELINE_FIELDS)
        ),
        success=_("De nulmeting is bijgesteld."),
    )


@office_access
@require_http_methods(["GET", "POST"])
def import_values(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        try:
            summary = services.import_values(
                actor=request.user, data=form.cleaned_data["file"].read(), dry_run=dry_run
            )
        except services.ImportRefused as refused:
            context["refused"] = refused.errors
            status = 400
        else:
            context["summary"] = summary
            context["dry_run"] = dry_run
            if not dry_run:
                messages.success(request, _("%(n)s waarden geïmporteerd.") % {"n": summary.total})
                return redirect("monitoring:manage")
    elif form.errors:
        status = 400
    return render(request, "monitoring/import.html", context, status=status)


@office_access
@require_POST
def refresh(request):
    stored = services.refresh_koers_values(actor=request.user)
    messages.success(
        request, _("De Koers-indicatoren zijn herberekend (%(n)s waarden).") % {"n": stored}
    )
    return redirect("monitoring:manage")


@office_access
@require_http_methods(["GET"])
def review_download(request):
    form = forms.ReviewForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Kies een jaar en een bestandsoort."))
        return redirect("monitoring:manage")
    year, kind = form.cleaned_data["year"], form.cleaned_data["format"]
    monitor = selectors.monitor(request.user, where="review")
    if kind == "pdf":
        body, content_type = review.review_pdf(monitor, year), "application/pdf"
    else:
        body = review.review_xlsx(monitor, year)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="monitor-evaluatie-{year}.{kind}"'
    return response
