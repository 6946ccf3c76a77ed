from rest_framework.routers import DefaultRouter

from alianza.registry.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
