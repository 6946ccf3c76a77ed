"""Money through the API: rates, budget lines, transactions and the revision ledger."""

from __future__ import annotations

import pytest

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_coordinators_add_rates_and_editors_may_not(cast):
    rate = {
        "currency": "MXN",
        "valid_from": "2019-01-01",
        "valid_to": "2019-01-31",
        "units_per_usd": "19.250000",
        "source": "UN operational rate",
    }
    assert (
        cast.client("editor_a").post("/api/v1/exchange-rates/", rate, content_type=JSON).status_code
        == 403
    )
    created = cast.client("coordinator_b").post("/api/v1/exchange-rates/", rate, content_type=JSON)
    assert created.status_code == 201 and ExchangeRate.objects.count() == 1


def test_budget_lines_name_the_programs_records_by_their_keys(cast):
    response = cast.client("coordinator_a").post(
        "/api/v1/budget-lines/",
        {
            "program": "TEST",
            "year": 2019,
            "component": 1,
            "initiative": 2,
            "funding_source": "agency_a_contribution",
            "original_amount": "1000.00",
            "revised_amount": "1200.00",
            "revision": 1,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    line = BudgetLine.objects.get()
    assert (line.initiative.number, line.revision.number, line.current_amount) == (
        2,
        1,
        line.revised_amount,
    )
    assert response.json()["current_amount"] == "1200.00"


def test_transactions_carry_their_iati_type(cast):
    response = cast.client("editor_b").post(
        "/api/v1/transactions/",
        {
            "initiative": cast.internal_initiative.pk,
            "kind": "disbursement",
            "date": "2019-05-01",
            "amount": "500.00",
            "currency": "USD",
        },
        content_type=JSON,
    )
    assert response.status_code == 201 and response.json()["iati_type"] == "3"


def test_revision_ledger_lists_the_awards(procap):
    from django.test import Client

    client = Client()
    client.force_login(member("amx", Institution.objects.get(code="amexcid"), Role.VIEWER))
    rows = client.get("/api/v1/revision-ledger/?program=PROCAP").json()
    assert [r["number"] for r in rows] == list(range(1, 12))
    assert rows[-1]["resulting_award"] == "6765704.06"
    assert Client().get("/api/v1/revision-ledger/?program=PROCAP").json() == []


def test_api_refuses_a_transaction_without_an_exchange_rate(cast):
    response = cast.client("editor_b").post(
        "/api/v1/transactions/",
        {
            "initiative": cast.internal_initiative.pk,
            "kind": "disbursement",
            "date": "2019-05-01",
            "amount": "5000.00",
            "currency": "MXN",
        },
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "no MXN exchange rate for 2019-05-01" in response.json()["currency"][0]
    assert not Transaction.objects.exists()
