"""result, with its indicators, baselines, periods, targets and actuals (values may be
disaggregated by `dimension`)."""

from __future__ import annotations

from alianza.iati.elements import document_link
from alianza.iati.elements.common import (
    Context,
    Element,
    add_narratives,
    attr,
    child,
    children,
    narratives,
    sub,
    text_element,
)


def _values(element: Element, ctx: Context) -> dict:
    return {
        "locations": [attr(e, "ref") for e in children(element, "location")],
        "dimensions": [
            {"name": attr(e, "name"), "value": attr(e, "value")}
            for e in children(element, "dimension")
        ],
        "comment": narratives(child(element, "comment"), ctx),
        "document_links": [
            document_link.parse_one(e, ctx) for e in children(element, "document-link")
        ],
    }


def _build_values_head(element: Element, item: dict) -> None:
    for ref in item.get("locations") or []:
        sub(element, "location", {"ref": ref})
    for dimension in item.get("dimensions") or []:
        node = sub(element, "dimension")
        node.set("name", dimension.get("name", ""))
        node.set("value", dimension.get("value", ""))


def _period(element: Element, ctx: Context) -> dict:
    return {
        "period_start": attr(child(element, "period-start"), "iso-date"),
        "period_end": attr(child(element, "period-end"), "iso-date"),
        "targets": [
            {"value": attr(e, "value"), **_values(e, ctx)} for e in children(element, "target")
        ],
        "actuals": [
            {"value": attr(e, "value"), **_values(e, ctx)} for e in children(element, "actual")
        ],
    }


def _indicator(element: Element, ctx: Context) -> dict:
    return {
        "measure": attr(element, "measure"),
        "ascending": attr(element, "ascending"),
        "aggregation_status": attr(element, "aggregation-status"),
        "title": narratives(child(element, "title"), ctx),
        "description": narratives(child(element, "description"), ctx),
        "document_links": [
            document_link.parse_one(e, ctx) for e in children(element, "document-link")
        ],
        "references": [
            {
                "vocabulary": attr(e, "vocabulary"),
                "code": attr(e, "code"),
                "indicator_uri": attr(e, "indicator-uri"),
            }
            for e in children(element, "reference")
        ],
        "baselines": [
            {
                "year": attr(e, "year"),
                "iso_date": attr(e, "iso-date"),
                "value": attr(e, "value"),
                **_values(e, ctx),
            }
            for e in children(element, "baseline")
        ],
        "periods": [_period(e, ctx) for e in children(element, "period")],
    }


def parse(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("results", []).append(
        {
            "type": attr(element, "type"),
            "aggregation_status": attr(element, "aggregation-status"),
            "title": narratives(child(element, "title"), ctx),
            "description": narratives(child(element, "description"), ctx),
            "document_links": [
                document_link.parse_one(e, ctx) for e in children(element, "document-link")
            ],
            "references": [
                {
                    "vocabulary": attr(e, "vocabulary"),
                    "code": attr(e, "code"),
                    "vocabulary_uri": attr(e, "vocabulary-uri"),
                }
                for e in children(element, "reference")
            ],
            "indicators": [_indicator(e, ctx) for e in children(element, "indicator")],
        }
    )


def _build_indicator(parent: Element, item: dict, lang: str) -> None:
    element = sub(
        parent,
        "indicator",
        {"ascending": item.get("ascending"), "aggregation-status": item.get("aggregation_status")},
    )
    element.set("measure", item.get("measure", ""))
    title = sub(element, "title")
    add_narratives(title, item.get("title"), lang)
    text_element(element, "description", item.get("description"), lang)
    for link in item.get("document_links") or []:
        document_link.build_one(element, link, lang)
    for ref in item.get("references") or []:
        node = sub(element, "reference", {"indicator-uri": ref.get("indicator_uri")})
        node.set("vocabulary", ref.get("vocabulary", ""))
        node.set("code", ref.get("code", ""))
    for baseline in item.get("baselines") or []:
        node = sub(
            element,
            "baseline",
            {
                "year": baseline.get("year"),
                "iso-date": baseline.get("iso_date"),
                "value": baseline.get("value"),
            },
        )
        _build_values_head(node, baseline)
        for link in baseline.get("document_links") or []:
            document_link.build_one(node, link, lang)
        text_element(node, "comment", baseline.get("comment"), lang)
    for period in item.get("periods") or []:
        node = sub(element, "period")
        sub(node, "period-start").set("iso-date", period.get("period_start", ""))
        sub(node, "period-end").set("iso-date", period.get("period_end", ""))
        for kind in ("target", "actual"):
            for value in period.get(kind + "s") or []:
                value_node = sub(node, kind, {"value": value.get("value")})
                _build_values_head(value_node, value)
                text_element(value_node, "comment", value.get("comment"), lang)
                for link in value.get("document_links") or []:
                    document_link.build_one(value_node, link, lang)


def build(parent: Element, data: dict, lang: str) -> None:
    for item in data["results"]:
        element = sub(
            parent,
            "result",
            {"aggregation-status": item.get("aggregation_status")},
        )
        element.set("type", item.get("type", ""))
        title = sub(element, "title")
        add_narratives(title, item.get("title"), lang)
        text_element(element, "description", item.get("description"), lang)
        for link in item.get("document_links") or []:
            document_link.build_one(element, link, lang)
        for ref in item.get("references") or []:
            node = sub(element, "reference", {"vocabulary-uri": ref.get("vocabulary_uri")})
            node.set("vocabulary", ref.get("vocabulary", ""))
            node.set("code", ref.get("code", ""))
        for indicator in item.get("indicators") or []:
            _build_indicator(element, indicator, lang)
