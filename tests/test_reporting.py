"""An error report (DEBUG page or e-mail to ADMINS) shows no decrypted value."""

import sys

from django.test import RequestFactory
from django.views.debug import ExceptionReporter

NAME = "".join(["Gee", "ske"])  # built at run time: the report also shows source lines
BSN = "".join(["111", "222", "333"])
NOTE = " ".join([NAME, "heeft schulden bij de", "Belasting" + "dienst"])


def test_error_report_hides_local_variables_and_post_data():
    request = RequestFactory().post("/dossiers/nieuw/", {"given_name": NAME, "bsn": BSN})
    secret_note = NOTE  # noqa: F841 - a local of the failing frame
    try:
        raise ValueError("boom")
    except ValueError:
        reporter = ExceptionReporter(request, *sys.exc_info())
        text = reporter.get_traceback_text()
        html = reporter.get_traceback_html()
    for report in (text, html):
        assert NAME not in report
        assert BSN not in report
        assert NOTE not in report
