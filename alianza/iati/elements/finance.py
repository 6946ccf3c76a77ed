"""budget and transaction."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from alianza.iati.elements.classification import build_aid_type, parse_aid_type
from alianza.iati.elements.common import (
    Context,
    Element,
    add_narratives,
    attr,
    child,
    narratives,
    sub,
    text,
    text_element,
)
from alianza.registry.content import fmt_decimal


def _value(element: Element) -> dict:
    value = child(element, "value")
    return {
        "value": fmt_decimal(text(value)),
        "currency": attr(value, "currency"),
        "value_date": attr(value, "value-date"),
    }


def _build_value(parent: Element, item: dict) -> None:
    value = sub(parent, "value", {"currency": item.get("currency")}, item.get("value"))
    value.set("value-date", item.get("value_date", ""))


def parse_budget(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("budgets", []).append(
        {
            "type": attr(element, "type"),
            "status": attr(element, "status"),
            "period_start": attr(child(element, "period-start"), "iso-date"),
            "period_end": attr(child(element, "period-end"), "iso-date"),
            **_value(element),
        }
    )


def build_budget(parent: Element, data: dict, lang: str) -> None:
    for item in data["budgets"]:
        element = sub(parent, "budget", {"type": item.get("type"), "status": item.get("status")})
        sub(element, "period-start").set("iso-date", item["period_start"])
        sub(element, "period-end").set("iso-date", item["period_end"])
        _build_value(element, item)


def _org(element: Element, ctx: Context, activity_attr: str) -> dict | None:
    if element is None:
        return None
    return {
        "ref": attr(element, "ref"),
        "type": attr(element, "type"),
        "activity_id": attr(element, activity_attr),
        "narratives": narratives(element, ctx),
    }


def _build_org(
    parent: Element, name: str, item: dict | None, activity_attr: str, lang: str
) -> None:
    if item is None:
        return
    element = sub(
        parent,
        name,
        {"ref": item.get("ref"), activity_attr: item.get("activity_id"), "type": item.get("type")},
    )
    add_narratives(element, item.get("narratives"), lang)


def _geo(element: Element, ctx: Context, with_vocabulary: bool) -> dict | None:
    if element is None:
        return None
    out = {"code": attr(element, "code"), "narratives": narratives(element, ctx)}
    if with_vocabulary:
        out["vocabulary"] = attr(element, "vocabulary")
        out["vocabulary_uri"] = attr(element, "vocabulary-uri")
    return out


def parse_transaction(element: Element, data: dict, ctx: Context) -> None:
    # One pass over the children, by tag (a transaction has a dozen possible elements:
    # looking each up among the children was most of an activity's mapping).
    found: dict[str, list[Element]] = {}
    for node in element:
        tag = node.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        if tag.startswith("{"):
            ctx.note(
                node,
                "transaction",
                gettext_noop("an extension element inside a transaction is not kept"),
            )
            continue
        found.setdefault(tag, []).append(node)

    def one(name: str) -> Element | None:
        nodes = found.get(name)
        return nodes[0] if nodes else None

    value = one("value")
    data.setdefault("transactions", []).append(
        {
            "ref": attr(element, "ref"),
            "humanitarian": attr(element, "humanitarian"),
            "type": attr(one("transaction-type"), "code"),
            "date": attr(one("transaction-date"), "iso-date"),
            "value": fmt_decimal(text(value)),
            "currency": attr(value, "currency"),
            "value_date": attr(value, "value-date"),
            "description": narratives(one("description"), ctx),
            "provider_org": _org(one("provider-org"), ctx, "provider-activity-id"),
            "receiver_org": _org(one("receiver-org"), ctx, "receiver-activity-id"),
            "disbursement_channel": attr(one("disbursement-channel"), "code"),
            "sectors": [
                {
                    "vocabulary": attr(e, "vocabulary"),
                    "vocabulary_uri": attr(e, "vocabulary-uri"),
                    "code": attr(e, "code"),
                    "narratives": narratives(e, ctx),
                }
                for e in found.get("sector", [])
            ],
            "recipient_country": _geo(one("recipient-country"), ctx, False),
            "recipient_region": _geo(one("recipient-region"), ctx, True),
            "flow_type": attr(one("flow-type"), "code"),
            "finance_type": attr(one("finance-type"), "code"),
            "aid_types": [parse_aid_type(e) for e in found.get("aid-type", [])],
            "tied_status": attr(one("tied-status"), "code"),
        }
    )


def build_transaction(parent: Element, data: dict, lang: str) -> None:
    for item in data["transactions"]:
        element = sub(
            parent,
            "transaction",
            {"ref": item.get("ref"), "humanitarian": item.get("humanitarian")},
        )
        sub(element, "transaction-type").set("code", item["type"])
        sub(element, "transaction-date").set("iso-date", item["date"])
        _build_value(element, item)
        text_element(element, "description", item.get("description"), lang)
        _build_org(element, "provider-org", item.get("provider_org"), "provider-activity-id", lang)
        _build_org(element, "receiver-org", item.get("receiver_org"), "receiver-activity-id", lang)
        if item.get("disbursement_channel"):
            sub(element, "disbursement-channel", {"code": item["disbursement_channel"]})
        for sector in item.get("sectors") or []:
            node = sub(
                element,
                "sector",
                {
                    "vocabulary": sector.get("vocabulary"),
                    "vocabulary-uri": sector.get("vocabulary_uri"),
                },
            )
            node.set("code", sector.get("code", ""))
            add_narratives(node, sector.get("narratives"), lang)
        country = item.get("recipient_country")
        if country:
            node = sub(element, "recipient-country")
            node.set("code", country.get("code", ""))
            add_narratives(node, country.get("narratives"), lang)
        region = item.get("recipient_region")
        if region:
            node = sub(
                element,
                "recipient-region",
                {
                    "vocabulary": region.get("vocabulary"),
                    "vocabulary-uri": region.get("vocabulary_uri"),
                },
            )
            node.set("code", region.get("code", ""))
            add_narratives(node, region.get("narratives"), lang)
        for name in ("flow_type", "finance_type"):
            if item.get(name):
                sub(element, name.replace("_", "-"), {"code": item[name]})
        for aid in item.get("aid_types") or []:
            build_aid_type(element, "aid-type", aid)
        if item.get("tied_status"):
            sub(element, "tied-status", {"code": item["tied_status"]})
