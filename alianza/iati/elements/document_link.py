"""document-link (on activities, results, indicators, baselines, targets and actuals)."""

from __future__ import annotations

from alianza.iati.elements.common import (
    Context,
    Element,
    attr,
    child,
    children,
    narratives,
    sub,
    text_element,
)


def parse_one(element: Element, ctx: Context) -> dict:
    return {
        "url": attr(element, "url"),
        "format": attr(element, "format"),
        "title": narratives(child(element, "title"), ctx),
        "description": narratives(child(element, "description"), ctx),
        "categories": [attr(e, "code") for e in children(element, "category")],
        "languages": [attr(e, "code") for e in children(element, "language")],
        "document_date": attr(child(element, "document-date"), "iso-date"),
    }


def build_one(parent: Element, item: dict, lang: str) -> None:
    element = sub(parent, "document-link", {"format": item.get("format")})
    element.set("url", item.get("url", ""))
    if "format" not in element.attrib:
        element.set("format", "")
    title = sub(element, "title")
    from alianza.iati.elements.common import add_narratives

    add_narratives(title, item.get("title"), lang)
    text_element(element, "description", item.get("description"), lang)
    for value in item.get("categories") or []:
        sub(element, "category").set("code", value)
    for value in item.get("languages") or []:
        sub(element, "language").set("code", value)
    if item.get("document_date"):
        sub(element, "document-date").set("iso-date", item["document_date"])


def parse(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("document_links", []).append(parse_one(element, ctx))


def build(parent: Element, data: dict, lang: str) -> None:
    for item in data["document_links"]:
        build_one(parent, item, lang)
