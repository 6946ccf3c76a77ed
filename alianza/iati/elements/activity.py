"""iati-activity: its attributes, and every child element in the order the 2.03 schema
fixes. `parse()` turns an element into the registry's canonical content; `build()` does
the reverse. Each entry of ORDER names the element and its module's parser and builder.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop
from lxml import etree

from alianza.iati.elements import (
    classification,
    dates,
    document_link,
    finance,
    geography,
    identity,
    participating_org,
    preserved,
    result,
)
from alianza.iati.elements.common import SSC_NS, XML_LANG, Context, Element, attr, is_iati
from alianza.registry.content import normalize, normalize_hash_texts

ORDER = [
    ("iati-identifier", identity.parse_identifier, identity.build_identifier),
    ("reporting-org", identity.parse_reporting_org, identity.build_reporting_org),
    ("title", identity.parse_title, identity.build_title),
    ("description", identity.parse_description, identity.build_description),
    ("participating-org", participating_org.parse, participating_org.build),
    ("other-identifier", preserved.parse, preserved.builder("other-identifier")),
    ("activity-status", dates.parse_status, dates.build_status),
    ("activity-date", dates.parse_date, dates.build_date),
    ("contact-info", preserved.parse, preserved.builder("contact-info")),
    ("activity-scope", dates.parse_scope, dates.build_scope),
    ("recipient-country", geography.parse_country, geography.build_country),
    ("recipient-region", geography.parse_region, geography.build_region),
    ("location", geography.parse_location, geography.build_location),
    ("sector", classification.parse_sector, classification.build_sector),
    ("tag", classification.parse_tag, classification.build_tag),
    ("country-budget-items", preserved.parse, preserved.builder("country-budget-items")),
    ("humanitarian-scope", preserved.parse, preserved.builder("humanitarian-scope")),
    ("policy-marker", classification.parse_policy_marker, classification.build_policy_marker),
    (
        "collaboration-type",
        classification.parse_collaboration_type,
        classification.build_collaboration_type,
    ),
    (
        "default-flow-type",
        classification.parse_default_flow_type,
        classification.build_default_flow_type,
    ),
    (
        "default-finance-type",
        classification.parse_default_finance_type,
        classification.build_default_finance_type,
    ),
    (
        "default-aid-type",
        classification.parse_default_aid_type,
        classification.build_default_aid_type,
    ),
    (
        "default-tied-status",
        classification.parse_default_tied_status,
        classification.build_default_tied_status,
    ),
    ("budget", finance.parse_budget, finance.build_budget),
    ("planned-disbursement", preserved.parse, preserved.builder("planned-disbursement")),
    ("capital-spend", classification.parse_capital_spend, classification.build_capital_spend),
    ("transaction", finance.parse_transaction, finance.build_transaction),
    ("document-link", document_link.parse, document_link.build),
    ("related-activity", identity.parse_related_activity, identity.build_related_activity),
    ("legacy-data", preserved.parse, preserved.builder("legacy-data")),
    ("conditions", preserved.parse, preserved.builder("conditions")),
    ("result", result.parse, result.build),
    ("crs-add", preserved.parse, preserved.builder("crs-add")),
    ("fss", preserved.parse, preserved.builder("fss")),
    (preserved.EXTENSION, preserved.parse, preserved.builder(preserved.EXTENSION)),
]
PARSERS = {name: parser for name, parser, _builder in ORDER}

ATTRIBUTES = {
    "default_currency": "default-currency",
    "hierarchy": "hierarchy",
    "humanitarian": "humanitarian",
    "budget_not_provided": "budget-not-provided",
    "last_updated_datetime": "last-updated-datetime",
    "linked_data_uri": "linked-data-uri",
}


def parse(element: Element, *, default_language: str = "") -> tuple[dict, Context]:
    """The canonical content of an iati-activity element (schema-valid), and the notes
    the parse made (content not kept)."""
    data, ctx = _mapped(element, default_language)
    return normalize(data), ctx


def parse_with_fingerprint(element: Element) -> tuple[dict, Context, str, dict[str, str]]:
    """`parse(element)`, the content's fingerprint (`content.content_hash`) and each of its
    keys' JSON text, from one serialisation: an import's path."""
    data, ctx = _mapped(element, "")
    full, fingerprint, texts = normalize_hash_texts(data)
    return full, ctx, fingerprint, texts


def _mapped(element: Element, default_language: str) -> tuple[dict, Context]:
    lang = (element.get(XML_LANG) or default_language or "").strip().lower()
    ctx = Context(lang)
    data: dict = {"default_language": lang}
    for key, name in ATTRIBUTES.items():
        data[key] = attr(element, name)
    for node in element:
        if not isinstance(node.tag, str):
            continue  # comments, processing instructions
        parser = PARSERS.get(node.tag) if is_iati(node) else PARSERS[preserved.EXTENSION]
        if parser is None:
            ctx.note(node, node.tag, gettext_noop("unknown element not kept"))
            continue
        parser(node, data, ctx)
    return data, ctx


def build(data: dict, parent: Element | None = None) -> Element:
    """An iati-activity element from canonical content (under `parent` if given)."""
    attrs = {name: data.get(key) for key, name in ATTRIBUTES.items()}
    if parent is None:
        element = etree.Element("iati-activity", nsmap={"ssc": SSC_NS})
    else:
        element = etree.SubElement(parent, "iati-activity")
    lang = data.get("default_language", "")
    if lang:
        element.set(XML_LANG, lang)
    for name, value in attrs.items():
        if value not in (None, ""):
            element.set(name, str(value))
    for _name, _parser, builder in ORDER:
        builder(element, data, lang)
    return element
