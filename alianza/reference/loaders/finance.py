"""The money file (`finance.toml`): each initiative's cost records become one reconstructed
expenditure transaction spanning its execution periods, through the finance services.

For PROCAP the costs are the report's Figure 7; the file dates a spend more precisely where
the report does. Nothing the report does not give is invented (no budgets, no exchange
rates). Running it again changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from alianza.accounts.models import User
from alianza.core.dates import parse_partial_date
from alianza.finance import services
from alianza.finance.choices import TransactionType
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.reference.loaders.common import LoadReport, read_toml

REFERENCE = "procap-figure-7"


def expenditure_data(initiative: Initiative, override: dict | None) -> dict[str, Any] | None:
    """The reconstructed expenditure of one initiative, or None when the report gives none."""
    costs = [c for c in initiative.costs.all() if c.currency == "USD"]
    periods = list(initiative.periods.all())
    if not costs or not periods:
        return None
    total = sum((c.amount for c in costs), Decimal("0"))
    if override:
        start = parse_partial_date(override["start"]).value
        end = parse_partial_date(override["end"], end=True).value
        why_en, why_es = override["note_en"], override["note_es"]
    else:
        start = min(p.start_date for p in periods)
        end = max((p.end_date or p.start_date) for p in periods)
        why_en = "The report dates it only by the initiative's execution periods."
        why_es = "El informe la fecha solo por los periodos de ejecución de la iniciativa."
    amount = f"{total:,.2f}"
    return {
        "kind": TransactionType.EXPENDITURE,
        "date": end,
        "period_start": start,
        "value_date": None,
        "amount": total,
        "currency": "USD",
        "description_en": "PROCAP resources spent on the initiative (Figure 7), as one total",
        "description_es": (
            "Recursos del PROCAP ejercidos en la iniciativa (Figura 7), como un total"
        ),
        "is_reconstructed": True,
        "source_note_en": (
            f"Reconstructed: Figure 7 gives USD {amount} spent on the initiative in 2013-2019 "
            f"without dates; recorded as one expenditure covering {start.isoformat()} to "
            f"{end.isoformat()}, dated on its last day. {why_en}"
        ),
        "source_note_es": (
            f"Reconstruido: la Figura 7 da USD {amount} ejercidos en la iniciativa en 2013-2019 "
            f"sin fechas; se registra como un gasto que abarca del {start.isoformat()} al "
            f"{end.isoformat()}, fechado en su último día. {why_es}"
        ),
    }


def load(*, data_dir: Path, program: Program, actor: User, report: LoadReport) -> None:
    spans = read_toml(data_dir, "finance").get("spans", [])
    overrides = {raw["initiative"]: raw for raw in spans}
    initiatives = (
        Initiative.objects.filter(program=program)
        .prefetch_related("costs", "periods")
        .order_by("number")
    )
    for initiative in initiatives:
        data = expenditure_data(initiative, overrides.get(initiative.number))
        if data is None:
            continue
        services.transaction_upsert(
            initiative=initiative, reference=REFERENCE, data=data, actor=actor
        )
        report.add("reconstructed expenditures")
