from rest_framework.routers import DefaultRouter

from alianza.specialists.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("positions", views.PositionViewSet, basename="position")
router.register("specialists", views.SpecialistViewSet, basename="specialist")
router.register("service-contracts", views.ServiceContractViewSet, basename="servicecontract")
router.register("headcount", views.HeadcountViewSet, basename="headcount")

urlpatterns = router.urls
