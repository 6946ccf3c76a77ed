"""The monitoring API: computed fields, bad input named by field, the initiatives'
`spending_pace`, the schema, and query counts that do not grow with rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory
from alianza.finance.models import Transaction
from alianza.finance.tests.factories import TransactionFactory
from alianza.initiatives.tests.factories import InitiativeFactory
from alianza.monitoring.tests.conftest import add_monitoring_records
from alianza.risks.models import Risk
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"
D = datetime.date


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_deliverables_carry_their_days_late(cast):
    add_monitoring_records(cast)
    items = cast.client("viewer_b").get("/api/v1/deliverables/?program=TEST").json()["results"]
    assert [(d["number"], d["days_late"], d["is_accepted"]) for d in items] == [(1, 30, False)]
    contract = cast.client("viewer_b").get("/api/v1/contracts/?program=TEST").json()["results"][0]
    assert contract["days_late"] == 30 and contract["deliverables"][0]["days_late"] == 30


def test_risks_carry_their_significance(cast):
    add_monitoring_records(cast)
    (risk,) = cast.client("viewer_a").get("/api/v1/risks/?program=TEST").json()["results"]
    assert (risk["likelihood"], risk["impact"], risk["significance"]) == (4, 5, 20)


def test_api_refuses_a_risk_with_likelihood_7_naming_the_field(cast):
    response = cast.client("editor_a").post(
        "/api/v1/risks/",
        {"program": "TEST", "title_es": "X", "category": "financial", "likelihood": 7, "impact": 2},
        content_type=JSON,
    )
    assert response.status_code == 400 and "likelihood" in response.json()
    assert not Risk.objects.exists()


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


def test_api_creates_a_contract_and_its_deliverable_through_the_services(cast):
    client = cast.client("editor_a")
    contract = client.post(
        "/api/v1/contracts/",
        {
            "program": "TEST",
            "reference": "API-1",
            "kind": "service",
            "title_en": "Specialist",
            "contractor_name": "Pat",
            "amount": "5000.00",
            "start_date": "2019-01-01",
            "end_date": "2019-06-30",
            "initiative": 2,
        },
        content_type=JSON,
    )
    assert contract.status_code == 201, contract.json()
    refused = client.post(
        "/api/v1/deliverables/",
        {
            "contract": contract.json()["id"],
            "title_en": "Report",
            "planned_date": "2019-02-01",
            "delivered_date": "2018-12-01",
        },
        content_type=JSON,
    )
    assert refused.status_code == 400 and "delivered_date" in refused.json()


def test_api_dispute_steps_follow_the_case(cast):
    contract = ContractFactory(program=cast.program, reference="Q-1")
    opened = (
        cast.client("editor_a")
        .post(
            "/api/v1/disputes/",
            {
                "program": "TEST",
                "subject": "consultancy_quality",
                "contract": "Q-1",
                "title_es": "Calidad",
                "opened_on": "2019-05-01",
                "criteria_es": "Dos devoluciones",
            },
            content_type=JSON,
        )
        .json()
    )
    assert opened["stage"] == "criteria" and opened["waiting_for"] == ["undp_b"]
    step = cast.client("coordinator_b").post(
        f"/api/v1/disputes/{opened['id']}/step/", {"agreed_on": "2019-05-03"}, content_type=JSON
    )
    assert step.json()["stage"] == "expert"
    missing = cast.client("coordinator_b").post(
        f"/api/v1/disputes/{opened['id']}/step/", {}, content_type=JSON
    )
    assert missing.status_code == 400 and "expert" in missing.json()
    assert contract.disputes.count() == 1


def test_initiatives_carry_the_spending_pace_for_partners_only(procap):
    amexcid = Institution.objects.get(code="amexcid")
    partner = member("amx", amexcid, Role.VIEWER)
    from django.test import Client

    client = Client()
    client.force_login(partner)
    items = client.get("/api/v1/initiatives/?program=PROCAP&page_size=50").json()["results"]
    paces = {i["number"]: i["spending_pace"] for i in items}
    assert paces[9] == "ahead" and paces[5] == "on_track" and paces[10] is None
    public = Client().get("/api/v1/initiatives/?program=PROCAP").json()["results"]
    assert {i["spending_pace"] for i in public} == {None}


def test_initiatives_spending_pace_keeps_the_query_count_flat(cast):
    client = cast.client("viewer_a")

    def add(numbers):
        for number in numbers:
            initiative = InitiativeFactory(program=cast.program, number=number)
            TransactionFactory(initiative=initiative)
            DeliverableFactory(
                contract=ContractFactory(program=cast.program, initiative=initiative)
            )

    add(range(10, 12))
    few = queries(client, "/api/v1/initiatives/?program=TEST")
    add(range(20, 35))
    assert queries(client, "/api/v1/initiatives/?program=TEST") == few


def test_monitoring_lists_keep_the_query_count_flat(cast):
    client = cast.client("viewer_b")
    add_monitoring_records(cast)
    paths = [
        "/api/v1/contracts/?program=TEST",
        "/api/v1/deliverables/?program=TEST",
        "/api/v1/risks/?program=TEST",
        "/api/v1/disputes/?program=TEST",
        "/api/v1/board-meetings/?program=TEST",
        "/api/v1/transactions/?program=TEST",
    ]
    before = {path: queries(client, path) for path in paths}
    for n in range(2, 12):
        contract = ContractFactory(program=cast.program)
        DeliverableFactory(contract=contract, planned_date=D(2019, 2, n))
        RiskFactory(program=cast.program, number=n)
    after = {path: queries(client, path) for path in paths}
    assert after == before


def test_schema_documents_the_computed_fields(cast):
    schema = cast.client("anonymous").get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    assert "days_late" in components["Deliverable"]["properties"]
    assert "significance" in components["Risk"]["properties"]
    assert "spending_pace" in components["Initiative"]["properties"]
    for path in (
        "/api/v1/contracts/",
        "/api/v1/transactions/",
        "/api/v1/dashboard/",
        "/api/v1/period-reports/sign/",
        "/api/v1/disputes/{id}/step/",
    ):
        assert path in schema["paths"], path
