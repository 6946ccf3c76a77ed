from django.urls import path

from alianza.programs import views

app_name = "programs"

urlpatterns = [
    path("new/", views.program_create, name="program_create"),
    path("<str:code>/", views.program_detail, name="program_detail"),
    path("<str:code>/documents/", views.document_list, name="document_list"),
    path("<str:code>/documents/compare/", views.document_compare, name="document_compare"),
    path("<str:code>/documents/<slug:version>/", views.document_detail, name="document_detail"),
    path("<str:code>/history/", views.program_history, name="program_history"),
    path("<str:code>/setup/", views.setup, name="setup"),
    path("<str:code>/setup/edit/", views.program_update, name="program_update"),
    path("<str:code>/setup/partners/add/", views.partner_add, name="partner_add"),
    path("<str:code>/setup/partners/new/", views.partner_create, name="partner_create"),
    path(
        "<str:code>/setup/partners/<str:institution>/",
        views.partner_update,
        name="partner_update",
    ),
    path(
        "<str:code>/setup/partners/<str:institution>/remove/",
        views.partner_remove,
        name="partner_remove",
    ),
]
