"""Reads shared by the list page, its exports, the API and the report tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from alianza.core.extensions import InitiativeField, initiative_fields
from alianza.initiatives.filters import ordered_terms
from alianza.initiatives.models import ClassificationScheme, ClassificationTerm, Initiative

CENTS = Decimal("0.01")


@dataclass
class InitiativeRow:
    initiative: Initiative
    terms: dict[str, list[ClassificationTerm]]
    periods: str
    cost_usd: Decimal | None
    #: The values of the registered extension columns (`list_columns()`), in order.
    extras: list[Any] = field(default_factory=list)

    def term_names(self, scheme_code: str) -> str:
        return "; ".join(t.name for t in self.terms.get(scheme_code, []))


def classification_map(initiative: Initiative) -> dict[str, list[ClassificationTerm]]:
    """{scheme code: [terms]} from prefetched classifications."""
    terms: dict[str, list[ClassificationTerm]] = {}
    for row in initiative.classifications.all():
        terms.setdefault(row.scheme.code, []).append(row.term)
    return terms


def list_columns() -> list[InitiativeField]:
    """The extension fields shown as columns of the list page (those with a label), such
    as the systematization's flagship status; their `prepare` runs on the list's queryset."""
    return [extension for extension in initiative_fields if extension.label is not None]


def initiative_rows(initiatives: Iterable[Initiative]) -> list[InitiativeRow]:
    rows = []
    columns = list_columns()
    for initiative in initiatives:
        periods = "; ".join(p.display for p in initiative.periods.all())
        cost = getattr(initiative, "cost_usd", None)
        rows.append(
            InitiativeRow(
                initiative=initiative,
                terms=classification_map(initiative),
                periods=periods,
                cost_usd=cost.quantize(CENTS) if cost is not None else None,
                extras=[column.value(initiative) for column in columns],
            )
        )
    return rows


def export_table(
    rows: list[InitiativeRow], schemes: list[ClassificationScheme]
) -> tuple[list[str], list[list[Any]]]:
    """Headers and values for CSV/XLSX: the same columns the list page shows."""
    from django.utils.translation import gettext as _

    headers = (
        [_("Number"), _("Title")]
        + [str(column.label) for column in list_columns()]
        + [s.name for s in schemes]
        + [_("Phase"), _("Placement"), _("Execution periods"), _("Cost (USD)")]
    )
    values = []
    for row in rows:
        initiative = row.initiative
        values.append(
            [initiative.number, initiative.title]
            + [_yes_no(value) for value in row.extras]
            + [row.term_names(s.code) for s in schemes]
            + [
                initiative.phase.name if initiative.phase else "",
                initiative.placement,
                row.periods,
                row.cost_usd,
            ]
        )
    return headers, values


def _yes_no(value: Any) -> Any:
    from django.utils.translation import gettext as _

    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


@dataclass
class TermCount:
    term: ClassificationTerm
    depth: int
    count: int
    cost_usd: Decimal | None
    initiatives: list[Initiative] = field(default_factory=list)


@dataclass
class SchemeTable:
    scheme: ClassificationScheme
    rows: list[TermCount]
    total: int
    unclassified: list[Initiative]
    classified_total: int


def scheme_table(scheme: ClassificationScheme, initiatives: Iterable[Initiative]) -> SchemeTable:
    """Initiatives by the terms of one scheme (Table 6 for the UN support dimension).

    A parent term's row counts its own initiatives and those of its sub-terms;
    `classified_total` counts each initiative once. Everything is computed from
    the classification records.
    """
    initiatives = list(initiatives)
    by_term: dict[int, list[Initiative]] = {}
    classified: set[int] = set()
    for initiative in initiatives:
        for row in initiative.classifications.all():
            if row.scheme_id == scheme.pk:
                by_term.setdefault(row.term_id, []).append(initiative)
                classified.add(initiative.pk)
    rows = []
    for term in ordered_terms(scheme):
        own = by_term.get(term.pk, [])
        children = [
            i
            for child in scheme.terms.all()
            if child.parent_id == term.pk
            for i in by_term.get(child.pk, [])
        ]
        members = sorted({i.pk: i for i in own + children}.values(), key=lambda i: i.number)
        costs = [getattr(i, "cost_usd", None) for i in members]
        known = [c for c in costs if c is not None]
        rows.append(
            TermCount(
                term=term,
                depth=1 if term.parent_id else 0,
                count=len(members),
                cost_usd=sum(known, Decimal("0")).quantize(CENTS) if known else None,
                initiatives=members,
            )
        )
    unclassified = [i for i in initiatives if i.pk not in classified]
    return SchemeTable(
        scheme=scheme,
        rows=rows,
        total=len(initiatives),
        unclassified=unclassified,
        classified_total=len(classified),
    )


def program_totals(initiatives: QuerySet[Initiative]) -> dict:
    """Counts and cost totals computed by the database over the given initiatives."""
    from alianza.initiatives.models import CostRecord

    ids = initiatives.values("pk")
    costs = CostRecord.objects.filter(initiative__in=ids, currency="USD").aggregate(
        total=Sum("amount"), records=Count("pk"), initiatives=Count("initiative", distinct=True)
    )
    total = costs["total"]
    return {
        "initiatives": initiatives.count(),
        "cost_total_usd": total.quantize(CENTS) if total is not None else None,
        "cost_records": costs["records"],
        "initiatives_with_cost": costs["initiatives"],
    }


def visible_initiatives(user, program):
    return Initiative.objects.visible_to(user).filter(program=program)
