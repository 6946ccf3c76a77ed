from rest_framework.routers import DefaultRouter

from alianza.monitoring.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("monitoring-settings", views.SettingsViewSet, basename="monitoringsettings")
router.register("period-reports", views.PeriodReportViewSet, basename="periodreport")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("dashboard", views.DashboardViewSet, basename="dashboard")

urlpatterns = router.urls
