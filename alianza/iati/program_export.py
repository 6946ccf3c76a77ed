"""A program and its initiatives as IATI activities (canonical content).

- The program: hierarchy 1, identified `<reporting org>-<CODE>`; title, summary
  (description type 1) and objective (type 2) in every language present; its partners as
  accountable organisations (role 2), the institutions of its funding sources as funders
  (role 1); its start and end as activity dates; its initiatives as related activities.
- Each initiative: hierarchy 2, `<program identifier>-<number>`, with its execution
  periods as dates, its classification in each of the program's schemes as `tag`
  elements of vocabulary 99 whose vocabulary-uri is the scheme's page, and its cost
  records as expenditure transactions. The records give no payment date: a cost is dated
  at the end of the initiative's last execution period, and its description says so.
- Then the program's registry activities.

The reporting organisation is the first partner with an IATI organisation identifier (on
the institution, or on a registry organisation linked to it); without one, the program
cannot be exported and the error says so.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution
from alianza.iati.contents import ExportError, registry_contents
from alianza.registry import vocabularies
from alianza.registry.content import fmt_decimal, normalize
from alianza.registry.models import Activity, Organisation
from alianza.registry.querysets import ActivityQuerySet
from alianza.registry.text import narratives

if TYPE_CHECKING:
    from alianza.initiatives.models import Initiative
    from alianza.programs.models import Program

ORG_TYPES = {
    "government": "10",
    "un_system": "40",
    "multilateral": "40",
    "bilateral_agency": "10",
    "academic": "80",
    "private_sector": "70",
    "civil_society": "22",
    "other": "90",
}


def institution_ref(institution: Institution) -> str:
    if institution.iati_identifier:
        return institution.iati_identifier
    linked = Organisation.objects.filter(institution=institution).order_by("ref").first()
    return linked.ref if linked else ""


def _org(institution: Institution, role: str) -> dict:
    return {
        "ref": institution_ref(institution),
        "role": role,
        "type": ORG_TYPES.get(institution.kind, "90"),
        "activity_id": "",
        "crs_channel_code": "",
        "name": narratives(en=institution.name_en, es=institution.name_es),
        "ssc_role": "",
        "executing_level": "",
    }


def _status(end: datetime.date | None) -> str:
    return "4" if end and end < datetime.date.today() else "2"


def _dates(start: datetime.date | None, end: datetime.date | None) -> list[dict]:
    dates = []
    if start:
        dates.append({"type": "2", "iso_date": start.isoformat(), "narratives": []})
    if end:
        kind = "4" if end < datetime.date.today() else "3"
        dates.append({"type": kind, "iso_date": end.isoformat(), "narratives": []})
    return dates


def institution_organisation(institution: Institution) -> Organisation:
    """The registry organisation of an institution with an IATI identifier (unsaved when
    the registry has none yet), for its organisation file."""
    existing = Organisation.objects.filter(ref=institution.iati_identifier).first()
    if existing is not None:
        return existing
    return Organisation(
        ref=institution.iati_identifier,
        name=narratives(en=institution.name_en, es=institution.name_es),
        type=ORG_TYPES.get(institution.kind, "90"),
        institution=institution,
    )


def organisations_for_file(refs: Iterable[str] | None = None) -> list[Organisation]:
    """Every registry organisation and every institution with an IATI identifier."""
    rows = {o.ref: o for o in Organisation.objects.order_by("ref")}
    for institution in Institution.objects.exclude(iati_identifier=""):
        rows.setdefault(institution.iati_identifier, institution_organisation(institution))
    if refs:
        rows = {ref: org for ref, org in rows.items() if ref in set(refs)}
    return [rows[ref] for ref in sorted(rows)]


def program_identifier(program: Program) -> tuple[str, Institution]:
    for partnership in program.partnerships.select_related("institution").order_by("id"):
        ref = institution_ref(partnership.institution)
        if ref:
            return f"{ref}-{program.code}", partnership.institution
    raise ExportError(
        [
            (
                program.code,
                _(
                    "no partner institution has an IATI organisation identifier; set one on an "
                    "institution (reference lists) to export the program"
                ),
            )
        ]
    )


def program_content(program: Program, initiatives: QuerySet[Initiative] | None = None) -> dict:
    identifier, reporter = program_identifier(program)
    funders = {
        f.institution_id: f.institution
        for f in program.funding_sources.select_related("institution")
        if f.institution is not None
    }
    orgs = [_org(f, "1") for f in funders.values()]
    orgs += [
        _org(p.institution, "2")
        for p in program.partnerships.select_related("institution").order_by("id")
    ]
    descriptions = []
    summary = narratives(en=program.summary_en, es=program.summary_es)
    objective = narratives(en=program.objective_en, es=program.objective_es)
    if summary:
        descriptions.append({"type": "1", "narratives": summary})
    if objective:
        descriptions.append({"type": "2", "narratives": objective})
    related = [
        {"ref": f"{identifier}-{i.number}", "type": "2"}
        for i in (initiatives if initiatives is not None else program.initiatives.all()).order_by(
            "number"
        )
    ]
    return normalize(
        {
            "iati_identifier": identifier,
            "default_currency": program.currency,
            "hierarchy": "1",
            "reporting_org_ref": institution_ref(reporter),
            "reporting_org_type": ORG_TYPES.get(reporter.kind, "90"),
            "reporting_org_name": narratives(en=reporter.name_en, es=reporter.name_es),
            "title": narratives(en=program.name_en, es=program.name_es),
            "descriptions": descriptions,
            "participating_orgs": orgs,
            "status": _status(program.end_date),
            "activity_dates": _dates(program.start_date, program.end_date),
            "related_activities": related,
        }
    )


def initiative_content(initiative: Initiative, program_data: dict) -> dict:
    program = initiative.program
    identifier = f"{program_data['iati_identifier']}-{initiative.number}"
    periods = sorted(initiative.periods.all(), key=lambda p: p.start_date)
    start = periods[0].start_date if periods else None
    ends = [p.end_date for p in periods if p.end_date]
    end = max(ends) if ends else None
    tags = []
    for classification in sorted(
        initiative.classifications.all(), key=lambda c: (c.scheme.order, c.scheme.code, c.term.code)
    ):
        tags.append(
            {
                "vocabulary": "99",
                "vocabulary_uri": vocabularies.scheme_uri(program.code, classification.scheme.code),
                "code": classification.term.code,
                "narratives": narratives(
                    en=classification.term.name_en, es=classification.term.name_es
                ),
            }
        )
    transactions = []
    when = end or start
    for cost in initiative.costs.all():
        if when is None:
            continue
        note = narratives(
            en=(cost.description_en + " " if cost.description_en else "")
            + "(Date: end of the initiative's last execution period; the records give no "
            "payment date.)",
            es=(cost.description_es + " " if cost.description_es else "")
            + "(Fecha: fin del último periodo de ejecución de la iniciativa; los registros no "
            "dan fecha de pago.)",
        )
        transactions.append(
            {
                "type": "4",
                "date": when.isoformat(),
                "value": fmt_decimal(cost.amount),
                "currency": cost.currency,
                "value_date": when.isoformat(),
                "description": note,
            }
        )
    descriptions = []
    text = narratives(en=initiative.description_en, es=initiative.description_es)
    if text:
        descriptions.append({"type": "1", "narratives": text})
    return normalize(
        {
            "iati_identifier": identifier,
            "default_currency": program.currency,
            "hierarchy": "2",
            "reporting_org_ref": program_data["reporting_org_ref"],
            "reporting_org_type": program_data["reporting_org_type"],
            "reporting_org_name": program_data["reporting_org_name"],
            "title": narratives(en=initiative.title_en, es=initiative.title_es),
            "descriptions": descriptions,
            "participating_orgs": [
                o for o in program_data["participating_orgs"] if o["role"] == "2"
            ],
            "status": _status(end),
            "activity_dates": _dates(start, end),
            "tags": tags,
            "transactions": transactions,
            "related_activities": [{"ref": program_data["iati_identifier"], "type": "1"}],
        }
    )


def program_contents(
    program: Program,
    *,
    initiatives: QuerySet[Initiative] | None = None,
    activities: ActivityQuerySet | None = None,
) -> Iterator[dict]:
    """The program, the given initiatives (default: all) and registry activities (default:
    all of the program's)."""
    rows = initiatives if initiatives is not None else program.initiatives.all()
    data = program_content(program, rows)
    yield data
    rows = (
        rows.select_related("program")
        .prefetch_related("periods", "costs", "classifications__term", "classifications__scheme")
        .order_by("number")
    )
    for initiative in rows:
        yield initiative_content(initiative, data)
    registry = activities if activities is not None else Activity.objects.all()
    own = {data["iati_identifier"]} | {f"{data['iati_identifier']}-{i.number}" for i in rows}
    yield from registry_contents(registry.filter(program=program).exclude(iati_identifier__in=own))
