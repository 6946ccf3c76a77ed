from django.urls import path

from alianza.staffing_plans import views

app_name = "staffing_plans"

urlpatterns = [
    path("<str:code>/staffing-scenarios/", views.scenario_list_page, name="scenario_list"),
    path("<str:code>/staffing-scenarios/new/", views.scenario_edit, name="scenario_create"),
    path(
        "<str:code>/staffing-scenarios/compare/",
        views.scenario_compare,
        name="scenario_compare",
    ),
    path(
        "<str:code>/staffing-scenarios/<int:pk>/",
        views.scenario_detail,
        name="scenario_detail",
    ),
    path(
        "<str:code>/staffing-scenarios/<int:pk>/edit/",
        views.scenario_edit,
        name="scenario_update",
    ),
    path(
        "<str:code>/staffing-scenarios/<int:pk>/plan/",
        views.scenario_plan_save,
        name="scenario_plan",
    ),
    path(
        "<str:code>/staffing-scenarios/<int:pk>/plan.xlsx",
        views.scenario_export,
        name="scenario_export",
    ),
]
