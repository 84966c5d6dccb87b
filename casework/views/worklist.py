"""The work list ("werkbak"): the landing page of every role but the functional admin's."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accounts.permissions import access
from casework import worklist


@access()
@require_http_methods(["GET"])
def worklist_page(request):
    """What waits for the user, oldest first, 50 to a page, each with a link to where it is
    done (each source shows only what the user's role and teams may see)."""
    return render(
        request,
        "casework/worklist.html",
        {"work": worklist.work_list(request.user, page=request.GET.get("pagina", 1))},
    )
