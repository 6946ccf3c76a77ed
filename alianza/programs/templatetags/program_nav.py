"""The program pages' frame: the breadcrumb, one row of tabs and the active tab's side
menu, drawn from the tabs and sections the apps register (`core.extensions`)."""

from __future__ import annotations

from fnmatch import fnmatchcase

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from alianza.core.extensions import ProgramSection, ProgramTab, program_sections, program_tabs
from alianza.programs.permissions import can_view_internal

register = template.Library()


def _matches(view_name: str | None, url_name: str, pages: tuple[str, ...]) -> bool:
    if not view_name:
        return False
    return view_name == url_name or any(fnmatchcase(view_name, p) for p in pages)


def section_of(view_name: str | None, section: str | None = None) -> ProgramSection | None:
    """The registered section a page belongs to: the one its context names, else the one
    whose URL name or pages match the page's URL name."""
    found = [item for item in program_sections if item.key == section]
    found += [item for item in program_sections if _matches(view_name, item.url_name, ())]
    found += [item for item in program_sections if _matches(view_name, "", item.pages)]
    return found[0] if found else None


def tab_of(view_name: str | None, tab: str | None = None, section: str | None = None) -> str | None:
    """The active tab: the one the page names, else its section's, else the tab whose URL
    name or pages match the page's URL name."""
    if tab:
        return tab
    item = section_of(view_name, section)
    if item is not None:
        return item.tab
    for candidate in program_tabs:
        if _matches(view_name, candidate.url_name, candidate.pages):
            return candidate.key
    return None


def _section_url(item: ProgramSection, program, query) -> str:
    kwargs = {"code": program.code} if item.per_program else None
    url = reverse(item.url_name, kwargs=kwargs)
    carried = [(name, query[name]) for name in item.carry if query.get(name)]
    return f"{url}?{urlencode(carried)}" if carried else url


def _visible_tabs(user, program) -> list[ProgramTab]:
    internal = can_view_internal(user, program)
    return [tab for tab in program_tabs if internal or not tab.internal]


@register.simple_tag(takes_context=True)
def program_frame(context, program) -> dict:
    """What the frame draws for the current page:

    - `tabs`: [{key, label, url}] the user may open, `tab` the active one's key;
    - `sections`: [{key, label, url, end, testid}] of the active tab (its side menu),
      `section` the active one's key and `section_label` its label;
    - `crumbs`: [{label, url}] from the programs to the page's section; `deeper` when the
      page is below its section's own page (its name is then the page's last crumb)."""
    request = context["request"]
    user = request.user
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else None
    active = section_of(view_name, context.get("section"))
    tab_key = tab_of(view_name, context.get("tab"), context.get("section"))
    if active is not None and active.tab != tab_key:
        active = None
    tabs = [
        {"key": t.key, "label": t.label, "url": reverse(t.url_name, kwargs={"code": program.code})}
        for t in _visible_tabs(user, program)
    ]
    tab = next((t for t in tabs if t["key"] == tab_key), None)
    sections = [
        {
            "key": item.key,
            "label": item.label,
            "url": _section_url(item, program, request.GET),
            "end": not item.per_program,
            "testid": item.testid,
        }
        for item in program_sections
        if tab is not None
        and item.tab == tab_key
        and (item.visible is None or item.visible(user, program))
    ]
    crumbs = [
        {"label": _("Programs"), "url": reverse("core:home")},
        {"label": program.code, "url": reverse("programs:program_detail", args=[program.code])},
    ]
    landing = {reverse("programs:program_detail", args=[program.code])}
    if tab is not None:
        crumbs.append({"label": tab["label"], "url": tab["url"]})
        landing.add(tab["url"])
    current = next((s for s in sections if active is not None and s["key"] == active.key), None)
    if current is not None:
        crumbs.append({"label": current["label"], "url": current["url"].split("?")[0]})
        landing.add(current["url"].split("?")[0])
    return {
        "tabs": tabs,
        "tab": tab_key,
        "tab_label": tab["label"] if tab else "",
        "sections": sections,
        "section": active.key if active else None,
        "section_label": current["label"] if current else "",
        "crumbs": _without_repeats(crumbs),
        "deeper": request.path not in landing,
    }


def _without_repeats(crumbs: list[dict]) -> list[dict]:
    """Crumbs that lead where the one before leads are left out (PROCAP's overview is
    also its Program tab and that tab's first page)."""
    kept: list[dict] = []
    for crumb in crumbs:
        if not kept or kept[-1]["url"] != crumb["url"]:
            kept.append(crumb)
    return kept
