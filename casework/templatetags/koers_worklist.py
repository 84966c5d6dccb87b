"""The work list's box on another landing page (the programme office's monitor)."""

from __future__ import annotations

from django import template

from casework import worklist

register = template.Library()

BOX_SIZE = 5


@register.inclusion_tag("casework/_worklist_box.html", takes_context=True)
def worklist_box(context):
    """The oldest items waiting for the logged-in user, with a link to the whole list; nothing
    when none wait or nobody is logged in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"work_items": [], "total": 0}
    items = worklist.work_items(user)
    return {"work_items": items[:BOX_SIZE], "total": len(items)}
