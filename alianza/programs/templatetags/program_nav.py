"""The program navigation: built-in tabs and those capability apps register."""

from __future__ import annotations

from django import template
from django.urls import reverse

from alianza.core.extensions import program_tabs
from alianza.programs.permissions import can_view_internal

register = template.Library()


@register.simple_tag(takes_context=True)
def program_nav_tabs(context, program) -> list[dict]:
    """[{key, label, url}] of the tabs the current user may open."""
    user = context["request"].user
    internal = can_view_internal(user, program)
    return [
        {
            "key": tab.key,
            "label": tab.label,
            "url": reverse(tab.url_name, kwargs={"code": program.code}),
        }
        for tab in program_tabs
        if internal or not tab.internal
    ]
