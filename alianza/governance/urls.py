from django.urls import path

from alianza.governance import views

app_name = "governance"

urlpatterns = [
    path("<str:code>/board/", views.meeting_list, name="meeting_list"),
    path("<str:code>/board/new/", views.meeting_edit, name="meeting_create"),
    path("<str:code>/board/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<str:code>/board/<int:pk>/edit/", views.meeting_edit, name="meeting_update"),
    path("<str:code>/board/actions/", views.action_list, name="action_list"),
    path("<str:code>/board/actions/new/", views.action_edit, name="action_create"),
    path("<str:code>/board/actions/<int:pk>/", views.action_edit, name="action_update"),
    path("<str:code>/disputes/", views.dispute_list, name="dispute_list"),
    path("<str:code>/disputes/new/", views.dispute_create, name="dispute_create"),
    path("<str:code>/disputes/<int:number>/", views.dispute_detail, name="dispute_detail"),
    path("<str:code>/disputes/<int:number>/step/", views.dispute_step, name="dispute_step"),
]
