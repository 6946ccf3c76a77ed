from rest_framework.routers import DefaultRouter

from alianza.portal.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("open-data", views.OpenDataViewSet, basename="open-data")

urlpatterns = router.urls
