"""The monitoring API: the initiatives' `spending_pace`, the schema's computed fields, and
query counts that do not grow with rows. Each capability's own API (contracts, finance,
risks, governance) is tested in its app's tests/test_api.py."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory
from alianza.finance.tests.factories import TransactionFactory
from alianza.initiatives.tests.factories import InitiativeFactory
from alianza.monitoring.tests.conftest import add_monitoring_records
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


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
