from rest_framework.routers import DefaultRouter

from alianza.deployments.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("deployments", views.DeploymentViewSet, basename="deployment")
router.register("deployment-people", views.DeployedPersonViewSet, basename="deployedperson")

urlpatterns = router.urls
