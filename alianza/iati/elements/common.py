"""Helpers every element module shares: narratives, attributes, child lookups.

IATI elements carry no namespace; extensions must (IATI lets publishers add elements and
attributes in their own namespaces). `XML_LANG` is the xml:lang attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

from lxml import etree

#: An lxml element (`etree._Element`). lxml ships no type stubs, so to mypy it is Any; the
#: alias names what a parameter holds.
Element: TypeAlias = Any

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Alianza's own namespace for South-South attributes on participating-org.
SSC_NS = "urn:x-alianza:ssc:1"


class Context:
    """What parsing one activity needs to know: its default language, and where to put
    the warnings the parse raises (unknown extension content that is not kept)."""

    def __init__(self, default_language: str = "") -> None:
        self.default_language = default_language
        #: (line, path, message, its values): the message is an English msgid, shown in
        #: the reader's language (alianza.core.texts).
        self.notes: list[tuple[int | None, str, str, dict]] = []

    def note(self, element: Element | None, path: str, message: str, **params: Any) -> None:
        self.notes.append((getattr(element, "sourceline", None), path, message, params))


#: Reads one element into an activity's canonical content.
Parser: TypeAlias = Callable[[Element, dict, Context], None]
#: Writes one kind of element from an activity's canonical content (in its language).
Builder: TypeAlias = Callable[[Element, dict, str], None]


def is_iati(element: Element) -> bool:
    """An element of the standard (no namespace), not an extension or a comment."""
    return isinstance(element.tag, str) and not element.tag.startswith("{")


def children(element: Element, name: str) -> list[Element]:
    return [c for c in element if c.tag == name]


def child(element: Element, name: str) -> Element | None:
    for c in element:
        if c.tag == name:
            return c
    return None


def attr(element: Element | None, name: str) -> str:
    if element is None:
        return ""
    return (element.get(name) or "").strip()


def text(element: Element | None) -> str:
    if element is None:
        return ""
    return (element.text or "").strip()


def code(element: Element | None, name: str) -> str:
    return attr(child(element, name), "code")


def narratives(element: Element | None, ctx: Context) -> list[dict]:
    """The element's narratives in order; a narrative without xml:lang takes the
    activity's default language."""
    if element is None:
        return []
    out = []
    for item in children(element, "narrative"):
        lang = (item.get(XML_LANG) or "").strip().lower()
        out.append({"lang": lang or ctx.default_language, "text": (item.text or "").strip()})
    return out


# --- Building -----------------------------------------------------------------------------------


def sub(
    parent: Element, name: str, attrs: dict | None = None, text_value: str | None = None
) -> Element:
    """A child element; attributes with empty values are left out."""
    element = etree.SubElement(parent, name)
    for key, value in (attrs or {}).items():
        if value not in (None, ""):
            element.set(key, str(value))
    if text_value not in (None, ""):
        element.text = str(text_value)
    return element


def add_narratives(parent: Element, items: Iterable[dict] | None, default_language: str) -> None:
    for item in items or []:
        element = etree.SubElement(parent, "narrative")
        lang = item.get("lang", "")
        if lang and lang != default_language:
            element.set(XML_LANG, lang)
        element.text = item.get("text", "")


def text_element(
    parent: Element,
    name: str,
    items: Iterable[dict] | None,
    default_language: str,
    attrs: dict | None = None,
) -> Element | None:
    """`<name><narrative>...</narrative></name>` (nothing when there is no text)."""
    if not items:
        return None
    element = sub(parent, name, attrs)
    add_narratives(element, items, default_language)
    return element
