from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataKey(models.Model):
    """The data key of one participant or household, stored only wrapped.

    Deliberately without history: a history row would keep a copy of the wrapped key and
    defeat erasure by crypto-shredding. Changes are the key rotation and the destruction,
    both recorded in the privacy services' own log.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kek_id = models.CharField(_("sleutel-id"), max_length=32)
    wrapped = models.TextField(_("verpakte sleutel"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gegevenssleutel")
        verbose_name_plural = _("gegevenssleutels")
        indexes = [models.Index(fields=["kek_id"], name="privacy_datakey_kek_idx")]

    def __str__(self) -> str:
        return f"DataKey {self.pk}"

    @property
    def is_destroyed(self) -> bool:
        return self.destroyed_at is not None
