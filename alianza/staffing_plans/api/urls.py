from rest_framework.routers import DefaultRouter

from alianza.staffing_plans.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("staffing-scenarios", views.ScenarioViewSet, basename="scenario")

urlpatterns = router.urls
