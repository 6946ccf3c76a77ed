"""iati-organisation (IATI organisation files): identifier, name and reporting-org are
the registry's; budgets, expenditure and document links are kept as published."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from alianza.iati.elements.common import (
    XML_LANG,
    Context,
    Element,
    add_narratives,
    attr,
    child,
    is_iati,
    narratives,
    sub,
    text,
)
from alianza.iati.elements.preserved import to_text

if TYPE_CHECKING:
    from alianza.registry.models import Organisation


def _parser() -> etree.XMLParser:
    # A parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )


OWN = ("organisation-identifier", "name", "reporting-org")


def parse(element: Element) -> tuple[dict, Context]:
    lang = (element.get(XML_LANG) or "").strip().lower()
    ctx = Context(lang)
    reporting = child(element, "reporting-org")
    data = {
        "ref": text(child(element, "organisation-identifier")),
        "name": narratives(child(element, "name"), ctx),
        "default_language": lang,
        "default_currency": attr(element, "default-currency"),
        "last_updated_datetime": attr(element, "last-updated-datetime"),
        "reporting_org": {
            "ref": attr(reporting, "ref"),
            "type": attr(reporting, "type"),
            "secondary_reporter": attr(reporting, "secondary-reporter"),
            "narratives": narratives(reporting, ctx),
        },
        "extra_elements": [
            to_text(node)
            for node in element
            if isinstance(node.tag, str) and (not is_iati(node) or node.tag not in OWN)
        ],
    }
    return data, ctx


def build(organisation: Organisation, parent: Element | None = None) -> Element:
    """An iati-organisation element from a registry Organisation."""
    if parent is None:
        element = etree.Element("iati-organisation")
    else:
        element = etree.SubElement(parent, "iati-organisation")
    lang = organisation.default_language
    if lang:
        element.set(XML_LANG, lang)
    for key, name in (
        ("default_currency", "default-currency"),
        ("last_updated_datetime", "last-updated-datetime"),
    ):
        value = getattr(organisation, key)
        if value:
            element.set(name, value)
    sub(element, "organisation-identifier").text = organisation.ref
    name = sub(element, "name")
    add_narratives(name, organisation.name or [{"lang": "", "text": organisation.ref}], lang)
    reporting = organisation.reporting_org or {}
    node = sub(
        element,
        "reporting-org",
        {"secondary-reporter": reporting.get("secondary_reporter")},
    )
    node.set("ref", reporting.get("ref") or organisation.ref)
    node.set("type", reporting.get("type") or organisation.type)
    add_narratives(node, reporting.get("narratives") or organisation.name, lang)
    for xml in organisation.extra_elements or []:
        element.append(etree.fromstring(xml, _parser()))
    return element
