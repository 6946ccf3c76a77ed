"""Elements the registry keeps exactly as published without interpreting them
(other-identifier, contact-info, country-budget-items, humanitarian-scope,
planned-disbursement, legacy-data, conditions, crs-add, fss and publishers' own
namespaced extensions): stored as XML text and written back at their place."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from alianza.iati.elements.common import Builder, Context, Element

PRESERVED = (
    "other-identifier",
    "contact-info",
    "country-budget-items",
    "humanitarian-scope",
    "planned-disbursement",
    "legacy-data",
    "conditions",
    "crs-add",
    "fss",
)
EXTENSION = "*"  # namespaced elements at the end of the activity


def _parser() -> etree.XMLParser:
    # A parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )


def to_text(element: Element) -> str:
    """The element as compact XML: no indentation, no unused namespace declarations, so
    that the same content always gives the same text."""
    copy = deepcopy(element)
    copy.tail = None
    for node in copy.iter():
        if node.text is not None and not node.text.strip() and len(node):
            node.text = None
        if node is not copy and node.tail is not None and not node.tail.strip():
            node.tail = None
    etree.cleanup_namespaces(copy)
    return etree.tostring(copy, encoding="unicode", with_tail=False)


def parse(element: Element, data: dict, ctx: Context) -> None:
    name = element.tag if element.tag in PRESERVED else EXTENSION
    data.setdefault("extra_elements", []).append({"name": name, "xml": to_text(element)})


def builder(name: str) -> Builder:
    def build(parent: Element, data: dict, lang: str) -> None:
        for item in data.get("extra_elements") or []:
            if item.get("name") == name:
                parent.append(etree.fromstring(item["xml"], _parser()))

    return build
