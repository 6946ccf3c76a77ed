"""The program navigation: built-in tabs and those capability apps register."""

from __future__ import annotations

from django import template
from django.urls import reverse

from alianza.core.extensions import program_sections, program_tabs
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


def tab_of(section: str | None) -> str | None:
    """The tab a registered section belongs to (None for a section nobody registered)."""
    for item in program_sections:
        if item.key == section:
            return item.tab
    return None


@register.simple_tag
def program_nav_tab(tab: str | None, section: str | None) -> str | None:
    """The active tab: the one the page names, else the one its section belongs to."""
    return tab or tab_of(section)


@register.simple_tag
def program_nav_sections(program, tab: str | None) -> list[dict]:
    """[{key, label, url, end, testid}] of the sections registered under `tab`."""
    return [
        {
            "key": item.key,
            "label": item.label,
            "url": reverse(item.url_name, kwargs={"code": program.code})
            if item.per_program
            else reverse(item.url_name),
            "end": not item.per_program,
            "testid": item.testid,
        }
        for item in program_sections
        if tab and item.tab == tab
    ]
