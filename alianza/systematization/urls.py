from django.urls import path

from alianza.systematization import views

app_name = "systematization"

P = "<str:code>/systematization/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "assess/<int:number>/", views.assess, name="assess"),
    path(P + "consolidate/<int:number>/", views.consolidate, name="consolidate"),
    path(
        P + "consolidate/<int:number>/create/",
        views.consolidate_create,
        name="consolidate_create",
    ),
    path(
        P + "consolidate/<int:number>/settle/",
        views.consolidate_settle,
        name="consolidate_settle",
    ),
    path(
        P + "consolidate/<int:number>/mention/",
        views.consolidate_mention,
        name="consolidate_mention",
    ),
    path(P + "figures/", views.figure_list, name="figure_list"),
    path(
        P + "figures/<slug:key>.<str:fmt>",
        views.figure_download,
        name="figure_download",
    ),
    path(P + "lessons/", views.lessons, name="lessons"),
    path(P + "recommendations/", views.recommendation_list, name="recommendation_list"),
    path(P + "recommendations/<str:rec>/respond/", views.respond, name="respond"),
    path(P + "recommendations/<str:rec>/actions/", views.action_create, name="action_create"),
    path(P + "actions/<int:pk>/follow-up/", views.action_follow_up, name="action_follow_up"),
    path(P + "informants/", views.informants, name="informants"),
    path(P + "interviews/", views.interview_list, name="interview_list"),
    path(P + "interviews/new/", views.interview_create, name="interview_create"),
    path(P + "interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path(P + "interviews/<int:pk>/edit/", views.interview_update, name="interview_update"),
    path(
        P + "interviews/<int:pk>/excerpts/new/",
        views.excerpt_create,
        name="excerpt_create",
    ),
    path(P + "excerpts/<int:pk>/edit/", views.excerpt_update, name="excerpt_update"),
    path(P + "excerpts/<int:pk>/delete/", views.excerpt_delete, name="excerpt_delete"),
    path(P + "evidence/", views.evidence, name="evidence"),
    path(P + "report/", views.report_page, name="report"),
    path(P + "report.<str:fmt>", views.report_download, name="report_download"),
]
