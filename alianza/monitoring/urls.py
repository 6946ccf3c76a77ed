from django.urls import path

from alianza.monitoring import views

app_name = "monitoring"

P = "programs/<str:code>/monitoring/"

urlpatterns = [
    path(P, views.dashboard, name="dashboard"),
    path(P + "report/", views.report, name="report"),
    path(P + "report/pdf/", views.report_pdf, name="report_pdf"),
    path(P + "report/sign/", views.report_sign, name="report_sign"),
    path(P + "reports/", views.report_list, name="report_list"),
    path(P + "reports/<int:pk>/", views.report_detail, name="report_detail"),
    path(P + "settings/", views.settings_page, name="settings"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
