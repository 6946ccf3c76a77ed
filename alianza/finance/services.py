"""Writes to exchange rates, budget lines and transactions: permission, one transaction,
validation (a foreign-currency amount needs a rate for its date) and the audit record.

None is durable: pages and the API call them inside the transaction that checks the
record's version (`core.concurrency.save_if_current`, `core.api.VersionedMixin`),
`contracts.services.payment_create` records its expenditure with `transaction_create`, and
`load_procap` runs `transaction_upsert` inside its own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction as db_transaction
from django.db.models import F
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update
from alianza.core.services import assign_fields
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction
from alianza.finance.permissions import (
    can_delete_exchange_rates,
    can_delete_financial_records,
    can_edit_budget,
    can_edit_exchange_rates,
    can_edit_transactions,
)
from alianza.finance.rates import require_rate
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.programs.permissions import require

RATE_FIELDS = {"base_currency", "currency", "valid_from", "valid_to", "rate", "source"} | {
    "source_note_en",
    "source_note_es",
}
BUDGET_FIELDS = {
    "year",
    "component",
    "initiative",
    "funding_source",
    "currency",
    "original_amount",
    "revised_amount",
    "revision",
    "source_note_en",
    "source_note_es",
}
TRANSACTION_FIELDS = {
    "kind",
    "date",
    "period_start",
    "value_date",
    "amount",
    "currency",
    "funding_source",
    "description_en",
    "description_es",
    "reference",
    "is_reconstructed",
    "source_note_en",
    "source_note_es",
}


# --- Exchange rates (reference list) ---------------------------------------------------------


def _rate_in_use(rate: ExchangeRate) -> bool:
    """Whether some amount in one of the rate's currencies, in a program reporting in
    another, falls in its span (and might convert with it)."""
    pair = {rate.base_currency, rate.currency}
    transactions = Transaction.objects.filter(currency__in=pair).exclude(
        currency=F("initiative__program__currency")
    )
    in_span = transactions.filter(
        value_date__isnull=True, date__range=(rate.valid_from, rate.valid_to)
    ) | transactions.filter(value_date__range=(rate.valid_from, rate.valid_to))
    budgets = BudgetLine.objects.filter(
        currency__in=pair, year__gte=rate.valid_from.year, year__lte=rate.valid_to.year
    ).exclude(currency=F("program__currency"))
    return in_span.exists() or any(b.value_date >= rate.valid_from for b in budgets)


def _administrators_only() -> str:
    return _(
        "Exchange rates are shared by every program: only an administrator (or a holder of "
        "the “Can change the shared exchange rates” permission) may change them."
    )


@db_transaction.atomic
def exchange_rate_create(*, data: Mapping[str, Any], actor: User) -> ExchangeRate:
    require(can_edit_exchange_rates(actor), _administrators_only())
    rate = ExchangeRate()
    assign_fields(rate, data, RATE_FIELDS)
    audit.save_and_record(rate, actor=actor, action="finance.exchange_rate.create")
    return rate


@db_transaction.atomic
def exchange_rate_update(
    *, rate: ExchangeRate, data: Mapping[str, Any], actor: User
) -> ExchangeRate:
    require(can_edit_exchange_rates(actor), _administrators_only())
    lock_for_update(rate)
    before = audit.snapshot(rate)
    keys = ("base_currency", "currency", "valid_from", "valid_to")
    span_changes = any(data[k] != getattr(rate, k) for k in keys if k in data)
    if span_changes and _rate_in_use(rate):
        raise ValidationError(
            {"valid_from": _("Amounts convert with this rate: change its value, not its span.")}
        )
    assign_fields(rate, data, RATE_FIELDS)
    audit.save_and_record(rate, actor=actor, action="finance.exchange_rate.update", before=before)
    return rate


@db_transaction.atomic
def exchange_rate_delete(*, rate: ExchangeRate, actor: User) -> None:
    require(can_delete_exchange_rates(actor), _administrators_only())
    if _rate_in_use(rate):
        raise ValidationError(
            {"currency": _("Amounts convert with this rate; it cannot be removed.")}
        )
    audit.delete_and_record(rate, actor=actor, action="finance.exchange_rate.delete")


# --- Budget lines --------------------------------------------------------------------------


def _check_budget_rate(line: BudgetLine) -> None:
    if line.currency and line.year:
        require_rate(
            line.currency,
            line.program.currency,
            line.value_date,
            field="currency",
            record=_("Budget line %(year)s") % {"year": line.year},
        )


@db_transaction.atomic
def budget_line_create(*, program: Program, data: Mapping[str, Any], actor: User) -> BudgetLine:
    require(
        can_edit_budget(actor, program),
        _("Only a coordinator may change the budget of %(code)s.") % {"code": program.code},
    )
    line = BudgetLine(program=program)
    assign_fields(line, data, BUDGET_FIELDS)
    line.full_clean()
    _check_budget_rate(line)
    audit.save_and_record(line, actor=actor, action="finance.budget_line.create")
    return line


@db_transaction.atomic
def budget_line_update(*, line: BudgetLine, data: Mapping[str, Any], actor: User) -> BudgetLine:
    require(
        can_edit_budget(actor, line.program),
        _("Only a coordinator may change the budget of %(code)s.") % {"code": line.program.code},
    )
    lock_for_update(line)
    before = audit.snapshot(line)
    assign_fields(line, data, BUDGET_FIELDS)
    line.full_clean()
    _check_budget_rate(line)
    audit.save_and_record(line, actor=actor, action="finance.budget_line.update", before=before)
    return line


@db_transaction.atomic
def budget_line_delete(*, line: BudgetLine, actor: User) -> None:
    require(
        can_delete_financial_records(actor, line.program),
        _("Only a coordinator may delete the financial records of %(code)s.")
        % {"code": line.program.code},
    )
    audit.delete_and_record(line, actor=actor, action="finance.budget_line.delete")


# --- Transactions --------------------------------------------------------------------------


def _validate_transaction(item: Transaction) -> None:
    item.full_clean()
    require_rate(
        item.currency,
        item.initiative.program.currency,
        item.effective_value_date,
        field="currency",
        record=_("Transaction of initiative %(number)s") % {"number": item.initiative.number},
    )


@db_transaction.atomic
def transaction_create(
    *, initiative: Initiative, data: Mapping[str, Any], actor: User
) -> Transaction:
    """Record money committed, disbursed or spent on an initiative."""
    require(
        can_edit_transactions(actor, initiative.program),
        _("You may not change the transactions of %(code)s.") % {"code": initiative.program.code},
    )
    item = Transaction(initiative=initiative)
    assign_fields(item, data, TRANSACTION_FIELDS)
    _validate_transaction(item)
    audit.save_and_record(item, actor=actor, action="finance.transaction.create")
    return item


@db_transaction.atomic
def transaction_update(*, item: Transaction, data: Mapping[str, Any], actor: User) -> Transaction:
    program = item.initiative.program
    require(
        can_edit_transactions(actor, program),
        _("You may not change the transactions of %(code)s.") % {"code": program.code},
    )
    lock_for_update(item)
    if hasattr(item, "payment"):
        raise ValidationError(
            {"amount": _("This transaction records a consultancy payment; change the payment.")}
        )
    before = audit.snapshot(item)
    assign_fields(item, data, TRANSACTION_FIELDS)
    _validate_transaction(item)
    if audit.snapshot(item) != before:
        audit.save_and_record(item, actor=actor, action="finance.transaction.update", before=before)
    return item


@db_transaction.atomic
def transaction_delete(*, item: Transaction, actor: User) -> None:
    """Deleting a financial record is for coordinators (editors correct it instead)."""
    require(
        can_delete_financial_records(actor, item.initiative.program),
        _("Only a coordinator may delete the financial records of %(code)s.")
        % {"code": item.initiative.program.code},
    )
    if hasattr(item, "payment"):
        raise ValidationError(
            {"amount": _("This transaction records a consultancy payment; it stays with it.")}
        )
    audit.delete_and_record(item, actor=actor, action="finance.transaction.delete")


@db_transaction.atomic
def transaction_upsert(
    *, initiative: Initiative, reference: str, data: Mapping[str, Any], actor: User
) -> Transaction:
    """Create the initiative's transaction `reference` or bring it to `data`; no write when
    nothing differs (reference loaders)."""
    existing = Transaction.objects.filter(initiative=initiative, reference=reference).first()
    if existing is None:
        return transaction_create(
            initiative=initiative, data={**data, "reference": reference}, actor=actor
        )
    return transaction_update(item=existing, data=data, actor=actor)
