"""Exchange rates as a conversion table: the finance app's rates, loaded for
`alianza.core.money` (which converts between any pair: direct, inverse or through another
currency, with the path kept), and the check that an amount can be converted.

    table = RateTable.load()
    table.convert(Decimal("1000"), "EUR", "CLP", on=date(2021, 3, 1))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alianza.core.money import Conversion, MissingRate, RateRow, RateTable

__all__ = ["Conversion", "MissingRate", "RateTable", "load_rates", "require_rate"]


def load_rates() -> Iterable[RateRow]:
    """Every exchange rate as (base, quote, from, to, rate) rows (one query)."""
    from alianza.finance.models import ExchangeRate

    return ExchangeRate.objects.order_by("base_currency", "currency", "valid_from").values_list(
        "base_currency", "currency", "valid_from", "valid_to", "rate"
    )


def require_rate(source: str, target: str, on: date, *, field: str, record: str) -> None:
    """Refuse (ValidationError on `field`) an amount in `source` that no rate converts to
    `target` on `on`; an amount in `target` itself needs none."""
    if source == target:
        return
    if not RateTable.load().has_rate(source, target, on):
        raise ValidationError(
            {
                field: _(
                    "%(record)s: there is no exchange rate from %(source)s to %(target)s for "
                    "%(date)s (direct, inverse or through another currency); add the rate first."
                )
                % {"record": record, "source": source, "target": target, "date": on.isoformat()}
            }
        )
