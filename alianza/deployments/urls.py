from django.urls import path

from alianza.deployments import views

app_name = "deployments"

urlpatterns = [
    path("<str:code>/deployments/", views.deployment_list, name="deployment_list"),
    path("<str:code>/deployments/new/", views.deployment_edit, name="deployment_create"),
    path(
        "<str:code>/deployments/deployments.xlsx",
        views.deployment_export,
        name="deployment_export",
    ),
    path(
        "<str:code>/deployments/<int:number>/",
        views.deployment_detail,
        name="deployment_detail",
    ),
    path(
        "<str:code>/deployments/<int:number>/edit/",
        views.deployment_edit,
        name="deployment_update",
    ),
    path(
        "<str:code>/deployments/<int:number>/approve/",
        views.deployment_approve,
        name="deployment_approve",
    ),
    path(
        "<str:code>/deployments/<int:number>/people/new/",
        views.person_edit,
        name="person_create",
    ),
    path(
        "<str:code>/deployments/<int:number>/people/<int:pk>/",
        views.person_edit,
        name="person_update",
    ),
    path(
        "<str:code>/deployments/<int:number>/people/<int:pk>/remove/",
        views.person_remove,
        name="person_remove",
    ),
]
