"""The budget pages, under /programs/<code>/budget/ (part of the program's Monitoring tab)."""

from django.urls import path

from alianza.finance import views

app_name = "finance"

PREFIX = "<str:code>/budget/"

urlpatterns = [
    path(PREFIX, views.budget, name="budget"),
    path(PREFIX + "lines/new/", views.budget_line_edit, name="budget_line_create"),
    path(PREFIX + "lines/<int:pk>/", views.budget_line_edit, name="budget_line_update"),
    path(PREFIX + "lines/<int:pk>/delete/", views.budget_line_delete, name="budget_line_delete"),
    path(PREFIX + "transactions/new/", views.transaction_edit, name="transaction_create"),
    path(PREFIX + "transactions/<int:pk>/", views.transaction_edit, name="transaction_update"),
    path(
        PREFIX + "transactions/<int:pk>/delete/",
        views.transaction_delete,
        name="transaction_delete",
    ),
    path(PREFIX + "exchange-rates/", views.exchange_rates, name="exchange_rates"),
    path(
        PREFIX + "exchange-rates/<int:pk>/delete/",
        views.exchange_rate_delete,
        name="exchange_rate_delete",
    ),
]
