from django.urls import path

from alianza.finance import views

app_name = "finance"

urlpatterns = [
    path("<str:code>/monitoring/budget/", views.budget, name="budget"),
    path(
        "<str:code>/monitoring/budget/lines/new/", views.budget_line_edit, name="budget_line_create"
    ),
    path(
        "<str:code>/monitoring/budget/lines/<int:pk>/",
        views.budget_line_edit,
        name="budget_line_update",
    ),
    path(
        "<str:code>/monitoring/budget/transactions/new/",
        views.transaction_edit,
        name="transaction_create",
    ),
    path(
        "<str:code>/monitoring/budget/transactions/<int:pk>/",
        views.transaction_edit,
        name="transaction_update",
    ),
    path(
        "<str:code>/monitoring/budget/lines/<int:pk>/delete/",
        views.budget_line_delete,
        name="budget_line_delete",
    ),
    path(
        "<str:code>/monitoring/budget/transactions/<int:pk>/delete/",
        views.transaction_delete,
        name="transaction_delete",
    ),
    path("<str:code>/monitoring/exchange-rates/", views.exchange_rates, name="exchange_rates"),
    path(
        "<str:code>/monitoring/exchange-rates/<int:pk>/delete/",
        views.exchange_rate_delete,
        name="exchange_rate_delete",
    ),
]
