"""activity-status, activity-date and activity-scope."""

from __future__ import annotations

from alianza.iati.elements.common import Context, Element, add_narratives, attr, narratives, sub


def parse_status(element: Element, data: dict, ctx: Context) -> None:
    data["status"] = attr(element, "code")


def build_status(parent: Element, data: dict, lang: str) -> None:
    sub(parent, "activity-status").set("code", data["status"])


def parse_date(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("activity_dates", []).append(
        {
            "type": attr(element, "type"),
            "iso_date": attr(element, "iso-date"),
            "narratives": narratives(element, ctx),
        }
    )


def build_date(parent: Element, data: dict, lang: str) -> None:
    for item in data["activity_dates"]:
        element = sub(parent, "activity-date")
        element.set("iso-date", item["iso_date"])
        element.set("type", item["type"])
        add_narratives(element, item.get("narratives"), lang)


def parse_scope(element: Element, data: dict, ctx: Context) -> None:
    data["scope"] = attr(element, "code")


def build_scope(parent: Element, data: dict, lang: str) -> None:
    if data["scope"]:
        sub(parent, "activity-scope", {"code": data["scope"]})
