"""Comparing IATI XML by content: element order, attributes, trimmed text; numbers
compared as numbers ("3000.00" == "3000"); comments and whitespace ignored."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lxml import etree

PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
)
NUMERIC_ATTRIBUTES = {"percentage", "value"}


def _number(text: str) -> str:
    try:
        return str(Decimal(text).normalize())
    except InvalidOperation:
        return text


def canonical(element) -> tuple:
    attrs = []
    for key, value in sorted(element.attrib.items()):
        attrs.append((key, _number(value) if key in NUMERIC_ATTRIBUTES else value.strip()))
    text = (element.text or "").strip()
    if element.tag == "value" or element.tag in NUMERIC_ATTRIBUTES:
        text = _number(text)
    return (
        element.tag,
        tuple(attrs),
        text,
        tuple(canonical(c) for c in element if isinstance(c.tag, str)),
    )


def activities(path_or_bytes) -> list:
    if isinstance(path_or_bytes, bytes):
        root = etree.fromstring(path_or_bytes, PARSER)
    else:
        root = etree.parse(str(path_or_bytes), PARSER).getroot()
    return [c for c in root if c.tag in ("iati-activity", "iati-organisation")]
