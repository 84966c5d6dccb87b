from django.utils.translation import gettext_lazy as _


class StaleError(Exception):
    """The record changed after it was read; nothing was saved."""

    def __init__(self) -> None:
        super().__init__(_("Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw."))
