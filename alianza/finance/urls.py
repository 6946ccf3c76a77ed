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
    path("<str:code>/monitoring/exchange-rates/", views.exchange_rates, name="exchange_rates"),
]
