from django.urls import path

from alianza.risks import views

app_name = "risks"

P = "<str:code>/monitoring/risks/"

urlpatterns = [
    path(P, views.risk_list, name="risk_list"),
    path(P + "new/", views.risk_edit, name="risk_create"),
    path(P + "<int:number>/", views.risk_detail, name="risk_detail"),
    path(P + "<int:number>/edit/", views.risk_edit, name="risk_update"),
    path(P + "<int:number>/review/", views.risk_review, name="risk_review"),
    path(P + "<int:number>/actions/new/", views.risk_action_edit, name="action_create"),
    path(P + "<int:number>/actions/<int:pk>/", views.risk_action_edit, name="action_update"),
]
