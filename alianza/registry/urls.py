from django.urls import path

from alianza.registry import spreadsheet_views, views

app_name = "registry"

urlpatterns = [
    path("registry/", views.activity_list, name="activity_list"),
    path("registry/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("registry/map/", views.activity_map, name="map"),
    path("registry/map/data/", views.map_data, name="map_data"),
    path("registry/network/", views.network, name="network"),
    path("registry/network/data/", views.network_data, name="network_data"),
    path("registry/vocabularies/<slug:name>/", views.vocabulary, name="vocabulary"),
    path(
        "registry/spreadsheets/",
        spreadsheet_views.spreadsheet_import,
        name="spreadsheet_import",
    ),
    path(
        "registry/spreadsheets/jobs/<int:pk>/",
        spreadsheet_views.spreadsheet_job,
        name="spreadsheet_job",
    ),
    path(
        "registry/spreadsheets/jobs/<int:pk>/confirm/",
        spreadsheet_views.spreadsheet_job_confirm,
        name="spreadsheet_job_confirm",
    ),
    path(
        "registry/spreadsheets/jobs/<int:pk>/rerun/",
        spreadsheet_views.spreadsheet_job_rerun,
        name="spreadsheet_job_rerun",
    ),
    path(
        "registry/spreadsheets/template/<slug:kind>.<slug:fmt>",
        spreadsheet_views.spreadsheet_template,
        name="spreadsheet_template",
    ),
    path("programs/<str:code>/registry/", views.program_registry, name="program_registry"),
    path(
        "programs/<str:code>/registry/link/",
        views.program_activity_link,
        name="program_activity_link",
    ),
    path(
        "programs/<str:code>/initiatives/<int:number>/registry-links/",
        views.initiative_link,
        name="initiative_link",
    ),
]
