from django.urls import path

from alianza.risks import views

app_name = "risks"

urlpatterns = [
    path("<str:code>/risks/", views.risk_list, name="risk_list"),
    path("<str:code>/risks/new/", views.risk_edit, name="risk_create"),
    path("<str:code>/risks/<int:number>/", views.risk_detail, name="risk_detail"),
    path("<str:code>/risks/<int:number>/edit/", views.risk_edit, name="risk_update"),
    path("<str:code>/risks/<int:number>/review/", views.risk_review, name="risk_review"),
    path(
        "<str:code>/risks/<int:number>/actions/new/",
        views.risk_action_edit,
        name="action_create",
    ),
    path(
        "<str:code>/risks/<int:number>/actions/<int:pk>/",
        views.risk_action_edit,
        name="action_update",
    ),
]
