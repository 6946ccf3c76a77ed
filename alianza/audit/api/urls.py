from rest_framework.routers import DefaultRouter

from alianza.audit.api.views import ChangeRecordViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("changes", ChangeRecordViewSet, basename="changerecord")

urlpatterns = router.urls
