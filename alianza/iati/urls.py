from django.urls import path

from alianza.iati import views

app_name = "iati"

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_create, name="import_create"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/rerun/", views.import_rerun, name="import_rerun"),
    path("quality/activities/<int:pk>/", views.activity_quality, name="activity_quality"),
    path("export/activities.xml", views.export_activities, name="export_activities"),
    path("export/programs/<str:code>.xml", views.export_program, name="export_program"),
    path("exports/<uuid:token>/", views.export_detail, name="export_detail"),
    path("exports/<uuid:token>/download/", views.export_download, name="export_download"),
    path("exports/<uuid:token>/rerun/", views.export_rerun, name="export_rerun"),
    path(
        "export/organisations/<path:ref>.xml",
        views.export_organisation,
        name="export_organisation",
    ),
]
