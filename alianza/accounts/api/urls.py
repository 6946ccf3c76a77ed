from rest_framework.routers import DefaultRouter

from alianza.accounts.api.views import InstitutionViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("institutions", InstitutionViewSet, basename="institution")

urlpatterns = router.urls
