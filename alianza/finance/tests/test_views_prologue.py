"""The budget pages in their own place (/programs/<code>/budget/), with the one prologue:
the program tab's pills, refusals raised (403 / login / 404), and one confirmation page
for every money delete."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alianza.finance.models import Transaction
from alianza.finance.tests.factories import BudgetLineFactory, TransactionFactory
from alianza.initiatives.models import Initiative

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_refusals")]


def test_budget_pages_live_under_the_program_not_under_monitoring(cast):
    assert reverse("finance:budget", kwargs={"code": "TEST"}) == "/programs/TEST/budget/"
    assert reverse("finance:exchange_rates", kwargs={"code": "TEST"}) == (
        "/programs/TEST/budget/exchange-rates/"
    )
    client = cast.client("viewer_a")
    assert client.get("/programs/TEST/budget/").status_code == 200
    assert client.get("/programs/TEST/monitoring/budget/").status_code == 404


def test_the_budget_page_shows_the_monitoring_tab_and_its_pill(cast):
    page = cast.client("viewer_a").get("/programs/TEST/budget/").content.decode()
    assert 'data-testid="monitoring-nav"' in page
    assert 'href="/programs/TEST/budget/" aria-current="page"' in page


def test_budget_forms_use_the_programs_form_page(cast):
    response = cast.client("coordinator_a").get("/programs/TEST/budget/lines/new/")
    assert "programs/form_page.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("outsider", 403), ("viewer_a", 403), ("coordinator_a", 200)],
)
def test_a_delete_page_refuses_through_the_prologue(cast, role, expected):
    line = BudgetLineFactory(program=cast.program)
    response = cast.client(role).get(f"/programs/TEST/budget/lines/{line.pk}/delete/")
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_a_delete_page_answers_405_to_other_methods_before_anything_else(cast):
    line = BudgetLineFactory(program=cast.program)
    url = f"/programs/TEST/budget/lines/{line.pk}/delete/"
    assert cast.client("outsider").put(url).status_code == 405
    assert cast.client("coordinator_a").delete(url).status_code == 405


def test_a_record_of_another_program_is_404_on_the_delete_page(cast):
    other = TransactionFactory()  # an initiative of another program
    url = f"/programs/TEST/budget/transactions/{other.pk}/delete/"
    assert cast.client("coordinator_a").get(url).status_code == 404
    assert Transaction.objects.filter(pk=other.pk).exists()


def test_a_transaction_stays_with_its_initiative(cast):
    item = TransactionFactory(initiative=cast.internal_initiative)
    other = Initiative.objects.filter(program=cast.program).exclude(pk=item.initiative_id).first()
    response = cast.client("editor_a").post(
        f"/programs/TEST/budget/transactions/{item.pk}/",
        {
            "initiative": other.pk,
            "kind": "expenditure",
            "date": "2019-06-30",
            "amount": "100.00",
            "currency": "USD",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert 'data-field="initiative"' in response.content.decode()
    item.refresh_from_db()
    assert item.initiative_id == cast.internal_initiative.pk


def test_another_programs_coordinator_may_not_delete_a_rate_from_this_programs_page(cast):
    from alianza.accounts.choices import Role
    from alianza.accounts.tests.factories import member
    from alianza.finance.tests.factories import ExchangeRateFactory

    rate = ExchangeRateFactory(currency="EUR")
    stranger = member("stranger", cast.outsider_institution, Role.COORDINATOR)
    client = cast.client("anonymous")
    client.force_login(stranger)
    assert client.get(f"/programs/TEST/budget/exchange-rates/{rate.pk}/delete/").status_code == 403
