"""The systematization files (`criteria.toml`, `informants.toml`, `learning.toml`, and
`report.toml` where the data set has one): the criteria set and period, the frame of the
interviews (case types, success factors, analysis scopes, informants), the assessments and
their consolidation, the lessons and the recommendations, and the numbers the program's
own report gives its figures, through the systematization services. Per-criterion values are
reconstructed from the report's narrative and marked so."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError

from alianza.accounts.models import Institution, User
from alianza.core.dates import parse_partial_date
from alianza.initiatives.models import ClassificationScheme, Initiative
from alianza.programs.models import Program
from alianza.reference.loaders.common import (
    LoadReport,
    ReferenceDataError,
    marks,
    read_toml,
    texts,
)
from alianza.systematization import services
from alianza.systematization.models import (
    CaseType,
    ConsolidatedResult,
    Informant,
    SuccessFactor,
    SystematizationPeriod,
)

FILES = ("criteria", "informants", "learning")


class SystematizationDataError(ReferenceDataError):
    """The systematization files say something the loader cannot place."""


def _initiative(program: Program, number: int) -> Initiative:
    initiative = Initiative.objects.filter(program=program, number=number).first()
    if initiative is None:
        raise SystematizationDataError(f"{program.code} has no initiative {number}")
    return initiative


def load_criteria(
    data: dict, program: Program, actor: User, report: LoadReport
) -> SystematizationPeriod:
    raw = data["criteria"]["criteria_set"]
    scheme = None
    if raw.get("balance_scheme"):
        scheme = ClassificationScheme.objects.filter(
            program=program, code=raw["balance_scheme"]
        ).first()
        if scheme is None:
            raise SystematizationDataError(f"No classification scheme '{raw['balance_scheme']}'")
    criteria = [
        {
            "code": c["code"],
            "number": c["number"],
            "counts_toward_threshold": c.get("counts_toward_threshold", True),
            "weight": c.get("weight", 1),
            "is_required": c.get("is_required", False),
            **texts(c, "name", "description", "source_note"),
        }
        for c in raw["criteria"]
    ]
    criteria_set = services.criteria_set_upsert(
        program=program,
        code=raw["code"],
        values={
            "flagship_threshold": raw["flagship_threshold"],
            "balance_scheme": scheme,
            **texts(raw, "name", "description", "source_note"),
        },
        criteria=criteria,
        actor=actor,
    )
    report.add("criteria sets")
    period_raw = data["criteria"]["period"]
    start = parse_partial_date(period_raw["start"])
    end = parse_partial_date(period_raw["end"], end=True)
    period = services.period_upsert(
        program=program,
        code=period_raw["code"],
        values={
            "start_date": start.value,
            "start_precision": start.precision,
            "end_date": end.value,
            "end_precision": end.precision,
            "criteria_set": criteria_set,
            **texts(period_raw, "name", "source_note"),
        },
        actor=actor,
    )
    report.add("systematization periods")
    return period


def load_frame(
    data: dict, program: Program, period: SystematizationPeriod, actor: User, report: LoadReport
) -> None:
    content = data["informants"]
    for order, raw in enumerate(content["case_types"], start=1):
        services.case_type_upsert(
            program=program,
            code=raw["code"],
            values={"order": order, **texts(raw, "name", "description", "source_note")},
            actor=actor,
        )
    for order, raw in enumerate(content["factors"], start=1):
        services.success_factor_upsert(
            program=program,
            code=raw["code"],
            values={
                "number": raw.get("number"),
                "order": order,
                **texts(raw, "name", "description", "source_note"),
            },
            actor=actor,
        )
    report.add("success factors", len(content["factors"]))
    for order, raw in enumerate(content["scopes"], start=1):
        services.analysis_scope_upsert(
            program=program,
            code=raw["code"],
            values={"order": order, **texts(raw, "name", "source_note")},
            categories=[{"code": c["code"], **texts(c, "name")} for c in raw.get("categories", [])],
            questions=[
                {"number": q["number"], **texts(q, "heading", "text"), **marks(q)}
                for q in raw.get("questions", [])
            ],
            actor=actor,
        )
    report.add("analysis scopes", len(content["scopes"]))
    case_types = {c.code: c for c in CaseType.objects.filter(program=program)}
    institutions = {i.code: i for i in Institution.objects.all()}
    for raw in content["annex4"]["informants"]:
        if raw.get("institution") and raw["institution"] not in institutions:
            raise SystematizationDataError(
                f"Informant {raw['code']}: no institution {raw['institution']}"
            )
        services.informant_upsert(
            program=program,
            code=raw["code"],
            values={
                "case_type": case_types[raw["case_type"]],
                "institution": institutions.get(raw.get("institution", "")),
                "listed_as": raw.get("listed_as", ""),
                **texts(raw, "role", "source_note"),
                **marks(raw),
            },
            actor=actor,
        )
    report.add("informants", len(content["annex4"]["informants"]))
    informants = list(Informant.objects.filter(program=program).order_by("code"))
    note = texts(content["interviews"], "source_note")
    for number, informant in enumerate(informants, start=1):
        services.interview_upsert(
            period=period, number=number, values={"informant": informant, **note}, actor=actor
        )
    report.add("interviews", len(informants))


def _item_note(section: str, count_note_en: str, count_note_es: str) -> dict[str, str]:
    return {
        "source_note_en": (
            f"Reconstructed from the narrative of section {section}: the report's "
            f"cell-by-cell matrix (Figure 9) did not survive. {count_note_en}"
        ).strip(),
        "source_note_es": (
            f"Reconstruido a partir de la narrativa de la sección {section}: la matriz "
            f"celda por celda del informe (Figura 9) no se conservó. {count_note_es}"
        ).strip(),
    }


def load_assessments(
    data: dict, program: Program, period: SystematizationPeriod, actor: User, report: LoadReport
) -> None:
    content = data["criteria"]
    label = content["assessor"]["label_en"]
    for raw in content["assessments"]:
        initiative = _initiative(program, raw["initiative"])
        note = _item_note(
            raw["section"], raw.get("count_note_en", ""), raw.get("count_note_es", "")
        )
        items = {}
        for value in ("met", "not_met", "not_assessable"):
            for code in raw.get(value, []):
                if code in items:
                    raise SystematizationDataError(
                        f"Initiative {raw['initiative']}: criterion {code} given twice"
                    )
                items[code] = {
                    "value": value,
                    "evidence_en": raw.get("evidence", {}).get(code, ""),
                    "evidence_es": raw.get("evidence_es", {}).get(code, ""),
                    "is_reconstructed": True,
                    **note,
                    **marks(raw),
                }
        try:
            services.assessment_save(
                period=period,
                initiative=initiative,
                items=items,
                assessor=None,
                assessor_label=label,
                actor=actor,
            )
        except ValidationError as exc:
            raise SystematizationDataError(
                f"Assessment of initiative {raw['initiative']}: {exc.message_dict}"
            ) from exc
        report.add("assessments")
    mentions = {m["initiative"]: m for m in content.get("special_mentions", [])}
    for raw in content["assessments"]:
        initiative = _initiative(program, raw["initiative"])
        mention = mentions.get(raw["initiative"])
        values = {
            "is_special_mention": mention is not None,
            "special_mention_reason_en": mention["reason_en"] if mention else "",
            "special_mention_reason_es": mention.get("reason_es", "") if mention else "",
        }
        existing = ConsolidatedResult.objects.filter(period=period, initiative=initiative).first()
        if existing is None:
            services.consolidated_result_create(
                period=period, initiative=initiative, values=values, actor=actor
            )
        else:
            services.consolidated_result_update(result=existing, values=values, actor=actor)
        report.add("consolidated results")
    for raw in content.get("nominations", []):
        services.nomination_upsert(
            period=period,
            initiative=_initiative(program, raw["initiative"]),
            informant=None,
            values={
                "prominence": raw["prominence"],
                **texts(raw, "reason", "source_note"),
                **marks(raw),
            },
            actor=actor,
        )
        report.add("nominations")


def load_learning(
    data: dict, program: Program, period: SystematizationPeriod, actor: User, report: LoadReport
) -> None:
    content = data["learning"]
    factors = {f.code: f for f in SuccessFactor.objects.filter(program=program)}
    table_note = texts(content["table7"], "source_note")
    numbers: dict[tuple[str, str], int] = {}
    for raw in content["lessons"]:
        key = (raw["factor"], raw["kind"])
        numbers[key] = numbers.get(key, 0) + 1
        own_note = texts(raw, "source_note")
        note = {k: " ".join(p for p in (table_note[k], own_note[k]) if p) for k in table_note}
        services.lesson_upsert(
            period=period,
            factor=factors[raw["factor"]],
            kind=raw["kind"],
            number=numbers[key],
            values={**texts(raw, "text", "evidence"), **note, **marks(raw)},
            initiatives=[_initiative(program, n) for n in raw.get("initiatives", [])],
            actor=actor,
        )
    report.add("lessons and good practices", len(content["lessons"]))
    for order, raw in enumerate(content["recommendations"], start=1):
        services.recommendation_upsert(
            period=period,
            code=raw["code"],
            values={
                "factor": factors[raw["factor"]],
                "order": order,
                **texts(raw, "text", "source_note"),
                **marks(raw),
            },
            actor=actor,
        )
    report.add("recommendations", len(content["recommendations"]))


def load(*, data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    data = {name: read_toml(data_dir, name) for name in FILES}
    period = load_criteria(data, program, actor, report)
    load_frame(data, program, period, actor, report)
    load_assessments(data, program, period, actor, report)
    load_learning(data, program, period, actor, report)
    load_report_numbers(data_dir, program, actor, report)


def load_report_numbers(data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    """The report's numbering of its figures; without `report.toml`, plain titles."""
    if not (data_dir / "report.toml").exists():
        return
    for raw in read_toml(data_dir, "report").get("report_numbers", []):
        values = {"kind": raw["kind"], "number": raw["number"]}
        values.update({k: raw[k] for k in ("title_en", "title_es") if k in raw})
        services.report_number_upsert(
            program=program, figure=raw["figure"], values=values, actor=actor
        )
        report.add("report numbers")
