"""recipient-country, recipient-region and location.

A location keeps everything IATI says about it (`details`); the registry places it in a
subdivision (ISO 3166-2) and, for Mexico, an INEGI state and municipality from its `ref`
(see alianza/registry/geo.py).
"""

from __future__ import annotations

from alianza.iati.elements.common import (
    Context,
    Element,
    add_narratives,
    attr,
    child,
    children,
    code,
    narratives,
    sub,
    text,
    text_element,
)


def parse_country(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("recipient_countries", []).append(
        {
            "code": attr(element, "code"),
            "percentage": attr(element, "percentage"),
            "narratives": narratives(element, ctx),
        }
    )


def build_country(parent: Element, data: dict, lang: str) -> None:
    for item in data["recipient_countries"]:
        element = sub(parent, "recipient-country", {"percentage": item["percentage"]})
        element.set("code", item["code"])
        add_narratives(element, item["narratives"], lang)


def parse_region(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("recipient_regions", []).append(
        {
            "code": attr(element, "code"),
            "vocabulary": attr(element, "vocabulary"),
            "vocabulary_uri": attr(element, "vocabulary-uri"),
            "percentage": attr(element, "percentage"),
            "narratives": narratives(element, ctx),
        }
    )


def build_region(parent: Element, data: dict, lang: str) -> None:
    for item in data["recipient_regions"]:
        element = sub(
            parent,
            "recipient-region",
            {
                "vocabulary": item.get("vocabulary"),
                "vocabulary-uri": item.get("vocabulary_uri"),
                "percentage": item.get("percentage"),
            },
        )
        element.set("code", item.get("code", ""))
        add_narratives(element, item.get("narratives"), lang)


def parse_location(element: Element, data: dict, ctx: Context) -> None:
    point = child(element, "point")
    details = {
        "location_reach": code(element, "location-reach"),
        "location_ids": [
            {"vocabulary": attr(e, "vocabulary"), "code": attr(e, "code")}
            for e in children(element, "location-id")
        ],
        "name": narratives(child(element, "name"), ctx),
        "description": narratives(child(element, "description"), ctx),
        "activity_description": narratives(child(element, "activity-description"), ctx),
        "administratives": [
            {
                "vocabulary": attr(e, "vocabulary"),
                "level": attr(e, "level"),
                "code": attr(e, "code"),
            }
            for e in children(element, "administrative")
        ],
        "point": (
            {"srs_name": attr(point, "srsName"), "pos": text(child(point, "pos"))}
            if point is not None
            else None
        ),
        "exactness": code(element, "exactness"),
        "location_class": code(element, "location-class"),
        "feature_designation": code(element, "feature-designation"),
    }
    data.setdefault("locations", []).append({"ref": attr(element, "ref"), "details": details})


def build_location(parent: Element, data: dict, lang: str) -> None:
    for item in data["locations"]:
        d = item.get("details") or {}
        element = sub(parent, "location", {"ref": item.get("ref")})
        if d.get("location_reach"):
            sub(element, "location-reach", {"code": d["location_reach"]})
        for loc_id in d.get("location_ids") or []:
            sub(
                element, "location-id", {"vocabulary": loc_id["vocabulary"], "code": loc_id["code"]}
            )
        text_element(element, "name", d.get("name"), lang)
        text_element(element, "description", d.get("description"), lang)
        text_element(element, "activity-description", d.get("activity_description"), lang)
        for adm in d.get("administratives") or []:
            sub(
                element,
                "administrative",
                {"vocabulary": adm["vocabulary"], "level": adm["level"], "code": adm["code"]},
            )
        if d.get("point"):
            point = sub(element, "point", {"srsName": d["point"].get("srs_name")})
            sub(point, "pos", text_value=d["point"].get("pos"))
        for name in ("exactness", "location_class", "feature_designation"):
            if d.get(name):
                sub(element, name.replace("_", "-"), {"code": d[name]})
