from django.urls import path

from alianza.governance import views

app_name = "governance"

B = "<str:code>/monitoring/board/"
D = "<str:code>/monitoring/disputes/"

urlpatterns = [
    path(B, views.meeting_list, name="meeting_list"),
    path(B + "new/", views.meeting_edit, name="meeting_create"),
    path(B + "<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(B + "<int:pk>/edit/", views.meeting_edit, name="meeting_update"),
    path(B + "actions/", views.action_list, name="action_list"),
    path(B + "actions/new/", views.action_edit, name="action_create"),
    path(B + "actions/<int:pk>/", views.action_edit, name="action_update"),
    path(D, views.dispute_list, name="dispute_list"),
    path(D + "new/", views.dispute_create, name="dispute_create"),
    path(D + "<int:number>/", views.dispute_detail, name="dispute_detail"),
    path(D + "<int:number>/step/", views.dispute_step, name="dispute_step"),
]
