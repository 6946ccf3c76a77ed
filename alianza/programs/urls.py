from django.urls import path

from alianza.programs import views

app_name = "programs"

urlpatterns = [
    path("<str:code>/", views.program_detail, name="program_detail"),
    path("<str:code>/documents/", views.document_list, name="document_list"),
    path("<str:code>/documents/compare/", views.document_compare, name="document_compare"),
    path("<str:code>/documents/<slug:version>/", views.document_detail, name="document_detail"),
    path("<str:code>/history/", views.program_history, name="program_history"),
]
