"""Money through the API: rates, budget lines, transactions and the revision ledger."""

from __future__ import annotations

import pytest

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction

pytestmark = pytest.mark.django_db
JSON = "application/json"


RATE = {
    "base_currency": "USD",
    "currency": "MXN",
    "valid_from": "2019-01-01",
    "valid_to": "2019-01-31",
    "rate": "19.250000",
    "source": "UN operational rate",
}


@pytest.mark.usefixtures("quiet_refusals")
@pytest.mark.parametrize("role", ["editor_a", "coordinator_a", "coordinator_b", "outsider"])
def test_no_programs_coordinator_or_editor_adds_the_shared_rates(cast, role):
    response = cast.client(role).post("/api/v1/exchange-rates/", RATE, content_type=JSON)
    assert response.status_code == 403
    assert "administrador" in response.json()["detail"]
    assert not ExchangeRate.objects.exists()


def test_administrators_and_holders_of_the_rates_permission_add_rates(cast):
    from django.contrib.auth.models import Permission

    created = cast.client("superuser").post("/api/v1/exchange-rates/", RATE, content_type=JSON)
    assert created.status_code == 201, created.json()
    keeper = member("finance_officer", cast.partner_a, Role.VIEWER)
    keeper.user_permissions.add(Permission.objects.get(codename="manage_exchange_rates"))
    client = cast.client("anonymous")
    client.force_login(keeper)
    later = {**RATE, "valid_from": "2019-02-01", "valid_to": "2019-02-28"}
    assert client.post("/api/v1/exchange-rates/", later, content_type=JSON).status_code == 201
    assert ExchangeRate.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rate": "0"}, "rate"),
        ({"rate": "-2.5"}, "rate"),
        ({"currency": "XYZ"}, "currency"),
        ({"base_currency": "usd"}, "base_currency"),
        ({"currency": "USD"}, "currency"),
    ],
)
def test_a_bad_rate_or_code_is_refused_naming_the_field(cast, change, field):
    response = cast.client("superuser").post(
        "/api/v1/exchange-rates/", {**RATE, **change}, content_type=JSON
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not ExchangeRate.objects.exists()


def test_api_converts_an_amount_with_the_path_taken(cast):
    from alianza.finance.tests.factories import ExchangeRateFactory

    ExchangeRateFactory(base_currency="EUR", currency="USD", rate="1.1")
    ExchangeRateFactory(base_currency="USD", currency="CLP", rate="800")
    client = cast.client("viewer_a")
    answer = client.get(
        "/api/v1/exchange-rates/convert/",
        {"amount": "100", "from": "EUR", "to": "CLP", "on": "2019-05-01"},
    ).json()
    assert (answer["amount"], answer["path"]) == ("88000.00", ["EUR", "USD", "CLP"])
    missing = client.get(
        "/api/v1/exchange-rates/convert/",
        {"amount": "100", "from": "EUR", "to": "PYG", "on": "2019-05-01"},
    )
    assert missing.status_code == 400
    assert all(word in missing.json()["rate"] for word in ("EUR", "PYG", "2019-05-01"))


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
    assert "no exchange rate from MXN to USD for 2019-05-01" in response.json()["currency"][0]
    assert not Transaction.objects.exists()
