"""The program's joint monitoring under /programs/<code>/monitoring/ (dashboard, period
reports and their sign-off, settings) and each person's notifications."""

from django.urls import path

from alianza.monitoring import views

app_name = "monitoring"

PREFIX = "programs/<str:code>/monitoring/"

urlpatterns = [
    path(PREFIX, views.dashboard, name="dashboard"),
    path(PREFIX + "report/", views.report, name="report"),
    path(PREFIX + "report/pdf/", views.report_pdf, name="report_pdf"),
    path(PREFIX + "report/sign/", views.report_sign, name="report_sign"),
    path(PREFIX + "reports/", views.report_list, name="report_list"),
    path(PREFIX + "reports/<int:pk>/", views.report_detail, name="report_detail"),
    path(PREFIX + "settings/", views.settings_page, name="settings"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
