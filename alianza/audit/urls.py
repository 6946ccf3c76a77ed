from django.urls import path

from alianza.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.change_list, name="change_list"),
    path("<int:pk>/", views.change_detail, name="change_detail"),
    path(
        "history/<str:app_label>/<str:model>/<str:pk>/", views.object_history, name="object_history"
    ),
]
