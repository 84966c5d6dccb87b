"""The caseload pages: the list and its search."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import teams_of
from casework import forms, selectors
from casework.permissions import may_break_glass
from casework.views.common import file_access


@file_access
@require_http_methods(["GET"])
def caseload(request):
    filters = forms.CaseloadFilterForm(
        request.GET or None, programmes=selectors.caseload_programmes(request.user)
    )
    data = filters.cleaned_data if filters.is_valid() else {}
    query = selectors.CaseloadQuery(
        programme=data.get("programma", ""),
        wijk=data.get("wijk", ""),
        status=data.get("status", ""),
        due=data.get("metingen") == "due",
        sort=data.get("sort") or "name",
    )
    result = selectors.caseload_page(request.user, query, page=request.GET.get("pagina", 1))
    return render(
        request,
        "casework/caseload.html",
        {
            "rows": result.rows,
            "result": result,
            "filters": filters,
            "filtered": any((query.programme, query.wijk, query.status, query.due)),
            "search_form": forms.SearchForm(),
            "teams": teams_of(request.user),
            "may_break_glass": may_break_glass(request.user),
        },
    )


@file_access
@require_POST
def caseload_search(request):
    """Search is a POST, so that no name or BSN ever appears in a URL or access log."""
    form = forms.SearchForm(request.POST)
    query = form.data.get("q", "") if form.is_valid() else ""
    rows = selectors.search_caseload(request.user, query)
    template = "casework/_caseload_rows.html" if request.htmx else "casework/caseload.html"
    return render(
        request,
        template,
        {
            "rows": rows,
            "search_form": form,
            "searched": bool(query.strip()),
            "teams": teams_of(request.user),
        },
    )
