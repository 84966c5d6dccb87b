"""Imports on pages: upload a participants or measurements CSV, see a preview, confirm.

The pages call the same services as the commands (``casework.services.imports``), with the
user as actor: caseworkers and team leads import into their own teams only, and measurements
only of participants in their caseload. The upload is only checked (a dry run: nothing is
written) and its preview lists every refused row with its number and reason; a file without
refused rows can be confirmed. Between preview and confirmation the file travels in a sealed
token in a hidden field of the confirmation form (``casework.services.imports.tokens``): no
copy on the server, nothing readable at rest or in a URL. The confirmation validates the whole
file again and writes all rows or none.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import access
from accounts.roles import CASEWORKER, TEAM_LEAD
from accounts.selectors import teams_of
from casework import import_forms
from casework.import_forms import MAX_ROWS, MEASUREMENTS, PARTICIPANTS
from casework.pages import form_page
from casework.services import imports
from casework.services.imports import tokens
from privacy.spreadsheet import csv_row

import_access = access(roles=(CASEWORKER, TEAM_LEAD))
COLUMNS = {
    PARTICIPANTS: imports.participants.COLUMNS,
    MEASUREMENTS: imports.measurements.COLUMNS,
}
EXAMPLE_NAMES = {"deelnemers": PARTICIPANTS, "metingen": MEASUREMENTS}


@import_access
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Step 1: the kind, the team and the file; a valid upload is checked and previewed."""
    form = import_forms.ImportUploadForm(
        request.POST or None, request.FILES or None, teams=teams_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = data["team"] if data["kind"] == PARTICIPANTS else None
        pending = tokens.PendingImport(
            kind=data["kind"],
            data=data["file"],
            team_id=team.pk if team else None,
            legal_basis=data["legal_basis"] if team else "",
        )
        try:
            preview = _preview(request.user, pending, team)
        except imports.UnreadableFile as unreadable:
            form.add_error("file", unreadable.message)
        else:
            return _preview_page(request, pending, preview, team)
    return upload_page(request, form)


def upload_page(request, form, *, status: int | None = None):
    return form_page(
        request,
        form,
        title=_("Bestand importeren"),
        back="casework:caseload",
        back_label=_("Mijn dossiers"),
        submit=_("Bestand controleren"),
        intro=[
            _(
                "Importeer deelnemers of scores van metingen uit een CSV-bestand, voor uw "
                "eigen teams. Eerst controleert Koers elke rij en ziet u wat er zou worden "
                "geïmporteerd; er wordt pas iets opgeslagen als u dat bevestigt."
            ),
            _(
                "Alles of niets: heeft één rij een fout, dan wordt niets geïmporteerd en ziet u "
                "elke foute rij met het rijnummer en de reden."
            ),
        ],
        template="casework/import_upload.html",
        status=status,
    )


@import_access
@require_POST
def import_confirm(request):
    """Step 2: the confirmed file, from its token: validated again, written all or nothing."""
    form = import_forms.ImportConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise tokens.InvalidImportToken
        pending = tokens.unseal(
            user=request.user, kind=form.cleaned_data["kind"], token=form.cleaned_data["token"]
        )
    except tokens.InvalidImportToken as invalid:
        messages.error(request, invalid.message)
        upload = import_forms.ImportUploadForm(teams=teams_of(request.user))
        return upload_page(request, upload, status=400)
    team = _team(request.user, pending)
    try:
        summary = _run(request.user, pending, team)
    except imports.ImportRefused as refused:
        return _preview_page(request, pending, imports.ImportPreview.refused(refused), team)
    messages.success(request, _done_message(summary))
    return redirect("casework:import_upload")


@import_access
@require_http_methods(["GET"])
def import_example(request):
    """An example file: the header row only, as the import expects it."""
    name = request.GET.get("soort", "")
    if name not in EXAMPLE_NAMES:
        name = "deelnemers"
    kind = EXAMPLE_NAMES[name]
    out = io.StringIO()
    csv.writer(out).writerow(csv_row(COLUMNS[kind]))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="voorbeeld-{name}.csv"'
    return response


# --- helpers ---------------------------------------------------------------------------


def _team(user, pending: tokens.PendingImport):
    """The team of a participants import: still one of the user's own teams, or refused."""
    if pending.kind != PARTICIPANTS:
        return None
    team = teams_of(user).filter(pk=pending.team_id).first()
    if team is None:
        raise PermissionDenied
    return team


def _preview(user, pending: tokens.PendingImport, team) -> imports.ImportPreview:
    source = io.BytesIO(pending.data)
    if pending.kind == PARTICIPANTS:
        return imports.preview_participants(actor=user, source=source, team=team, max_rows=MAX_ROWS)
    return imports.preview_measurements(actor=user, source=source, max_rows=MAX_ROWS)


def _run(user, pending: tokens.PendingImport, team):
    source = io.BytesIO(pending.data)
    if pending.kind == PARTICIPANTS:
        return imports.import_participants(
            actor=user,
            source=source,
            team=team,
            legal_basis=pending.legal_basis,
            max_rows=MAX_ROWS,
        )
    return imports.import_measurements(actor=user, source=source, max_rows=MAX_ROWS)


def _preview_page(request, pending: tokens.PendingImport, preview, team):
    confirm = None
    if preview.accepted:
        confirm = import_forms.ImportConfirmForm(
            initial={"kind": pending.kind, "token": tokens.seal(user=request.user, pending=pending)}
        )
    response = render(
        request,
        "casework/import_preview.html",
        {
            "preview": preview,
            "kind": pending.kind,
            "team": team,
            "confirm": confirm,
            "minutes": tokens.MAX_AGE // 60,
        },
        status=200 if preview.accepted else 400,
    )
    # The page holds the sealed file: keep it out of every cache.
    response["Cache-Control"] = "no-store"
    return response


def _done_message(summary) -> str:
    if isinstance(summary, imports.ParticipantImport):
        message = ngettext(
            "%(count)d deelnemer geïmporteerd.",
            "%(count)d deelnemers geïmporteerd.",
            summary.participants,
        ) % {"count": summary.participants}
        if summary.households:
            message += " " + _(
                "Huishoudens: %(households)d (%(new)d nieuw, %(existing)d bestaand)."
            ) % {
                "households": summary.households,
                "new": summary.new_households,
                "existing": summary.existing_households,
            }
        return message
    return ngettext(
        "%(count)d meting met %(scores)d scores geïmporteerd.",
        "%(count)d metingen met %(scores)d scores geïmporteerd.",
        summary.measurements,
    ) % {"count": summary.measurements, "scores": summary.scores}
