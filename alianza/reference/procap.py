"""PROCAP's 2013-2019 reference data, from the systematization report, into the records.

The data lives in `data/procap/*.toml`, transcribed from the report with a note
wherever the report is ambiguous. Loading goes through the same services as
the pages, so every record it creates is audited; loading again changes nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from alianza.accounts import services as accounts
from alianza.accounts.models import Institution, User
from alianza.core.dates import parse_partial_date
from alianza.core.extensions import procap_loaders
from alianza.initiatives import services as initiatives
from alianza.programs import services as programs
from alianza.programs.models import DocumentVersion, FundingSource, Phase, Program

DATA_DIR = Path(__file__).resolve().parent / "data" / "procap"
PROGRAM_CODE = "PROCAP"


class ReferenceDataError(ValueError):
    """The reference files say something the loader cannot place."""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n


def read_data(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in ("program", "initiatives"):
        path = data_dir / f"{name}.toml"
        with path.open("rb") as handle:
            data[name] = tomllib.load(handle)
    return data


def _pick(raw: dict, *names: str) -> dict:
    return {name: raw[name] for name in names if name in raw}


def _texts(raw: dict, *bases: str) -> dict:
    values = {}
    for base in bases:
        for lang in ("en", "es"):
            key = f"{base}_{lang}"
            values[key] = raw.get(key, "")
    return values


def _date_pair(raw: dict, start_key: str, end_key: str) -> dict:
    values = {}
    if raw.get(start_key):
        start = parse_partial_date(raw[start_key])
        values.update(start_date=start.value, start_precision=start.precision)
    if raw.get(end_key):
        end = parse_partial_date(raw[end_key], end=True)
        values.update(end_date=end.value, end_precision=end.precision)
    return values


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def load_institutions(data: dict, actor: User, report: LoadReport) -> None:
    pending = list(data["program"].get("institutions", []))
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
                **_pick(raw, "acronym", "kind", "country", "iati_identifier", "website"),
                "name_en": raw["name_en"],
                "name_es": raw.get("name_es", ""),
            }
            values["parent"] = Institution.objects.filter(code=parent).first() if parent else None
            accounts.institution_upsert(code=raw["code"], values=values, actor=actor)
            done.add(raw["code"])
            report.add("institutions")
        pending = later


def load_program(data: dict, actor: User, report: LoadReport) -> Program:
    raw = data["program"]["program"]
    values = {
        **_texts(raw, "name", "summary", "objective", "framework_agreement", "source_note"),
        "is_public": raw.get("is_public", True),
    }
    if raw.get("framework_agreement_signed_on"):
        values["framework_agreement_signed_on"] = parse_partial_date(
            raw["framework_agreement_signed_on"]
        ).value
    values.update(_date_pair(raw, "start", "end"))
    program = programs.program_upsert(
        code=raw.get("code", PROGRAM_CODE), values=values, actor=actor
    )
    for partner in data["program"].get("partners", []):
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
    content = data["program"]
    for raw in content.get("phases", []):
        values = {
            **_texts(raw, "name", "objective", "source_note"),
            **_date_pair(raw, "start", "end"),
        }
        programs.phase_upsert(program=program, number=raw["number"], values=values, actor=actor)
        report.add("phases")
    for raw in content.get("components", []):
        programs.component_upsert(
            program=program,
            number=raw["number"],
            values=_texts(raw, "name", "description"),
            actor=actor,
        )
        report.add("components")
    for raw in content.get("funding_sources", []):
        values = {
            **_texts(raw, "name", "project_title", "source_note"),
            "kind": raw["kind"],
            "institution": (
                Institution.objects.get(code=raw["institution"]) if raw.get("institution") else None
            ),
            "project_number": raw.get("project_number", ""),
            "reported_amount": _decimal(raw.get("reported_amount")),
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
            **_texts(raw, "purpose", "source_note"),
            "date": parse_partial_date(raw["date"]).value,
            "award_change": _decimal(raw.get("award_change")),
            "total_award": _decimal(raw.get("total_award")),
            "extends_to": None,
        }
        if raw.get("extends_to"):
            extends = parse_partial_date(raw["extends_to"], end=True)
            values.update(extends_to=extends.value, extends_to_precision=extends.precision)
        amounts = [
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
            **_texts(raw, "label", "changes", "source_note"),
            "sequence": raw["sequence"],
            "kind": raw["kind"],
            "revision_number": raw.get("revision_number"),
            "phase": phases.get(raw["phase"]) if raw.get("phase") else None,
            "date": when.value,
            "date_precision": when.precision,
        }
        results = [
            {
                "number": r["number"],
                "title_en": r["title_en"],
                "title_es": r.get("title_es", ""),
                "products": [{"title_en": p, "title_es": ""} for p in r.get("products_en", [])],
            }
            for r in raw.get("results", [])
        ]
        amounts = [
            {
                "source": source(a.get("source")),
                "kind": a["kind"],
                "amount": Decimal(str(a["amount"])),
                "note_en": a.get("note_en", ""),
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


def load_classifications(data: dict, program: Program, actor: User, report: LoadReport) -> None:
    content = data["initiatives"]
    for raw in content.get("schemes", []):
        values = {
            **_texts(raw, "name", "description", "source_note"),
            "is_hierarchical": raw.get("hierarchical", False),
            "allows_multiple": raw.get("multiple", False),
            "order": raw.get("order", 0),
        }
        terms = [
            {
                "code": t["code"],
                "parent": t.get("parent", ""),
                **_texts(t, "name", "description", "note"),
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
            **_texts(raw, "name"),
            **_pick(raw, "kind", "short_name", "period", "url", "country"),
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
                **_texts(p, "text"),
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
                **_texts(period, "note"),
            }
        )
    return {
        **_texts(
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
                **_texts(c, "description", "note"),
            }
            for c in raw.get("costs", [])
        ],
        "involvements": [
            {
                "institution": i.get("institution") or None,
                "person_name": i.get("person_name", ""),
                **_texts(i, "role"),
            }
            for i in raw.get("involvement", [])
        ],
        "key_figures": [
            {"value": Decimal(str(k["value"])), **_texts(k, "label")}
            for k in raw.get("key_figures", [])
        ],
    }


def load_initiatives(data: dict, program: Program, actor: User, report: LoadReport) -> None:
    for raw in data["initiatives"].get("initiatives", []):
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


def load(*, actor: User, data_dir: Path = DATA_DIR) -> LoadReport:
    """Load everything, in dependency order. The caller wraps it in one transaction."""
    data = read_data(data_dir)
    report = LoadReport()
    load_institutions(data, actor, report)
    program = load_program(data, actor, report)
    load_structure(data, program, actor, report)
    load_classifications(data, program, actor, report)
    load_initiatives(data, program, actor, report)
    for step in procap_loaders:  # capability apps: criteria, risks, registry...
        step.load(program=program, actor=actor, report=report)
    return report
