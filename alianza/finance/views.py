"""Budget pages: the ledger of general revisions, original versus revised budget per year,
transactions and the cumulative curve; forms for budget lines, transactions and rates, and
one confirmation page for deleting any of them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_http_methods

from alianza.core.views import service_form
from alianza.finance import services
from alianza.finance.forms import BudgetLineForm, ExchangeRateForm, TransactionForm
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction
from alianza.finance.permissions import (
    can_delete_exchange_rates,
    can_delete_financial_records,
    can_edit_budget,
    can_edit_exchange_rates,
    can_edit_transactions,
)
from alianza.finance.selectors import (
    budget_overview,
    conversion_request,
    report_currencies,
    report_currency,
)
from alianza.programs.models import Program
from alianza.programs.permissions import can_view_internal, program_for

FORM = "programs/form_page.html"


def _budget_url(program: Program, anchor: str = "") -> str:
    return reverse("finance:budget", kwargs={"code": program.code}) + anchor


def _delete_url(request: HttpRequest, name: str, program: Program, record: Any) -> str | None:
    """The record's delete page, offered only to those who may delete it."""
    if record is None or not can_delete_financial_records(request.user, program):
        return None
    return reverse(name, kwargs={"code": program.code, "pk": record.pk})


def budget(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    currency = report_currency(program, request.GET.get("currency"))
    return render(
        request,
        "finance/budget.html",
        {
            "program": program,
            "section": "budget",
            "currency": currency,
            "currencies": report_currencies(program, currency),
            **budget_overview(program, currency=currency, as_of=timezone.localdate()),
            "can_edit_budget": can_edit_budget(request.user, program),
            "can_edit_transactions": can_edit_transactions(request.user, program),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_edit_budget)
    line = get_object_or_404(BudgetLine, program=program, pk=pk) if pk else None

    def save(data: dict[str, Any]) -> BudgetLine:
        if line is None:
            return services.budget_line_create(program=program, data=data, actor=request.user)
        return services.budget_line_update(line=line, data=data, actor=request.user)

    return service_form(
        request,
        form=BudgetLineForm(request.POST or None, instance=line, program=program),
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "budget",
            "heading": _("Budget line") if line else _("New budget line"),
            "delete_url": _delete_url(request, "finance:budget_line_delete", program, line),
        },
        success_url=_budget_url(program, "#years"),
        success_message=_("Budget line saved."),
    )


@require_http_methods(["GET", "POST"])
def transaction_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_edit_transactions)
    item = get_object_or_404(Transaction, initiative__program=program, pk=pk) if pk else None

    def save(data: dict[str, Any]) -> Transaction:
        initiative = data.pop("initiative")
        if item is None:
            return services.transaction_create(initiative=initiative, data=data, actor=request.user)
        return services.transaction_update(item=item, data=data, actor=request.user)

    return service_form(
        request,
        form=TransactionForm(request.POST or None, instance=item, program=program),
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "budget",
            "heading": _("Transaction") if item else _("New transaction"),
            "delete_url": _delete_url(request, "finance:transaction_delete", program, item),
        },
        success_url=_budget_url(program, "#transactions"),
        success_message=_("Transaction saved."),
    )


@require_http_methods(["GET", "POST"])
def exchange_rates(request: HttpRequest, code: str) -> HttpResponse:
    """Every partner reads the shared list and converts an amount with it (`?amount=&from=
    &to=&on=`, the path shown); administrators (or holders of the rates permission) add
    to it."""
    program = program_for(request, code)
    can_edit = can_edit_exchange_rates(request.user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    context = {
        "program": program,
        "section": "budget",
        "rates": ExchangeRate.objects.order_by("base_currency", "currency", "-valid_from"),
        "can_delete": can_delete_exchange_rates(request.user),
        "conversion": conversion_request(request.GET, default_target=program.currency),
    }
    if not can_edit:
        return render(request, "finance/exchange_rates.html", {**context, "form": None})
    return service_form(
        request,
        form=ExchangeRateForm(request.POST or None),
        save=lambda data: services.exchange_rate_create(data=data, actor=request.user),
        template="finance/exchange_rates.html",
        context=context,
        success_url=request.path,
        success_message=_("Exchange rate saved."),
    )


class ConfirmDelete(View):
    """Ask, then delete a money record through its service. A refusal comes back as a
    message on the page the user came from; the record's last state stays in the change
    history. Each record type says who may delete it, how to find it in the program, which
    service deletes it, and where to go back."""

    http_method_names = ["get", "post"]
    question: Any = ""
    deleted_message: Any = ""
    back_name = "finance:budget"
    back_anchor = ""

    def may(self, user: Any, program: Program) -> bool:
        raise NotImplementedError

    def find(self, program: Program, pk: int) -> models.Model:
        raise NotImplementedError

    def delete(self, record: Any, actor: Any) -> None:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (request.method or "").lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.program = program_for(request, kwargs["code"], may=self.may)
        self.record = self.find(self.program, kwargs["pk"])
        self.back_url = (
            reverse(self.back_name, kwargs={"code": self.program.code}) + self.back_anchor
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(
            request,
            "finance/confirm_delete.html",
            {
                "program": self.program,
                "section": "budget",
                "record": self.record,
                "question": self.question,
                "back_url": self.back_url,
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.delete(self.record, request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.deleted_message)
        return redirect(self.back_url)


class BudgetLineDelete(ConfirmDelete):
    question = gettext_lazy("Delete this budget line?")
    deleted_message = gettext_lazy(
        "Budget line deleted; its last state is kept in the change history."
    )
    back_anchor = "#years"

    def may(self, user: Any, program: Program) -> bool:
        return can_delete_financial_records(user, program)

    def find(self, program: Program, pk: int) -> BudgetLine:
        return get_object_or_404(BudgetLine, program=program, pk=pk)

    def delete(self, record: BudgetLine, actor: Any) -> None:
        services.budget_line_delete(line=record, actor=actor)


class TransactionDelete(ConfirmDelete):
    question = gettext_lazy("Delete this transaction?")
    deleted_message = gettext_lazy(
        "Transaction deleted; its last state is kept in the change history."
    )
    back_anchor = "#transactions"

    def may(self, user: Any, program: Program) -> bool:
        return can_delete_financial_records(user, program)

    def find(self, program: Program, pk: int) -> Transaction:
        return get_object_or_404(Transaction, initiative__program=program, pk=pk)

    def delete(self, record: Transaction, actor: Any) -> None:
        services.transaction_delete(item=record, actor=actor)


class ExchangeRateDelete(ConfirmDelete):
    """Exchange rates are shared by every program; the page sits under the one the user
    came from."""

    question = gettext_lazy("Delete this exchange rate?")
    deleted_message = gettext_lazy(
        "Exchange rate deleted; its last state is kept in the change history."
    )
    back_name = "finance:exchange_rates"

    def may(self, user: Any, program: Program) -> bool:
        """A partner of the program whose page it is, who may delete shared rates."""
        return can_view_internal(user, program) and can_delete_exchange_rates(user)

    def find(self, program: Program, pk: int) -> ExchangeRate:
        return get_object_or_404(ExchangeRate, pk=pk)

    def delete(self, record: ExchangeRate, actor: Any) -> None:
        services.exchange_rate_delete(rate=record, actor=actor)


budget_line_delete = BudgetLineDelete.as_view()
transaction_delete = TransactionDelete.as_view()
exchange_rate_delete = ExchangeRateDelete.as_view()
