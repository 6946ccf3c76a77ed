"""The main menu's entries that apps register (`core.extensions.main_menu`)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from alianza.core.extensions import main_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_items(context) -> list[dict]:
    """[{key, label, url, active, testid}] of the entries the current user may open."""
    request = context.get("request")
    user = getattr(request, "user", None)
    items = []
    for item in main_menu:
        if item.visible is not None and (user is None or not item.visible(user)):
            continue
        url = reverse(item.url_name)
        path = request.path if request is not None else ""
        # aria-current: "page" on the entry's own page, "true" on the pages below it.
        active = "page" if path == url else ("true" if path.startswith(url) else "")
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "active": active,
                "testid": item.testid,
            }
        )
    return items
