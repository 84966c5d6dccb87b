"""Error reports (DEBUG pages, error e-mails to ADMINS) never carry values: local variables and
POST data of a failing request may hold decrypted identifiers or notes."""

from django.views.debug import SafeExceptionReporterFilter

HIDDEN = "******** (Koers toont geen waarden in foutrapporten)"


class NoValuesExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request) -> bool:
        return True  # also with DEBUG on

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, HIDDEN) for name in tb_frame.f_locals]

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {name: HIDDEN for name in request.POST}

    def get_safe_settings(self):
        return {"KOERS": HIDDEN}
