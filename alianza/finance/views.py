"""Budget pages: the ledger of general revisions, original versus revised budget per year,
transactions and the cumulative curve; forms for budget lines, transactions and rates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.views import deny, service_form
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
from alianza.finance.rates import RateTable
from alianza.finance.selectors import (
    budget_by_year,
    program_budget_lines,
    program_transactions,
    revision_ledger,
    spending_curve,
    total_in,
)
from alianza.programs.choices import Currency
from alianza.programs.views import get_internal_program


def budget(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    from django.utils import timezone

    currency = request.GET.get("currency") or program.currency
    if currency not in Currency.values:
        currency = program.currency
    table = RateTable.load()
    lines = list(program_budget_lines(program))
    transactions = list(program_transactions(program))
    today = timezone.localdate()
    return render(
        request,
        "finance/budget.html",
        {
            "program": program,
            "section": "budget",
            "currency": currency,
            "currencies": Currency.values,
            "ledger": revision_ledger(program),
            "years": budget_by_year(lines, currency=currency, table=table),
            "transactions": transactions,
            "total": total_in(
                [t for t in transactions if t.kind != "commitment"],
                currency=currency,
                table=table,
            ),
            "curve": spending_curve(
                lines, transactions, currency=currency, as_of=today, table=table
            ),
            "can_edit_budget": can_edit_budget(request.user, program),
            "can_edit_transactions": can_edit_transactions(request.user, program),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    line = get_object_or_404(BudgetLine, program=program, pk=pk) if pk else None
    if not can_edit_budget(request.user, program):
        return deny(request)
    form = BudgetLineForm(request.POST or None, instance=line, program=program)

    def save(data):
        if line is None:
            return services.budget_line_create(program=program, data=data, actor=request.user)
        return services.budget_line_update(line=line, data=data, actor=request.user)

    return service_form(
        request,
        form=form,
        save=save,
        template="monitoring/form_page.html",
        context={
            "program": program,
            "section": "budget",
            "heading": _("Budget line") if line else _("New budget line"),
            "delete_url": reverse(
                "finance:budget_line_delete", kwargs={"code": program.code, "pk": line.pk}
            )
            if line and can_delete_financial_records(request.user, program)
            else None,
        },
        success_url=reverse("finance:budget", kwargs={"code": program.code}) + "#years",
        success_message=_("Budget line saved."),
    )


@require_http_methods(["GET", "POST"])
def transaction_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    item = get_object_or_404(Transaction, initiative__program=program, pk=pk) if pk else None
    if not can_edit_transactions(request.user, program):
        return deny(request)
    form = TransactionForm(request.POST or None, instance=item, program=program)

    def save(data):
        initiative = data.pop("initiative")
        if item is None:
            return services.transaction_create(initiative=initiative, data=data, actor=request.user)
        if initiative != item.initiative:
            from django.core.exceptions import ValidationError

            raise ValidationError({"initiative": _("A transaction stays with its initiative.")})
        return services.transaction_update(item=item, data=data, actor=request.user)

    return service_form(
        request,
        form=form,
        save=save,
        template="monitoring/form_page.html",
        context={
            "program": program,
            "section": "budget",
            "heading": _("Transaction") if item else _("New transaction"),
            "delete_url": reverse(
                "finance:transaction_delete", kwargs={"code": program.code, "pk": item.pk}
            )
            if item and can_delete_financial_records(request.user, program)
            else None,
        },
        success_url=reverse("finance:budget", kwargs={"code": program.code}) + "#transactions",
        success_message=_("Transaction saved."),
    )


@require_http_methods(["GET", "POST"])
def exchange_rates(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    can_edit = can_edit_exchange_rates(request.user)
    if request.method == "POST" and not can_edit:
        return deny(request)
    form = ExchangeRateForm(request.POST or None) if can_edit else None
    context = {
        "program": program,
        "section": "budget",
        "rates": ExchangeRate.objects.order_by("currency", "-valid_from"),
        "can_delete": can_delete_exchange_rates(request.user),
    }
    if form is None:
        return render(request, "finance/exchange_rates.html", {**context, "form": None})
    return service_form(
        request,
        form=form,
        save=lambda data: services.exchange_rate_create(data=data, actor=request.user),
        template="finance/exchange_rates.html",
        context=context,
        success_url=request.path,
        success_message=_("Exchange rate saved."),
    )


def _confirm_delete(request, *, program, record, question, delete, back_url, deleted_message):
    """Ask, then delete through the service: a refusal comes back as a message on the page
    the user came from; the record's last state stays in the change history."""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(back_url)
        messages.success(request, deleted_message)
        return redirect(back_url)
    return render(
        request,
        "finance/confirm_delete.html",
        {
            "program": program,
            "section": "budget",
            "record": record,
            "question": question,
            "back_url": back_url,
        },
    )


@require_http_methods(["GET", "POST"])
def budget_line_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    line = get_object_or_404(BudgetLine, program=program, pk=pk)
    if not can_delete_financial_records(request.user, program):
        return deny(request)
    return _confirm_delete(
        request,
        program=program,
        record=line,
        question=_("Delete this budget line?"),
        delete=lambda: services.budget_line_delete(line=line, actor=request.user),
        back_url=reverse("finance:budget", kwargs={"code": program.code}) + "#years",
        deleted_message=_("Budget line deleted; its last state is kept in the change history."),
    )


@require_http_methods(["GET", "POST"])
def transaction_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    item = get_object_or_404(Transaction, initiative__program=program, pk=pk)
    if not can_delete_financial_records(request.user, program):
        return deny(request)
    return _confirm_delete(
        request,
        program=program,
        record=item,
        question=_("Delete this transaction?"),
        delete=lambda: services.transaction_delete(item=item, actor=request.user),
        back_url=reverse("finance:budget", kwargs={"code": program.code}) + "#transactions",
        deleted_message=_("Transaction deleted; its last state is kept in the change history."),
    )


@require_http_methods(["GET", "POST"])
def exchange_rate_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    rate = get_object_or_404(ExchangeRate, pk=pk)
    if not can_delete_exchange_rates(request.user):
        return deny(request)
    return _confirm_delete(
        request,
        program=program,
        record=rate,
        question=_("Delete this exchange rate?"),
        delete=lambda: services.exchange_rate_delete(rate=rate, actor=request.user),
        back_url=reverse("finance:exchange_rates", kwargs={"code": program.code}),
        deleted_message=_("Exchange rate deleted; its last state is kept in the change history."),
    )
