from django.urls import path

from alianza.systematization import views

app_name = "systematization"

#: Every page of a program's systematization lives under its code.
PREFIX = "<str:code>/systematization/"

urlpatterns = [
    path(PREFIX, views.overview, name="overview"),
    path(PREFIX + "assess/<int:number>/", views.assess, name="assess"),
    path(PREFIX + "consolidate/<int:number>/", views.consolidate, name="consolidate"),
    path(
        PREFIX + "consolidate/<int:number>/create/",
        views.consolidate_create,
        name="consolidate_create",
    ),
    path(
        PREFIX + "consolidate/<int:number>/settle/",
        views.consolidate_settle,
        name="consolidate_settle",
    ),
    path(
        PREFIX + "consolidate/<int:number>/mention/",
        views.consolidate_mention,
        name="consolidate_mention",
    ),
    path(PREFIX + "figures/", views.figure_list, name="figure_list"),
    path(
        PREFIX + "figures/<slug:key>.<str:fmt>",
        views.figure_download,
        name="figure_download",
    ),
    path(PREFIX + "lessons/", views.lessons, name="lessons"),
    path(PREFIX + "recommendations/", views.recommendation_list, name="recommendation_list"),
    path(PREFIX + "recommendations/<str:rec>/respond/", views.respond, name="respond"),
    path(PREFIX + "recommendations/<str:rec>/actions/", views.action_create, name="action_create"),
    path(PREFIX + "actions/<int:pk>/follow-up/", views.action_follow_up, name="action_follow_up"),
    path(PREFIX + "informants/", views.informants, name="informants"),
    path(PREFIX + "interviews/", views.interview_list, name="interview_list"),
    path(PREFIX + "interviews/new/", views.interview_create, name="interview_create"),
    path(PREFIX + "interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path(PREFIX + "interviews/<int:pk>/edit/", views.interview_update, name="interview_update"),
    path(
        PREFIX + "interviews/<int:pk>/excerpts/new/",
        views.excerpt_create,
        name="excerpt_create",
    ),
    path(PREFIX + "excerpts/<int:pk>/edit/", views.excerpt_update, name="excerpt_update"),
    path(PREFIX + "excerpts/<int:pk>/delete/", views.excerpt_delete, name="excerpt_delete"),
    path(PREFIX + "evidence/", views.evidence, name="evidence"),
    path(PREFIX + "setup/", views.setup, name="setup"),
    path(PREFIX + "setup/<slug:kind>/new/", views.setup_create, name="setup_create"),
    path(PREFIX + "setup/<slug:kind>/<int:pk>/", views.setup_update, name="setup_update"),
    path(PREFIX + "setup/<slug:kind>/<int:pk>/delete/", views.setup_delete, name="setup_delete"),
    path(PREFIX + "report/", views.report_page, name="report"),
    path(PREFIX + "report.<str:fmt>", views.report_download, name="report_download"),
]
