"""The program file (`program.toml`): the partner institutions, the program and its
partnerships, phases, components, funding sources, general revisions and the versions of
its project document, through the accounts and programs services."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from alianza.accounts import services as accounts
from alianza.accounts.models import Institution, User
from alianza.core.dates import parse_partial_date
from alianza.programs import services as programs
from alianza.programs.models import FundingSource, Phase, Program
from alianza.reference.loaders.common import (
    LoadReport,
    ReferenceDataError,
    date_pair,
    decimal,
    marks,
    pick,
    read_toml,
    texts,
)

PROGRAM_CODE = "PROCAP"


def load_institutions(data: dict, actor: User, report: LoadReport) -> None:
    pending = list(data.get("institutions", []))
    # Parents first: an institution may name another as its parent.
    done: set[str] = set(Institution.objects.values_list("code", flat=True))
    for _round in range(len(pending) + 1):
        if not pending:
            break
        later = []
        for raw in pending:
            parent = raw.get("parent", "")
            if parent and parent not in done and any(p["code"] == parent for p in pending):
                later.append(raw)
                continue
            values = {
                **pick(raw, "kind", "country", "iati_identifier", "website"),
                **texts(raw, "acronym"),
                "name_en": raw["name_en"],
                "name_es": raw.get("name_es", ""),
            }
            values["parent"] = Institution.objects.filter(code=parent).first() if parent else None
            accounts.institution_upsert(code=raw["code"], values=values, actor=actor)
            done.add(raw["code"])
            report.add("institutions")
        pending = later


def load_program(data: dict, actor: User, report: LoadReport) -> Program:
    raw = data["program"]
    values = {
        **texts(raw, "name", "summary", "objective", "framework_agreement", "source_note"),
        **marks(raw),
        "is_public": raw.get("is_public", True),
    }
    if raw.get("framework_agreement_signed_on"):
        values["framework_agreement_signed_on"] = parse_partial_date(
            raw["framework_agreement_signed_on"]
        ).value
    values.update(date_pair(raw, "start", "end"))
    program = programs.program_upsert(
        code=raw.get("code", PROGRAM_CODE), values=values, actor=actor
    )
    for partner in data.get("partners", []):
        institution = Institution.objects.get(code=partner["institution"])
        existing = program.partnerships.filter(institution=institution).first()
        if (
            existing
            and existing.role_en == partner.get("role_en", "")
            and existing.role_es == partner.get("role_es", "")
        ):
            continue
        programs.partnership_set(
            program=program,
            institution=institution,
            role_en=partner.get("role_en", ""),
            role_es=partner.get("role_es", ""),
            actor=actor,
        )
    report.add("programs")
    return program


def load_structure(data: dict, program: Program, actor: User, report: LoadReport) -> None:
    content = data
    for raw in content.get("phases", []):
        values = {
            **texts(raw, "name", "objective", "source_note"),
            **marks(raw),
            **date_pair(raw, "start", "end"),
        }
        programs.phase_upsert(program=program, number=raw["number"], values=values, actor=actor)
        report.add("phases")
    for raw in content.get("components", []):
        programs.component_upsert(
            program=program,
            number=raw["number"],
            values={**texts(raw, "name", "description"), **marks(raw)},
            actor=actor,
        )
        report.add("components")
    for raw in content.get("funding_sources", []):
        values = {
            **texts(raw, "name", "project_title", "source_note"),
            **marks(raw),
            "kind": raw["kind"],
            "institution": (
                Institution.objects.get(code=raw["institution"]) if raw.get("institution") else None
            ),
            "project_number": raw.get("project_number", ""),
            "reported_amount": decimal(raw.get("reported_amount")),
            "reported_currency": raw.get("reported_currency", "USD"),
        }
        programs.funding_source_upsert(
            program=program, code=raw["code"], values=values, actor=actor
        )
        report.add("funding sources")
    sources = {s.code: s for s in FundingSource.objects.filter(program=program)}

    def source(code: str | None) -> FundingSource | None:
        if not code:
            return None
        if code not in sources:
            raise ReferenceDataError(f"Unknown funding source '{code}'")
        return sources[code]

    for raw in content.get("general_revisions", []):
        values = {
            **texts(raw, "purpose", "source_note"),
            **marks(raw),
            "date": parse_partial_date(raw["date"]).value,
            "award_change": decimal(raw.get("award_change")),
            "total_award": decimal(raw.get("total_award")),
            "extends_to": None,
        }
        if raw.get("extends_to"):
            extends = parse_partial_date(raw["extends_to"], end=True)
            values.update(extends_to=extends.value, extends_to_precision=extends.precision)
        amounts: list[Mapping[str, Any]] = [
            {
                "source": source(a["source"]),
                "amount": Decimal(str(a["amount"])),
                "note_en": a.get("note_en", ""),
                "note_es": a.get("note_es", ""),
            }
            for a in raw.get("amounts", [])
        ]
        programs.general_revision_upsert(
            program=program, number=raw["number"], values=values, amounts=amounts, actor=actor
        )
        report.add("general revisions")
    phases = {p.number: p for p in Phase.objects.filter(program=program)}
    for raw in content.get("document_versions", []):
        when = parse_partial_date(raw["date"])
        values = {
            **texts(raw, "label", "changes", "source_note"),
            **marks(raw),
            "sequence": raw["sequence"],
            "kind": raw["kind"],
            "revision_number": raw.get("revision_number"),
            "phase": phases.get(raw["phase"]) if raw.get("phase") else None,
            "date": when.value,
            "date_precision": when.precision,
        }
        results: list[Mapping[str, Any]] = [
            {
                "number": r["number"],
                "title_en": r["title_en"],
                "title_es": r.get("title_es", ""),
                **marks(r),
                "products": products(r),
            }
            for r in raw.get("results", [])
        ]
        amounts = [
            {
                "source": source(a.get("source")),
                "kind": a["kind"],
                "amount": Decimal(str(a["amount"])),
                "note_en": a.get("note_en", ""),
                "note_es": a.get("note_es", ""),
            }
            for a in raw.get("amounts", [])
        ]
        programs.document_version_upsert(
            program=program,
            code=raw["code"],
            values=values,
            results=results,
            amounts=amounts,
            actor=actor,
        )
        report.add("document versions")


def products(result: dict) -> list[dict[str, Any]]:
    """A result's products: `products_en` and `products_es` side by side (the same length
    when both are given), marked by the result's `products_translated`."""
    english, spanish = result.get("products_en", []), result.get("products_es", [])
    if spanish and len(spanish) != len(english):
        raise ReferenceDataError(
            f"Result {result['number']}: {len(english)} products in English, "
            f"{len(spanish)} in Spanish"
        )
    mark = marks(result, "products_translated")
    return [
        {"title_en": title, "title_es": spanish[i] if spanish else "", **mark}
        for i, title in enumerate(english)
    ]


def load(*, data_dir: Path, actor: User, report: LoadReport) -> Program:
    """Institutions first (a partner names its institution), then the program and its
    structure; returns the program the other loaders fill."""
    data = read_toml(data_dir, "program")
    load_institutions(data, actor, report)
    program = load_program(data, actor, report)
    load_structure(data, program, actor, report)
    return program
