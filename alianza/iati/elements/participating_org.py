"""participating-org, with Alianza's South-South attributes in their own namespace:
`ssc:role` (provider, recipient, both, first_provider, second_provider) and
`ssc:executing-level` (federal, state, municipal, other)."""

from __future__ import annotations

from alianza.iati.elements.common import (
    SSC_NS,
    Context,
    Element,
    add_narratives,
    attr,
    narratives,
    sub,
)


def parse(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("participating_orgs", []).append(
        {
            "ref": attr(element, "ref"),
            "role": attr(element, "role"),
            "type": attr(element, "type"),
            "activity_id": attr(element, "activity-id"),
            "crs_channel_code": attr(element, "crs-channel-code"),
            "name": narratives(element, ctx),
            "ssc_role": attr(element, f"{{{SSC_NS}}}role"),
            "executing_level": attr(element, f"{{{SSC_NS}}}executing-level"),
        }
    )


def build(parent: Element, data: dict, lang: str) -> None:
    for item in data["participating_orgs"]:
        element = sub(
            parent,
            "participating-org",
            {
                "ref": item["ref"],
                "type": item["type"],
                "activity-id": item["activity_id"],
                "crs-channel-code": item["crs_channel_code"],
                f"{{{SSC_NS}}}role": item["ssc_role"],
                f"{{{SSC_NS}}}executing-level": item["executing_level"],
            },
        )
        element.set("role", item["role"])
        add_narratives(element, item["name"], lang)
