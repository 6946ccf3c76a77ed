"""Deleting money records is for coordinators, as README and docs/architecture.md say:
editors and focal points add and correct transactions but do not delete them; pages and
the API offer the delete only to those who may."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from alianza.audit.models import ChangeRecord, Operation
from alianza.conftest import ROLES
from alianza.finance import services
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction
from alianza.finance.tests.factories import (
    BudgetLineFactory,
    ExchangeRateFactory,
    TransactionFactory,
)

pytestmark = pytest.mark.django_db

#: Who may delete a program's budget lines and transactions.
DELETE_MONEY = {"coordinator_a", "coordinator_b", "superuser"}
#: Exchange rates are shared by every program: administrators, not a program's coordinator.
DELETE_RATES = {"superuser"}
#: Who sees the program's money at all (others get 404, the record is not theirs to know).
PARTNERS = {"viewer_a", "editor_a", "focal_a", "coordinator_a"} | {
    "viewer_b",
    "editor_b",
    "coordinator_b",
    "superuser",
}


def _records(kind: str):
    return {
        "transaction": lambda cast: TransactionFactory(initiative=cast.internal_initiative),
        "budget_line": lambda cast: BudgetLineFactory(program=cast.program),
        "exchange_rate": lambda cast: ExchangeRateFactory(currency="EUR"),
    }[kind]


API = {
    "transaction": ("/api/v1/transactions/", Transaction, DELETE_MONEY),
    "budget_line": ("/api/v1/budget-lines/", BudgetLine, DELETE_MONEY),
    "exchange_rate": ("/api/v1/exchange-rates/", ExchangeRate, DELETE_RATES),
}


@pytest.mark.usefixtures("quiet_refusals")
@pytest.mark.parametrize("kind", sorted(API))
@pytest.mark.parametrize("role", ROLES)
def test_api_delete_is_for_coordinators(cast, kind, role):
    base, model, allowed = API[kind]
    record = _records(kind)(cast)
    response = cast.client(role).delete(f"{base}{record.pk}/")
    if role in allowed:
        assert response.status_code == 204
        assert not model.objects.filter(pk=record.pk).exists()
        change = ChangeRecord.objects.get(operation=Operation.DELETE, object_id=str(record.pk))
        assert change.actor == cast.users[role]
        return
    assert model.objects.filter(pk=record.pk).exists(), "nothing is deleted"
    if role == "anonymous":
        assert response.status_code in (401, 403)
    elif kind != "exchange_rate" and role not in PARTNERS:
        assert response.status_code == 404  # another program's money is not theirs to know
    else:
        assert response.status_code == 403
        who = "administrador" if kind == "exchange_rate" else "coordinador"
        assert who in response.json()["detail"]  # pages and API speak Spanish first


@pytest.mark.parametrize(
    ("role", "allow"),
    [
        ("viewer_a", "GET, HEAD, OPTIONS"),
        ("editor_a", "GET, HEAD, OPTIONS, PUT, PATCH"),
        ("focal_a", "GET, HEAD, OPTIONS, PUT, PATCH"),
        ("coordinator_a", "GET, HEAD, OPTIONS, PUT, PATCH, DELETE"),
        ("coordinator_b", "GET, HEAD, OPTIONS, PUT, PATCH, DELETE"),
    ],
)
def test_api_offers_the_delete_only_to_those_allowed(cast, role, allow):
    """A transaction's answer says in `Allow` what this user may do with it."""
    item = TransactionFactory(initiative=cast.internal_initiative)
    response = cast.client(role).get(f"/api/v1/transactions/{item.pk}/")
    assert response.status_code == 200
    assert response["Allow"] == allow


def test_api_budget_lines_offer_delete_to_coordinators_and_rates_to_administrators(cast):
    line = BudgetLineFactory(program=cast.program)
    rate = ExchangeRateFactory(currency="EUR")
    line_url, rate_url = f"/api/v1/budget-lines/{line.pk}/", f"/api/v1/exchange-rates/{rate.pk}/"
    for role, line_deletes, rate_deletes in (
        ("editor_a", False, False),
        ("coordinator_b", True, False),
        ("superuser", True, True),
    ):
        client = cast.client(role)
        assert ("DELETE" in client.get(line_url)["Allow"]) is line_deletes, role
        assert ("DELETE" in client.get(rate_url)["Allow"]) is rate_deletes, role


@pytest.mark.parametrize("role", ["editor_a", "focal_a", "viewer_a"])
def test_service_refuses_editors_and_focal_points(cast, role):
    item = TransactionFactory(initiative=cast.internal_initiative)
    line = BudgetLineFactory(program=cast.program)
    with pytest.raises(PermissionDenied, match="Only a coordinator may delete"):
        services.transaction_delete(item=item, actor=cast.users[role])
    with pytest.raises(PermissionDenied, match="Only a coordinator may delete"):
        services.budget_line_delete(line=line, actor=cast.users[role])
    assert Transaction.objects.filter(pk=item.pk).exists()
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_editors_still_add_and_correct_transactions(cast):
    """The change is to deleting only: editing stays with editors and focal points."""
    item = TransactionFactory(initiative=cast.internal_initiative)
    services.transaction_update(
        item=item, data={"description_en": "Corrected"}, actor=cast.users["focal_a"]
    )
    item.refresh_from_db()
    assert item.description_en == "Corrected"


def test_refusal_is_in_spanish(cast):
    item = TransactionFactory(initiative=cast.internal_initiative)
    with translation.override("es"), pytest.raises(PermissionDenied) as refused:
        services.transaction_delete(item=item, actor=cast.users["editor_a"])
    assert "Solo un coordinador puede eliminar" in str(refused.value)


# --- pages -----------------------------------------------------------------------------------


PAGES = {
    "transaction": ("budget/transactions/{pk}/", Transaction, DELETE_MONEY),
    "budget_line": ("budget/lines/{pk}/", BudgetLine, DELETE_MONEY),
}


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("role", ["editor_a", "focal_a", "coordinator_a", "superuser"])
def test_edit_page_offers_delete_only_to_coordinators(cast, kind, role):
    path, _model, allowed = PAGES[kind]
    record = _records(kind)(cast)
    edit = f"/programs/TEST/{path.format(pk=record.pk)}"
    page = cast.client(role).get(edit)
    if kind == "budget_line" and role in {"editor_a", "focal_a"}:
        assert page.status_code == 403  # the budget is the coordinators' page to edit
        return
    assert page.status_code == 200
    offered = f'href="{edit}delete/"' in page.content.decode()
    assert offered is (role in allowed)


@pytest.mark.usefixtures("quiet_refusals")
@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("role", ["viewer_a", "editor_a", "focal_a", "outsider"])
def test_delete_page_refuses_others(cast, kind, role):
    path, model, _allowed = PAGES[kind]
    record = _records(kind)(cast)
    url = f"/programs/TEST/{path.format(pk=record.pk)}delete/"
    client = cast.client(role)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url).status_code in (403, 404)
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_coordinator_deletes_from_the_page(cast, kind):
    path, model, _allowed = PAGES[kind]
    record = _records(kind)(cast)
    url = f"/programs/TEST/{path.format(pk=record.pk)}delete/"
    client = cast.client("coordinator_b")
    confirm = client.get(url)
    assert confirm.status_code == 200 and str(record) in confirm.content.decode()
    done = client.post(url, follow=True)
    assert done.redirect_chain[-1][0].startswith("/programs/TEST/budget/")
    assert "se conserva en el historial de cambios" in done.content.decode()
    assert not model.objects.filter(pk=record.pk).exists()
    change = ChangeRecord.objects.get(operation=Operation.DELETE, object_id=str(record.pk))
    assert (change.actor_username, change.source) == ("coordinator_b", "web")


def test_a_refused_page_delete_says_why(cast):
    """A rate that amounts convert with stays, and the page says so."""
    from decimal import Decimal

    rate = ExchangeRateFactory(currency="MXN")
    TransactionFactory(initiative=cast.internal_initiative, currency="MXN", amount=Decimal("5"))
    url = f"/programs/TEST/budget/exchange-rates/{rate.pk}/delete/"
    done = cast.client("superuser").post(url, follow=True)
    assert "no puede eliminarse" in done.content.decode()
    assert ExchangeRate.objects.filter(pk=rate.pk).exists()


@pytest.mark.parametrize(
    ("role", "offered"), [("editor_a", False), ("coordinator_a", False), ("superuser", True)]
)
def test_exchange_rates_page_offers_delete_to_administrators(cast, role, offered):
    rate = ExchangeRateFactory(currency="EUR")
    page = cast.client(role).get("/programs/TEST/budget/exchange-rates/").content.decode()
    assert (f"/exchange-rates/{rate.pk}/delete/" in page) is offered
