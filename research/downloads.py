"""The export download shared by the page and the API: the export by id, and its zip sent as
an attachment. Who may have it is checked (and logged) by ``services.download_export``."""

from __future__ import annotations

from pathlib import Path

from django.http import Http404
from django_sendfile import sendfile

from research.models import Export


def export_or_404(pk) -> Export:
    """Unscoped lookup: the download service refuses and logs anyone who may not have it."""
    export = Export.objects.select_related("study").filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


def zip_response(request, export: Export, path: Path):
    return sendfile(
        request,
        str(path),
        attachment=True,
        attachment_filename=f"{export.study.code}-{export.pk}.zip",
        mimetype="application/zip",
    )
