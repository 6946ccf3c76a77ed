"""An initiative's cost in its program's currency: the sum of its cost records, those in
another currency converted with the exchange rate of their value date (directly, with the
inverse rate or through another currency; `alianza.core.money`).

The database sums the records already in the program's currency (`with_cost()`); the few
initiatives with records in another currency are converted here, when their queryset is
read, so that every page, export, figure and the API see the same `cost`. A record that
cannot be converted (no value date, no rate) leaves the cost unknown (None) and says why in
`cost_missing`: never a silent zero."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from alianza.core.money import MissingRate, RateTable

CENTS = Decimal("0.01")


@dataclass
class ProgramCurrencyCost:
    """One initiative's cost in its program's currency, and how it was reached."""

    currency: str
    amount: Decimal | None = None
    records: int = 0
    #: "EUR → USD → CLP, rates of 2021-03-01", one per distinct conversion.
    paths: list[str] = field(default_factory=list)
    #: Why the cost is unknown: the missing value date or rate, named.
    missing: list[str] = field(default_factory=list)


def convert_costs(
    rows: Iterable[tuple[int, int, str, str, Decimal, date | None]],
    table: RateTable | None = None,
) -> dict[int, ProgramCurrencyCost]:
    """{initiative id: its cost} from (initiative id, number, program currency, currency,
    amount, value date) rows of cost records."""
    table = table or RateTable.lazy()
    costs: dict[int, ProgramCurrencyCost] = {}
    for pk, number, target, currency, amount, value_date in rows:
        cost = costs.setdefault(pk, ProgramCurrencyCost(target, amount=Decimal("0")))
        cost.records += 1
        if currency == target:
            value = amount
        elif value_date is None:
            message = _(
                "Initiative %(number)s: a cost record in %(currency)s has no value date to "
                "convert it into %(target)s."
            ) % {"number": number, "currency": currency, "target": target}
            _add(cost.missing, message)
            continue
        else:
            try:
                conversion = table.conversion(amount, currency, target, on=value_date)
            except MissingRate as exc:
                _add(cost.missing, str(exc))
                continue
            value = conversion.amount
            _add(cost.paths, conversion.path_display)
        if cost.amount is not None:
            cost.amount += value
    for cost in costs.values():
        if cost.missing:
            cost.amount = None
        elif cost.amount is not None:
            cost.amount = cost.amount.quantize(CENTS)
    return costs


def _add(items: list[str], text: str) -> None:
    if text and text not in items:
        items.append(text)


def cost_rows(initiative_ids):
    """The cost records of the initiatives, as `convert_costs` reads them (one query)."""
    from alianza.initiatives.models import CostRecord

    return CostRecord.objects.filter(initiative_id__in=initiative_ids).values_list(
        "initiative_id",
        "initiative__number",
        "initiative__program__currency",
        "currency",
        "amount",
        "value_date",
    )


def costs_of(initiative_ids) -> dict[int, ProgramCurrencyCost]:
    return convert_costs(cost_rows(initiative_ids))


def attach_costs(initiatives: list) -> None:
    """Complete `cost` on initiatives read with `with_cost()`: those with records in another
    currency than their program's get the converted total (or None and `cost_missing`)."""
    foreign = [i.pk for i in initiatives if getattr(i, "foreign_costs", 0)]
    converted = costs_of(foreign) if foreign else {}
    for initiative in initiatives:
        cost = converted.get(initiative.pk)
        initiative.cost_paths = cost.paths if cost else []
        initiative.cost_missing = cost.missing if cost else []
        if cost is not None:
            initiative.cost = cost.amount
