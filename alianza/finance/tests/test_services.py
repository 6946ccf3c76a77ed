"""Money: a foreign-currency amount needs a rate for its date; the ledger and the PROCAP
reconstruction come out of the records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.finance import services
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction
from alianza.finance.rates import MissingRate, RateTable
from alianza.finance.selectors import budget_by_year, revision_ledger
from alianza.finance.tests.factories import BudgetLineFactory, ExchangeRateFactory
from alianza.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def spend(**changes):
    data = {
        "kind": "expenditure",
        "date": datetime.date(2019, 3, 1),
        "amount": Decimal("2000.00"),
        "currency": "MXN",
    }
    data.update(changes)
    return data


def test_transaction_in_a_currency_without_a_rate_for_its_date_is_refused(cast):
    ExchangeRateFactory(valid_from=datetime.date(2018, 1, 1), valid_to=datetime.date(2018, 12, 31))
    before = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.transaction_create(
            initiative=cast.public_initiative, data=spend(), actor=cast.users["editor_a"]
        )
    message = refused.value.message_dict["currency"][0]
    assert "no exchange rate from MXN to USD for 2019-03-01" in message
    assert not Transaction.objects.exists()
    assert ChangeRecord.objects.count() == before


def test_transaction_with_a_rate_is_kept_and_audited(cast):
    ExchangeRateFactory()
    item = services.transaction_create(
        initiative=cast.public_initiative, data=spend(), actor=cast.users["editor_a"]
    )
    assert ChangeRecord.objects.filter(
        action="finance.transaction.create", object_id=str(item.pk)
    ).exists()


def test_conversion_goes_through_the_us_dollar_at_the_rate_of_the_date():
    span = (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    table = RateTable.from_rows(
        [("USD", "MXN", *span, Decimal("20")), ("USD", "EUR", *span, Decimal("0.8"))]
    )
    on = datetime.date(2019, 5, 5)
    assert table.convert(Decimal("2000"), "MXN", "USD", on=on) == Decimal("100.00")
    assert table.convert(Decimal("100"), "USD", "MXN", on=on) == Decimal("2000.00")
    assert table.convert(Decimal("80"), "EUR", "MXN", on=on) == Decimal("2000.00")
    with pytest.raises(MissingRate):
        table.convert(Decimal("1"), "MXN", "USD", on=datetime.date(2020, 1, 1))


def test_overlapping_rates_of_one_currency_are_refused(cast):
    ExchangeRateFactory()
    with pytest.raises(ValidationError) as refused:
        services.exchange_rate_create(
            data={
                "currency": "MXN",
                "valid_from": datetime.date(2019, 6, 1),
                "valid_to": datetime.date(2020, 5, 31),
                "rate": Decimal("19"),
            },
            actor=cast.users["superuser"],
        )
    assert "valid_from" in refused.value.message_dict
    assert ExchangeRate.objects.count() == 1


def test_a_rate_amounts_convert_with_cannot_be_removed(cast):
    rate = ExchangeRateFactory()
    services.transaction_create(
        initiative=cast.public_initiative, data=spend(), actor=cast.users["editor_a"]
    )
    with pytest.raises(ValidationError):
        services.exchange_rate_delete(rate=rate, actor=cast.users["superuser"])
    assert ExchangeRate.objects.filter(pk=rate.pk).exists()


@pytest.mark.parametrize("role", ["editor_a", "coordinator_a", "coordinator_b"])
def test_only_administrators_change_rates_not_a_programs_coordinator(cast, role):
    rate = ExchangeRateFactory()
    with pytest.raises(PermissionDenied, match="administrator"):
        services.exchange_rate_create(
            data={
                "currency": "MXN",
                "valid_from": datetime.date(2020, 1, 1),
                "valid_to": datetime.date(2020, 1, 31),
                "rate": Decimal("19"),
            },
            actor=cast.users[role],
        )
    with pytest.raises(PermissionDenied):
        services.exchange_rate_update(
            rate=rate, data={"rate": Decimal("1")}, actor=cast.users[role]
        )
    with pytest.raises(PermissionDenied):
        services.exchange_rate_delete(rate=rate, actor=cast.users[role])
    rate.refresh_from_db()
    assert rate.rate == Decimal("20")


def test_budget_line_naming_a_revision_needs_the_revised_amount(cast):
    revision = cast.program.general_revisions.get()
    with pytest.raises(ValidationError) as refused:
        services.budget_line_create(
            program=cast.program,
            data={"year": 2019, "original_amount": Decimal("500"), "revision": revision},
            actor=cast.users["coordinator_a"],
        )
    assert "revised_amount" in refused.value.message_dict
    assert not BudgetLine.objects.exists()


def test_budget_per_year_shows_original_and_revised_in_the_report_currency(cast):
    ExchangeRateFactory()
    BudgetLineFactory(
        program=cast.program, original_amount=Decimal("1000"), revised_amount=Decimal("1500")
    )
    BudgetLineFactory(
        program=cast.program,
        currency="MXN",
        original_amount=Decimal("20000"),
        component=cast.program.components.get(),
    )
    (year,) = budget_by_year(BudgetLine.objects.all(), currency="USD")
    assert (year.year, year.original, year.revised) == (
        2019,
        Decimal("2000.00"),
        Decimal("2500.00"),
    )
    (in_pesos,) = budget_by_year(BudgetLine.objects.all(), currency="MXN")
    assert in_pesos.revised == Decimal("50000.00")


def test_ledger_computes_the_award_each_procap_revision_leaves(procap):
    rows = {row.revision.number: row for row in revision_ledger(procap)}
    assert rows[1].resulting_award == Decimal("2057000.81") and rows[1].award_is_stated
    assert rows[2].resulting_award == Decimal("2055704.06")
    assert rows[4].resulting_award == Decimal("4465704.06")
    assert rows[7].resulting_award == Decimal("6765704.06")
    assert rows[11].extends_to == datetime.date(2019, 9, 30)


def test_procap_expenditures_are_reconstructed_from_the_reports_costs(procap):
    spent = Transaction.objects.filter(initiative__program=procap)
    assert spent.count() == 15 and all(t.is_reconstructed for t in spent)
    assert sum(t.amount for t in spent) == Decimal("543288.01")
    pdi = spent.get(initiative__number=9)
    assert (pdi.period_start, pdi.date) == (datetime.date(2019, 10, 1), datetime.date(2019, 12, 31))
    assert "October to December 2019" in pdi.source_note_en
    training = spent.get(initiative__number=5)
    assert (training.period_start, training.date) == (
        datetime.date(2017, 1, 1),
        datetime.date(2019, 12, 31),
    )
    assert not Initiative.objects.get(program=procap, number=10).transactions.exists()
    assert not BudgetLine.objects.filter(program=procap).exists()  # the report gives none


@pytest.mark.parametrize("role", ["editor_a", "focal_a", "editor_b"])
def test_only_coordinators_delete_transactions(cast, role):
    from alianza.finance.tests.factories import TransactionFactory

    item = TransactionFactory(initiative=cast.internal_initiative)
    with pytest.raises(PermissionDenied, match="Only a coordinator may delete"):
        services.transaction_delete(item=item, actor=cast.users[role])
    assert Transaction.objects.filter(pk=item.pk).exists()
    services.transaction_delete(item=item, actor=cast.users["coordinator_b"])
    assert not Transaction.objects.filter(pk=item.pk).exists()
    assert ChangeRecord.objects.filter(action="finance.transaction.delete").count() == 1
