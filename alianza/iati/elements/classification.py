"""sector, tag, policy-marker, collaboration-type, default flow, finance, aid type and
tied status, and capital-spend.

Tags of vocabulary 99 whose vocabulary-uri names one of Alianza's South-South
vocabularies become the activity's instrument, modality and role of the registry's
country; other tags
are kept as they are.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from alianza.iati.elements.common import (
    Builder,
    Context,
    Element,
    Parser,
    add_narratives,
    attr,
    narratives,
    sub,
)
from alianza.registry import vocabularies


def parse_sector(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("sectors", []).append(
        {
            "vocabulary": attr(element, "vocabulary"),
            "vocabulary_uri": attr(element, "vocabulary-uri"),
            "code": attr(element, "code"),
            "percentage": attr(element, "percentage"),
            "narratives": narratives(element, ctx),
        }
    )


def build_sector(parent: Element, data: dict, lang: str) -> None:
    for item in data["sectors"]:
        element = sub(
            parent,
            "sector",
            {
                "vocabulary": item["vocabulary"],
                "vocabulary-uri": item["vocabulary_uri"],
                "percentage": item["percentage"],
            },
        )
        element.set("code", item["code"])
        add_narratives(element, item["narratives"], lang)


def parse_tag(element: Element, data: dict, ctx: Context) -> None:
    vocabulary, uri, value = (
        attr(element, "vocabulary"),
        attr(element, "vocabulary-uri"),
        attr(element, "code"),
    )
    ssc = vocabularies.ssc_vocabulary(uri) if vocabulary == "99" else None
    if ssc is not None:
        field, choices = vocabularies.ssc_vocabularies()[ssc]
        if value in choices.values and not data.get(field):
            data[field] = value
            return
        ctx.note(
            element,
            "tag",
            gettext_noop("'%(value)s' is not a code of Alianza's %(vocabulary)s vocabulary"),
            value=value,
            vocabulary=ssc,
        )
    data.setdefault("tags", []).append(
        {
            "vocabulary": vocabulary,
            "vocabulary_uri": uri,
            "code": value,
            "narratives": narratives(element, ctx),
        }
    )


def build_tag(parent: Element, data: dict, lang: str) -> None:
    for item in data["tags"]:
        element = sub(
            parent,
            "tag",
            {"vocabulary": item.get("vocabulary"), "vocabulary-uri": item.get("vocabulary_uri")},
        )
        element.set("code", item.get("code", ""))
        add_narratives(element, item.get("narratives"), lang)
    for name, (field, choices) in vocabularies.ssc_vocabularies().items():
        value = data.get(field)
        if not value:
            continue
        element = sub(
            parent,
            "tag",
            {"vocabulary": "99", "vocabulary-uri": vocabularies.ssc_uri(name), "code": value},
        )
        add_narratives(element, [{"lang": "en", "text": str(choices(value).label)}], lang)


def parse_policy_marker(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("policy_markers", []).append(
        {
            "vocabulary": attr(element, "vocabulary"),
            "vocabulary_uri": attr(element, "vocabulary-uri"),
            "code": attr(element, "code"),
            "significance": attr(element, "significance"),
            "narratives": narratives(element, ctx),
        }
    )


def build_policy_marker(parent: Element, data: dict, lang: str) -> None:
    for item in data["policy_markers"]:
        element = sub(
            parent,
            "policy-marker",
            {
                "vocabulary": item.get("vocabulary"),
                "vocabulary-uri": item.get("vocabulary_uri"),
                "significance": item.get("significance"),
            },
        )
        element.set("code", item.get("code", ""))
        add_narratives(element, item.get("narratives"), lang)


def _code_parser(key: str) -> Parser:
    def parse(element: Element, data: dict, ctx: Context) -> None:
        data[key] = attr(element, "code")

    return parse


def _code_builder(key: str, name: str) -> Builder:
    def build(parent: Element, data: dict, lang: str) -> None:
        if data.get(key):
            sub(parent, name, {"code": data[key]})

    return build


parse_collaboration_type = _code_parser("collaboration_type")
build_collaboration_type = _code_builder("collaboration_type", "collaboration-type")
parse_default_flow_type = _code_parser("default_flow_type")
build_default_flow_type = _code_builder("default_flow_type", "default-flow-type")
parse_default_finance_type = _code_parser("default_finance_type")
build_default_finance_type = _code_builder("default_finance_type", "default-finance-type")
parse_default_tied_status = _code_parser("default_tied_status")
build_default_tied_status = _code_builder("default_tied_status", "default-tied-status")


def parse_aid_type(element: Element) -> dict:
    return {"code": attr(element, "code"), "vocabulary": attr(element, "vocabulary")}


def build_aid_type(parent: Element, name: str, item: dict) -> Element:
    element = sub(parent, name, {"vocabulary": item.get("vocabulary")})
    element.set("code", item.get("code", ""))
    return element


def parse_default_aid_type(element: Element, data: dict, ctx: Context) -> None:
    data.setdefault("default_aid_types", []).append(parse_aid_type(element))


def build_default_aid_type(parent: Element, data: dict, lang: str) -> None:
    for item in data["default_aid_types"]:
        build_aid_type(parent, "default-aid-type", item)


def parse_capital_spend(element: Element, data: dict, ctx: Context) -> None:
    data["capital_spend"] = attr(element, "percentage")


def build_capital_spend(parent: Element, data: dict, lang: str) -> None:
    if data.get("capital_spend") not in ("", None):
        sub(parent, "capital-spend").set("percentage", data["capital_spend"])
