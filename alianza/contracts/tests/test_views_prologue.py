"""The consultancy pages in their own place (/programs/<code>/consultancies/), with the
one prologue: the program tab's pills, refusals raised (403 / login / 404), and every form
through `service_form` on the programs' form page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from alianza.contracts.models import Contract
from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_refusals")]


def test_consultancies_live_under_the_program_not_under_monitoring(cast):
    assert reverse("contracts:contract_list", kwargs={"code": "TEST"}) == (
        "/programs/TEST/consultancies/"
    )
    client = cast.client("viewer_a")
    assert client.get("/programs/TEST/consultancies/").status_code == 200
    assert client.get("/programs/TEST/monitoring/consultancies/").status_code == 404


def test_the_contract_page_shows_the_monitoring_tab_and_its_pill(cast):
    contract = ContractFactory(program=cast.program)
    page = cast.client("viewer_a").get(contract.get_absolute_url()).content.decode()
    assert 'data-testid="monitoring-nav"' in page
    assert 'href="/programs/TEST/consultancies/" aria-current="page"' in page


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("outsider", 403), ("editor_a", 403), ("coordinator_b", 200)],
)
def test_terminating_is_for_coordinators(cast, role, expected):
    contract = ContractFactory(program=cast.program)
    response = cast.client(role).get(f"/programs/TEST/consultancies/{contract.pk}/terminate/")
    assert response.status_code == expected
    if expected == 200:
        assert "programs/form_page.html" in [t.name for t in response.templates]


def test_a_refused_termination_answers_400_and_keeps_the_contract(cast):
    contract = ContractFactory(program=cast.program, terminated_on=datetime.date(2019, 5, 1))
    response = cast.client("coordinator_a").post(
        f"/programs/TEST/consultancies/{contract.pk}/terminate/",
        {"terminated_on": "2019-06-01", "reason_en": "Again"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "was already terminated" in response.content.decode()
    contract.refresh_from_db()
    assert contract.terminated_on == datetime.date(2019, 5, 1)


def test_a_deliverable_of_another_contract_is_404(cast):
    mine = ContractFactory(program=cast.program)
    DeliverableFactory(contract=ContractFactory(program=cast.program), number=3)
    url = f"/programs/TEST/consultancies/{mine.pk}/deliverables/3/"
    assert cast.client("editor_a").get(url).status_code == 404


def test_a_contract_of_another_program_is_404(cast):
    other = ContractFactory()
    url = f"/programs/TEST/consultancies/{other.pk}/"
    assert cast.client("coordinator_a").get(url).status_code == 404
    assert Contract.objects.filter(pk=other.pk).exists()
