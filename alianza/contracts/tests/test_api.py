"""The contracts API: deliverables carry their days late; writes go through the services."""

from __future__ import annotations

import datetime

import pytest

from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory, ReviewFactory

JSON = "application/json"
pytestmark = pytest.mark.django_db


def test_deliverables_carry_their_days_late(cast):
    contract = ContractFactory(program=cast.program, reference="IC-1")
    deliverable = DeliverableFactory(
        contract=contract,
        number=1,
        planned_date=datetime.date(2019, 3, 1),
        delivered_date=datetime.date(2019, 3, 31),
    )
    ReviewFactory(deliverable=deliverable, institution=cast.partner_a)
    items = cast.client("viewer_b").get("/api/v1/deliverables/?program=TEST").json()["results"]
    assert [(d["number"], d["days_late"], d["is_accepted"]) for d in items] == [(1, 30, False)]
    contract = cast.client("viewer_b").get("/api/v1/contracts/?program=TEST").json()["results"][0]
    assert contract["days_late"] == 30 and contract["deliverables"][0]["days_late"] == 30


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
