from django.urls import path

from alianza.initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("<str:code>/initiatives/", views.initiative_list, name="initiative_list"),
    path("<str:code>/initiatives/new/", views.initiative_create, name="initiative_create"),
    path(
        "<str:code>/initiatives/by/",
        views.classification_index,
        name="classification_index",
    ),
    path(
        "<str:code>/initiatives/by/<slug:scheme>/",
        views.classification_table,
        name="classification_table",
    ),
    path("<str:code>/initiatives/<int:number>/", views.initiative_detail, name="initiative_detail"),
    path(
        "<str:code>/initiatives/<int:number>/edit/",
        views.initiative_update,
        name="initiative_update",
    ),
    path(
        "<str:code>/initiatives/<int:number>/delete/",
        views.initiative_delete,
        name="initiative_delete",
    ),
    path("<str:code>/setup/schemes/", views.scheme_setup, name="scheme_setup"),
    path("<str:code>/setup/schemes/new/", views.scheme_create, name="scheme_create"),
    path("<str:code>/setup/schemes/<slug:scheme>/", views.scheme_update, name="scheme_update"),
    path(
        "<str:code>/setup/schemes/<slug:scheme>/delete/",
        views.scheme_delete,
        name="scheme_delete",
    ),
]
