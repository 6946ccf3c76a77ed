from rest_framework.routers import DefaultRouter

from alianza.contracts.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("deliverables", views.DeliverableViewSet, basename="deliverable")
router.register("deliverable-reviews", views.ReviewViewSet, basename="deliverablereview")
router.register("payments", views.PaymentViewSet, basename="payment")

urlpatterns = router.urls
