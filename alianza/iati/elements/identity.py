"""iati-identifier, reporting-org, title and description."""

from __future__ import annotations

from alianza.iati.elements.common import (
    Context,
    Element,
    add_narratives,
    attr,
    children,
    narratives,
    sub,
    text,
    text_element,
)


def parse_identifier(element: Element, data: dict, ctx: Context) -> None:
    data["iati_identifier"] = text(element)


def build_identifier(parent: Element, data: dict, lang: str) -> None:
    sub(parent, "iati-identifier").text = data["iati_identifier"]


def parse_reporting_org(element: Element, data: dict, ctx: Context) -> None:
    data["reporting_org_ref"] = attr(element, "ref")
    data["reporting_org_type"] = attr(element, "type")
    data["reporting_org_secondary"] = attr(element, "secondary-reporter")
    data["reporting_org_name"] = narratives(element, ctx)


def build_reporting_org(parent: Element, data: dict, lang: str) -> None:
    element = sub(
        parent,
        "reporting-org",
        {"type": data["reporting_org_type"], "secondary-reporter": data["reporting_org_secondary"]},
    )
    element.set("ref", data["reporting_org_ref"])
    element.set("type", data["reporting_org_type"])
    add_narratives(element, data["reporting_org_name"], lang)


def parse_title(element: Element, data: dict, ctx: Context) -> None:
    data["title"] = narratives(element, ctx)


def build_title(parent: Element, data: dict, lang: str) -> None:
    element = sub(parent, "title")
    add_narratives(element, data["title"], lang)


def parse_description(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("descriptions", []).append(
        {"type": attr(element, "type"), "narratives": narratives(element, ctx)}
    )


def build_description(parent: Element, data: dict, lang: str) -> None:
    for item in data["descriptions"]:
        text_element(parent, "description", item["narratives"], lang, {"type": item.get("type")})


def parse_related_activity(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("related_activities", []).append(
        {"ref": attr(element, "ref"), "type": attr(element, "type")}
    )


def build_related_activity(parent: Element, data: dict, lang: str) -> None:
    for item in data["related_activities"]:
        element = sub(
            parent, "related-activity", {"ref": item.get("ref"), "type": item.get("type")}
        )
        element.set("ref", item.get("ref", ""))
        element.set("type", item.get("type", ""))


__all__ = ["children"]
