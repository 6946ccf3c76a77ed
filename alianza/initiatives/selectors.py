"""Reads shared by the list page, its exports, the API and the report tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from alianza.core.extensions import InitiativeField, initiative_fields
from alianza.initiatives.filters import ordered_terms
from alianza.initiatives.models import ClassificationScheme, ClassificationTerm, Initiative

CENTS = Decimal("0.01")


@dataclass
class InitiativeRow:
    initiative: Initiative
    terms: dict[str, list[ClassificationTerm]]
    periods: str
    #: In the program's currency (`currency`); None with no record, or when one cannot be
    #: converted (`cost_missing` says why).
    cost: Decimal | None
    #: The values of the registered extension columns (`list_columns()`), in order.
    extras: list[Any] = field(default_factory=list)
    currency: str = ""
    #: How records in other currencies were converted ("EUR → USD, rates of 2021-03-01").
    cost_paths: list[str] = field(default_factory=list)
    cost_missing: list[str] = field(default_factory=list)

    @property
    def cost_note(self) -> str:
        return "; ".join(self.cost_missing or self.cost_paths)

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
        cost = getattr(initiative, "cost", None)
        rows.append(
            InitiativeRow(
                initiative=initiative,
                terms=classification_map(initiative),
                periods=periods,
                cost=cost.quantize(CENTS) if cost is not None else None,
                extras=[column.value(initiative) for column in columns],
                currency=getattr(initiative, "cost_currency", "") or initiative.program.currency,
                cost_paths=getattr(initiative, "cost_paths", []),
                cost_missing=getattr(initiative, "cost_missing", []),
            )
        )
    return rows


def cost_label(currency: str) -> str:
    """ "Cost (EUR)": a cost column's header in the program's currency."""
    from django.utils.translation import gettext as _

    return _("Cost (%(currency)s)") % {"currency": currency}


def export_table(
    rows: list[InitiativeRow], schemes: list[ClassificationScheme], currency: str
) -> tuple[list[str], list[list[Any]]]:
    """Headers and values for CSV/XLSX: the same columns the list page shows, the cost in
    the program's `currency` (with why it is unknown, when a rate is missing)."""
    from django.utils.translation import gettext as _

    headers = (
        [_("Number"), _("Title")]
        + [str(column.label) for column in list_columns()]
        + [s.name for s in schemes]
        + [_("Phase"), _("Placement"), _("Execution periods"), cost_label(currency)]
    )
    # Why a cost is unknown, or how it was converted: a column only when some row has one.
    notes = any(row.cost_note for row in rows)
    if notes:
        headers.append(_("Cost note"))
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
                row.cost,
            ]
            + ([row.cost_note] if notes else [])
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
    #: In the program's currency; None when no member has a known cost.
    cost: Decimal | None
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
        costs = [getattr(i, "cost", None) for i in members]
        known = [c for c in costs if c is not None]
        rows.append(
            TermCount(
                term=term,
                depth=1 if term.parent_id else 0,
                count=len(members),
                cost=sum(known, Decimal("0")).quantize(CENTS) if known else None,
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


def program_totals(
    initiatives: QuerySet[Initiative], currency: str, *, count: int | None = None
) -> dict:
    """Counts and the total cost in the program's `currency` over the given initiatives:
    the records in that currency summed by the database, the others converted with their
    dated rates; the initiatives whose cost cannot be converted are left out of the total
    and named in `cost_missing`. `count`, when the caller has counted the initiatives
    already (a paginator), spares the query."""
    from alianza.initiatives.costs import costs_of
    from alianza.initiatives.models import CostRecord

    ids = initiatives.order_by().values("pk")
    records = CostRecord.objects.filter(initiative__in=ids)
    counts = records.aggregate(
        own=Sum("amount", filter=Q(currency=currency)),
        n=Count("pk"),
        initiatives=Count("initiative", distinct=True),
        foreign=Count("pk", filter=~Q(currency=currency)),
    )
    own = counts["own"]
    foreign = (
        list(records.exclude(currency=currency).values_list("initiative_id", flat=True).distinct())
        if counts["foreign"]
        else []
    )
    converted = costs_of(foreign) if foreign else {}
    missing = [message for cost in converted.values() for message in cost.missing]
    paths = sorted({path for cost in converted.values() for path in cost.paths})
    total = own
    if converted:
        own_of_foreign = records.filter(initiative__in=foreign, currency=currency).aggregate(
            total=Sum("amount")
        )["total"] or Decimal("0")
        known = [c.amount for c in converted.values() if c.amount is not None]
        total = (own or Decimal("0")) - own_of_foreign + sum(known, Decimal("0"))
        if not known and own is None:
            total = None
    return {
        "initiatives": initiatives.count() if count is None else count,
        "currency": currency,
        "cost_total": total.quantize(CENTS) if total is not None else None,
        "cost_records": counts["n"],
        "initiatives_with_cost": counts["initiatives"],
        "cost_missing": missing,
        "cost_paths": paths,
    }


def visible_initiatives(user, program):
    return Initiative.objects.visible_to(user).filter(program=program)
