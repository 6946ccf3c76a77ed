"""The initiatives file (`initiatives.toml`): the classification schemes and their terms,
the legal and policy framework, and the initiatives with their periods, costs,
classifications, alignments and involvements, through the initiatives services."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from alianza.accounts.models import User
from alianza.core.dates import parse_partial_date
from alianza.initiatives import services as initiatives
from alianza.programs.models import DocumentVersion, Phase, Program
from alianza.reference.loaders.common import (
    LoadReport,
    ReferenceDataError,
    marks,
    pick,
    read_toml,
    texts,
)


def load_classifications(data: dict, program: Program, actor: User, report: LoadReport) -> None:
    content = data
    for raw in content.get("schemes", []):
        values = {
            **texts(raw, "name", "description", "source_note"),
            "is_hierarchical": raw.get("hierarchical", False),
            "allows_multiple": raw.get("multiple", False),
            "order": raw.get("order", 0),
        }
        terms = [
            {
                "code": t["code"],
                "parent": t.get("parent", ""),
                **texts(t, "name", "description", "note"),
                "order": t.get("order", i),
            }
            for i, t in enumerate(raw.get("terms", []), start=1)
        ]
        initiatives.scheme_upsert(
            program=program, code=raw["code"], values=values, terms=terms, actor=actor
        )
        report.add("classification schemes")
    for raw in content.get("policy_instruments", []):
        values = {
            **texts(raw, "name"),
            **pick(raw, "kind", "short_name", "period", "url", "country"),
            "published_on": (
                parse_partial_date(raw["published_on"]).value if raw.get("published_on") else None
            ),
        }
        provisions = [
            {
                "code": p["code"],
                "kind": p["kind"],
                "number": str(p["number"]),
                "parent": p.get("parent", ""),
                **texts(p, "text"),
                **marks(p),
            }
            for p in raw.get("provisions", [])
        ]
        initiatives.policy_instrument_upsert(
            code=raw["code"], values=values, provisions=provisions, actor=actor
        )
        report.add("policy instruments")


def initiative_data(raw: dict, program: Program) -> dict[str, Any]:
    phase = (
        Phase.objects.filter(program=program, number=raw["phase"]).first()
        if raw.get("phase")
        else None
    )
    component = (
        program.components.filter(number=raw["component"]).first() if raw.get("component") else None
    )
    result = None
    if raw.get("result"):
        version = DocumentVersion.objects.filter(
            program=program, code=raw["result"]["version"]
        ).first()
        result = version.results.filter(number=raw["result"]["number"]).first() if version else None
        if result is None:
            raise ReferenceDataError(
                f"Initiative {raw['number']}: no result {raw['result']} in the document versions"
            )
    periods = []
    for period in raw.get("periods", []):
        start = parse_partial_date(period["start"])
        end = parse_partial_date(period["end"], end=True) if period.get("end") else None
        periods.append(
            {
                "start_date": start.value,
                "start_precision": start.precision,
                "end_date": end.value if end else None,
                "end_precision": end.precision if end else start.precision,
                **texts(period, "note"),
            }
        )
    return {
        **texts(
            raw,
            "title",
            "description",
            "placement",
            "placement_note",
            "scope_text",
            "alignment_text",
            "period_text",
            "challenge",
            "good_practice",
            "source_note",
        ),
        "title_es_is_translation": raw.get("title_es_is_translation", False),
        **marks(raw),
        "is_public": raw.get("is_public", True),
        "phase": phase,
        "component": component,
        "result": result,
        "classifications": dict(raw.get("classifications", {})),
        "alignments": list(raw.get("alignment", [])),
        "periods": periods,
        "costs": [
            {
                "amount": Decimal(str(c["amount"])),
                "currency": c.get("currency", "USD"),
                **texts(c, "description", "note"),
            }
            for c in raw.get("costs", [])
        ],
        "involvements": [
            {
                "institution": i.get("institution") or None,
                "person_name": i.get("person_name", ""),
                **texts(i, "role"),
            }
            for i in raw.get("involvement", [])
        ],
        "key_figures": [
            {"value": Decimal(str(k["value"])), **texts(k, "label")}
            for k in raw.get("key_figures", [])
        ],
    }


def load_initiatives(data: dict, program: Program, actor: User, report: LoadReport) -> None:
    for raw in data.get("initiatives", []):
        try:
            initiatives.initiative_upsert(
                program=program,
                number=raw["number"],
                data=initiative_data(raw, program),
                actor=actor,
            )
        except ValidationError as exc:
            raise ReferenceDataError(f"Initiative {raw['number']}: {exc.message_dict}") from exc
        report.add("initiatives")


def load(*, data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    data = read_toml(data_dir, "initiatives")
    load_classifications(data, program, actor, report)
    load_initiatives(data, program, actor, report)
