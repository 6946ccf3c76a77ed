from rest_framework.routers import DefaultRouter

from alianza.risks.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("risks", views.RiskViewSet, basename="risk")
router.register("risk-actions", views.RiskActionViewSet, basename="riskaction")
router.register("risk-reviews", views.RiskReviewViewSet, basename="riskreview")

urlpatterns = router.urls
