"""The page on which a user creates and revokes their own API tokens. Two-factor login is
enforced before it by ``RequireTwoFactorMiddleware`` (with ``KOERS_REQUIRE_2FA``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import tokens
from accounts.models import ApiToken
from accounts.permissions import access


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=100,
        help_text=gettext_lazy(
            "Waarvoor gebruikt u deze token? Bijvoorbeeld: koppeling met ons CRM."
        ),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Geldig tot en met"),
        help_text=gettext_lazy("Hoogstens een jaar vanaf vandaag."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Rechten"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiToken.Scope.READ],
        help_text=gettext_lazy("Lezen voor opvragen, schrijven voor vastleggen en wijzigen."),
    )


@never_cache
@access()
def token_list(request):
    created = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                created = tokens.create_token(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    expires_on=form.cleaned_data["expires_on"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
        if created is not None:
            form = TokenForm(initial=_initial())
    else:
        form = TokenForm(initial=_initial())
    response = render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": tokens.tokens_of(request.user),
            "created": created,
            "now": timezone.now(),
        },
        status=201 if created else 200,
    )
    return response


def _initial() -> dict:
    return {
        "expires_on": timezone.localdate() + dt.timedelta(days=90),
        "scopes": [ApiToken.Scope.READ],
    }


@require_POST
@access()
def token_revoke(request, pk: int):
    token = tokens.revoke_token(user=request.user, token_id=pk)
    messages.success(request, _("De token %(name)s is ingetrokken.") % {"name": token.name})
    return redirect("accounts:tokens")
