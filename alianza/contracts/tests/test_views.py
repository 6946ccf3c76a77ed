"""The consultancy pages: the deliverable form names a bad date; a contract page keeps its
query count as deliverables grow."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_deliverable_form_names_the_date_before_the_contract(cast):
    contract = ContractFactory(program=cast.program)
    response = cast.client("editor_a").post(
        f"/programs/TEST/consultancies/{contract.pk}/deliverables/new/",
        {"title_es": "Informe", "planned_date": "2019-02-01", "delivered_date": "2018-11-30"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert 'data-field="delivered_date"' in response.content.decode()
    assert not contract.deliverables.exists()


def test_a_contract_page_keeps_its_query_count_as_deliverables_grow(cast):
    from alianza.contracts.tests.factories import ReviewFactory

    contract = ContractFactory(program=cast.program, initiative=cast.internal_initiative)
    client = cast.client("viewer_a")

    def add(numbers):
        for n in numbers:
            deliverable = DeliverableFactory(
                contract=contract,
                number=n,
                planned_date=D(2019, 2, n),
                delivered_date=D(2019, 3, n),
            )
            ReviewFactory(deliverable=deliverable, institution=cast.partner_a)
            ReviewFactory(deliverable=deliverable, institution=cast.partner_b)

    add(range(1, 3))
    before = count(client, f"/programs/TEST/consultancies/{contract.pk}/")
    add(range(3, 12))
    assert count(client, f"/programs/TEST/consultancies/{contract.pk}/") == before
