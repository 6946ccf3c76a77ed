"""The consultancy pages, under /programs/<code>/consultancies/ (part of the program's
Monitoring tab)."""

from django.urls import path

from alianza.contracts import views

app_name = "contracts"

PREFIX = "<str:code>/consultancies/"

urlpatterns = [
    path(PREFIX, views.contract_list, name="contract_list"),
    path(PREFIX + "new/", views.contract_edit, name="contract_create"),
    path(PREFIX + "<int:pk>/", views.contract_detail, name="contract_detail"),
    path(PREFIX + "<int:pk>/edit/", views.contract_edit, name="contract_update"),
    path(PREFIX + "<int:pk>/terminate/", views.contract_terminate, name="contract_terminate"),
    path(PREFIX + "<int:pk>/deliverables/new/", views.deliverable_edit, name="deliverable_create"),
    path(
        PREFIX + "<int:pk>/deliverables/<int:number>/",
        views.deliverable_edit,
        name="deliverable_update",
    ),
    path(
        PREFIX + "<int:pk>/deliverables/<int:number>/review/",
        views.deliverable_review,
        name="deliverable_review",
    ),
    path(PREFIX + "<int:pk>/payments/new/", views.payment_create, name="payment_create"),
]
