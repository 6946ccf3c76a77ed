from django.urls import path

from alianza.contracts import views

app_name = "contracts"

P = "<str:code>/monitoring/consultancies/"

urlpatterns = [
    path(P, views.contract_list, name="contract_list"),
    path(P + "new/", views.contract_edit, name="contract_create"),
    path(P + "<int:pk>/", views.contract_detail, name="contract_detail"),
    path(P + "<int:pk>/edit/", views.contract_edit, name="contract_update"),
    path(P + "<int:pk>/terminate/", views.contract_terminate, name="contract_terminate"),
    path(P + "<int:pk>/deliverables/new/", views.deliverable_edit, name="deliverable_create"),
    path(
        P + "<int:pk>/deliverables/<int:number>/", views.deliverable_edit, name="deliverable_update"
    ),
    path(
        P + "<int:pk>/deliverables/<int:number>/review/",
        views.deliverable_review,
        name="deliverable_review",
    ),
    path(P + "<int:pk>/payments/new/", views.payment_create, name="payment_create"),
]
